package main

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/review"
)

// docText is the draft's text in the 脱敏后通过 dialog, every part under its title as 审查 shows
// it, where the reviewer selects a name, an address or other text to mask: by dragging the
// mouse, double-clicking a word, or Shift with the arrow keys.
//
// It is an Entry that takes no edits. Fyne 2.8 has no read-only Entry; a disabled one cannot
// take focus and so never draws its selection, and a selectable Label tells neither where
// its selection starts nor ends. An Entry tells the selected text and the cursor's offset,
// which is one end of the selection; the other end is where the cursor was before the
// selection began (anchor), needed only when the same text lies on both sides of the cursor.
//
// An Entry lays out its whole text at every key and every step of a drag, in a time that grows
// faster than the text (measured: 1,600 characters 1 ms a key, 5,500 60 ms, 17,000 600 ms), so
// a long draft is shown a page of about pageRunes characters at a time, cut at line ends.
type docText struct {
	widget.Entry
	doc    *review.Document
	all    []rune      // every part under its title
	parts  []runeRange // where each part's text lies in all, by part index
	pages  []runeRange // the pages of all, in order
	page   int         // the page shown
	text   string      // the page's text, as shown; an edit that slips through is undone
	runes  []rune      // text, by character
	anchor int         // the cursor's offset in the page, in runes, the last time nothing was selected
}

// runeRange is a span of the view's text in runes.
type runeRange struct{ start, end int }

// pageRunes is about how many characters a page of the view holds.
const pageRunes = 3000

// newDocText returns the view of doc's text, at its first page.
func newDocText(doc *review.Document) *docText {
	t := &docText{doc: doc}
	for i := range doc.Parts {
		p := &doc.Parts[i]
		if i > 0 {
			t.all = append(t.all, '\n', '\n')
		}
		t.all = append(t.all, []rune(partTitle(p)+"\n")...)
		start := len(t.all)
		t.all = append(t.all, []rune(p.Text)...)
		t.parts = append(t.parts, runeRange{start, len(t.all)})
	}
	t.pages = pagesOf(t.all, pageRunes)
	t.MultiLine = true
	t.Wrapping = fyne.TextWrapWord
	t.ExtendBaseWidget(t)
	t.OnChanged = func(s string) {
		if s != t.text {
			t.SetText(t.text)
		}
	}
	t.showPage(0)
	return t
}

// pagesOf cuts text into pages of at most size characters, each ending after a line end where
// one lies in it.
func pagesOf(text []rune, size int) []runeRange {
	var out []runeRange
	for start := 0; start < len(text) || len(out) == 0; {
		end := min(start+size, len(text))
		if end < len(text) {
			for k := end - 1; k > start; k-- {
				if text[k] == '\n' {
					end = k + 1
					break
				}
			}
		}
		out = append(out, runeRange{start, end})
		start = end
	}
	return out
}

// showPage shows page k, with the cursor at its start and nothing selected.
func (t *docText) showPage(k int) {
	if k < 0 || k >= len(t.pages) {
		return
	}
	t.page = k
	t.runes = t.all[t.pages[k].start:t.pages[k].end]
	t.text = string(t.runes)
	t.SetText(t.text)
	if t.SelectedText() != "" { // Left, without Shift, ends a selection, as in any Entry
		t.Entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
	}
	t.CursorRow, t.CursorColumn, t.anchor = 0, 0, 0
	t.Refresh()
}

// pageLabel says which page is shown: 第 2/5 页.
func (t *docText) pageLabel() string {
	return fmt.Sprintf("第 %d/%d 页", t.page+1, len(t.pages))
}

// track remembers where the cursor is while nothing is selected: a selection begins there.
func (t *docText) track() {
	if t.SelectedText() == "" {
		t.anchor = t.CursorTextOffset()
	}
}

// MouseDown places the cursor, as in any Entry, and remembers it.
func (t *docText) MouseDown(m *desktop.MouseEvent) {
	t.Entry.MouseDown(m)
	t.track()
}

// KeyDown lets Shift start a selection, as in any Entry.
func (t *docText) KeyDown(k *fyne.KeyEvent) {
	t.Entry.KeyDown(k)
	t.track()
}

