package main

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestStatsTablesScrollThePage: in 统计 the tables by division and by category show every row,
// and the mouse wheel over either scrolls the page, as it does beside them.
func TestStatsTablesScrollThePage(t *testing.T) {
	m := statsWindow(t)
	signInAs(t, m, "office")
	m.tabs.Select(m.stats)
	v := m.statsView
	countQuarter(t, v)
	c := m.win.Canvas()
	test.Scroll(c, fyne.CurrentApp().Driver().AbsolutePositionForObject(v.charts).Add(fyne.NewPos(5, 5)), 0, -120)
	if v.scroll.Offset.Y <= 0 {
		t.Fatalf("the wheel over the charts left the page at %v, want it scrolled down", v.scroll.Offset.Y)
	}
	for _, tt := range []struct {
		name  string
		table *widget.Table
		last  string
	}{
		{"按处室", v.byDiv, v.stats.ByDivision[len(v.stats.ByDivision)-1].Label},
		{"按主动公开目录", v.byCat, v.stats.ByCategory[len(v.stats.ByCategory)-1].Label},
	} {
		var cells []string
		for _, o := range visible(tt.table, nil) {
			if l, ok := o.(*widget.Label); ok {
				cells = append(cells, l.Text)
			}
		}
		if !strings.Contains(strings.Join(cells, "\n"), tt.last) {
			t.Errorf("%s: got the rows %q, want its last row, %s, shown too", tt.name, cells, tt.last)
		}

		v.scroll.ScrollToTop()
		at := fyne.CurrentApp().Driver().AbsolutePositionForObject(tt.table).Add(fyne.NewPos(100, 60))
		test.Scroll(c, at, 0, -120)
		if got := v.scroll.Offset.Y; got <= 0 {
			t.Errorf("%s: the wheel over the table left the page at %v, want it scrolled down", tt.name, got)
		}
	}
}
