//go:build !linux && !freebsd && !openbsd && !netbsd && !windows

package main

// screenSize cannot tell the screen here: 0×0, and the window keeps its own size.
func screenSize() (w, h int) { return 0, 0 }
