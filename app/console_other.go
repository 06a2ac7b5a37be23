//go:build !windows

package main

// attachConsole does nothing outside Windows: the program inherits the terminal it was started from.
func attachConsole() {}
