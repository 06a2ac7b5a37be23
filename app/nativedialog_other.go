//go:build !windows && !linux && !freebsd && !openbsd && !netbsd

package main

// platformDialog is nil here: macOS and the rest use 审档's own chooser.
func platformDialog(any) nativeDialog { return nil }
