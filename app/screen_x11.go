//go:build linux || freebsd || openbsd || netbsd

package main

/*
#cgo LDFLAGS: -ldl
#include <dlfcn.h>
#include <stdlib.h>
#include <X11/Xlib.h>

// screenPixels sets *w and *h to the size of the X display's default screen, or leaves them
// when there is no X display (a Wayland session without X, no libX11): libX11 is opened at run
// time, as for the idle time.
static void screenPixels(int *w, int *h) {
	void *x11 = dlopen("libX11.so.6", RTLD_LAZY);
	if (!x11) return;
	Display *(*openDisplay)(const char *) = dlsym(x11, "XOpenDisplay");
	int (*closeDisplay)(Display *) = dlsym(x11, "XCloseDisplay");
	int (*defaultScreen)(Display *) = dlsym(x11, "XDefaultScreen");
	int (*displayWidth)(Display *, int) = dlsym(x11, "XDisplayWidth");
	int (*displayHeight)(Display *, int) = dlsym(x11, "XDisplayHeight");
	if (openDisplay && closeDisplay && defaultScreen && displayWidth && displayHeight) {
		Display *d = openDisplay(NULL);
		if (d) {
			int s = defaultScreen(d);
			*w = displayWidth(d, s);
			*h = displayHeight(d, s);
			closeDisplay(d);
		}
	}
	dlclose(x11);
}
*/
import "C"

// screenSize returns the size in pixels of the X screen the window opens on, or 0×0.
func screenSize() (w, h int) {
	var cw, ch C.int
	C.screenPixels(&cw, &ch)
	return int(cw), int(ch)
}
