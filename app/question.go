package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// questionWidth is the widest a question's text runs before it breaks.
const questionWidth = 600

// newQuestion is a dialog asking message, with confirm and dismiss as its answers, as tall as
// its text. Fyne's own question dialog measures its wrapped text at its narrowest before it
// widens it, and stood half the window high with most of it empty; here the text is broken
// into lines by the rules of Chinese typesetting (breakLines) at questionWidth first.
func newQuestion(title, message, confirm, dismiss string, answer func(bool), win fyne.Window) *dialog.ConfirmDialog {
	text := widget.NewLabel(brokenText(message, questionWidth, false))
	return dialog.NewCustomConfirm(title, confirm, dismiss, text, answer, win)
}

// askQuestion shows newQuestion's dialog over win; Escape answers it with dismiss.
func askQuestion(title, message, confirm, dismiss string, answer func(bool), win fyne.Window) {
	showEscapable(win, newQuestion(title, message, confirm, dismiss, answer, win))
}
