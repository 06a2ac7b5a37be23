//go:build !windows

package main

import (
	"os"
	"testing"
)

// TestAttachConsoleKeepsStdio: outside Windows the program keeps the terminal, file or pipe it
// was given.
func TestAttachConsoleKeepsStdio(t *testing.T) {
	stdout, stderr := os.Stdout, os.Stderr
	attachConsole()
	if os.Stdout != stdout || os.Stderr != stderr {
		t.Errorf("got stdout %v, stderr %v; want %v, %v unchanged", os.Stdout.Name(), os.Stderr.Name(), stdout.Name(), stderr.Name())
	}
}
