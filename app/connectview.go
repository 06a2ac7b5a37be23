package main

import (
	"context"
	"errors"
	"fmt"
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
)

// startWindow is the first start on a workstation: 本机使用 (the data directory's own store)
// or 连接单位服务器 (the form below). It is also where 更改连接… leads.
type startWindow struct {
	win     fyne.Window
	local   *widget.Button // 本机使用（仅这台电脑）
	server  *widget.Button // 连接单位服务器
	choice  fyne.CanvasObject
	connect *connectView
}

// newStartWindow asks where the office's data is. onLocal opens the data directory's store;
// onServer gets the store opened on the server and the URL it was opened with (password and
// all: the caller keeps it without).
func newStartWindow(a fyne.App, onLocal func(), onServer func(s *archive.Office, url string)) *startWindow {
	w := &startWindow{win: a.NewWindow("审档 — 选择数据存放位置")}
	w.connect = newConnectView(onServer)
	w.connect.back = widget.NewButtonWithIcon("返回", theme.NavigateBackIcon(), w.showChoice)
	w.connect.buttons.Objects = append([]fyne.CanvasObject{w.connect.back}, w.connect.buttons.Objects...)
	w.local = widget.NewButtonWithIcon("本机使用（仅这台电脑）", theme.ComputerIcon(), onLocal)
	w.server = widget.NewButtonWithIcon("连接单位服务器", theme.StorageIcon(), func() { w.showForm(w.connect.filled) })
	w.server.Importance = widget.HighImportance
	title := widget.NewLabel("审档的数据存放在哪里？")
	title.SizeName = theme.SizeNameSubHeadingText
	localNote := widget.NewLabel("数据保存在这台电脑的数据目录中，只有这台电脑能用。")
	serverNote := widget.NewLabel("多台电脑共用单位服务器上的同一个审档数据库。\n服务器地址、用户名和密码请向管理员索取。")
	w.choice = container.NewCenter(container.NewGridWrap(fyne.NewSize(480, 330), container.NewVBox(
		container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(64), widget.NewIcon(appIcon))),
		container.NewCenter(title), w.local, localNote, widget.NewSeparator(), w.server, serverNote)))
	w.win.SetContent(w.choice)
	w.win.Resize(fyne.NewSize(600, 460))
	return w
}

// showChoice shows the two choices again; the form keeps what was typed into it, but the
// password.
func (w *startWindow) showChoice() {
	w.connect.filled = w.connect.typed()
	w.win.SetContent(w.choice)
}

// showForm shows the server form filled in with addr.
func (w *startWindow) showForm(addr serverAddress) {
	w.connect.fill(addr)
	w.win.SetContent(w.connect.content)
	w.win.Canvas().Focus(w.connect.host)
}

// connectView is the form for the office server: where it is, who connects, 测试连接 and 连接.
type connectView struct {
	opened func(s *archive.Office, url string)

	host, port, database, user, password *widget.Entry
	test, connect                        *widget.Button
	back                                 *widget.Button // 返回, set by the window that shows the form
	message                              *widget.Label
	buttons                              *fyne.Container
	content                              fyne.CanvasObject
	filled                               serverAddress // what fill put in last
}

func newConnectView(opened func(s *archive.Office, url string)) *connectView {
	v := &connectView{opened: opened}
	v.buildUI()
	return v
}

func (v *connectView) buildUI() {
	v.host = widget.NewEntry()
	v.host.SetPlaceHolder("主机名或 IP 地址，例：192.168.1.10")
	v.port = widget.NewEntry()
	v.database = widget.NewEntry()
	v.user = widget.NewEntry()
	v.user.SetPlaceHolder("管理员分配的数据库用户名")
	v.password = widget.NewPasswordEntry()
	v.password.SetPlaceHolder("不会被保存")
	v.password.OnSubmitted = func(string) { v.onConnect() }
	for _, e := range []*widget.Entry{v.host, v.port, v.database, v.user, v.password} {
		e.OnChanged = func(string) { v.say("", widget.MediumImportance) } // the last answer was for other values
	}
	v.test = widget.NewButton("测试连接", v.onTest)
	v.connect = widget.NewButton("连接", v.onConnect)
	v.connect.Importance = widget.HighImportance
	v.message = widget.NewLabel("")
	v.message.Wrapping = fyne.TextWrapWord
	title := widget.NewLabel("连接单位服务器")
	title.SizeName = theme.SizeNameSubHeadingText
	note := widget.NewLabel("密码只用于这次连接，不会保存在这台电脑上；每次启动时会再询问。")
	note.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(
		widget.NewFormItem("服务器地址", v.host),
		widget.NewFormItem("端口", v.port),
		widget.NewFormItem("数据库", v.database),
		widget.NewFormItem("用户名", v.user),
		widget.NewFormItem("密码", v.password),
	)
	v.buttons = container.NewHBox(layout.NewSpacer(), v.test, v.connect)
	v.content = container.NewCenter(container.NewGridWrap(fyne.NewSize(520, 420),
		container.NewVBox(title, form, note, v.message, v.buttons)))
	v.fill(defaultServer)
}

