package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"shendang.gov.cn/shendang/archive"
)

// staff are the five people of the day, and the administrator who sets the office up.
var staff = []struct {
	name, full, role, division string
}{
	{"wangwu", "王五", "拟稿人", "LSC 律师工作处"},
	{"lichu", "李处长", "处室负责人", "LSC 律师工作处"},
	{"zhangsan", "张三", "公开办", ""},
	{"chenjz", "陈局长", "分管领导", ""},
	{"linliu", "林六", "档案员", ""},
}

const staffPassword = "password-1"

// dataWords are the Latin words the day's own data puts on screen.
var dataWords = []string{"admin", "wangwu", "lichu", "zhangsan", "chenjz", "linliu", "Z109", "LSC", "BGS", "CST",
	"draft", "revised", "clean", "shendang", "sfj", "xm", "zwgk", "catalogue", "D10", "Y"}

// officeWindow is the window on a fresh data folder as a clerk meets it: the first-start setup
// filled in by typing, then the administrator creating the staff in 设置, then signing out.
func officeWindow(t *testing.T) *mainWindow {
	t.Helper()
	dataWords = append(dataWords, os.TempDir(), t.Name())
	home := t.TempDir() // the clerk's own home folder, as the file chooser shows it
	for _, d := range []string{"文档", "桌面", "下载"} {
		if err := os.Mkdir(filepath.Join(home, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("HOME", home)
	a := test.NewTempApp(t)
	speakChinese()
	a.Settings().SetTheme(newTheme())
	dir := t.TempDir()
	store, err := archive.Open(storeDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	rules, err := store.RuleSet()
	if err != nil {
		t.Fatal(err)
	}
	m := newMainWindow(a, windowInfo{dataDir: dir, version: "1.0.0"}, store, rules)
	t.Cleanup(m.win.Close)
	m.win.Resize(fyne.NewSize(1366, 768))
	if err := m.start(); err != nil {
		t.Fatal(err)
	}
	c := m.win.Canvas()
	s := m.setup
	test.Type(s.fondsName, "厦门市司法局")
	test.Type(s.fondsCode, "Z109")
	test.Type(s.divisions, "BGS 办公室\nLSC 律师工作处")
	test.Type(s.adminName, "admin")
	test.Type(s.adminFullName, "系统管理员")
	test.Type(s.password, "admin-password")
	test.Type(s.confirm, "admin-password")
	test.Tap(s.create)
	if m.user == nil {
		t.Fatalf("setup did not sign the administrator in: %q", s.message.Text)
	}
	dismissDialog(t, c, "以后再说") // the sample offered at first start

	m.tabs.Select(m.settings)
	v := m.settingsView
	v.showTab("用户与角色")
	for _, p := range staff {
		test.Type(v.userName, p.name)
		test.Type(v.userFull, p.full)
		tapCheck(t, v.userRoles, p.role)
		if p.division != "" {
			pick(t, v.userDivision, p.division)
		}
		test.Type(v.userPwd, staffPassword)
		test.Tap(v.newUser)
		if c.Overlays().Top() != nil {
			t.Fatalf("creating %s: %s", p.name, shown(c))
		}
	}
	if len(v.users) != 6 {
		t.Fatalf("%d users after creating the staff, want 6", len(v.users))
	}
	assertNoEnglish(t, "settings › users", c, dataWords...)
	pressShortcut(t, c, signOutShortcut)
	if m.user != nil || m.login == nil {
		t.Fatal("Ctrl+L did not sign the administrator out")
	}
	return m
}

// signIn types the name and password into the sign-in screen and presses Enter.
func signIn(t *testing.T, m *mainWindow, name string) {
	t.Helper()
	if m.login == nil {
		t.Fatalf("signing in %s: the sign-in screen is not shown", name)
	}
	test.Type(m.login.name, name)
	test.Type(m.login.password, staffPassword)
	m.login.password.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if m.user == nil || m.user.Name != name {
		t.Fatalf("%s could not sign in: %q", name, m.login.message.Text)
	}
}

// signOut presses Ctrl+L.
func signOut(t *testing.T, m *mainWindow) {
	t.Helper()
	pressShortcut(t, m.win.Canvas(), signOutShortcut)
	if m.user != nil {
		t.Fatal("still signed in after Ctrl+L")
	}
}

// answerChooser answers an open chooser: it types the folder into the path field, presses Enter,
// clicks each named file in the list and the button labelled ok.
func answerChooser(t *testing.T, c *fileChooser, dir, ok string, names ...string) {
	t.Helper()
	if c == nil {
		t.Fatal("no file chooser was opened")
	}
	c.path.SetText("")
	test.Type(c.path, dir)
	c.path.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if ok == "保存" {
		c.name.SetText("")
		test.Type(c.name, names[0])
		test.Tap(c.ok)
		return
	}
	for _, n := range names {
		i := slices.IndexFunc(c.entries, func(e os.DirEntry) bool { return e.Name() == n })
		if i < 0 {
			t.Fatalf("the chooser does not list %s in %s: %s", n, dir, c.note.Text)
		}
		c.list.Select(i)
	}
	test.Tap(c.ok)
}

// taskNamed selects the task whose line contains text in 待办, or fails.
func taskNamed(t *testing.T, q *queueView, text string) {
	t.Helper()
	for i := range q.tasks {
		if strings.Contains(q.line(i), text) {
			q.list.Select(i)
			return
		}
	}
	var lines []string
	for i := range q.tasks {
		lines = append(lines, q.line(i))
	}
	t.Fatalf("待办 has no %q: %q", text, lines)
}

// TestClerksFirstDay: five people at one window take a draft with a mark and an ID number
// through the six steps, with a return and a resubmission, sign out between them, use the import
// and save dialogs, file it and print its catalogue. Nothing on screen is English.
func TestClerksFirstDay(t *testing.T) {
	m := officeWindow(t)
	c := m.win.Canvas()
	files := t.TempDir()
	write(t, filepath.Join(files, "draft.txt"), "秘密★1年\n关于调整律师事务所年度检查安排的请示\n市政府：\n联系人张某，身份证号 11010519491231002X。\n本请示为征求意见稿。\n厦门市司法局\n2026年3月18日\n")
	write(t, filepath.Join(files, "revised.txt"), "关于调整律师事务所年度检查安排的请示\n市政府：\n本请示为征求意见稿。监督电话：13812345678。\n厦门市司法局\n2026年3月18日\n")
	write(t, filepath.Join(files, "clean.txt"), "关于另一件事的通知\n各处室：请认真贯彻执行。\n")
	const title = "关于调整律师事务所年度检查安排的请示"

	// 提出: the drafter opens the draft with Ctrl+O and the chooser, is warned that it may not
	// be published, and proposes it anyway.
	signIn(t, m, "wangwu")
	if m.tabs.Selected() != m.review {
		t.Errorf("a drafter with nothing to do opens on %q, want 审查", m.tabs.Selected().Text)
	}
	rv := m.reviewView
	pressShortcut(t, c, openShortcut)
	answerChooser(t, rv.chooser, files, "打开", "draft.txt")
	if rv.doc == nil || !strings.Contains(rv.verdict.Text, "不得公开") {
		t.Fatalf("the draft on screen: %v, verdict %q", rv.doc != nil, rv.verdict.Text)
	}
	assertNoEnglish(t, "审查", c, dataWords...)
	test.Tap(rv.proposeBtn)
	if got := shown(c); !strings.Contains(got, "本稿有以下“拦截”问题") || strings.Contains(got, "脱敏后通过") {
		t.Fatalf("提出 of a draft with a mark: no warning, or one offering a 脱敏稿 for the mark: %s", got)
	}
	assertNoEnglish(t, "the warning at 提出", c, dataWords...)
	tapButton(t, c, "仍要提出")
	assertNoEnglish(t, "the 提出 form", c, dataWords...)
	tapButton(t, c, "提出")
	if rv.proposed == nil || !strings.Contains(rv.file.Text, "已提出") {
		t.Fatalf("not proposed: %q %s", rv.file.Text, shown(c))
	}
	if want := "（第 1 稿）：现处于初审环节。"; !strings.HasPrefix(m.status.Text, "已提出“") || !strings.HasSuffix(m.status.Text, want) {
		t.Errorf("the status line after 提出 says %q, want 已提出“…”%s", m.status.Text, want)
	}
	id := rv.proposed.ID
	signOut(t, m)

	// 初审: the head sees the verdict before deciding, and approves with a standard opinion.
	signIn(t, m, "lichu")
	if m.tabs.Selected() != m.queue || m.queue.Text != "待办（1）" {
		t.Errorf("the head opens on %q %q, want 待办（1）", m.tabs.Selected().Text, m.queue.Text)
	}
	q := m.queueView
	taskNamed(t, q, "待初审")
	if !q.opinionBox.Visible() || q.notice.Visible() {
		t.Errorf("at 初审: opinion box shown %v, an empty notice shown %v", q.opinionBox.Visible(), q.notice.Visible())
	}
	if !strings.Contains(q.verdict.Text, "不得公开") {
		t.Errorf("no verdict at 初审: %q", q.verdict.Text)
	}
	pick(t, q.common, "同意。")
	tapButton(t, c, "通过")
	if !strings.Contains(shown(c), "保密审查时公开办须逐项处理") {
		t.Fatalf("通过 of a blocked draft at 初审 without a word: %s", shown(c))
	}
	assertNoEnglish(t, "the question at 初审", c, dataWords...)
	tapButton(t, c, "仍要通过")
	if !strings.Contains(q.notice.Text, "已通过") {
		t.Errorf("no confirmation after 通过: %q", q.notice.Text)
	}
	assertNoEnglish(t, "待办 after 通过", c, dataWords...)
	signOut(t, m)

	// 保密审查: the gate cannot be passed from the queue with block findings, even with another
	// draft imported into 审查 meanwhile; the reviewer returns the draft with a reason.
	signIn(t, m, "zhangsan")
	q = m.queueView
	taskNamed(t, q, "待保密审查")
	if rv.item == nil || rv.item.ID != id || len(rv.found) == 0 {
		t.Fatalf("审查 does not show the item's own check: item %v, %d findings", rv.item, len(rv.found))
	}
	pressShortcut(t, c, openShortcut)
	answerChooser(t, rv.chooser, files, "打开", "clean.txt")
	if len(rv.found) != 0 {
		t.Fatalf("the clean draft shows %d findings", len(rv.found))
	}
	m.tabs.Select(m.queue)
	tapButton(t, c, "通过")
	if !strings.Contains(shown(c), "“拦截”问题未处理") {
		t.Errorf("passing the gate with a clean draft on screen: %s", shown(c))
	}
	assertNoEnglish(t, "the refusal at 保密审查", c, dataWords...)
	dismissDialog(t, c, "确定")
	if it, _ := m.store.Item(id); it.State != archive.StateSecrecy {
		t.Fatalf("the gate was passed: %s", it.State.Label())
	}
	pressShortcut(t, c, dismissShortcut) // Ctrl+Enter with no reason: one message, not two
	pressShortcut(t, c, dismissShortcut)
	if n := len(c.Overlays().List()); n > 1 {
		t.Errorf("Ctrl+Enter stacked %d messages", n)
	}
	for c.Overlays().Top() != nil {
		dismissDialog(t, c, "确定")
	}
	taskNamed(t, q, "待保密审查")
	tapButton(t, c, "退回")
	if !strings.Contains(shown(c), "退回时请写明理由") {
		t.Errorf("a return without a reason: %s", shown(c))
	}
	dismissDialog(t, c, "确定")
	test.Type(q.opinion, "首行有密级标志，正文有身份证号，请删除后重新提出。")
	tapButton(t, c, "退回")
	if it, _ := m.store.Item(id); it.State != archive.StateReturned {
		t.Fatalf("not returned: %s", it.State.Label())
	}
	signOut(t, m)

	// 重新提出: the drafter reads why, imports the revision into the same item.
	signIn(t, m, "wangwu")
	q = m.queueView
	taskNamed(t, q, "已退回")
	if !strings.Contains(q.detail.Text, "首行有密级标志") {
		t.Errorf("the return reason is not shown: %q", q.detail.Text)
	}
	if q.opinionBox.Visible() {
		t.Error("a drafter's returned item shows the reviewers' 办理意见 box")
	}
	tapButton(t, c, "导入修改稿并重新提出…")
	answerChooser(t, rv.chooser, files, "打开", "revised.txt")
	if rv.revising == nil || rv.proposeBtn.Text != "重新提出…" {
		t.Fatalf("the revision is not shown for 重新提出: %q", rv.proposeBtn.Text)
	}
	test.Tap(rv.proposeBtn)
	tapButton(t, c, "仍要提出") // the office's own number is flagged; the 公开办 will dismiss it
	assertNoEnglish(t, "the 重新提出 form", c, dataWords...)
	if e := formEntry(t, c, "文号"); e.Text != "" {
		t.Errorf("the 重新提出 form's 文号: %q, want the item's (none)", e.Text)
	}
	test.Type(formEntry(t, c, "文号"), "厦司〔2026〕15号") // the head asked for it
	tapButton(t, c, "重新提出")
	it, _ := m.store.Item(id)
	if it.State != archive.StatePreliminary || len(it.Revisions) != 2 || it.DocNumber != "厦司〔2026〕15号" {
		t.Fatalf("after 重新提出: %s with %d revisions, 文号 %q", it.State.Label(), len(it.Revisions), it.DocNumber)
	}
	if len(q.tasks) != 0 {
		t.Errorf("the drafter still has %d tasks", len(q.tasks))
	}
	if want := "（第 2 稿）：现处于初审环节。"; !strings.HasPrefix(m.status.Text, "已重新提出“") || !strings.HasSuffix(m.status.Text, want) {
		t.Errorf("the status line after 重新提出 says %q, want it to end %s", m.status.Text, want)
	}
	signOut(t, m)

	signIn(t, m, "lichu")
	taskNamed(t, m.queueView, "待初审")
	tapButton(t, c, "通过")
	tapButton(t, c, "仍要通过") // the office's number still blocks until the 公开办 dismisses it
	signOut(t, m)

	// 保密审查 again: the revision's warning and its blocking number are dismissed with reasons
	// in 审查; back in 待办 the decisions are still there, and it passes.
	signIn(t, m, "zhangsan")
	q = m.queueView
	taskNamed(t, q, "待保密审查")
	if len(rv.found) != 2 {
		t.Fatalf("the revision shows %d findings, want the warning and the number", len(rv.found))
	}
	m.tabs.Select(m.review)
	for i, reason := range []string{"标题沿用旧称，正文已定稿", "本局对外公布的监督电话"} {
		rv.selectFinding(i)
		test.Type(rv.reason, reason)
		tapButton(t, c, "误报")
		if rv.reason.Text != "" {
			t.Errorf("the reason stays in the field after 误报: %q", rv.reason.Text)
		}
	}
	m.tabs.Select(m.queue)
	if !strings.Contains(q.verdict.Text, "已处理 2") {
		t.Errorf("back in 待办 the decisions made in 审查 are gone: %q", q.verdict.Text)
	}
	tapButton(t, c, "通过")
	if c.Overlays().Top() != nil {
		t.Fatalf("通过 after every finding was dismissed: %s", shown(c))
	}
	signOut(t, m)

	// 审核: the leader sees the verdict.
	signIn(t, m, "chenjz")
	q = m.queueView
	taskNamed(t, q, "待审核")
	if !strings.Contains(q.verdict.Text, "审查结论") {
		t.Errorf("no verdict at 审核: %q", q.verdict.Text)
	}
	pick(t, q.common, "同意公开。")
	tapButton(t, c, "通过")
	signOut(t, m)

	// 公开.
	signIn(t, m, "zhangsan")
	taskNamed(t, m.queueView, "待公开")
	tapButton(t, c, "登记公开…")
	assertNoEnglish(t, "the 公开 form", c, dataWords...)
	pf := m.queueView.publishing
	pf.date.SetText("")
	test.Type(pf.date, "2026-03-20")
	test.Type(pf.url, "http://sfj.xm.gov.cn/zwgk/2026/15.htm")
	tapButton(t, c, "记录公开")
	signOut(t, m)

	// 建档 and 装盒 from the archivist's 待办, then the catalogue saved through the chooser.
	signIn(t, m, "linliu")
	q = m.queueView
	taskNamed(t, q, "待建档")
	tapButton(t, c, "去归档办理")
	if m.tabs.Selected() != m.archive {
		t.Fatal("去归档办理 did not open 归档")
	}
	av := m.archiveView
	if !av.columnsFit() {
		t.Error("at 1366 × 768 the archive table's columns do not all fit")
	}
	if av.selected == nil || av.selected.ID != id {
		t.Fatalf("归档 does not show the item to file: %v", av.selected)
	}
	tapButton(t, c, "建档…")
	assertNoEnglish(t, "the 建档 form", c, dataWords...)
	tapButton(t, c, "建档")
	filed, _ := m.store.Item(id)
	if filed.Filing == nil || filed.Filing.Code != "Z109-WS·2026-D10-LSC-0001" {
		t.Fatalf("filed as %+v", filed.Filing)
	}
	m.tabs.Select(m.queue)
	taskNamed(t, q, "待装盒")
	tapButton(t, c, "去归档办理")
	assertNoEnglish(t, "the 装盒 form", c, dataWords...)
	tapButton(t, c, "装盒")
	if filed, _ = m.store.Item(id); filed.Filing.Box != 1 {
		t.Fatalf("not boxed: %+v", filed.Filing)
	}
	av.table.Select(cellAt(0, 0))
	pick(t, av.form, "归档文件目录")
	tapButton(t, c, "另存为…")
	assertNoEnglish(t, "the save dialog", c, dataWords...)
	answerChooser(t, av.saver, files, "保存", "catalogue.pdf")
	if text := pdfText(t, filepath.Join(files, "catalogue.pdf")); !strings.Contains(strings.ReplaceAll(text, " ", ""), title) {
		t.Errorf("the saved catalogue does not list the title: %q", text)
	}
	if len(m.queueView.tasks) != 0 || m.queue.Text != "待办（0）" {
		t.Errorf("the archivist has work left: %q", m.queue.Text)
	}
	signOut(t, m)

	recs, _ := m.store.Records(id)
	var steps []string
	for _, r := range recs {
		steps = append(steps, r.Step.String()+r.Decision.Label())
	}
	want := []string{"提出提出", "初审通过", "保密审查退回", "提出提出", "初审通过", "保密审查通过", "审核通过", "公开公开", "建档建档"}
	if !slices.Equal(steps, want) {
		t.Errorf("records %q, want %q", steps, want)
	}
}

// TestStatusLineAfterNewImport: a drafter proposes a draft, and the status line says so; then
// imports another, and the line no longer names the first.
func TestStatusLineAfterNewImport(t *testing.T) {
	m := officeWindow(t)
	c := m.win.Canvas()
	files := t.TempDir()
	write(t, filepath.Join(files, "first.txt"), "关于开展法律援助进社区活动的通知\n各处室：请认真贯彻执行。\n")
	write(t, filepath.Join(files, "second.txt"), "关于开展普法宣传月活动的通知\n各处室：请认真贯彻执行。\n")
	signIn(t, m, "wangwu")
	rv := m.reviewView
	pressShortcut(t, c, openShortcut)
	answerChooser(t, rv.chooser, files, "打开", "first.txt")
	test.Tap(rv.proposeBtn)
	tapButton(t, c, "提出")
	if !strings.HasPrefix(m.status.Text, "已提出“") {
		t.Fatalf("after 提出 the status line says %q, want 已提出“…”", m.status.Text)
	}
	pressShortcut(t, c, openShortcut)
	answerChooser(t, rv.chooser, files, "打开", "second.txt")
	if got := m.status.Text; strings.Contains(got, "已提出") || !strings.HasPrefix(got, "当前用户：王五") {
		t.Errorf("after importing another draft the status line says %q, want 当前用户：王五…", got)
	}
}
