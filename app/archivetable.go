package main

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"shendang.gov.cn/shendang/archive"
)

// The table's columns.
var archiveColumns = []struct {
	title string
	width float32
}{{"档号", 228}, {"文号", 150}, {"题名", 160}, {"日期", 92}, {"页数", 44}, {"盒号", 44}, {"状态", 96}, {"公开时限", 120}}

// archiveTitleColumn is the column that takes the table's spare width: titles are long.
const archiveTitleColumn = 2

// item returns the item on row, loading its page when needed.
func (v *archiveView) item(row int) *archive.Item {
	page := row / pageSize
	items, ok := v.pages[page]
	if !ok {
		var err error
		items, _, err = v.store.Items(v.filter, page*pageSize, pageSize)
		if err != nil {
			v.count.SetText(userMessage(err))
			return nil
		}
		if len(v.pages) > 50 { // bound the cache: long scrolls do not keep every page
			v.pages = map[int][]archive.Item{}
		}
		v.pages[page] = items
	}
	if k := row % pageSize; k < len(items) {
		return &items[k]
	}
	return nil
}

func (v *archiveView) cell(row, col int) string {
	it := v.item(row)
	if it == nil {
		return ""
	}
	f := it.Filing
	switch col {
	case 0:
		if f != nil {
			return f.Code
		}
		return "—"
	case 1:
		return it.DocNumber
	case 2:
		return it.Title
	case 3:
		return it.DocDate
	case 4:
		if f != nil {
			return strconv.Itoa(f.Pages)
		}
	case 5:
		if f != nil && f.Box > 0 {
			return strconv.Itoa(f.Box)
		}
	case 6:
		return it.State.Label()
	case 7:
		if d := v.deadline(it); d != nil {
			return d.Short() // the due day is in the detail beside the table
		}
	}
	return ""
}

// deadline is the item's time limit as it stands today, or nil for an item without one.
func (v *archiveView) deadline(it *archive.Item) *archive.Deadline {
	if v.calendar == nil {
		return nil
	}
	d, ok := archive.DeadlineOf(it, v.now(), v.calendar)
	if !ok {
		return nil
	}
	return &d
}

// cellImportance colours the 公开时限 cell of an urgent deadline.
func (v *archiveView) cellImportance(row, col int) widget.Importance {
	if col != 7 {
		return widget.MediumImportance
	}
	if it := v.item(row); it != nil {
		return deadlineImportance(v.deadline(it))
	}
	return widget.MediumImportance
}

// fillColumn lays out a table so that one column takes the width the others leave, down to its
// own width in archiveColumns: every column shows at 1366 × 768, and a wide screen gives the
// room to the titles.
type fillColumn struct {
	table *widget.Table
	col   int
	width float32 // the width given to col at the last layout
}

func (l *fillColumn) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	rest := float32(0)
	for i, c := range archiveColumns {
		if i != l.col {
			rest += c.width + theme.Padding()
		}
	}
	spare := size.Width - rest - theme.Padding() - 16 // the vertical scroll bar
	l.width = max(archiveColumns[l.col].width, spare)
	l.table.SetColumnWidth(l.col, l.width)
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l *fillColumn) MinSize(objects []fyne.CanvasObject) fyne.Size {
	return objects[0].MinSize()
}

// atLeast lays o out at least w wide, so that a picker shows its whole text.
func atLeast(w float32, o fyne.CanvasObject) fyne.CanvasObject {
	return container.New(&minWidth{w: w}, o)
}

type minWidth struct{ w float32 }

func (l *minWidth) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l *minWidth) MinSize(objects []fyne.CanvasObject) fyne.Size {
	s := objects[0].MinSize()
	return fyne.NewSize(max(s.Width, l.w), s.Height)
}

// columnWidth is the width column i has on screen.
func (v *archiveView) columnWidth(i int) float32 {
	if i == v.fill.col && v.fill.width > 0 {
		return v.fill.width
	}
	return archiveColumns[i].width
}

// columnsFit reports whether every column of the table is on screen at its present size.
func (v *archiveView) columnsFit() bool {
	sum := float32(0)
	for i := range archiveColumns {
		sum += v.columnWidth(i) + theme.Padding()
	}
	return sum <= v.table.Size().Width
}
