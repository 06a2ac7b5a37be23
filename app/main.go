// Command shendang is 审档, the desktop application a government disclosure office (政务公开办)
// uses to review drafts for secrets before they are published and to file what was published.
//
// Without a subcommand it opens the window on the store in the data directory; `shendang help`
// lists the subcommands.
package main

import "os"

func main() {
	if len(os.Args) > 1 {
		attachConsole()
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
