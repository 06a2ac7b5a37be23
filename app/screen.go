package main

import "fyne.io/fyne/v2"

// The main window opens at windowSize, or smaller where the screen is: a 1024×768 screen is
// still common on office workstations, and a window larger than its screen hangs off its edge
// (a window manager does not always shrink it). The window's content needs at most 1000×680
// for every role (TestWindowFitsSmallScreens).

// windowSize is the main window's size on a screen with room for it.
var windowSize = fyne.NewSize(1280, 760)

// screenMargin is what a window leaves of the screen to the title bar, the taskbar and the
// frame.
var screenMargin = fyne.NewSize(24, 72)

// fitWindow returns the size to open a window of size want at on a screen of w×h pixels
// shown at scale (Fyne's pixels per unit): want, or the screen less the margin where that is
// smaller. A screen it cannot tell (0×0) changes nothing.
func fitWindow(want fyne.Size, w, h int, scale float32) fyne.Size {
	if w <= 0 || h <= 0 {
		return want
	}
	if scale <= 0 {
		scale = 1
	}
	room := fyne.NewSize(float32(w)/scale-screenMargin.Width, float32(h)/scale-screenMargin.Height)
	return fyne.NewSize(min(want.Width, room.Width), min(want.Height, room.Height))
}
