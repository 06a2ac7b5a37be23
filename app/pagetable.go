package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// pageTable is a table shown whole inside a scrolling page (统计's 按处室, 按主动公开目录): as tall
// as its rows, so that it has nothing to scroll of its own, and with the mouse wheel over it
// scrolling the page. A Fyne table keeps a scroller inside it, and the window gives the wheel to
// the innermost scroller under the pointer, which takes it whether or not it can move: over a
// table of three rows in a box of five the wheel scrolled nothing, and the page stood still.
type pageTable struct {
	table *widget.Table
	box   *fyne.Container // the table at its width and its rows' height, with the wheel above it
	wheel *pageWheel
	width float32
}

// newPageTable shows t at width, as tall as its rows and its header.
func newPageTable(t *widget.Table, width float32) *pageTable {
	p := &pageTable{table: t, width: width, wheel: &pageWheel{}}
	p.wheel.ExtendBaseWidget(p.wheel)
	p.box = container.New(layout.NewGridWrapLayout(p.size()), container.NewStack(t, p.wheel))
	return p
}

// onPage makes the wheel over the table scroll page.
func (p *pageTable) onPage(page *container.Scroll) { p.wheel.page = page }

// fit makes the table as tall as its rows now, after its data changed.
func (p *pageTable) fit() {
	p.box.Layout = layout.NewGridWrapLayout(p.size())
	p.box.Refresh()
	p.table.Refresh()
}

// size is the table's width and the height of its header and rows with the lines between them.
func (p *pageTable) size() fyne.Size {
	rows, _ := p.table.Length()
	row := widget.NewLabel("").MinSize().Height + theme.Padding()
	return fyne.NewSize(p.width, float32(rows+1)*row)
}

// pageWheel lies over a widget that needs no scrolling of its own and passes the wheel to the page
// it is on. It takes nothing else: taps, hovering and the keyboard reach the widget below.
type pageWheel struct {
	widget.BaseWidget
	page *container.Scroll
}

var _ fyne.Scrollable = (*pageWheel)(nil)

// Scrolled scrolls the page.
func (w *pageWheel) Scrolled(ev *fyne.ScrollEvent) {
	if w.page != nil {
		w.page.Scrolled(ev)
	}
}

// CreateRenderer draws nothing.
func (w *pageWheel) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(layout.NewSpacer())
}
