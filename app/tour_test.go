package main

import (
	"bytes"
	"testing"

	"fyne.io/fyne/v2/container"
)

func TestTourShowsEveryScreenThenQuits(t *testing.T) {
	m := newTestMainWindow(t)
	var out bytes.Buffer
	finished := make(chan struct{})
	m.tour(&out, 0, 0, func() { close(finished) })
	<-finished

	if got, want := out.String(), "queue\nreview\narchive\nsettings\n"; got != want {
		t.Errorf("announced %q, want %q", got, want)
	}
	if m.tabs.Selected() != m.settings {
		t.Errorf("ended on %q, want 设置", m.tabs.Selected().Text)
	}
	visited := map[*container.TabItem]bool{}
	for _, s := range m.tourStops() {
		visited[s.tab] = true
	}
	if len(visited) != len(m.tabs.Items) {
		t.Errorf("tour visits %d screens, the window has %d", len(visited), len(m.tabs.Items))
	}
}
