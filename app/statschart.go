package main

import (
	"fmt"
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
)

// The 统计 workspace's charts, drawn with Fyne's canvas in the bundled font: no charting
// library renders our CJK face, and bars are rectangles. Every bar taps through to the items
// behind it.

// Chart colours: 提出 in grey-blue, 公开 in seal red, the funnel in blue.
var (
	proposedColour = color.NRGBA{R: 0x7a, G: 0x8f, B: 0xa8, A: 0xff}
	funnelColour   = color.NRGBA{R: 0x3c, G: 0x6e, B: 0xaa, A: 0xff}
)

// chartHeight is the height of the tallest bar of a column chart.
const chartHeight = 120

// bar is one tappable bar of a chart: the figure, what it is called and where it goes.
type bar struct {
	label  string
	figure archive.Figure
	colour color.Color
}

// tapArea makes what it holds tappable, with a pointing-hand cursor: a bar of a chart.
type tapArea struct {
	widget.BaseWidget
	content fyne.CanvasObject
	onTap   func()
}

func newTapArea(content fyne.CanvasObject, onTap func()) *tapArea {
	t := &tapArea{content: content, onTap: onTap}
	t.ExtendBaseWidget(t)
	return t
}

func (t *tapArea) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(t.content) }

// Tapped opens what the bar stands for.
func (t *tapArea) Tapped(*fyne.PointEvent) { t.onTap() }

// Cursor says the bar can be clicked.
func (t *tapArea) Cursor() desktop.Cursor { return desktop.PointerCursor }

// chartText is a small label of a chart in the theme's text colour.
func chartText(s string, size float32) *canvas.Text {
	t := canvas.NewText(s, textColour())
	t.TextSize = size
	t.Alignment = fyne.TextAlignCenter
	return t
}

func textColour() color.Color { return theme.Color(theme.ColorNameForeground) }

// columnChart draws pairs of vertical bars (提出 and 公开) for each group, months or
// divisions, with the count above each bar and the group's name below.
func columnChart(title string, groups []string, pairs [][2]bar, open func(title string, f archive.Figure)) fyne.CanvasObject {
	most := 1
	for _, p := range pairs {
		most = max(most, p[0].figure.N, p[1].figure.N)
	}
	cols := container.NewHBox()
	for i, p := range pairs {
		pair := container.NewHBox()
		for _, b := range p {
			h := float32(chartHeight) * float32(b.figure.N) / float32(most)
			rect := canvas.NewRectangle(b.colour)
			rect.SetMinSize(fyne.NewSize(14, max(h, 1)))
			col := container.NewVBox(layout.NewSpacer(), chartText(strconv.Itoa(b.figure.N), 10), rect)
			what := fmt.Sprintf("%s · %s", groups[i], b.label)
			f := b.figure
			pair.Add(newTapArea(col, func() { open(what, f) }))
		}
		cols.Add(container.NewVBox(container.NewGridWrap(fyne.NewSize(36, chartHeight+16), pair), chartText(groups[i], 11)))
	}
	legend := container.NewHBox(legendKey("提出", proposedColour), legendKey("公开", sealRed))
	heading := newHeading(title)
	return container.NewVBox(container.NewHBox(heading, layout.NewSpacer(), legend), cols)
}

// chartGap parts two charts side by side: a thin rule with room either side.
func chartGap() fyne.CanvasObject {
	room := func() fyne.CanvasObject {
		r := canvas.NewRectangle(color.Transparent)
		r.SetMinSize(fyne.NewSize(16, 1))
		return r
	}
	return container.NewHBox(room(), widget.NewSeparator(), room())
}

// legendKey is a coloured square and its name.
func legendKey(name string, c color.Color) fyne.CanvasObject {
	sq := canvas.NewRectangle(c)
	sq.SetMinSize(fyne.NewSquareSize(10))
	return container.NewHBox(container.NewCenter(sq), chartText(name, 11))
}

// funnelChart draws the six steps as centred horizontal bars, each as wide as the share of the
// period's items that passed it.
func funnelChart(funnel [6]archive.Figure, open func(title string, f archive.Figure)) fyne.CanvasObject {
	const width = 260
	most := 1
	for _, f := range funnel {
		most = max(most, f.N)
	}
	rows := container.NewVBox()
	for _, f := range funnel {
		// Each bar from the left edge at the scale of the largest, named by what it counts: as
		// a centred funnel, 建档 wider than 公开 (items filed without being published) read as
		// more than the step above it held.
		w := float32(width) * float32(f.N) / float32(most)
		rect := canvas.NewRectangle(funnelColour)
		rect.SetMinSize(fyne.NewSize(max(w, 1), 18))
		name := chartText(f.DateLabel(), 12)
		name.Alignment = fyne.TextAlignTrailing
		count := chartText(strconv.Itoa(f.N), 12)
		count.Alignment = fyne.TextAlignLeading
		what, fig := "本期"+f.DateLabel()+"的事项", f
		bar := container.NewHBox(newTapArea(rect, func() { open(what, fig) }))
		row := container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(96, 20), name), container.NewGridWrap(fyne.NewSize(44, 20), count),
			container.NewGridWrap(fyne.NewSize(width, 20), bar))
		rows.Add(row)
	}
	heading := newHeading("各环节本期办结件数（各自计数，不逐级包含）")
	return container.NewVBox(heading, rows)
}
