package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/assets"
	"shendang.gov.cn/shendang/review"
)

// Timing of the tour: how long a screen is given to lay out and paint, and how long it then
// stays up for the capture.
const (
	tourSettle = 800 * time.Millisecond
	tourHold   = 1500 * time.Millisecond
)

// tourStop is one screen or dialog the tour shows.
type tourStop struct {
	name   string
	as     string // the user signed in for it: the stop signs out and in when it changes
	show   func() // shows the screen, or opens the dialog, as the button or shortcut does
	dialog bool   // show opens a dialog: the tour waits for it, since some open after work off the UI goroutine
	// then, when set, is pressed once ready reports that show's work off the UI goroutine is
	// done (the store's check of the selected item read), as a person waits before pressing.
	then  func()
	ready func() bool
}

// tourPassword is every demonstration user's password.
const tourPassword = "demo-password"

// tourStops are the screens and dialogs of the tour, in order: the administrator's, then the
// procedure through the eyes of the 公开办, the drafter and the archivist. Each show does what
// the person's click or key does, through the same handler.
func (m *mainWindow) tourStops() []tourStop {
	queue := func() { m.tabs.Select(m.queue) }
	settings := func(title string) func() {
		return func() { m.tabs.Select(m.settings); m.settingsView.showTab(title) }
	}
	pickTask := func(label string) func() {
		return func() {
			m.tabs.Select(m.queue)
			for i := range m.queueView.tasks {
				if strings.Contains(m.queueView.line(i), label) {
					m.queueView.list.Select(i)
					return
				}
			}
		}
	}
	stats := func() { m.tabs.Select(m.stats) }
	counted := func() bool { return m.statsView != nil && m.statsView.stats != nil }
	statsItems := func() { v := m.statsView; v.showItems("公开", v.stats.Total.Published) }
	annual := func() {
		m.tabs.Select(m.stats)
		m.statsView.pages.SelectIndex(1)
		m.statsView.annual.year.SetSelected(tourAnnualYear)
	}
	annualLoaded := func() bool {
		f := m.statsView.annual
		return f != nil && strings.HasPrefix(f.message.Text, tourAnnualYear+" 年度的数字由")
	}
	archiveRow := func() {
		m.tabs.Select(m.archive)
		v := m.archiveView
		v.tree.OpenAllBranches()
		v.table.Select(widget.TableCellID{Row: 0, Col: 0})
	}
	return []tourStop{
		{name: "queue", as: "admin", show: queue},
		{name: "review", as: "admin", show: func() { m.tabs.Select(m.review) }},
		{name: "review-find", as: "admin", show: func() {
			m.tabs.Select(m.review)
			m.reviewView.step(1) // the first finding, underlined in the text
			m.reviewView.showFind()
			m.reviewView.find.entry.SetText("内部")
		}},
		{name: "dialog-import", as: "admin", dialog: true, show: m.reviewView.onOpen},
		{name: "dialog-import-folder", as: "admin", dialog: true, show: m.reviewView.onOpenFolder},
		{name: "archive", as: "admin", show: archiveRow},
		{name: "dialog-save-form", as: "admin", dialog: true, show: func() {
			archiveRow()
			m.archiveView.form.SetSelected("归档文件目录")
			m.archiveView.onSaveForm()
		}},
		{name: "settings", as: "admin", show: settings("本单位")},
		{name: "settings-users", as: "admin", show: func() { settings("用户与角色")(); m.settingsView.userList.Select(1) }},
		{name: "settings-rules", as: "admin", show: settings("关键词与豁免词")},
		{name: "dialog-rules-import", as: "admin", dialog: true, show: func() { settings("关键词与豁免词")(); m.settingsView.rules.onImport() }},
		{name: "settings-data", as: "admin", show: func() { settings("数据")(); m.settingsView.data.onVerify() }},
		{name: "dialog-backup", as: "admin", dialog: true, show: func() { settings("数据")(); m.settingsView.data.onBackup() }},
		{name: "dialog-restore", as: "admin", dialog: true, show: func() { settings("数据")(); m.settingsView.data.onRestore() }},
		{name: "dialog-about", as: "admin", dialog: true, show: m.onAbout},
		{name: "lock", as: "admin", show: m.lock},
		{name: "queue-office", as: "zhangsan", show: pickTask("待保密审查")},
		{name: "review-item", as: "zhangsan", show: func() { pickTask("待保密审查")(); m.tabs.Select(m.review) }},
		{name: "gate-refused", as: "zhangsan", dialog: true, show: func() { pickTask("待保密审查")(); m.queueView.onApprove() }},
		{name: "dialog-redact", as: "zhangsan", dialog: true, show: pickTask("补贴发放名单"), then: func() { m.queueView.onRedact() }, ready: func() bool {
			t, c := m.queueView.task(), m.queueView.check
			return t != nil && t.Item != nil && c != nil && c.ItemID == t.Item.ID
		}},
		{name: "dialog-publish", as: "zhangsan", dialog: true, show: func() { pickTask("待公开")(); m.queueView.onPublish() }},
		{name: "queue-returned", as: "wangwu", show: pickTask("已退回")},
		{name: "dialog-revision", as: "wangwu", dialog: true, show: func() { pickTask("已退回")(); m.queueView.onRevise() }},
		{name: "review-sample", as: "wangwu", show: m.openSample},
		{name: "dialog-propose", as: "wangwu", dialog: true, show: m.reviewView.onPropose},
		{name: "queue-archivist", as: "linliu", show: pickTask("待建档")},
		{name: "stats-quarter", as: "zhangsan", show: stats, then: func() {}, ready: counted},
		{name: "stats-items", as: "zhangsan", dialog: true, show: stats, then: statsItems, ready: counted},
		{name: "stats-open-archive", as: "zhangsan", show: stats, then: func() {
			statsItems()
			if l := m.statsView.list; l != nil {
				l.list.Select(0) // the first item, opened in 归档
			}
		}, ready: counted},
		{name: "stats-late", as: "zhangsan", show: stats, then: func() { m.statsView.scroll.ScrollToBottom() }, ready: counted},
		{name: "stats-annual", as: "zhangsan", show: annual, then: func() {}, ready: annualLoaded},
		{name: "stats-annual-check", as: "zhangsan", show: annual, then: func() {
			f := m.statsView.annual
			f.apps[len(f.apps)-1][0].SetText("5") // 四 typed wrong: the rule is named at once
			f.scroll.ScrollToOffset(fyne.NewPos(0, f.appsBox.Position().Y))
		}, ready: annualLoaded},
		{name: "stats-head-year", as: "lichu", show: stats, then: func() {
			m.statsView.kind.SetSelected(byYear)
			m.statsView.onCount()
		}, ready: counted},
		{name: "dialog-file", as: "linliu", dialog: true, show: func() { pickTask("待建档")(); m.queueView.onToArchive(); m.archiveView.onFileOne() }},
		{name: "dialog-box", as: "linliu", dialog: true, show: func() { pickTask("待装盒")(); m.queueView.onToArchive() }},
		{name: "login", as: "", show: func() {}},
	}
}

