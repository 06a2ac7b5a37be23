//go:build linux || freebsd || openbsd || netbsd

package main

/*
#cgo LDFLAGS: -ldl
#include <dlfcn.h>
#include <stdlib.h>
#include <X11/Xlib.h>
#include <X11/extensions/scrnsaver.h>

// The X libraries are opened at run time, not linked: a desktop without libXss (or a Wayland
// session without X) still starts 审档; it only cannot tell how long the user has been away.
static void *x11, *xss;
static Display *display;
static Display *(*openDisplay)(const char *);
static Window (*rootWindow)(Display *);
static XScreenSaverInfo *(*allocInfo)(void);
static Status (*queryInfo)(Display *, Drawable, XScreenSaverInfo *);
static XScreenSaverInfo *info;

// idleMillis returns the milliseconds since the last keyboard or mouse input on the X display,
// or -1 when the display or the screen-saver extension is not there.
static long idleMillis(void) {
	if (!info) {
		if (!x11) x11 = dlopen("libX11.so.6", RTLD_LAZY);
		if (!xss) xss = dlopen("libXss.so.1", RTLD_LAZY);
		if (!x11 || !xss) return -1;
		openDisplay = dlsym(x11, "XOpenDisplay");
		rootWindow = dlsym(x11, "XDefaultRootWindow");
		allocInfo = dlsym(xss, "XScreenSaverAllocInfo");
		queryInfo = dlsym(xss, "XScreenSaverQueryInfo");
		if (!openDisplay || !rootWindow || !allocInfo || !queryInfo) return -1;
		display = openDisplay(NULL);
		if (!display) return -1;
		info = allocInfo();
		if (!info) return -1;
	}
	if (!queryInfo(display, rootWindow(display), info)) return -1;
	return (long)info->idle;
}
*/
import "C"

import (
	"sync"
	"time"
)

var idleMu sync.Mutex // Xlib calls on one display are not thread-safe

// systemIdle returns how long the user has not touched keyboard or mouse, as the X server
// counts it, and whether it could tell.
func systemIdle() (time.Duration, bool) {
	idleMu.Lock()
	defer idleMu.Unlock()
	ms := C.idleMillis()
	if ms < 0 {
		return 0, false
	}
	return time.Duration(ms) * time.Millisecond, true
}
