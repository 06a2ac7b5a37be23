package main

import (
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/review"
)

// maxHits bounds a search in the document: a single common character in a long draft would
// otherwise colour the whole text.
const maxHits = 5000

// hit is one occurrence of the searched text: Document.Parts[part], bytes [at, at+n).
type hit struct{ part, at, n int }

// findBar is Ctrl+F: search the draft's text, every part of it, with the occurrences
// highlighted and Enter or F3 in the box going from one to the next.
type findBar struct {
	entry *widget.Entry
	count *widget.Label
	prev  *widget.Button
	next  *widget.Button
	close *widget.Button
	box   *fyne.Container
}

func (v *reviewView) newFindBar() *findBar {
	b := &findBar{entry: widget.NewEntry(), count: widget.NewLabel("")}
	b.entry.SetPlaceHolder("在文档中查找（Ctrl+F）")
	b.entry.OnChanged = v.search
	b.entry.OnSubmitted = func(string) { v.nextHit(1) }
	b.prev = widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { v.nextHit(-1) })
	b.next = widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { v.nextHit(1) })
	b.close = widget.NewButtonWithIcon("", theme.CancelIcon(), v.hideFind)
	b.box = container.NewBorder(nil, nil, widget.NewIcon(theme.SearchIcon()), container.NewHBox(b.count, b.prev, b.next, b.close), b.entry)
	b.box.Hide()
	return b
}

// showFind opens the find bar and puts the cursor in it.
func (v *reviewView) showFind() {
	if v.doc == nil {
		return
	}
	v.find.box.Show()
	v.textPane.Refresh() // the bar takes its place above the text now, not at the next layout
	v.win.Canvas().Focus(v.find.entry)
}

// hideFind closes the find bar and clears its highlights.
func (v *reviewView) hideFind() {
	v.find.entry.SetText("") // clears the hits through OnChanged
	v.find.box.Hide()
	v.textPane.Refresh()
}

// search finds every occurrence of query in the draft's parts and shows the first.
func (v *reviewView) search(query string) {
	old := v.hits
	v.hits, v.hit = findAll(v.doc, query), -1
	v.rerender(old, v.hits)
	v.nextHit(1)
}

// findAll returns the occurrences of query in the document's parts, in order, at most maxHits.
func findAll(doc *review.Document, query string) []hit {
	if doc == nil || query == "" {
		return nil
	}
	var hits []hit
	for i, p := range doc.Parts {
		for at := 0; len(hits) < maxHits; {
			k := strings.Index(p.Text[at:], query)
			if k < 0 {
				break
			}
			hits = append(hits, hit{part: i, at: at + k, n: len(query)})
			at += k + len(query)
		}
	}
	return hits
}

// nextHit moves to the next (1) or previous (-1) occurrence, wrapping round, and scrolls to it.
func (v *reviewView) nextHit(delta int) {
	if len(v.hits) == 0 {
		if v.find.entry.Text == "" {
			v.find.count.SetText("")
		} else {
			v.find.count.SetText("未找到")
		}
		return
	}
	prev := v.hit
	v.hit = (v.hit + delta + len(v.hits)) % len(v.hits)
	if v.hit < 0 { // first move backwards
		v.hit = len(v.hits) - 1
	}
	more := ""
	if len(v.hits) == maxHits {
		more = "+"
	}
	v.find.count.SetText(fmt.Sprintf("第 %d / %d%s 处", v.hit+1, len(v.hits), more))
	h := v.hits[v.hit]
	if prev >= 0 && prev < len(v.hits) && v.hits[prev].part != h.part {
		v.renderPart(v.hits[prev].part)
	}
	v.renderPart(h.part)
	v.scrollTo(h.part, h.at)
}

// rerender redraws the parts that had or now have hits.
func (v *reviewView) rerender(lists ...[]hit) {
	done := map[int]bool{}
	for _, hits := range lists {
		for _, h := range hits {
			if !done[h.part] {
				done[h.part] = true
				v.renderPart(h.part)
			}
		}
	}
}

// span is a stretch of a part's text drawn in one style.
type span struct {
	from, to int
	kind     spanKind
}

type spanKind int

const (
	spanWarn     spanKind = iota // a finding to look at
	spanBlock                    // a finding that blocks
	spanSelected                 // the finding selected in the list
	spanHit                      // an occurrence of the searched text
	spanCurrent                  // the occurrence the find bar is at
	spanKinds
)

// styledSegments cuts text into segments by spans, which may overlap: a finding's colour wins
// over a search hit's, and the selected finding and the current hit are underlined.
func styledSegments(text string, spans []span) []widget.RichTextSegment {
	type event struct {
		at    int
		kind  spanKind
		delta int
	}
	events := make([]event, 0, 2*len(spans))
	for _, s := range spans {
		if s.from < 0 || s.to > len(text) || s.from >= s.to {
			continue
		}
		events = append(events, event{s.from, s.kind, 1}, event{s.to, s.kind, -1})
	}
	sort.SliceStable(events, func(i, j int) bool { return events[i].at < events[j].at })
	var segs []widget.RichTextSegment
	var open [spanKinds]int
	at := 0
	emit := func(to int) {
		if to <= at {
			return
		}
		style := styleFor(open)
		if n := len(segs); n > 0 && segs[n-1].(*widget.TextSegment).Style == style {
			segs[n-1].(*widget.TextSegment).Text += text[at:to]
		} else {
			segs = append(segs, &widget.TextSegment{Text: text[at:to], Style: style})
		}
		at = to
	}
	for _, e := range events {
		emit(e.at)
		open[e.kind] += e.delta
	}
	emit(len(text))
	return segs
}

func styleFor(open [spanKinds]int) widget.RichTextStyle {
	style := widget.RichTextStyleInline
	switch {
	case open[spanBlock] > 0:
		style = widget.RichTextStyleStrong
		style.ColorName = theme.ColorNameError
	case open[spanWarn] > 0:
		style = widget.RichTextStyleStrong
		style.ColorName = theme.ColorNameWarning
	case open[spanHit] > 0:
		style = widget.RichTextStyleStrong
		style.ColorName = theme.ColorNameHyperlink
	}
	if open[spanSelected] > 0 || open[spanCurrent] > 0 || (open[spanHit] > 0 && style.ColorName != theme.ColorNameHyperlink) {
		style.TextStyle.Underline = true
	}
	return style
}