// tour shows every screen and dialog in turn and writes each one's name as a line to out once
// it is on screen, then calls done. `make screenshots` and CI run it under Xvfb and capture the
// real window when a name arrives: Fyne's own Capture reads the GL front buffer, which Xvfb's
// software GL leaves empty. It runs on its own goroutine and touches widgets only through
// fyne.DoAndWait; a panic in any handler ends the program, which is what CI watches for.
//
// When acks is not nil, each screen stays until a value arrives on it (the capture is done), or
// for at most a minute; otherwise for hold.
func (m *mainWindow) tour(out io.Writer, acks <-chan struct{}, settle, hold time.Duration, done func()) {
	defer fyne.Do(done)
	time.Sleep(2 * settle) // the first frame, with fonts loaded
	announce := func(name string) {
		fmt.Fprintln(out, name)
		if acks == nil {
			time.Sleep(hold)
			return
		}
		select {
		case <-acks:
		case <-time.After(time.Minute):
		}
	}
	if !m.tourSetup(announce, settle) {
		return
	}
	for _, s := range m.tourStops() {
		if !m.tourSignIn(s.as) {
			fmt.Fprintf(os.Stderr, "tour: %s could not sign in\n", s.as)
			return
		}
		fyne.DoAndWait(s.show)
		if s.then != nil {
			m.tourUntil(s.ready)
			fyne.DoAndWait(s.then)
		}
		m.tourWait(s.dialog)
		time.Sleep(settle)
		announce(s.name)
		fyne.DoAndWait(m.closeDialogs)
	}
}

