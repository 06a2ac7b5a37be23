package main

import (
	"errors"
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
)

// secretWindow asks at start for the secret that opens the store — the passphrase of an
// encrypted data folder, or the password of the office server when PGPASSWORD and .pgpass give
// none — and opens it off the UI goroutine, since deriving a key or reaching a server takes a
// moment. A refused secret is said so, the field is emptied and may be typed again. The secret
// is used for this start only and never kept. 退出 ends the program, as closing the window does.
type secretWindow struct {
	win     fyne.Window
	entry   *widget.Entry
	submit  *widget.Button // 打开 or 连接
	change  *widget.Button // 更改连接…, shown for a remembered server
	quit    *widget.Button
	message *widget.Label
	q       secretQuestion
	opened  func(*archive.Office) // called on the UI goroutine with the open store
}

// secretQuestion is what a secretWindow asks and how it opens the store.
type secretQuestion struct {
	title, heading, note string
	icon                 fyne.Resource
	placeholder          string // 数据库口令
	submit, busy         string // 打开, 正在打开…
	empty                string // said when 打开 is pressed with nothing typed
	open                 func(secret string) (*archive.Office, error)
	// refused says what to say of err when it is the secret that was wrong, or "" to say
	// userMessage(err).
	refused func(err error) string
}

// newSecretWindow asks q; change, when not nil, is offered as 更改连接….
func newSecretWindow(a fyne.App, q secretQuestion, change func(), opened func(*archive.Office)) *secretWindow {
	p := &secretWindow{win: a.NewWindow(q.title), q: q, opened: opened}
	heading := widget.NewLabel(q.heading)
	heading.Wrapping = fyne.TextWrapWord
	lines := []fyne.CanvasObject{heading}
	if q.note != "" {
		lines = append(lines, widget.NewLabel(q.note))
	}
	p.entry = widget.NewPasswordEntry()
	p.entry.SetPlaceHolder(q.placeholder)
	p.entry.OnSubmitted = func(string) { p.onSubmit() }
	p.message = widget.NewLabel("")
	p.message.Importance = widget.DangerImportance
	p.message.Wrapping = fyne.TextWrapWord
	p.submit = widget.NewButton(q.submit, p.onSubmit)
	p.submit.Importance = widget.HighImportance
	p.change = widget.NewButton("更改连接…", change)
	if change == nil {
		p.change.Hide()
	}
	p.quit = widget.NewButton("退出", a.Quit)
	icon := container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(48), widget.NewIcon(q.icon)))
	p.win.SetContent(container.NewBorder(nil, container.NewHBox(p.change, layout.NewSpacer(), p.quit, p.submit), icon, nil,
		container.NewVBox(append(lines, p.entry, p.message)...)))
	p.win.Resize(fyne.NewSize(600, 260))
	p.win.Canvas().Focus(p.entry)
	return p
}

// onSubmit opens the store with the secret typed, off the UI goroutine.
func (p *secretWindow) onSubmit() {
	secret := p.entry.Text
	if secret == "" {
		p.message.SetText(p.q.empty)
		return
	}
	p.submit.Disable()
	p.message.SetText(p.q.busy)
	var s *archive.Office
	var err error
	offUI(func() { s, err = p.q.open(secret) }, func() {
		p.submit.Enable()
		if err != nil {
			log.Printf("%s: %v", p.q.title, err)
			say := p.q.refused(err)
			if say == "" {
				say = userMessage(err)
			}
			p.message.SetText(say)
			p.entry.SetText("")
			p.win.Canvas().Focus(p.entry)
			return
		}
		p.message.SetText("")
		p.opened(s)
	})
}

// newPassphraseWindow asks for the passphrase of the encrypted store in dataDir.
func newPassphraseWindow(a fyne.App, dataDir string, opened func(*archive.Office)) *secretWindow {
	dir := storeDir(dataDir)
	return newSecretWindow(a, secretQuestion{
		title: "审档 — 打开加密数据库", heading: "数据目录 " + dataDir + " 中的数据库已加密，请输入口令。",
		icon: theme.VisibilityOffIcon(), placeholder: "数据库口令", submit: "打开", busy: "正在打开…", empty: "请输入口令。",
		open: func(pass string) (*archive.Office, error) {
			return archive.Open(dir, archive.Options{Passphrase: pass})
		},
		refused: func(err error) string {
			if errors.Is(err, archive.ErrWrongPassphrase) {
				return "口令不正确，请重新输入。"
			}
			return ""
		},
	}, nil, opened)
}

// newPasswordWindow asks for the password of the server at url; change, when not nil, is
// offered as 更改连接….
func newPasswordWindow(a fyne.App, url string, change func(), opened func(*archive.Office)) *secretWindow {
	return newSecretWindow(a, secretQuestion{
		title: "审档 — 连接单位服务器", heading: "单位服务器 " + addressOf(url).place() + " 要求输入用户 " + userOf(url) + " 的密码。",
		note: "密码只用于这次连接，不会被保存。", icon: theme.StorageIcon(),
		placeholder: "数据库密码", submit: "连接", busy: "正在连接…", empty: "请输入密码。",
		open:    func(password string) (*archive.Office, error) { return openServer(withPassword(url, password)) },
		refused: func(error) string { return "" },
	}, change, opened)
}
