package main

import (
	"fmt"
	"log"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/assets"
	"shendang.gov.cn/shendang/review"
)

// windowInfo is what the main window shows about the running program.
type windowInfo struct {
	dataDir string
	version string
	server  string // the office server the store is on, as a person reads it; "" for the data directory's own store
}

// place says where the office's data is: on the office server, or in the data directory.
func (i windowInfo) place() string {
	if i.server != "" {
		return "数据：" + i.server
	}
	return "数据目录：" + i.dataDir
}

// mainWindow is the 审档 window: first-start setup or sign-in, then the workspace with
// navigation on the left, one screen per part of the work. Signing out (Ctrl+L) returns to the
// sign-in screen, so that colleagues at a shared desk hand over without closing the program.
type mainWindow struct {
	win     fyne.Window
	store   archive.Store
	info    windowInfo
	user    *archive.User // signed in, or nil
	fonds   string        // the office's 全宗名称 as last read, for the sign-in title
	tabs    *container.AppTabs
	status  *widget.Label
	signOut *widget.Button
	body    fyne.CanvasObject // the workspace: tabs and status

	setup        *setupView            // shown at first start
	login        *loginView            // shown when the store has users
	reviewView   *reviewView           // the 审查 screen, when the window has a rule set
	queueView    *queueView            // the 待办 screen of the signed-in user
	archiveView  *archiveView          // the 归档 screen
	settingsView *settingsView         // the 设置 screen
	statsView    *statsView            // the 统计 screen, for those who may see it
	offer        *dialog.ConfirmDialog // the samples offered at first start
	about        *messageBox           // 关于审档, while shown

	queue    *container.TabItem // 待办: the signed-in user's work
	review   *container.TabItem // 审查: drafts and their secrecy check
	archive  *container.TabItem // 归档: the filed archive
	settings *container.TabItem // 设置: office settings, rules, data
	stats    *container.TabItem // 统计: the office's figures, shown to those who may see them

	shortcuts []fyne.Shortcut // those bound while someone is signed in
	idle      *idleLock       // locks the window after a while without input; nil when off
	live      *liveWatch      // reloads on other desks' writes, on the server; nil otherwise
	locked    *lockView       // the lock screen, while the window is locked
}

func newMainWindow(a fyne.App, info windowInfo, store archive.Store, rules *review.RuleSet) *mainWindow {
	m := &mainWindow{win: a.NewWindow("审档"), store: store, info: info}
	m.win.Canvas().SetOnTypedKey(withEscape(m.win.Canvas(), nil)) // the sign-in's messages close with Escape too
	m.buildUI(info)
	if rules != nil {
		m.reviewView = newReviewView(m.win, rules)
		m.review.Content = m.reviewView.content
	}
	return m
}

// start shows the first-start setup when the store has no users, and the sign-in otherwise.
func (m *mainWindow) start() error {
	has, err := m.store.HasUsers()
	if err != nil {
		return err
	}
	if !has {
		m.setup = newSetupView(m.store, m.firstSignIn)
		m.setup.setElsewhere = func() {
			m.setup = nil
			if err := m.showLogin(""); err == nil {
				m.login.message.SetText("本单位已在另一台电脑上设置好，请用管理员为您建的账号登录。")
			}
		}
		m.win.SetContent(m.setup.content)
		return nil
	}
	return m.showLogin("")
}

// showLogin shows the sign-in screen, with name filled in when given (the user whose session
// locked).
func (m *mainWindow) showLogin(name string) error {
	// The sign-in shows even when the settings cannot be read (the office server is away): it
	// says why, and signing in says it again until the server is back.
	st, err := m.store.Settings()
	if err == nil {
		m.fonds = st.FondsName
	}
	m.login = newLoginView(m.store, m.fonds, m.signedIn) // the name known last, while the server is away
	if err != nil {
		m.sayError(err)
		m.login.message.SetText(userMessage(err))
	}
	m.win.SetMainMenu(nil)
	m.win.SetContent(m.login.content)
	if name != "" {
		m.login.name.SetText(name)
		m.win.Canvas().Focus(m.login.password)
	} else {
		m.win.Canvas().Focus(m.login.name)
	}
	return nil
}