// tourWait waits up to ten seconds for work started off the UI goroutine to show: a draft being
// read, a dialog that opens after it.
func (m *mainWindow) tourWait(dialog bool) {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var ready bool
		fyne.DoAndWait(func() {
			ready = !m.reviewView.reading() && (!dialog || m.win.Canvas().Overlays().Top() != nil)
		})
		if ready {
			return
		}
	}
}

// tourUntil waits up to ten seconds for ready to report true.
func (m *mainWindow) tourUntil(ready func() bool) {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var ok bool
		fyne.DoAndWait(func() { ok = ready() })
		if ok {
			return
		}
	}
}

// closeDialogs closes every dialog open over the window.
func (m *mainWindow) closeDialogs() {
	c := m.win.Canvas()
	for _, o := range c.Overlays().List() {
		c.Overlays().Remove(o)
	}
}

// tourSignIn signs name in through the sign-in screen, signing whoever is in out first, unless
// they are already signed in; "" stops at the sign-in screen.
func (m *mainWindow) tourSignIn(name string) bool {
	var current string
	fyne.DoAndWait(func() {
		if m.locked != nil {
			m.onSignOut()
		}
		if m.user != nil {
			current = m.user.Name
		}
	})
	if current == name {
		return true
	}
	fyne.DoAndWait(func() {
		if m.user != nil {
			m.onSignOut()
		}
		if name == "" {
			return
		}
		password := tourPassword
		m.login.name.SetText(name)
		m.login.password.SetText(password)
		m.login.onLogin()
	})
	if name == "" {
		return true
	}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var in bool
		fyne.DoAndWait(func() { in = m.user != nil && m.user.Name == name })
		if in {
			return true
		}
	}
	return false
}

// tourSetup shows the first-start or sign-in screen. On a new store it then fills in the setup
// form with a demonstration office, as a person would, signs in, opens the sample offered, and
// fills the office with staff and items at every step; it reports whether the workspace is now
// shown. On a store that is set up it stops at the sign-in screen.
func (m *mainWindow) tourSetup(announce func(string), settle time.Duration) bool {
	switch {
	case m.user != nil:
		return true
	case m.login != nil:
		announce("login")
		return false
	case m.setup == nil:
		return true
	}
	fyne.DoAndWait(func() {
		v := m.setup
		v.fondsName.SetText("厦门市司法局")
		v.fondsCode.SetText("Z109")
		v.divisions.SetText("BGS 办公室\nLSC 律师工作处\nGZC 公证工作处")
		v.adminName.SetText("admin")
		v.adminFullName.SetText("系统管理员")
		v.password.SetText(tourPassword)
		v.confirm.SetText(tourPassword)
	})
	time.Sleep(settle)
	announce("setup")
	fyne.DoAndWait(m.setup.onCreate)
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var in bool
		fyne.DoAndWait(func() { in = m.user != nil })
		if in {
			break
		}
	}
	time.Sleep(settle)
	announce("welcome")
	fyne.DoAndWait(func() {
		if m.offer != nil {
			m.offer.Hide()
		}
		m.openSample()
	})
	if err := tourOffice(m.store, "admin"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return false
	}
	fyne.DoAndWait(func() {
		// The office lists were written to the store directly, not through 设置: apply them.
		if rules, err := m.store.RuleSet(); err == nil && m.reviewView != nil {
			m.reviewView.setRules(rules)
		}
		m.countTasks()
	})
	return true
}

