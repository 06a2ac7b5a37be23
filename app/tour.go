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
	name    string
	tab     *container.TabItem
	prepare func() // sets the screen up after its tab is shown; optional
}

func (m *mainWindow) tourStops() []tourStop {
	stops := []tourStop{{name: "queue", tab: m.queue}, {name: "review", tab: m.review}}
	if v := m.reviewView; v != nil {
		stops = append(stops, tourStop{name: "review-find", tab: m.review, prepare: func() {
			v.step(1) // the first finding, underlined in the text
			v.showFind()
			v.find.entry.SetText("内部")
		}})
	}
	return append(stops, tourStop{name: "archive", tab: m.archive}, tourStop{name: "settings", tab: m.settings})
}

// tour shows every screen in turn and writes each screen's name as a line to out once it is on
// screen, then calls done. `make screenshots` runs it under Xvfb and captures the real window
// when a name arrives: Fyne's own Capture reads the GL front buffer, which Xvfb's software GL
// leaves empty. It runs on its own goroutine and touches widgets only through fyne.DoAndWait.
func (m *mainWindow) tour(out io.Writer, settle, hold time.Duration, done func()) {
	defer fyne.Do(done)
	time.Sleep(2 * settle) // the first frame, with fonts loaded
	if !m.tourSetup(out, settle, hold) {
		return
	}
	if m.reviewView != nil { // accept the offer of a sample: the review of one that must be blocked
		fyne.DoAndWait(func() {
			if m.offer != nil {
				m.offer.Hide()
			}
			m.openSample()
		})
	}
	for _, s := range m.tourStops() {
		fyne.DoAndWait(func() {
			m.tabs.Select(s.tab)
			if s.prepare != nil {
				s.prepare()
			}
		})
		time.Sleep(settle)
		fmt.Fprintln(out, s.name)
		time.Sleep(hold)
	}
}

// tourSetup shows the first-start or sign-in screen. On a new store it then fills in the setup
// form with a demonstration office, as a person would, and signs in; it reports whether the
// workspace is now shown. On a store that is set up it stops at the sign-in screen.
func (m *mainWindow) tourSetup(out io.Writer, settle, hold time.Duration) bool {
	switch {
	case m.user != nil:
		return true
	case m.login != nil:
		fmt.Fprintln(out, "login")
		time.Sleep(hold)
		return false
	case m.setup == nil:
		return true
	}
	fyne.DoAndWait(func() {
		v := m.setup
		v.fondsName.SetText("厦门市司法局")
		v.fondsCode.SetText("Z109")
		v.divisions.SetText("BGS 办公室\nLSC 律师工作处\nGZC 公证工作处")
		v.adminName.SetText("admin")
		v.adminFullName.SetText("系统管理员")
		v.password.SetText("demo-password")
		v.confirm.SetText("demo-password")
	})
	time.Sleep(settle)
	fmt.Fprintln(out, "setup")
	time.Sleep(hold)
	fyne.DoAndWait(m.setup.onCreate)
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var in bool
		fyne.DoAndWait(func() { in = m.user != nil })
		if in {
			return true
		}
	}
	return false
}
