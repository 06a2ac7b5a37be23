//go:build !windows && !linux && !freebsd && !openbsd && !netbsd

package main

import "testing"

// TestNoPlatformDialog: on macOS and the rest, whatever the window's native handle, 审档's own
// chooser is used.
func TestNoPlatformDialog(t *testing.T) {
	for _, native := range []any{nil, 42, struct{}{}} {
		if got := platformDialog(native); got != nil {
			t.Errorf("platformDialog(%v): got %v, want nil", native, got)
		}
	}
}
