package main

import (
	"testing"

	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// TestSectionHeadingsStandOut: the headings of 统计's sections are drawn larger than the text under
// them. The bundled face has one weight, so bold alone drew them as body text.
func TestSectionHeadingsStandOut(t *testing.T) {
	m := statsWindow(t)
	signInAs(t, m, "office")
	m.tabs.Select(m.stats)
	countQuarter(t, m.statsView)
	drawn := map[string]float32{}
	for _, o := range visible(m.win.Canvas().Content(), nil) {
		if x, ok := o.(*canvas.Text); ok {
			drawn[x.Text] = x.TextSize
		}
	}
	body := theme.TextSize()
	if got := drawn["办公室"]; got != body {
		t.Fatalf("a division's row: got it drawn at %v, want the body size %v", got, body)
	}
	for _, h := range []string{"按处室", "按主动公开目录", "逐月", "退回原因", "各环节用时（工作日，自上一环节办结起算）"} {
		got, ok := drawn[h]
		if !ok {
			t.Errorf("heading %s: not drawn", h)
			continue
		}
		if got <= body {
			t.Errorf("heading %s: got it drawn at %v, want it larger than the text under it (%v)", h, got, body)
		}
	}
}
