//go:build !linux || !cgo

package main

// trimCHeap does nothing here: the C library's allocator keeps or returns its free pages as it
// does (see the Linux version).
func trimCHeap() bool { return false }