// firstSignIn follows the first-start setup: the workspace, and an offer to open a sample
// draft that must be blocked, so a newcomer sees the whole review at once.
func (m *mainWindow) firstSignIn(u *archive.User) {
	m.signedIn(u)
	if m.reviewView == nil {
		return
	}
	m.offer = newQuestion("欢迎使用审档", "是否在“审查”中打开一份示例请示？它含密级标志、内部资料字样和个人手机号，可以看到审档如何逐项标出并作出结论。",
		"打开示例", "以后再说", func(ok bool) {
			if ok {
				m.openSample()
			}
		}, m.win)
	showEscapable(m.win, m.offer)
}

// openSample opens the bundled sample that must be blocked in the review view.
func (m *mainWindow) openSample() {
	for name, data := range assets.Samples() {
		if strings.Contains(name, "密级") {
			m.tabs.Select(m.review)
			m.reviewView.loadBytes(name, data)
		}
	}
}

// signedIn shows the workspace to u: each screen made afresh for them, opened where there is
// work.
func (m *mainWindow) signedIn(u *archive.User) {
	m.user, m.login = u, nil
	// Checking the password took argon2id's 64 MiB, garbage now: give it back to the system
	// rather than carry it until the heap grows to twice its size.
	go debug.FreeOSMemory()
	m.showStatus()
	m.win.SetContent(m.body)
	m.win.SetMainMenu(m.mainMenu())
	if m.reviewView != nil {
		m.reviewView.store, m.reviewView.user = m.store, u
		m.reviewView.onProposed = m.proposed
		m.reviewView.onRead = m.showStatus // what the line said of the draft before is no longer on screen
		if rules, err := m.store.RuleSet(); err != nil {
			m.sayError(err) // the shipped lists still apply
		} else {
			m.reviewView.setRules(rules)
		}
		m.queueView = newQueueView(m.win, m.store, u, m.reviewView)
		m.queueView.onOpen = func() { m.tabs.Select(m.review) }
		m.queueView.onArchive = m.showTaskInArchive
		m.queueView.onChanged = func() { m.countTasks() }
		m.queue.Content = m.queueView.content
		m.win.SetOnDropped(m.onDropped)
	}
	m.archiveView = newArchiveView(m.win, m.store, u, filepath.Join(m.info.dataDir, "forms"))
	m.archiveView.onChanged = func() { m.countTasks() }
	m.archiveView.openOnWork()
	m.archive.Content = m.archiveView.content
	m.settingsView = newSettingsView(m.win, m.store, u, m.info.dataDir, func(rs *review.RuleSet) {
		if m.reviewView != nil && rs.Version != m.reviewView.rules.Version {
			m.reviewView.setRules(rs)
		}
	})
	m.settingsView.data.showPlace(m.info.place())
	m.settings.Content = m.settingsView.content
	m.showStatsTab(u)
	m.addShortcuts()
	m.tabs.OnSelected = m.onTab
	m.tabs.Refresh()
	m.openWhereWorkIs()
	m.startIdleLock()
	m.startLive()
}

// proposed confirms in the status line that a draft went on, and where it stands.
func (m *mainWindow) proposed(it *archive.Item) {
	verb := "已提出"
	if it.Current().N > 1 {
		verb = "已重新提出"
	}
	m.say(fmt.Sprintf("%s“%s”（第 %d 稿）：%s。", verb, it.Title, it.Current().N, it.Standing()))
}

// showStatus writes who is signed in, where the data is, and the version into the status line.
func (m *mainWindow) showStatus() {
	var roles []string
	for _, r := range m.user.Roles {
		roles = append(roles, r.Label())
	}
	m.status.SetText(fmt.Sprintf("当前用户：%s（%s）    %s    版本：%s", m.user.FullName, strings.Join(roles, "、"), m.info.place(), m.info.version))
	m.signOut.Show()
}

