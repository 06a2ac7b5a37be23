package main

import (
	"testing"
	"time"

	"golang.org/x/sys/windows"
)

// TestSystemIdleWindows: Windows always tells the time since the last input, and it is no
// longer than the machine has been up.
func TestSystemIdleWindows(t *testing.T) {
	d, ok := systemIdle()
	if !ok {
		t.Fatal("got ok false, want Windows to tell the idle time")
	}
	if up := windows.DurationSinceBoot(); d < 0 || d > up+time.Second {
		t.Errorf("got idle %v, want between 0 and the time since boot, %v", d, up)
	}
}
