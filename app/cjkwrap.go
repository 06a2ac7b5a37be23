package main

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
)

// Chinese line breaking. Fyne wraps text without spaces at whatever character no longer fits,
// so a line may start with "，" or end with "（". The review pane lays its text out itself:
// breakLines chooses the breaks by the rules of Chinese typesetting (GB/T 15834 punctuation:
// closing marks never start a line, opening marks never end one, a Latin word or a number is
// not cut; the same rules as the printed forms, archive.NoLineStart and NoLineEnd), and cjkText
// draws the text with those breaks.

// breakLines returns where the lines of text begin (rune indexes, the first line's 0 left
// out) when each rune i is width(i) wide and a line holds at most max. A line break in the
// text begins a line; a rune wider than a line stands alone.
func breakLines(text []rune, width func(i int) float32, max float32) []int {
	var breaks []int
	start, used := 0, float32(0)
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			start, used = i+1, 0
			continue
		}
		w := width(i)
		if used+w <= max || i == start {
			used += w
			continue
		}
		at := breakBefore(text, start, i)
		breaks = append(breaks, at)
		start, used = at, 0
		for k := at; k <= i; k++ {
			used += width(k)
		}
	}
	return breaks
}

// breakBefore chooses where the line from start breaks when rune i does not fit: before i, or
// earlier so that no closing mark starts the next line, no opening mark ends this one, and no
// word or number is cut. It never returns start: a line holds at least one rune.
func breakBefore(text []rune, start, i int) int {
	at := i
	for at > start+1 && (strings.ContainsRune(archive.NoLineStart, text[at]) || strings.ContainsRune(archive.NoLineEnd, text[at-1])) {
		at--
	}
	if word(text[at]) && word(text[at-1]) {
		k := at
		for k > start && word(text[k-1]) {
			k--
		}
		if k > start {
			at = k // the whole word to the next line, when it does not fill a line itself
		}
	}
	return at
}

// word reports a rune of a Latin word or a number, which stays on one line.
func word(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '.' || r == '@' || r == '/' || r == '_')
}

// cjkText is a RichText laid out with breakLines at its width: the review pane's text.
type cjkText struct {
	widget.BaseWidget
	segments []widget.RichTextSegment // the styled text, with no breaks added
	rich     *widget.RichText         // what is drawn: segments with the breaks as line ends
	width    float32                  // the width the breaks were chosen for
	widths   map[runeStyle]float32    // the measured width of each rune, per style
}

type runeStyle struct {
	r    rune
	bold bool
}

func newCJKText(segments []widget.RichTextSegment) *cjkText {
	t := &cjkText{segments: segments, rich: widget.NewRichText(), widths: map[runeStyle]float32{}}
	t.rich.Wrapping = fyne.TextWrapOff
	t.ExtendBaseWidget(t)
	return t
}

// setSegments replaces the styled text, and lays it out again at the current width.
func (t *cjkText) setSegments(segments []widget.RichTextSegment) {
	t.segments = segments
	t.layout(t.width)
	t.Refresh()
}

// layout breaks the segments' text into lines of width w and hands them to the RichText.
func (t *cjkText) layout(w float32) {
	t.width = w
	var text []rune
	var bold []bool
	for _, s := range t.segments {
		ts := s.(*widget.TextSegment)
		for _, r := range ts.Text {
			text = append(text, r)
			bold = append(bold, ts.Style.TextStyle.Bold)
		}
	}
	max := w - 2*theme.InnerPadding()
	var breaks []int
	if max > 0 {
		breaks = breakLines(text, func(i int) float32 { return t.measure(text[i], bold[i]) }, max)
	}
	t.rich.Segments = withBreaks(t.segments, breaks)
	t.rich.Refresh()
}

func (t *cjkText) measure(r rune, bold bool) float32 {
	k := runeStyle{r, bold}
	if w, ok := t.widths[k]; ok {
		return w
	}
	w := fyne.MeasureText(string(r), theme.TextSize(), fyne.TextStyle{Bold: bold}).Width
	t.widths[k] = w
	return w
}

// withBreaks copies segments with a line end before each rune index in breaks.
func withBreaks(segments []widget.RichTextSegment, breaks []int) []widget.RichTextSegment {
	out := make([]widget.RichTextSegment, 0, len(segments))
	pos, next := 0, 0
	for _, s := range segments {
		ts := s.(*widget.TextSegment)
		var b strings.Builder
		for _, r := range ts.Text {
			if next < len(breaks) && breaks[next] == pos {
				b.WriteByte('\n')
				next++
			}
			b.WriteRune(r)
			pos++
		}
		out = append(out, &widget.TextSegment{Text: b.String(), Style: ts.Style})
	}
	return out
}

// Resize lays the text out again when the width changes.
func (t *cjkText) Resize(s fyne.Size) {
	if s.Width != t.width {
		t.layout(s.Width)
	}
	t.BaseWidget.Resize(s)
}

// MinSize is as narrow as anything (the text follows the width it is given) and as tall as the
// lines at the current width.
func (t *cjkText) MinSize() fyne.Size {
	return fyne.NewSize(theme.TextSize()*4, t.rich.MinSize().Height)
}

func (t *cjkText) CreateRenderer() fyne.WidgetRenderer {
	return &cjkTextRenderer{t: t}
}

type cjkTextRenderer struct{ t *cjkText }

func (r *cjkTextRenderer) Layout(s fyne.Size)           { r.t.rich.Resize(s) }
func (r *cjkTextRenderer) MinSize() fyne.Size           { return r.t.MinSize() }
func (r *cjkTextRenderer) Refresh()                     { r.t.rich.Refresh() }
func (r *cjkTextRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.t.rich} }
func (r *cjkTextRenderer) Destroy()                     {}

// cjkLabel is plain text broken into lines at its width by breakLines, where a Label breaks a
// Chinese line early: Fyne wraps at spaces, so a line of 办理经过 whose opinion has none broke
// at the last space before it, leaving half the pane empty.
type cjkLabel struct {
	*cjkText
	Text string // the text, without the breaks
}

func newCJKLabel(text string) *cjkLabel {
	l := &cjkLabel{cjkText: newCJKText(nil)}
	l.SetText(text)
	return l
}

// SetText replaces the text and lays it out again at the current width.
func (l *cjkLabel) SetText(text string) {
	l.Text = text
	l.setSegments([]widget.RichTextSegment{&widget.TextSegment{Text: text, Style: widget.RichTextStyleInline}})
}
