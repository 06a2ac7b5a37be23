//go:build linux || freebsd || openbsd || netbsd

package main

import "testing"

// TestScreenSizeWithoutX: with no X display to open, the screen's size is 0×0 and the window
// keeps its own.
func TestScreenSizeWithoutX(t *testing.T) {
	t.Setenv("DISPLAY", ":999")
	if w, h := screenSize(); w != 0 || h != 0 {
		t.Errorf("no display: got %d×%d, want 0×0", w, h)
	}
}
