//go:build linux || freebsd || openbsd || netbsd

package main

import (
	"os"
	"os/exec"

	"fyne.io/fyne/v2/driver"
)

// platformDialog is the desktop's dialog program, kept above the 审档 window on X11, when the
// session speaks Chinese and one is installed (findDialogTool); otherwise nil. native is what
// the window's RunNative passes.
func platformDialog(native any) nativeDialog {
	t, ok := findDialogTool(os.Getenv, exec.LookPath)
	if !ok {
		return nil
	}
	switch w := native.(type) {
	case driver.X11WindowContext:
		t.parent = w.WindowHandle
	case *driver.X11WindowContext:
		t.parent = w.WindowHandle
	}
	return t
}