// say shows a message in the status line.
func (m *mainWindow) say(text string) { m.status.SetText(text) }

// sayError logs err and says it in the status line, in Chinese.
func (m *mainWindow) sayError(err error) {
	log.Print(err)
	m.say(userMessage(err))
}

// openWhereWorkIs selects 待办 when the user has something to do there, else the screen their
// role works in: 审查 for a drafter, 归档 for an archivist, 待办 otherwise.
func (m *mainWindow) openWhereWorkIs() {
	n := m.countTasks()
	switch {
	case n > 0 || m.queueView == nil:
		m.tabs.Select(m.queue)
	case m.user.MayFile():
		m.tabs.Select(m.archive)
	case m.user.MayPropose():
		m.tabs.Select(m.review)
	default:
		m.tabs.Select(m.queue)
	}
	m.onTab(m.tabs.Selected())
}

// countTasks reloads 待办 and writes its count into its tab: 待办（3）. It returns the count.
func (m *mainWindow) countTasks() int {
	if m.queueView == nil {
		return 0
	}
	if err := m.queueView.refresh(); err != nil {
		m.sayError(err)
		return 0
	}
	return m.showTaskCount()
}

// showTaskCount writes the number of tasks listed in 待办 into its tab, and returns it. Without
// the count on an empty 待办 the navigation narrowed and every screen shifted left after the
// last task was done.
func (m *mainWindow) showTaskCount() int {
	n := len(m.queueView.tasks)
	text := fmt.Sprintf("待办（%d）", n) // 待办（0） too: the navigation keeps its width as the count comes and goes
	if m.queue.Text != text {
		m.queue.Text = text
		m.tabs.Refresh()
	}
	return n
}

// onTab reloads the screen shown from the store: another desk may have changed it.
func (m *mainWindow) onTab(t *container.TabItem) {
	if m.user == nil {
		return // signed out: the screens belong to nobody
	}
	var err error
	switch t {
	case m.queue:
		m.countTasks()
	case m.archive:
		err = m.archiveView.reload()
	case m.settings:
		err = m.settingsView.reload()
	case m.stats:
		err = m.statsView.reload()
		if err == nil {
			m.statsView.recount() // this quarter at once, or what was shown, with today's decisions
		}
	}
	if err != nil {
		m.sayError(err)
	}
}

// showStatsTab adds 统计 beside 设置 for a user who may see the office's figures, with a view
// made for them, and takes it away for one who may not.
func (m *mainWindow) showStatsTab(u *archive.User) {
	m.statsView = nil
	if !u.MaySeeStatistics() {
		m.setTabs(false)
		return
	}
	m.statsView = newStatsView(m.win, m.store, u, time.Now)
	m.statsView.onOpen = m.showItemInArchive
	m.stats.Content = m.statsView.content
	m.setTabs(true)
}

// setTabs lays out the navigation: 待办, 审查, 归档, 统计 when shown, 设置.
func (m *mainWindow) setTabs(stats bool) {
	items := []*container.TabItem{m.queue, m.review, m.archive, m.settings}
	if stats {
		items = []*container.TabItem{m.queue, m.review, m.archive, m.stats, m.settings}
	}
	m.tabs.SetItems(items)
}

// showItemInArchive opens 归档 on an item of the statistics.
func (m *mainWindow) showItemInArchive(id string) {
	m.tabs.Select(m.archive)
	m.archiveView.showItem(id)
}

// showTaskInArchive opens 归档 on a task of the archivist's 待办: the 待建档 item selected, or the
// filing group to box.
func (m *mainWindow) showTaskInArchive(t archive.Task) {
	m.tabs.Select(m.archive)
	m.archiveView.showTask(t)
}

