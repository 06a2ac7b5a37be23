package main

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// asyncOffUI is the program's offUI, kept before TestMain puts a synchronous one in its place.
var asyncOffUI = offUI

// TestOffUI: the work runs on a goroutine of its own, so the caller goes on at once, and then
// runs only after the work is done.
func TestOffUI(t *testing.T) {
	test.NewTempApp(t)
	release := make(chan struct{})
	events := make(chan string, 2)
	asyncOffUI(func() {
		<-release // blocks until the caller has gone on
		events <- "work"
	}, func() { events <- "then" })
	// Had the work run on this goroutine, it would still be waiting for release.
	close(release)
	var got []string
	for len(got) < 2 {
		select {
		case e := <-events:
			got = append(got, e)
		case <-time.After(10 * time.Second):
			t.Fatalf("got %v after 10 s, want work then then", got)
		}
	}
	if got[0] != "work" || got[1] != "then" {
		t.Errorf("got %v, want [work then]", got)
	}
}
