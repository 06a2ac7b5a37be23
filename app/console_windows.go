package main

import (
	"os"

	"golang.org/x/sys/windows"
)

// attachConsole connects the program to the console of the shell that started it. The Windows
// build is a GUI-subsystem executable (-H=windowsgui), which otherwise has no console, so
// `shendang version` typed in cmd.exe or PowerShell would print nothing. Started from Explorer
// there is no parent console and nothing changes.
func attachConsole() {
	const attachParentProcess = ^uintptr(0) // (DWORD)-1
	attach := windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")
	if ok, _, _ := attach.Call(attachParentProcess); ok == 0 {
		return
	}
	if out, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
		os.Stdout, os.Stderr = out, out
	}
}
