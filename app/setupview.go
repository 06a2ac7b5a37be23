package main

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
)

// setupView is the first start of a store: the office's 全宗 and divisions, and its
// administrator, created together.
type setupView struct {
	store archive.Store
	done  func(*archive.User)
	// setElsewhere shows the sign-in when the office was set up meanwhile at another desk
	// of the office server; nil keeps the form with the message.
	setElsewhere func()

	fondsName, fondsCode     *widget.Entry
	divisions                *linesEntry
	adminName, adminFullName *widget.Entry
	password, confirm        *widget.Entry
	create                   *widget.Button
	message                  *widget.Label
	content                  fyne.CanvasObject
}

func newSetupView(store archive.Store, done func(*archive.User)) *setupView {
	v := &setupView{store: store, done: done}
	v.buildUI()
	return v
}

func (v *setupView) buildUI() {
	v.fondsName = widget.NewEntry()
	v.fondsName.SetPlaceHolder("例：厦门市司法局")
	v.fondsCode = widget.NewEntry()
	v.fondsCode.SetPlaceHolder("例：Z109")
	v.divisions = newLinesEntry()
	v.divisions.SetPlaceHolder("每行一个：机构代码 名称\nBGS 办公室\nLSC 律师工作处")
	v.divisions.SetMinRowsVisible(4)
	v.adminName = widget.NewEntry()
	v.adminName.SetPlaceHolder("登录名，例：admin")
	v.adminFullName = widget.NewEntry()
	v.adminFullName.SetPlaceHolder("姓名")
	v.password = widget.NewPasswordEntry()
	v.password.SetPlaceHolder("至少 8 个字符")
	v.confirm = widget.NewPasswordEntry()
	v.confirm.OnSubmitted = func(string) { v.onCreate() }
	v.create = widget.NewButton("创建并登录", v.onCreate)
	v.create.Importance = widget.HighImportance
	v.message = widget.NewLabel("")
	v.message.Importance = widget.DangerImportance
	v.message.Wrapping = fyne.TextWrapWord

	form := widget.NewForm(
		widget.NewFormItem("全宗名称", v.fondsName),
		widget.NewFormItem("全宗号", v.fondsCode),
		widget.NewFormItem("机构（问题）", v.divisions),
		widget.NewFormItem("管理员登录名", v.adminName),
		widget.NewFormItem("管理员姓名", v.adminFullName),
		widget.NewFormItem("密码", v.password),
		widget.NewFormItem("确认密码", v.confirm),
	)
	title := widget.NewLabel("首次使用：设置本单位全宗与管理员")
	title.SizeName = "subHeadingText"
	intro := widget.NewLabel("这些信息用于生成档号（全宗号-WS·年度-保管期限-机构代码-件号）；管理员随后可添加其他用户。")
	intro.Wrapping = fyne.TextWrapWord
	v.content = container.NewCenter(container.NewGridWrap(fyne.NewSize(560, 560),
		container.NewVBox(title, intro, form, v.message, container.NewHBox(widget.NewLabel(""), v.create))))
}

// onCreate sets the store up; the password hashing runs off the UI goroutine.
func (v *setupView) onCreate() {
	st, admin, err := v.read()
	if err != nil {
		v.message.SetText(userMessage(err))
		return
	}
	password := v.password.Text
	v.create.Disable()
	v.message.SetText("")
	offUI(func() { err = v.store.SetUp(admin, password, st) }, func() {
		v.create.Enable()
		if errors.Is(err, archive.ErrState) && v.setElsewhere != nil {
			v.setElsewhere() // another desk of the office server set it up first
			return
		}
		if err != nil {
			v.message.SetText(userMessage(err))
			return
		}
		v.done(&admin)
	})
}

// read collects the form, with the errors a person can fix before anything is stored.
func (v *setupView) read() (archive.Settings, archive.User, error) {
	st := archive.Settings{FondsName: strings.TrimSpace(v.fondsName.Text), FondsCode: strings.ToUpper(strings.TrimSpace(v.fondsCode.Text)),
		DefaultRetention: archive.Years10}
	divisions, err := parseDivisions(v.divisions.Text)
	if err != nil {
		return st, archive.User{}, err
	}
	st.Divisions = divisions
	admin := archive.User{Name: strings.TrimSpace(v.adminName.Text), FullName: strings.TrimSpace(v.adminFullName.Text), Roles: []archive.Role{archive.RoleAdmin}}
	switch {
	case len(st.Divisions) == 0:
		return st, admin, userError("请至少填写一个机构（问题）及其代码。")
	case v.password.Text != v.confirm.Text:
		return st, admin, userError("两次输入的密码不一致。")
	}
	return st, admin, nil
}

// loginView signs a user in.
type loginView struct {
	store archive.Store
	done  func(*archive.User)

	name, password *widget.Entry
	login          *widget.Button
	message        *widget.Label
	content        fyne.CanvasObject
}

func newLoginView(store archive.Store, fonds string, done func(*archive.User)) *loginView {
	v := &loginView{store: store, done: done}
	v.name = widget.NewEntry()
	v.name.SetPlaceHolder("登录名")
	v.password = widget.NewPasswordEntry()
	v.password.SetPlaceHolder("密码")
	v.password.OnSubmitted = func(string) { v.onLogin() }
	v.login = widget.NewButton("登录", v.onLogin)
	v.login.Importance = widget.HighImportance
	v.message = widget.NewLabel("")
	v.message.Importance = widget.DangerImportance
	v.message.Wrapping = fyne.TextWrapWord
	title := widget.NewLabel("审档 · " + fonds)
	title.SizeName = "subHeadingText"
	title.Alignment = fyne.TextAlignCenter
	v.content = container.NewCenter(container.NewGridWrap(fyne.NewSize(360, 260),
		container.NewVBox(container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(64), widget.NewIcon(appIcon))),
			title, v.name, v.password, v.login, v.message)))
	return v
}

// onLogin checks the password off the UI goroutine (argon2id takes a moment on purpose).
func (v *loginView) onLogin() {
	name, password := strings.TrimSpace(v.name.Text), v.password.Text
	v.login.Disable()
	v.message.SetText("")
	var u *archive.User
	var err error
	offUI(func() { u, err = v.store.Authenticate(name, password) }, func() {
		v.login.Enable()
		if err != nil {
			v.message.SetText(userMessage(err))
			v.password.SetText("")
			return
		}
		v.done(u)
	})
}
