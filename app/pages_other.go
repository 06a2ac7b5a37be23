//go:build !linux

package main

// dropPages does nothing here: the system decides alone which pages of the program file stay
// resident.
func dropPages([]byte) (int, error) { return 0, nil }

// pageOutFiles does nothing here (see the Linux version).
func pageOutFiles(string, ...string) (int, error) { return 0, nil }

// dropProgramPages does nothing here (see the Linux version).
func dropProgramPages() (int, error) { return 0, nil }
