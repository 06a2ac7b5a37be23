//go:build !linux && !freebsd && !openbsd && !netbsd && !windows

package main

import "time"

// systemIdle cannot tell here.
func systemIdle() (time.Duration, bool) { return 0, false }
