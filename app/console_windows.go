package main

import (
	"os"

	"golang.org/x/sys/windows"
)

// attachConsole connects the program to the console of the shell that started it. The Windows
// build is a GUI-subsystem executable (-H=windowsgui), which otherwise has no console, so
// `shendang help` typed in cmd.exe or PowerShell would print nothing. Started from Explorer
// there is no parent console and nothing changes.
//
// Only a standard handle that leads nowhere is pointed at the console: one the shell redirected
// to a file, a pipe or NUL (`shendang scan --json . > out.jsonl`, `| findstr`) is kept, or the
// output would land on the screen and leave the file empty.
func attachConsole() {
	keepOut, keepErr := redirected(windows.STD_OUTPUT_HANDLE), redirected(windows.STD_ERROR_HANDLE)
	if keepOut && keepErr {
		return
	}
	const attachParentProcess = ^uintptr(0) // (DWORD)-1
	attach := windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")
	if ok, _, _ := attach.Call(attachParentProcess); ok == 0 {
		return
	}
	// Read access too: Go writes Unicode to a handle it recognises as a console, and the test,
	// GetConsoleMode, needs GENERIC_READ. Write-only, Chinese would reach the console as UTF-8
	// bytes and show as mojibake in a console whose code page is 936.
	con, err := os.OpenFile("CONOUT$", os.O_RDWR, 0)
	if err != nil {
		return
	}
	if !keepOut {
		os.Stdout = con
	}
	if !keepErr {
		os.Stderr = con
	}
}

// redirected says whether the standard handle std (STD_OUTPUT_HANDLE, STD_ERROR_HANDLE) was
// given to the process and leads somewhere other than a console: a disk file, a pipe, or a
// device such as NUL. A GUI program started without redirection has no handle at all; a
// console handle, should a parent pass one on, may as well be replaced by the console's own.
func redirected(std uint32) bool {
	h, err := windows.GetStdHandle(std)
	if err != nil || h == 0 {
		return false
	}
	kind, err := windows.GetFileType(h) // FILE_TYPE_UNKNOWN, an invalid handle, is an error
	if err != nil {
		return false
	}
	var mode uint32
	return kind != windows.FILE_TYPE_CHAR || windows.GetConsoleMode(h, &mode) != nil
}