// mainMenu is the window's menu: 审档 (切换用户, and Fyne's 退出) and 帮助.
func (m *mainWindow) mainMenu() *fyne.MainMenu {
	switchUser := fyne.NewMenuItem("注销并切换用户", m.onSignOut)
	switchUser.Shortcut = signOutShortcut
	switchUser.Icon = theme.LogoutIcon()
	about := fyne.NewMenuItem("关于审档", m.onAbout)
	return fyne.NewMainMenu(fyne.NewMenu("审档", switchUser), fyne.NewMenu("帮助", about))
}

// The window's shortcuts.
var (
	signOutShortcut  = &desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault}      // 注销并切换用户
	openShortcut     = &desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault}      // 导入文件
	findShortcut     = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}      // 查找
	previousShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyF3, Modifier: fyne.KeyModifierShift}               // 上一处
	dismissShortcut  = &desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault} // 误报
)

// onSignOut ends the session and returns to the sign-in screen: the next colleague signs in
// at the same window. Nothing is lost: every decision is stored when it is taken.
func (m *mainWindow) onSignOut() {
	if m.user == nil {
		return
	}
	name := m.user.Name
	if err := m.store.Record(name, archive.ActionLogout, "注销"); err != nil {
		log.Printf("audit sign-out: %v", err)
	}
	m.endSession()
	if err := m.showLogin(""); err != nil {
		showError(m.win, err)
	}
}

// endSession forgets the signed-in user and everything shown to them.
func (m *mainWindow) endSession() {
	m.stopIdleLock()
	m.stopLive()
	m.unlock()
	for _, s := range m.shortcuts {
		m.win.Canvas().RemoveShortcut(s)
	}
	m.shortcuts = nil
	m.win.Canvas().SetOnTypedKey(withEscape(m.win.Canvas(), nil))
	m.win.SetOnDropped(nil)
	for _, o := range m.win.Canvas().Overlays().List() {
		m.win.Canvas().Overlays().Remove(o) // dialogs left open belong to the session
	}
	if m.reviewView != nil {
		m.reviewView.clear()
		m.reviewView.user, m.reviewView.store = nil, nil
	}
	m.user, m.queueView, m.archiveView, m.settingsView, m.statsView = nil, nil, nil, nil, nil
	m.setTabs(false)
	m.queue.Text = "待办"
	m.signOut.Hide()
	m.status.SetText(fmt.Sprintf("%s    版本：%s", m.info.place(), m.info.version))
}

// onAbout says what the program is and where its data is.
func (m *mainWindow) onAbout() {
	text := widget.NewLabel(fmt.Sprintf("审档 %s\n政务信息公开保密审查与归档\n\n%s\n日志：%s", m.info.version, m.info.place(), logPath(m.info.dataDir)))
	m.about = newMessageBox("关于审档", text, "关闭", m.win)
	m.about.Show()
}

// addShortcuts binds the keyboard: Ctrl+L sign out, Ctrl+O import, Ctrl+F find in the
// document, F3 / Shift+F3 next and previous finding, Ctrl+Enter 误报 with the reason typed
// (确认 needs no reason: its button). While a dialog is open, the shortcuts wait: a second
// Ctrl+Enter must not stack a second message over the first.
func (m *mainWindow) addShortcuts() {
	c := m.win.Canvas()
	bind := func(s fyne.Shortcut, do func()) {
		c.AddShortcut(s, func(fyne.Shortcut) {
			if c.Overlays().Top() == nil {
				do()
			}
		})
		m.shortcuts = append(m.shortcuts, s)
	}
	bind(signOutShortcut, m.onSignOut)
	v := m.reviewView
	if v == nil {
		return
	}
	bind(openShortcut, func() { m.tabs.Select(m.review); v.onOpen() })
	bind(findShortcut, func() { m.tabs.Select(m.review); v.showFind() })
	bind(previousShortcut, func() { v.step(-1) })
	bind(dismissShortcut, v.onDismiss)
	c.SetOnTypedKey(withEscape(c, func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyF3 && c.Overlays().Top() == nil {
			v.step(1)
		}
	}))
}

