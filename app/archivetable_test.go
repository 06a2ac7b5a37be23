package main

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
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

// TestArchiveCellsShowWhole: at 1366 × 768 a state (待保密审查 the longest) and a date show
// whole in their columns, not cut to "待保…".
func TestArchiveCellsShowWhole(t *testing.T) {
	s := publishedOffice(t, "甲")
	v := newTestArchiveView(t, s, "archivist")
	v.win.Resize(fyne.NewSize(1366, 768))
	tests := []struct {
		col  int
		text string
	}{{6, archive.StateSecrecy.Label()}, {6, archive.StatePreliminary.Label()}, {6, archive.StateReturned.Label()}, {3, "2026-12-31"}}
	for _, tt := range tests {
		need := widget.NewLabel(tt.text).MinSize().Width
		if got := v.columnWidth(tt.col); got < need {
			t.Errorf("%s column: got %v wide, want at least %v for %q", archiveColumns[tt.col].title, got, need, tt.text)
		}
	}
	if !v.columnsFit() {
		t.Errorf("at 1366 wide the columns do not fit the table's %v", v.table.Size().Width)
	}
}
