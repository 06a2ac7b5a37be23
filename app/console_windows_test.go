package main

import (
	"os"
	"testing"

	"golang.org/x/sys/windows"
)

// TestRedirected: a standard handle the shell pointed at a file, a pipe or NUL is kept; no
// handle at all, as a program started from Explorer has, is pointed at the console.
func TestRedirected(t *testing.T) {
	// os.CreateTemp, not t.TempDir: Wine 8, where `make wine-check` runs this, fails the
	// directory's removal at cleanup.
	file, err := os.CreateTemp("", "out-*.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(file.Name())
	defer file.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	null, err := os.OpenFile("NUL", os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	tests := []struct {
		name   string
		handle windows.Handle
		want   bool
	}{
		{"a file", windows.Handle(file.Fd()), true},
		{"a pipe", windows.Handle(w.Fd()), true},
		{"NUL", windows.Handle(null.Fd()), true},
		{"no handle", 0, false},
	}
	saved, err := windows.GetStdHandle(windows.STD_ERROR_HANDLE)
	if err != nil {
		t.Fatal(err)
	}
	defer windows.SetStdHandle(windows.STD_ERROR_HANDLE, saved)
	for _, tt := range tests {
		if err := windows.SetStdHandle(windows.STD_ERROR_HANDLE, tt.handle); err != nil {
			t.Fatal(err)
		}
		if got := redirected(windows.STD_ERROR_HANDLE); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}
