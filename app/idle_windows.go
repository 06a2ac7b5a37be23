package main

import (
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	getLastInputInfo = windows.NewLazySystemDLL("user32.dll").NewProc("GetLastInputInfo")
	getTickCount     = windows.NewLazySystemDLL("kernel32.dll").NewProc("GetTickCount")
)

// systemIdle returns how long the user has not touched keyboard or mouse, as Windows counts it
// (GetLastInputInfo), and whether it could tell.
func systemIdle() (time.Duration, bool) {
	info := struct {
		size uint32
		time uint32
	}{size: 8}
	if ok, _, _ := getLastInputInfo.Call(uintptr(unsafe.Pointer(&info))); ok == 0 {
		return 0, false
	}
	now, _, _ := getTickCount.Call()
	return time.Duration(uint32(now)-info.time) * time.Millisecond, true
}
