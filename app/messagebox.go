package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// messageBox is a message to read and close: an error, a notice, 关于审档. Fyne's information and
// error dialogs take no key at all — their button is never focused, and the window's key goes
// nowhere while a dialog is up — so a clerk who pressed 回车 to dismiss one, as in every
// Windows program, saw nothing happen. Here the button is focused when the box shows: Enter (or
// the keypad's Enter, or Space) presses it, Escape closes the box. The field that had the focus
// before keeps it underneath, and takes the keys again once the box is gone.
type messageBox struct {
	dlg   *dialog.CustomDialog
	ok    *defaultButton
	win   fyne.Window
	width float32 // a message's width unwrapped, 0 for content sized by itself
}

// The widest a message's text runs before it wraps, as Fyne's own message dialogs: 600, and
// never more than nine tenths of the window.
const (
	messageMaxWidth    = 600
	messageWindowShare = 0.9
	messagePadWidth    = 32 // Fyne's dialog keeps this much beside its content
)

// newMessage is a box titled title that says message, with icon at its corner (nil for none)
// and one button, answer, that closes it.
func newMessage(title, message string, icon fyne.Resource, answer string, win fyne.Window) *messageBox {
	text := &widget.Label{Text: message, Alignment: fyne.TextAlignCenter, Wrapping: fyne.TextWrapWord}
	b := newMessageBox(title, text, answer, win)
	b.dlg.SetIcon(icon)
	b.width = widget.NewLabel(message).MinSize().Width + messagePadWidth + 2*theme.Padding()
	return b
}

// newMessageBox is a box titled title showing content, closed by one button, answer.
func newMessageBox(title string, content fyne.CanvasObject, answer string, win fyne.Window) *messageBox {
	b := &messageBox{dlg: dialog.NewCustomWithoutButtons(title, content, win), win: win}
	b.ok = newDefaultButton(answer, b.dlg.Hide)
	b.dlg.SetButtons([]fyne.CanvasObject{b.ok})
	return b
}

// Show shows the box with its button focused. A message takes the width its text needs unwrapped,
// within the limits, as Fyne's message dialogs do, and then the height of its text wrapped at
// that width: a wrapped label measures its height at the width it was last given, and the
// first sizing gives it its width.
func (b *messageBox) Show() {
	if b.width > 0 {
		width := fyne.Min(b.width, messageMaxWidth)
		if w := b.win.Canvas().Size().Width * messageWindowShare; w > 0 {
			width = fyne.Min(width, w)
		}
		b.dlg.Resize(fyne.NewSize(width, 0))
		b.dlg.Resize(fyne.NewSize(width, 0))
	}
	b.dlg.Show()
	b.win.Canvas().Focus(b.ok)
}

// Hide closes the box as its button does.
func (b *messageBox) Hide() { b.dlg.Hide() }

// Resize sizes a box whose content does not size it by itself, such as a list.
func (b *messageBox) Resize(size fyne.Size) { b.dlg.Resize(size) }

// SetOnClosed sets what happens once the box is closed, however it was.
func (b *messageBox) SetOnClosed(closed func()) { b.dlg.SetOnClosed(closed) }

// showInfo shows a notice titled title, closed with 确定.
func showInfo(win fyne.Window, title, message string) {
	newMessage(title, message, theme.InfoIcon(), "确定", win).Show()
}

// defaultButton is a dialog's default button: Enter presses it as Space does, and Escape
// presses it too, the box having nothing else to answer.
type defaultButton struct {
	widget.Button
}

func newDefaultButton(text string, tapped func()) *defaultButton {
	b := &defaultButton{}
	b.Text, b.OnTapped = text, tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey presses the button on Enter, the keypad's Enter, Space and Escape.
func (b *defaultButton) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeyEscape:
		if !b.Disabled() {
			b.Tapped(nil)
		}
		return
	}
	b.Button.TypedKey(ev)
}
