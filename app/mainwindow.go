package main

import (
	"fmt"
	"path/filepath"
	"runtime/debug"
	"strings"

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
}

// mainWindow is the 审档 window: first-start setup or sign-in, then the workspace with
// navigation on the left, one screen per step of the work.
type mainWindow struct {
	win    fyne.Window
	store  archive.Store
	info   windowInfo
	user   *archive.User // signed in, or nil
	tabs   *container.AppTabs
	status *widget.Label
	body   fyne.CanvasObject // the workspace: tabs and status

	setup        *setupView            // shown at first start
	login        *loginView            // shown when the store has users
	reviewView   *reviewView           // the 审查 screen, when the window has a rule set
	queueView    *queueView            // the 待办 screen of the signed-in user
	archiveView  *archiveView          // the 归档 screen
	settingsView *settingsView         // the 设置 screen
	offer        *dialog.ConfirmDialog // the samples offered at first start

	queue    *container.TabItem // 待办: the signed-in user's work
	review   *container.TabItem // 审查: drafts and their secrecy check
	archive  *container.TabItem // 归档: the filed archive
	settings *container.TabItem // 设置: office settings, rules, data
}

func newMainWindow(a fyne.App, info windowInfo, store archive.Store, rules *review.RuleSet) *mainWindow {
	m := &mainWindow{win: a.NewWindow("审档"), store: store, info: info}
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
		m.win.SetContent(m.setup.content)
		return nil
	}
	st, err := m.store.Settings()
	if err != nil {
		return err
	}
	m.login = newLoginView(m.store, st.FondsName, m.signedIn)
	m.win.SetContent(m.login.content)
	m.win.Canvas().Focus(m.login.name)
	return nil
}

// firstSignIn follows the first-start setup: the workspace, and an offer to open a sample
// draft that must be blocked, so a newcomer sees the whole review at once.
func (m *mainWindow) firstSignIn(u *archive.User) {
	m.signedIn(u)
	if m.reviewView == nil {
		return
	}
	m.offer = dialog.NewConfirm("欢迎使用审档", "是否在“审查”中打开一份示例请示？它含密级标志、内部资料字样和个人手机号，\n可以看到审档如何逐项标出并作出结论。", func(ok bool) {
		if ok {
			m.openSample()
		}
	}, m.win)
	m.offer.SetConfirmText("打开示例")
	m.offer.SetDismissText("以后再说")
	m.offer.Show()
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

// signedIn shows the workspace to u.
func (m *mainWindow) signedIn(u *archive.User) {
	m.user = u
	// Checking the password took argon2id's 64 MiB, garbage now: give it back to the system
	// rather than carry it until the heap grows to twice its size.
	go debug.FreeOSMemory()
	var roles []string
	for _, r := range u.Roles {
		roles = append(roles, r.Label())
	}
	m.status.SetText(fmt.Sprintf("当前用户：%s（%s）    数据目录：%s    版本：%s", u.FullName, strings.Join(roles, "、"), m.info.dataDir, m.info.version))
	m.win.SetContent(m.body)
	if m.reviewView != nil {
		m.reviewView.store, m.reviewView.user = m.store, u
		if rules, err := officeRuleSet(m.store); err != nil {
			m.status.SetText(userMessage(err)) // the shipped lists still apply
		} else {
			m.reviewView.setRules(rules)
		}
		m.queueView = newQueueView(m.store, u, m.reviewView)
		m.queueView.onOpen = func() { m.tabs.Select(m.review) }
		m.queue.Content = m.queueView.content
		m.tabs.Refresh()
		if err := m.queueView.refresh(); err != nil {
			m.status.SetText(userMessage(err))
		}
		m.addShortcuts()
		m.win.SetOnDropped(m.onDropped)
	}
	m.archiveView = newArchiveView(m.win, m.store, u, filepath.Join(m.info.dataDir, "forms"))
	m.archive.Content = m.archiveView.content
	m.settingsView = newSettingsView(m.win, m.store, u, m.info.dataDir, func(rs *review.RuleSet) {
		if m.reviewView != nil && rs.Version != m.reviewView.rules.Version {
			m.reviewView.setRules(rs)
		}
	})
	m.settings.Content = m.settingsView.content
	m.tabs.OnSelected = func(t *container.TabItem) {
		var err error
		switch t {
		case m.archive:
			err = m.archiveView.reload()
		case m.settings:
			err = m.settingsView.reload()
		}
		if err != nil {
			m.status.SetText(userMessage(err))
		}
	}
	m.tabs.Refresh()
}

// addShortcuts binds the keyboard: Ctrl+O import, Ctrl+F find in the document, F3 / Shift+F3
// next and previous finding, Ctrl+Enter 误报 with the reason typed (确认 needs no reason: its
// button).
func (m *mainWindow) addShortcuts() {
	c := m.win.Canvas()
	v := m.reviewView
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { m.tabs.Select(m.review); v.onOpen() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { m.tabs.Select(m.review); v.showFind() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF3, Modifier: fyne.KeyModifierShift}, func(fyne.Shortcut) { v.step(-1) })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { v.onDismiss() })
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyF3 {
			v.step(1)
		}
	})
}

// onDropped opens a file dropped anywhere on the window in the 审查 screen; several files are
// imported as a batch.
func (m *mainWindow) onDropped(_ fyne.Position, uris []fyne.URI) {
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
		"在这里导入拟公开的文件（txt、docx、pdf、ofd、doc、wps），",
		"逐条查看保密审查发现的问题，作出通过或退回的决定。"))
	m.archive = container.NewTabItemWithIcon("归档", theme.StorageIcon(), emptyState(theme.StorageIcon(),
		"档案库中还没有文件",
		"已公开的政务信息在这里按年度、保管期限、机构分类建档，",
		"生成归档章、归档文件目录、备考表和档案盒封面、盒脊。"))
	m.settings = container.NewTabItemWithIcon("设置", theme.SettingsIcon(), emptyState(theme.SettingsIcon(),
		"设置",
		"全宗与机构代码、保管期限表、主动公开目录、关键词与豁免词表、",
		"用户与角色、数据备份与校验，将在这里管理。",
		"数据目录："+info.dataDir))

	m.tabs = container.NewAppTabs(m.queue, m.review, m.archive, m.settings)
	m.tabs.SetTabLocation(container.TabLocationLeading)
	m.status = widget.NewLabel(fmt.Sprintf("数据目录：%s    版本：%s", info.dataDir, info.version))
	m.status.Truncation = fyne.TextTruncateEllipsis

	m.body = container.NewBorder(nil, m.status, nil, nil, m.tabs)
	m.win.SetContent(m.body)
	m.win.SetIcon(appIcon)
	m.win.Resize(fyne.NewSize(1024, 680))
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
