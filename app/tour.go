package main

import (
	"fmt"
	"io"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// Timing of the tour: how long a screen is given to lay out and paint, and how long it then
// stays up for the capture.
const (
	tourSettle = 800 * time.Millisecond
	tourHold   = 1500 * time.Millisecond
)

// tourStop is one screen the tour shows.
type tourStop struct {
	name string
	tab  *container.TabItem
}

func (m *mainWindow) tourStops() []tourStop {
	return []tourStop{{"queue", m.queue}, {"review", m.review}, {"archive", m.archive}, {"settings", m.settings}}
}

// tour shows every screen in turn and writes each screen's name as a line to out once it is on
// screen, then calls done. `make screenshots` runs it under Xvfb and captures the real window
// when a name arrives: Fyne's own Capture reads the GL front buffer, which Xvfb's software GL
// leaves empty. It runs on its own goroutine and touches widgets only through fyne.DoAndWait.
func (m *mainWindow) tour(out io.Writer, settle, hold time.Duration, done func()) {
	defer fyne.Do(done)
	time.Sleep(2 * settle) // the first frame, with fonts loaded
	for _, s := range m.tourStops() {
		fyne.DoAndWait(func() { m.tabs.Select(s.tab) })
		time.Sleep(settle)
		fmt.Fprintln(out, s.name)
		time.Sleep(hold)
	}
}
