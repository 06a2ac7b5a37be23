package main

import (
	"testing"

	"fyne.io/fyne/v2"
)

// TestArchiveColumnsFit: at 1366 × 768 every column of the archive table is on screen, and a
// wider window gives its room to the titles.
func TestArchiveColumnsFit(t *testing.T) {
	s := publishedOffice(t, "甲", "乙")
	v := newTestArchiveView(t, s, "archivist")
	titles := map[float32]float32{}
	for _, width := range []float32{1366, 1920} {
		v.win.Resize(fyne.NewSize(width, 768))
		if !v.columnsFit() {
			t.Errorf("at %v wide the columns do not fit the table's %v", width, v.table.Size().Width)
		}
		titles[width] = v.columnWidth(archiveTitleColumn)
	}
	if titles[1920]-titles[1366] < 400 {
		t.Errorf("the title column is %v at 1366 and %v at 1920: the wider window's room goes elsewhere", titles[1366], titles[1920])
	}
}
