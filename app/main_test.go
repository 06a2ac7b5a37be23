package main

import (
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	// Fyne's test driver has no UI goroutine: run background work synchronously, so that no
	// widget is touched from two goroutines.
	offUI = func(work, then func()) { work(); then() }
	speakChinese() // as the program does before its first window
	os.Exit(m.Run())
}
