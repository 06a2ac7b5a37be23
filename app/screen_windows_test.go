//go:build windows

package main

import "testing"

// TestScreenSizeWindows: Windows tells the size of a maximised window, never a negative one.
func TestScreenSizeWindows(t *testing.T) {
	if w, h := screenSize(); w < 0 || h < 0 {
		t.Errorf("got %d×%d", w, h)
	}
}
