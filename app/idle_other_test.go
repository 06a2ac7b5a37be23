//go:build !linux && !freebsd && !openbsd && !netbsd && !windows

package main

import "testing"

// TestSystemIdleCannotTell: where the system's idle time is not read, systemIdle says so, and
// the lock falls back to the window's own idle time.
func TestSystemIdleCannotTell(t *testing.T) {
	if d, ok := systemIdle(); d != 0 || ok {
		t.Errorf("got %v, %v; want 0, false", d, ok)
	}
}
