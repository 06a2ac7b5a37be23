package main

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
)

// passphraseWindow asks for the passphrase of an encrypted store, and opens the store with it.
// A wrong passphrase is said so and may be typed again; the store is opened off the UI
// goroutine, since deriving the key takes a moment by design.
type passphraseWindow struct {
	win     fyne.Window
	dir     string // the store directory
	entry   *widget.Entry
	open    *widget.Button
	quit    *widget.Button
	message *widget.Label
	opened  func(*archive.Office) // called on the UI goroutine with the open store
}

func newPassphraseWindow(a fyne.App, dataDir string, opened func(*archive.Office)) *passphraseWindow {
	p := &passphraseWindow{win: a.NewWindow("审档 — 打开加密数据库"), dir: storeDir(dataDir), opened: opened}
	heading := widget.NewLabel("数据目录 " + dataDir + " 中的数据库已加密，请输入口令。")
	heading.Wrapping = fyne.TextWrapWord
	p.entry = widget.NewPasswordEntry()
	p.entry.SetPlaceHolder("数据库口令")
	p.entry.OnSubmitted = func(string) { p.onOpen() }
	p.message = widget.NewLabel("")
	p.message.Importance = widget.DangerImportance
	p.open = widget.NewButton("打开", p.onOpen)
	p.open.Importance = widget.HighImportance
	p.quit = widget.NewButton("退出", a.Quit)
	icon := container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(48), widget.NewIcon(theme.VisibilityOffIcon())))
	p.win.SetContent(container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), p.quit, p.open), icon, nil,
		container.NewVBox(heading, p.entry, p.message)))
	p.win.Resize(fyne.NewSize(560, 220))
	p.win.Canvas().Focus(p.entry)
	return p
}

// onOpen tries the passphrase typed.
func (p *passphraseWindow) onOpen() {
	pass := p.entry.Text
	if pass == "" {
		p.message.SetText("请输入口令。")
		return
	}
	p.open.Disable()
	p.message.SetText("正在打开…")
	var store *archive.Office
	var err error
	offUI(func() { store, err = archive.Open(p.dir, archive.Options{Passphrase: pass}) }, func() {
		p.open.Enable()
		switch {
		case errors.Is(err, archive.ErrWrongPassphrase):
			p.message.SetText("口令不正确，请重新输入。")
			p.entry.SetText("")
			p.win.Canvas().Focus(p.entry)
		case err != nil:
			p.message.SetText(userMessage(err))
		default:
			p.message.SetText("")
			p.opened(store)
		}
	})
}