// tourOffice fills a new store with what a demonstration needs beyond the administrator: a user
// of each role; three drafts published, two of them filed and boxed; and one draft waiting at
// each of 保密审查 (with a mark), 公开, 建档, and one returned to its drafter, so that every
// screen shows what it is for.
func tourOffice(s archive.Store, admin string) error {
	st, err := s.Settings()
	if err != nil || len(st.Divisions) == 0 {
		return fmt.Errorf("tour: settings %v", err)
	}
	div := st.Divisions[0].Code
	users := []archive.User{
		{Name: "wangwu", FullName: "王五", Roles: []archive.Role{archive.RoleDrafter}, Division: div},
		{Name: "lichu", FullName: "李处长", Roles: []archive.Role{archive.RoleDivisionHead}, Division: div},
		{Name: "zhangsan", FullName: "张三", Roles: []archive.Role{archive.RoleOffice}},
		{Name: "chenjz", FullName: "陈局长", Roles: []archive.Role{archive.RoleLeader}},
		{Name: "linliu", FullName: "林六", Roles: []archive.Role{archive.RoleArchivist}},
	}
	for _, u := range users {
		if err := s.CreateUser(admin, u, tourPassword); err != nil {
			return err
		}
	}
	samples := assets.Samples()
	var clean, marked []byte
	for name, data := range samples {
		if strings.Contains(name, "可公开") {
			clean = data
		} else {
			marked = data
		}
	}
	drafts := []struct {
		title string
		data  []byte
		upTo  string // how far it goes: filed, file, publish, secrecy, returned
		// category is the 主动公开目录 category the drafter chose (a 请示 proposed by mistake
		// is blocked at 保密审查, but the drafter still filed it under a category)
		category string
	}{
		{"厦门市司法局关于印发2016年政务公开工作实施方案的通知", clean, "filed", "政策法规/规范性文件"},
		{"厦门市司法局关于开展律师事务所年度检查考核工作的通知", clean, "filed", "政策法规/部门文件"},
		{"厦门市司法局2016年部门预算公开说明", clean, "file", "财政预决算/部门预算"},
		{"厦门市司法局关于开展2016年法治宣传月活动的通知", clean, "publish", "政策法规/部门文件"},
		{"厦门市司法局关于调整律师事务所年度检查考核工作安排的请示", marked, "secrecy", "政策法规/部门文件"},
		{"厦门市司法局关于公证员执业年度考核结果的公示", marked, "returned", "行政许可"},
		{"2016年第二季度困难群众法律援助补贴发放名单", tourList, "secrecy", "公共服务"},
	}
	for i, d := range drafts {
		it, err := s.Propose("wangwu", archive.Draft{Title: d.title, DocNumber: fmt.Sprintf("厦司〔2016〕%d号", 59+i), Author: st.FondsName,
			Division: div, DocDate: fmt.Sprintf("2016-06-%02d", 20+i), Disclosure: archive.Proactive, Channels: []string{"门户网站"},
			Category: d.category, IndexNo: fmt.Sprintf("XM00103-0200-2016-%05d", 59+i)},
			archive.SourceFile{Name: fmt.Sprintf("文件%d.txt", i+1), Data: d.data}, "建议主动公开")
		if err != nil {
			return err
		}
		if err := tourAdvance(s, it.ID, d.upTo, 2+i, 59+i); err != nil {
			return err
		}
	}
	return tourPolicies(s, admin, st, div, clean)
}

// tourList is a list of the kind offices publish, with a full 身份证号 and a mobile number on
// each line: 脱敏后通过 shows on it. The numbers are made up, with valid check digits.
var tourList = []byte("2016年第二季度困难群众法律援助补贴发放名单\n序号 姓名 身份证号 联系电话 金额（元）\n" +
	"1 陈小明 11010519491231002X 13812345678 600\n2 林小红 350203198506150011 13912345678 600\n3 黄大伟 350203197203010033 13712345678 450\n")

// tourPolicies adds two 政策解读 waiting for 公开, so that 待办 shows 期限: one whose policy was
// issued today, one issued two weeks ago and overdue; and a third, published three weeks after
// its policy, that 统计 lists as late.
func tourPolicies(s archive.Store, admin string, st archive.Settings, div string, clean []byte) error {
	for i, ago := range []int{14, 0, 21} {
		issued := time.Now().In(archive.OfficeZone).AddDate(0, 0, -ago).Format("2006-01-02")
		it, err := s.Propose("wangwu", archive.Draft{Title: fmt.Sprintf("关于《厦门市律师执业管理办法》的政策解读（%d）", i+1), Author: st.FondsName,
			Division: div, DocDate: issued, PolicyDate: issued, Disclosure: archive.Proactive, Channels: []string{"门户网站"}, Category: "政策解读"},
			archive.SourceFile{Name: fmt.Sprintf("解读%d.txt", i+1), Data: clean}, "建议主动公开")
		if err != nil {
			return err
		}
		if err := tourAdvance(s, it.ID, "publish", 0, 0); err != nil {
			return err
		}
		if ago == 21 {
			today := time.Now().In(archive.OfficeZone).Format("2006-01-02")
			if err := s.Publish("zhangsan", it.ID, archive.Publication{Channels: []string{"门户网站"}, Date: today}); err != nil {
				return err
			}
		}
	}
	if err := tourAnnual(s); err != nil {
		return err
	}
	return tourRules(s, admin, st, div)
}

