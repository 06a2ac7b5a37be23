//go:build !linux && !freebsd && !openbsd && !netbsd && !windows

package main

import "testing"

func TestScreenSizeOther(t *testing.T) {
	if w, h := screenSize(); w != 0 || h != 0 {
		t.Errorf("got %d×%d, want 0×0", w, h)
	}
}