// TypedKey moves the cursor or the selection's end; every key that would edit is ignored.
func (t *docText) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyUp, fyne.KeyDown, fyne.KeyLeft, fyne.KeyRight, fyne.KeyHome, fyne.KeyEnd, fyne.KeyPageUp, fyne.KeyPageDown:
		t.Entry.TypedKey(k)
		t.track()
	}
}

// TypedRune ignores typing: the view is the draft as checked.
func (t *docText) TypedRune(rune) {}

// TypedShortcut copies and selects all, and moves by words; it neither cuts, pastes, undoes
// nor deletes.
func (t *docText) TypedShortcut(s fyne.Shortcut) {
	switch s := s.(type) {
	case *fyne.ShortcutCopy, *fyne.ShortcutSelectAll:
		t.Entry.TypedShortcut(s)
	case *desktop.CustomShortcut:
		if s.KeyName == fyne.KeyLeft || s.KeyName == fyne.KeyRight {
			t.Entry.TypedShortcut(s)
			t.track()
		}
	}
}

// TappedSecondary offers 复制 and 全选 only.
func (t *docText) TappedSecondary(pe *fyne.PointEvent) {
	c := fyne.CurrentApp().Driver().CanvasForObject(t)
	if c == nil {
		return
	}
	clip := fyne.CurrentApp().Clipboard()
	menu := fyne.NewMenu("",
		fyne.NewMenuItem("复制", func() { t.TypedShortcut(&fyne.ShortcutCopy{Clipboard: clip}) }),
		fyne.NewMenuItem("全选", func() { t.TypedShortcut(&fyne.ShortcutSelectAll{}) }))
	widget.ShowPopUpMenuAtPosition(menu, c, pe.AbsolutePosition)
}

// selected returns the selection in runes of the view's text, or ok false when nothing is
// selected.
func (t *docText) selected() (start, end int, ok bool) {
	sel := t.SelectedText()
	n := utf8.RuneCountInString(sel)
	c := t.CursorTextOffset()
	if n == 0 || c < 0 || c > len(t.runes) {
		return 0, 0, false
	}
	before := c-n >= 0 && string(t.runes[c-n:c]) == sel
	after := c+n <= len(t.runes) && string(t.runes[c:c+n]) == sel
	switch {
	case before && after && t.anchor == c+n: // the same text both sides: the selection went left
		return c, c + n, true
	case before:
		return c - n, c, true
	case after:
		return c, c + n, true
	}
	return 0, 0, false
}

// selection returns the place in the document of the text selected, its spaces and line ends
// at either end left out, or why there is none to mask, in the reviewer's words.
//
// The spaces and line ends are left out before the parts are told apart: a drag that begins
// past the end of a title's line selects the title's line end, which shows no highlight, and
// the reviewer, who sees only the part's text selected, was told the selection held a title.
func (t *docText) selection() (review.Selection, string) {
	start, end, ok := t.selected()
	if !ok {
		return review.Selection{}, "请先在文件的文字中选中要遮盖的内容（拖动鼠标、双击，或按住 Shift 键移动光标）。"
	}
	for start < end && unicode.IsSpace(t.runes[start]) {
		start++
	}
	for start < end && unicode.IsSpace(t.runes[end-1]) {
		end--
	}
	if start == end {
		return review.Selection{}, "选中的只有空格或换行，请重新选择要遮盖的文字。"
	}
	start, end = start+t.pages[t.page].start, end+t.pages[t.page].start
	for i, r := range t.parts {
		if start < r.start || end > r.end {
			continue
		}
		text := t.doc.Parts[i].Text
		return review.Selection{Part: i, Start: byteOffset(text, start-r.start), End: byteOffset(text, end-r.start)}, ""
	}
	return review.Selection{}, "选中的内容须在同一部分的文字之内，不含【】中的标题，请重新选择。"
}

// byteOffset returns the byte offset of the n-th character of s.
func byteOffset(s string, n int) int {
	at := 0
	for ; n > 0 && at < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[at:])
		at += size
	}
	return at
}
