package main

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// escapes maps each dialog shown through showEscapable or escapeDoes (the overlay it put on
// the window) to what Escape does while it is on top: the dialog's own 取消, 关闭 or 再看看,
// never its affirmative button. Fyne's dialogs ignore Escape themselves.
var escapes = struct {
	sync.Mutex
	do map[fyne.CanvasObject]func()
}{do: map[fyne.CanvasObject]func(){}}

// showEscapable shows d over win; Escape then dismisses it as its dismiss button does (a
// question is answered “no”).
func showEscapable(win fyne.Window, d dialog.Dialog) {
	d.Show()
	escapeDoes(win, d.Dismiss)
}

// escapeDoes lets Escape run do while the overlay now on top of win (a dialog just shown)
// stays on top. Overlays since hidden are forgotten.
func escapeDoes(win fyne.Window, do func()) {
	top := win.Canvas().Overlays().Top()
	if top == nil {
		return
	}
	escapes.Lock()
	defer escapes.Unlock()
	for o := range escapes.do {
		if !o.Visible() {
			delete(escapes.do, o)
		}
	}
	escapes.do[top] = do
}

// withEscape is a canvas key handler: Escape closes the top dialog over c when it was shown
// through showEscapable or escapeDoes; every other key, and Escape with no such dialog, goes
// to next (which may be nil). Keys reach it only when no widget has the keyboard focus.
func withEscape(c fyne.Canvas, next func(*fyne.KeyEvent)) func(*fyne.KeyEvent) {
	return func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyEscape {
			if do := escapeFor(c.Overlays().Top()); do != nil {
				do()
				return
			}
		}
		if next != nil {
			next(ev)
		}
	}
}

// escapeFor is what Escape does over top, or nil.
func escapeFor(top fyne.CanvasObject) func() {
	if top == nil || !top.Visible() {
		return nil
	}
	escapes.Lock()
	defer escapes.Unlock()
	return escapes.do[top]
}

// escEntry is a one-line entry in a dialog: the entry keeps Escape for itself, so this one
// passes it on, and Escape closes the dialog even while the person is typing in it.
type escEntry struct {
	widget.Entry
}

func newEscEntry() *escEntry {
	e := &escEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey closes the dialog the entry is in on Escape, as withEscape does; other keys edit.
func (e *escEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape {
		if c := fyne.CurrentApp().Driver().CanvasForObject(e); c != nil {
			if do := escapeFor(c.Overlays().Top()); do != nil {
				do()
				return
			}
		}
	}
	e.Entry.TypedKey(k)
}

// enterSubmits lets Enter in each one-line entry of a form dialog's items submit it, as its
// affirmative button does (Fyne's form dialog leaves Enter to the entry). Entries that already
// answer Enter keep their own answer.
func enterSubmits(d *dialog.FormDialog, items []*widget.FormItem) {
	for _, it := range items {
		if e, ok := it.Widget.(*widget.Entry); ok && !e.MultiLine && e.OnSubmitted == nil {
			e.OnSubmitted = func(string) { d.Submit() }
		}
	}
}

// linesEntry is a multi-line entry in a form (机构 one per line, 办理意见): Tab moves on to the
// next field, as in every other field, rather than typing a tab, which the window's font
// draws as an unknown character and which means nothing in a line of text.
type linesEntry struct {
	widget.Entry
}

func newLinesEntry() *linesEntry {
	e := &linesEntry{}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.ExtendBaseWidget(e)
	return e
}

// AcceptsTab says no: the window moves the focus on Tab (and back on Shift+Tab).
func (e *linesEntry) AcceptsTab() bool { return false }

// shortcutEntry is a one-line entry that answers one window shortcut itself: Fyne gives every
// Ctrl+key typed into an entry to the entry, so a shortcut bound on the window (Ctrl+Enter, 误报
// with the reason typed) never fires while the person is typing the reason it needs.
type shortcutEntry struct {
	widget.Entry
	shortcut fyne.KeyboardShortcut
	do       func()
}

func newShortcutEntry(s fyne.KeyboardShortcut, do func()) *shortcutEntry {
	e := &shortcutEntry{shortcut: s, do: do}
	e.ExtendBaseWidget(e)
	return e
}

// TypedShortcut runs do for the entry's shortcut; the others (copy, paste, …) edit as usual.
func (e *shortcutEntry) TypedShortcut(s fyne.Shortcut) {
	if k, ok := s.(fyne.KeyboardShortcut); ok && k.Key() == e.shortcut.Key() && k.Mod() == e.shortcut.Mod() {
		e.do()
		return
	}
	e.Entry.TypedShortcut(s)
}
