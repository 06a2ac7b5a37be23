package main

import "fyne.io/fyne/v2"

// offUI runs work off the UI goroutine, then then on it: reading a 200-page PDF or hashing a
// password never freezes the window. Fyne's test driver runs fyne.Do's function at once on the
// calling goroutine, so the tests replace offUI with a synchronous version (see TestMain).
var offUI = func(work, then func()) {
	go func() {
		work()
		fyne.Do(then)
	}()
}