// onDropped opens a file dropped anywhere on the window in the 审查 screen; several files are
// imported as a batch.
func (m *mainWindow) onDropped(_ fyne.Position, uris []fyne.URI) {
	if m.user == nil {
		return
	}
	var paths []string
	for _, u := range uris {
		paths = append(paths, u.Path())
	}
	m.tabs.Select(m.review)
	if len(paths) == 1 {
		m.reviewView.load(paths[0])
		return
	}
	m.reviewView.importBatch(paths)
}

func (m *mainWindow) buildUI(info windowInfo) {
	m.queue = container.NewTabItemWithIcon("待办", theme.ListIcon(), emptyState(theme.ListIcon(),
		"暂无待办事项",
		"这里按办理环节列出需要您处理的拟公开政务信息：",
		"初审、保密审查、审核、公开、建档，并标出超期事项。"))
	m.review = container.NewTabItemWithIcon("审查", theme.SearchIcon(), emptyState(theme.SearchIcon(),
		"尚未导入拟公开文件",
		"在这里导入拟公开的文件（docx、wps、pdf、ofd、xlsx、et 等），",
		"逐条查看保密审查发现的问题，作出通过或退回的决定。"))
	m.archive = container.NewTabItemWithIcon("归档", theme.StorageIcon(), emptyState(theme.StorageIcon(),
		"档案库中还没有文件",
		"已公开的政务信息在这里按年度、保管期限、机构分类建档，",
		"生成归档章、归档文件目录、备考表和档案盒封面、盒脊。"))
	m.settings = container.NewTabItemWithIcon("设置", theme.SettingsIcon(), emptyState(theme.SettingsIcon(),
		"设置",
		"全宗与机构代码、保管期限表、主动公开目录、关键词与豁免词表、",
		"用户与角色、数据备份与校验，将在这里管理。",
		info.place()))

	m.stats = container.NewTabItemWithIcon("统计", theme.GridIcon(), widget.NewLabel(""))
	m.tabs = container.NewAppTabs(m.queue, m.review, m.archive, m.settings)
	m.tabs.SetTabLocation(container.TabLocationLeading)
	m.status = widget.NewLabel(fmt.Sprintf("%s    版本：%s", info.place(), info.version))
	m.status.Truncation = fyne.TextTruncateEllipsis
	m.signOut = widget.NewButtonWithIcon("注销", theme.LogoutIcon(), m.onSignOut)
	m.signOut.Importance = widget.LowImportance
	m.signOut.Hide()

	m.body = container.NewBorder(nil, container.NewBorder(nil, nil, nil, m.signOut, m.status), nil, nil, m.tabs)
	m.win.SetContent(m.body)
	m.win.SetIcon(appIcon)
	m.win.Resize(windowSize)
}

// fitScreen sizes the window to the screen it opens on, where the screen is smaller than
// windowSize (see screen.go): at once, as if at scale 1, and again once the window is shown
// and knows its scale.
func (m *mainWindow) fitScreen() {
	w, h := screenSize()
	if w == 0 {
		return
	}
	m.win.Resize(fitWindow(windowSize, w, h, 1))
	go fyne.Do(func() { m.win.Resize(fitWindow(windowSize, w, h, m.win.Canvas().Scale())) })
}

// emptyState is the centred placeholder of a screen with nothing to show yet: an icon, a title
// and a few short lines saying what will be there. The lines are broken by hand because a
// wrapping label inside a centring layout collapses to its narrowest width.
func emptyState(icon fyne.Resource, title string, lines ...string) fyne.CanvasObject {
	img := widget.NewIcon(icon)
	heading := widget.NewLabel(title)
	heading.SizeName = theme.SizeNameSubHeadingText
	heading.Alignment = fyne.TextAlignCenter
	box := container.NewVBox(container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(64), img)), heading)
	body := widget.NewLabel(strings.Join(lines, "\n"))
	body.Alignment = fyne.TextAlignCenter
	box.Add(body)
	return container.NewCenter(box)
}
