package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// runMainEnv, set in the environment of the test binary, makes it the program: TestMain runs
// main with the binary's arguments instead of the tests (see TestMainDispatch).
const runMainEnv = "SHENDANG_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		main() // exits
	}
	// Fyne's test driver has no UI goroutine: run background work synchronously, so that no
	// widget is touched from two goroutines.
	offUI = func(work, then func()) { work(); then() }
	speakChinese() // as the program does before its first window
	os.Exit(m.Run())
}

// TestMainDispatch runs the test binary as the program: main hands its arguments to the
// command line and exits with the status it returns, printing where it says.
func TestMainDispatch(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		status int
		stdout string
		stderr string
	}{
		{"version", []string{"version"}, exitOK, "shendang " + version + "\n", ""},
		{"help", []string{"help"}, exitOK, "用法 / usage:", ""},
		{"unknown command", []string{"frobnicate"}, exitUsage, "", "未知的命令“frobnicate”"},
		{"stray argument", []string{"--data", t.TempDir(), "extra"}, exitUsage, "", "多余的参数“extra”"},
		{"scan of a file with a mark", []string{"scan", "../review/testdata/marks.txt"}, exitFail, "marks.txt", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], tt.args...)
			cmd.Env = append(os.Environ(), runMainEnv+"=1")
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			status := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				status = exit.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if status != tt.status {
				t.Errorf("got exit status %d, want %d (stderr %q)", status, tt.status, stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.stdout) || (tt.stdout == "" && stdout.Len() > 0) {
				t.Errorf("got stdout %q, want %q", stdout.String(), tt.stdout)
			}
			if !strings.Contains(stderr.String(), tt.stderr) || (tt.stderr == "" && stderr.Len() > 0) {
				t.Errorf("got stderr %q, want %q", stderr.String(), tt.stderr)
			}
		})
	}
}
