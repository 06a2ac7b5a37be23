//go:build linux || freebsd || openbsd || netbsd

package main

import (
	"os"
	"testing"
	"time"
)

// TestSystemIdleOnX: on an X display the idle time is known and small once something happened;
// without a display it says it cannot tell.
func TestSystemIdleOnX(t *testing.T) {
	if os.Getenv("DISPLAY") == "" {
		if _, ok := systemIdle(); ok {
			t.Error("an idle time without an X display")
		}
		t.Skip("no X display here: only the refusal was checked (CI's window check runs on Xvfb)")
	}
	d, ok := systemIdle()
	if !ok {
		t.Skip("this X server has no screen-saver extension")
	}
	if d < 0 || d > 24*time.Hour {
		t.Errorf("idle %v", d)
	}
}
