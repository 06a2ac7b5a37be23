package main

import (
	"strconv"
	"strings"
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
type docText struct {
	widget.Entry
	text   string      // what the view shows; an edit that slips through is undone
	runes  []rune      // text, by character
	parts  []runeRange // where each part's text lies in the view, by part index; -1 when not shown
	doc    *review.Document
	anchor int // the cursor's offset, in runes, the last time nothing was selected
}

// runeRange is a span of the view's text in runes.
type runeRange struct{ start, end int }

// maxViewRunes is how much of a draft the view shows: an Entry lays out its whole text at
// every change, which a list of thousands of rows makes slow. Text past it is masked by
// pasting it (添加), which finds every occurrence.
const maxViewRunes = 60000

// newDocText returns the view of doc's text.
func newDocText(doc *review.Document) *docText {
	t := &docText{doc: doc}
	var b strings.Builder
	n := 0
	write := func(s string) {
		b.WriteString(s)
		n += utf8.RuneCountInString(s)
	}
	for i := range doc.Parts {
		p := &doc.Parts[i]
		if n >= maxViewRunes {
			t.parts = append(t.parts, runeRange{-1, -1})
			continue
		}
		if i > 0 {
			write("\n\n")
		}
		write(partTitle(p) + "\n")
		start := n
		text := p.Text
		if k := maxViewRunes - n; utf8.RuneCountInString(text) > k {
			text = string([]rune(text)[:k])
		}
		write(text)
		t.parts = append(t.parts, runeRange{start, n})
	}
	if n >= maxViewRunes {
		write("\n\n（文件较长，以上只显示前 " + strconv.Itoa(maxViewRunes) + " 个字；其余部分的姓名、地址请粘贴到下面后按“添加”。）")
	}
	t.text = b.String()
	t.runes = []rune(t.text)
	t.MultiLine = true
	t.Wrapping = fyne.TextWrapWord
	t.ExtendBaseWidget(t)
	t.SetText(t.text)
	t.OnChanged = func(s string) {
		if s != t.text {
			t.SetText(t.text)
		}
	}
	return t
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
func (t *docText) selection() (review.Selection, string) {
	start, end, ok := t.selected()
	if !ok {
		return review.Selection{}, "请先在文件的文字中选中要遮盖的内容（拖动鼠标、双击，或按住 Shift 键移动光标）。"
	}
	for i, r := range t.parts {
		if r.start < 0 || start < r.start || end > r.end {
			continue
		}
		text := t.doc.Parts[i].Text
		a, b := byteOffset(text, start-r.start), byteOffset(text, end-r.start)
		for a < b {
			c, size := utf8.DecodeRuneInString(text[a:b])
			if !unicode.IsSpace(c) {
				break
			}
			a += size
		}
		for a < b {
			c, size := utf8.DecodeLastRuneInString(text[a:b])
			if !unicode.IsSpace(c) {
				break
			}
			b -= size
		}
		if a == b {
			break
		}
		return review.Selection{Part: i, Start: a, End: b}, ""
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