// fill puts addr into the form, with no password.
func (v *connectView) fill(addr serverAddress) {
	v.filled = addr
	v.host.SetText(addr.host)
	v.port.SetText(addr.port)
	v.database.SetText(addr.database)
	v.user.SetText(addr.user)
	v.password.SetText("")
	v.say("", widget.MediumImportance)
}

// typed is the server the form names now.
func (v *connectView) typed() serverAddress {
	return serverAddress{host: v.host.Text, port: v.port.Text, database: v.database.Text, user: v.user.Text, query: v.filled.query}
}

// say shows text under the form, in red for a problem and green for a success.
func (v *connectView) say(text string, importance widget.Importance) {
	v.message.Importance = importance
	v.message.SetText(text)
}

// address is the URL the form names, and whether it names one; a field to fill in or correct
// is said under the form.
func (v *connectView) address() (string, bool) {
	url, err := v.typed().url(v.password.Text)
	if err != nil {
		v.say(userMessage(err), widget.DangerImportance)
		return "", false
	}
	return url, true
}

// busy disables both buttons and says the server is being reached, or enables them again.
func (v *connectView) busy(on bool) {
	enable(v.test, !on)
	enable(v.connect, !on)
	if on {
		v.say("正在连接…", widget.MediumImportance)
	}
}

// onTest asks the server what 连接 would find, off the UI goroutine, and says it.
func (v *connectView) onTest() {
	url, ok := v.address()
	if !ok {
		return
	}
	v.busy(true)
	var p archive.ServerProbe
	var err error
	offUI(func() {
		ctx, cancel := context.WithTimeout(context.Background(), serverTimeout)
		defer cancel()
		p, err = archive.ProbeServer(ctx, url)
	}, func() {
		v.busy(false)
		if err != nil {
			v.sayError(err)
			return
		}
		v.say(probeSentence(p), widget.SuccessImportance)
	})
}

// probeSentence says what 测试连接 found.
func probeSentence(p archive.ServerProbe) string {
	switch {
	case p.Users > 0 && p.Fonds != "":
		return fmt.Sprintf("连接成功：%s（%s，已有 %d 个用户）。", p.Where, p.Fonds, p.Users)
	case p.Users > 0:
		return fmt.Sprintf("连接成功：%s（已有 %d 个用户）。", p.Where, p.Users)
	}
	return fmt.Sprintf("连接成功：%s（尚未设置：连接后先设置本单位全宗与管理员）。", p.Where)
}

// onConnect opens the store on the server, off the UI goroutine, and hands it on.
func (v *connectView) onConnect() {
	url, ok := v.address()
	if !ok {
		return
	}
	v.busy(true)
	var s *archive.Office
	var err error
	offUI(func() { s, err = openServer(url) }, func() {
		v.busy(false)
		if err != nil {
			v.sayError(err)
			return
		}
		v.say("", widget.MediumImportance)
		v.password.SetText("")
		v.opened(s, url)
	})
}

// sayError logs err and says it under the form; a password the server asks for is asked for
// here, in the form's words.
func (v *connectView) sayError(err error) {
	log.Printf("connect to the office server: %v", err)
	if errors.Is(err, archive.ErrPasswordNeeded) {
		v.say("单位服务器要求输入密码，请填写“密码”一栏。", widget.DangerImportance)
		if c := fyne.CurrentApp().Driver().CanvasForObject(v.password); c != nil {
			c.Focus(v.password)
		}
		return
	}
	v.say(userMessage(err), widget.DangerImportance)
}
