package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"shendang.gov.cn/shendang/archive"
)

// TestTourShowsEverythingThenQuits: on a new store the tour sets the office up, signs each role
// in and opens every screen and dialog it names, in order, without a failure, then quits.
func TestTourShowsEverythingThenQuits(t *testing.T) {
	a := test.NewTempApp(t)
	speakChinese()
	a.Settings().SetTheme(newTheme())
	t.Setenv("HOME", t.TempDir())
	store, err := archive.Open(storeDir(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	rules, err := store.RuleSet()
	if err != nil {
		t.Fatal(err)
	}
	m := newMainWindow(a, windowInfo{dataDir: t.TempDir(), version: "1.0.0"}, store, rules)
	t.Cleanup(m.win.Close)
	m.win.Resize(fyne.NewSize(1366, 768))
	if err := m.start(); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	finished := make(chan struct{})
	go m.tour(&out, nil, 0, 0, func() { close(finished) })
	select {
	case <-finished:
	case <-time.After(2 * time.Minute):
		t.Fatal("the tour did not finish")
	}
	want := []string{"setup", "welcome"}
	for _, s := range m.tourStops() {
		want = append(want, s.name)
	}
	if got := strings.Fields(out.String()); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("announced %q\nwant %q", got, want)
	}
	if m.user != nil || m.login == nil {
		t.Error("the tour does not end at the sign-in screen")
	}
}
