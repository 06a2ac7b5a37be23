//go:build windows

package main

import "golang.org/x/sys/windows"

var getSystemMetrics = windows.NewLazySystemDLL("user32.dll").NewProc("GetSystemMetrics")

// screenSize returns the size in pixels of a maximised window on the primary screen (the
// screen less the taskbar), or 0×0.
func screenSize() (w, h int) {
	const smCxMaximized, smCyMaximized = 61, 62
	cw, _, _ := getSystemMetrics.Call(smCxMaximized)
	ch, _, _ := getSystemMetrics.Call(smCyMaximized)
	return int(int32(cw)), int(int32(ch))
}