// tourAnnualYear is the year whose annual report the tour shows: the year of its items.
const tourAnnualYear = "2016"

// tourAnnual saves the figures of the annual report the office fills in, as the 公开办 would in
// 统计 › 年度报告: table 二's, and a table 三 and 四 that satisfy the format's rules.
func tourAnnual(s archive.Store) error {
	n := func(v int) *int { return &v }
	t := archive.NewApplicationTable()
	row := func(label string) int {
		for i, r := range archive.ApplicationRows {
			if r.Label == label {
				return i
			}
		}
		return -1
	}
	for _, f := range []struct {
		label   string
		natural int // 自然人
		firms   int // 商业企业
	}{
		{"一、本年新收政府信息公开申请数量", 12, 3}, {"二、上年结转政府信息公开申请数量", 1, 0},
		{"（一）予以公开", 6, 2}, {"（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 2, 1},
		{"1.本机关不掌握相关政府信息", 3, 0}, {"（七）总计", 11, 3}, {"四、结转下年度继续办理", 2, 0},
	} {
		r := row(f.label)
		t[r][0], t[r][1], t[r][6] = f.natural, f.firms, f.natural+f.firms
	}
	appeals := archive.AppealTable{{1, 0, 0, 0, 1}}
	fig := archive.AnnualFigures{Year: 2016, Applications: t, Appeals: &appeals, Proactive: archive.ProactiveFigures{
		Rules: archive.RegulationFigures{Repealed: n(0), InForce: n(0)}, Norms: archive.RegulationFigures{Repealed: n(1), InForce: n(23)},
		Licensing: n(156), Penalties: n(0), Enforcement: n(0), Fees: "0"}}
	return s.SaveAnnualFigures("zhangsan", fig)
}

// tourRules adds the office's own terms and the first box.
func tourRules(s archive.Store, admin string, st archive.Settings, div string) error {
	if _, err := s.AddRuleTerms(admin, archive.TermList, []review.Term{{Text: "专案组", Severity: review.Block}, {Text: "内部讨论稿", Severity: review.Warn}}); err != nil {
		return err
	}
	if _, err := s.AddRuleTerms(admin, archive.AllowList, []review.Term{{Text: "会议纪要的格式", Severity: review.Warn}}); err != nil {
		return err
	}
	_, err := s.MakeBox("linliu", archive.Box{Year: 2016, Retention: st.RetentionFor("政策法规/规范性文件"), Division: div, First: 1, Last: 1, Spine: 20})
	return err
}

// tourAcks turns the lines of in into acknowledgements: `make screenshots` writes one as each
// capture is done, so that no screen moves on before it is taken. Without a pipe on in (a
// terminal), there are none and each screen stays for tourHold.
func tourAcks(in *os.File) <-chan struct{} {
	if fi, err := in.Stat(); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		return nil
	}
	acks := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(in)
		for sc.Scan() {
			acks <- struct{}{}
		}
		close(acks)
	}()
	return acks
}

// tourAdvance takes a demonstration item from 初审 as far as upTo: secrecy (waiting for 保密审查),
// returned, publish (waiting for 公开), file (waiting for 建档) or filed, with pages and a web
// address numbered n.
func tourAdvance(s archive.Store, id, upTo string, pages, n int) error {
	decide := func(who, opinion string, approve bool) error {
		return s.Decide(who, id, archive.Review{Approve: approve, Opinion: opinion})
	}
	if err := decide("lichu", "同意", true); err != nil || upTo == "secrecy" {
		return err
	}
	if upTo == "returned" {
		return decide("zhangsan", "首行有密级标志，正文有个人手机号，请删除后重新提出。", false)
	}
	if err := decide("zhangsan", "经审查，未发现涉密和不宜公开的内容，同意公开。", true); err != nil {
		return err
	}
	if err := decide("chenjz", "同意公开", true); err != nil || upTo == "publish" {
		return err
	}
	p := archive.Publication{Channels: []string{"门户网站"}, Date: "2016-07-01", URL: fmt.Sprintf("http://sfj.xm.gov.cn/zwgk/2016/%d.htm", n)}
	if err := s.Publish("zhangsan", id, p); err != nil || upTo == "file" {
		return err
	}
	_, err := s.FileItem("linliu", id, archive.FilingRequest{Year: 2016, Pages: pages})
	return err
}
