package main

import (
	"errors"
	"log"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
)

// idleLock locks the window after the office's idle time without keyboard or mouse input, on
// the shared PCs of an office: the workspace stays as it was, and only the same user's password
// opens it again, or another user signs in instead.
type idleLock struct {
	after time.Duration
	idle  func() (time.Duration, bool) // time since the last input, as the system counts it
	every time.Duration                // how often idle is asked
	done  chan struct{}
}

// startIdleLock starts watching for idleness, when the office wants it and the system can say
// how long the user has been away.
func (m *mainWindow) startIdleLock() {
	st, err := m.store.Settings()
	if err != nil || st.IdleLock() == 0 {
		return
	}
	if _, ok := systemIdle(); !ok {
		log.Print("idle lock: this desktop does not say how long the user has been away; the window will not lock itself")
		return
	}
	m.idle = &idleLock{after: st.IdleLock(), idle: systemIdle, every: 5 * time.Second, done: make(chan struct{})}
	go m.idle.watch(func() { fyne.Do(m.lock) })
}

func (m *mainWindow) stopIdleLock() {
	if m.idle != nil {
		close(m.idle.done)
		m.idle = nil
	}
}

// watch calls lock once the user has been away for l.after, then stops.
func (l *idleLock) watch(lock func()) {
	t := time.NewTicker(l.every)
	defer t.Stop()
	for {
		select {
		case <-l.done:
			return
		case <-t.C:
			if d, ok := l.idle(); ok && d >= l.after {
				lock()
				return
			}
		}
	}
}

// lockView is the locked window: the user's name, their password to unlock, or 切换用户.
type lockView struct {
	password   *widget.Entry
	unlock     *widget.Button
	switchUser *widget.Button
	message    *widget.Label
	cover      *widget.PopUp // over the whole window, dialogs included
}

// lock covers the window, dialogs included, until the signed-in user gives their password
// again; under the cover everything stays as it was left.
func (m *mainWindow) lock() {
	if m.user == nil || m.locked != nil {
		return
	}
	m.stopIdleLock()
	c := m.win.Canvas()
	v := &lockView{password: widget.NewPasswordEntry(), message: widget.NewLabel("")}
	v.message.Importance = widget.DangerImportance
	v.password.SetPlaceHolder("密码")
	v.unlock = widget.NewButton("解锁", func() { m.onUnlock(v) })
	v.unlock.Importance = widget.HighImportance
	v.password.OnSubmitted = func(string) { m.onUnlock(v) }
	v.switchUser = widget.NewButton("切换用户", m.onSignOut)
	title := widget.NewLabel("审档已锁定")
	title.SizeName = "subHeadingText"
	title.Alignment = fyne.TextAlignCenter
	who := widget.NewLabel(m.user.FullName + "（" + m.user.Name + "）离开后，窗口已自动锁定。")
	who.Alignment = fyne.TextAlignCenter
	form := container.NewCenter(container.NewGridWrap(fyne.NewSize(380, 300),
		container.NewVBox(container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(64), widget.NewIcon(appIcon))),
			title, who, v.password, container.NewGridWithColumns(2, v.switchUser, v.unlock), v.message)))
	background := canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	v.cover = widget.NewPopUp(container.NewStack(background, form), c)
	v.cover.Move(fyne.NewPos(0, 0))
	v.cover.Resize(c.Size())
	m.locked = v
	m.win.SetMainMenu(nil)
	v.cover.Show()
	c.Focus(v.password)
}

// onUnlock checks the password off the UI goroutine and, when it is the signed-in user's,
// takes the cover away.
func (m *mainWindow) onUnlock(v *lockView) {
	if m.user == nil {
		return
	}
	name, password := m.user.Name, v.password.Text
	v.unlock.Disable()
	var err error
	offUI(func() { _, err = m.store.Authenticate(name, password) }, func() {
		v.unlock.Enable()
		if err != nil {
			msg := userMessage(err)
			if errors.Is(err, archive.ErrAuth) {
				msg = "密码不正确。"
			}
			v.message.SetText(msg)
			v.password.SetText("")
			return
		}
		m.unlock()
		m.win.SetMainMenu(m.mainMenu())
		m.startIdleLock()
	})
}

// unlock takes the lock's cover away, if the window is locked.
func (m *mainWindow) unlock() {
	if m.locked != nil {
		m.locked.cover.Hide()
		m.locked = nil
	}
}

// idleChoices are the idle times an office may choose, as 设置 offers them.
var idleChoices = []struct {
	label   string
	minutes int
}{{"5 分钟", 5}, {"10 分钟", 10}, {"15 分钟", 0}, {"30 分钟", 30}, {"60 分钟", 60}, {"从不锁定", -1}}

// idleLabel is the choice that says st's idle time.
func idleLabel(st archive.Settings) string {
	for _, c := range idleChoices {
		if c.minutes == st.IdleLockMinutes || (c.minutes == 0 && time.Duration(st.IdleLockMinutes)*time.Minute == archive.DefaultIdleLock) {
			return c.label
		}
	}
	return (time.Duration(st.IdleLockMinutes) * time.Minute).String()
}
