package main

import (
	"io"
	"log"
	"os"
	"path/filepath"
)

// logPath is where the window writes what went wrong in technical detail: the messages on
// screen are for the clerk, this file is for the administrator who helps them.
func logPath(dataDir string) string { return filepath.Join(dataDir, "shendang.log") }

// maxLog is the size at which the log is moved aside to shendang.log.1 and started afresh.
const maxLog = 4 << 20

// openLog sends the standard logger to the data directory's log file as well as to stderr,
// and returns a function that closes it. When the file cannot be opened, the log goes to
// stderr alone.
func openLog(dataDir string, stderr io.Writer) (closeLog func()) {
	path := logPath(dataDir)
	if fi, err := os.Stat(path); err == nil && fi.Size() > maxLog {
		_ = os.Rename(path, path+".1")
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		log.SetOutput(stderr)
		log.Printf("log file %s: %v", path, err)
		return func() {}
	}
	log.SetOutput(io.MultiWriter(stderr, f))
	return func() {
		log.SetOutput(stderr)
		f.Close()
	}
}
