package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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

// tourStop is one screen the tour shows.
type tourStop struct {
	name    string
	tab     *container.TabItem
	prepare func() // sets the screen up after its tab is shown; optional
}

func (m *mainWindow) tourStops() []tourStop {
	stops := []tourStop{{name: "queue", tab: m.queue}, {name: "review", tab: m.review}}
	if v := m.reviewView; v != nil {
		stops = append(stops, tourStop{name: "review-find", tab: m.review, prepare: func() {
			v.step(1) // the first finding, underlined in the text
			v.showFind()
			v.find.entry.SetText("内部")
		}})
	}
	stops = append(stops, tourStop{name: "archive", tab: m.archive, prepare: func() {
		if v := m.archiveView; v != nil {
			v.tree.OpenAllBranches()
			v.table.Select(widget.TableCellID{Row: 0, Col: 0})
		}
	}}, tourStop{name: "settings", tab: m.settings})
	if v := m.settingsView; v != nil {
		stops = append(stops, tourStop{name: "settings-users", tab: m.settings, prepare: func() { v.showTab("用户与角色"); v.userList.Select(1) }},
			tourStop{name: "settings-rules", tab: m.settings, prepare: func() { v.showTab("关键词与豁免词") }},
			tourStop{name: "settings-data", tab: m.settings, prepare: func() { v.showTab("数据"); v.data.onVerify() }})
	}
	return stops
}

// tour shows every screen in turn and writes each screen's name as a line to out once it is on
// screen, then calls done. `make screenshots` runs it under Xvfb and captures the real window
// when a name arrives: Fyne's own Capture reads the GL front buffer, which Xvfb's software GL
// leaves empty. It runs on its own goroutine and touches widgets only through fyne.DoAndWait.
func (m *mainWindow) tour(out io.Writer, settle, hold time.Duration, done func()) {
	defer fyne.Do(done)
	time.Sleep(2 * settle) // the first frame, with fonts loaded
	if !m.tourSetup(out, settle, hold) {
		return
	}
	if m.reviewView != nil { // accept the offer of a sample: the review of one that must be blocked
		fyne.DoAndWait(func() {
			if m.offer != nil {
				m.offer.Hide()
			}
			m.openSample()
		})
	}
	for _, s := range m.tourStops() {
		fyne.DoAndWait(func() {
			m.tabs.Select(s.tab)
			if s.prepare != nil {
				s.prepare()
			}
		})
		time.Sleep(settle)
		fmt.Fprintln(out, s.name)
		time.Sleep(hold)
	}
}

// tourSetup shows the first-start or sign-in screen. On a new store it then fills in the setup
// form with a demonstration office, as a person would, and signs in; it reports whether the
// workspace is now shown. On a store that is set up it stops at the sign-in screen.
func (m *mainWindow) tourSetup(out io.Writer, settle, hold time.Duration) bool {
	switch {
	case m.user != nil:
		return true
	case m.login != nil:
		fmt.Fprintln(out, "login")
		time.Sleep(hold)
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
		v.password.SetText("demo-password")
		v.confirm.SetText("demo-password")
	})
	time.Sleep(settle)
	fmt.Fprintln(out, "setup")
	time.Sleep(hold)
	fyne.DoAndWait(m.setup.onCreate)
	defer func() {
		if err := tourArchive(m.store, "admin"); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return
		}
		// The office lists were written to the store directly, not through 设置: apply them.
		if rules, err := m.store.RuleSet(); err == nil && m.reviewView != nil {
			fyne.DoAndWait(func() { m.reviewView.setRules(rules) })
		}
	}()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var in bool
		fyne.DoAndWait(func() { in = m.user != nil })
		if in {
			return true
		}
	}
	return false
}

// tourArchive fills a new store with what a demonstration needs beyond the administrator: a
// user of each role and three published drafts, filed and boxed, so that the archive and
// settings screens show what they are for.
func tourArchive(s archive.Store, admin string) error {
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
		if err := s.CreateUser(admin, u, "demo-password"); err != nil {
			return err
		}
	}
	var sample []byte
	for name, data := range assets.Samples() {
		if strings.Contains(name, "可公开") {
			sample = data
		}
	}
	titles := []string{"厦门市司法局关于印发2016年政务公开工作实施方案的通知", "厦门市司法局关于开展律师事务所年度检查考核工作的通知", "厦门市司法局2016年部门预算公开说明"}
	for i, title := range titles {
		it, err := s.Propose("wangwu", archive.Draft{Title: title, DocNumber: fmt.Sprintf("厦司〔2016〕%d号", 59+i), Author: st.FondsName,
			Division: div, DocDate: fmt.Sprintf("2016-06-%02d", 20+i), Disclosure: archive.Proactive, Channels: []string{"门户网站"},
			Category: "规范性文件", IndexNo: fmt.Sprintf("XM00103-0200-2016-%05d", 59+i)},
			archive.SourceFile{Name: fmt.Sprintf("文件%d.txt", i+1), Data: sample}, "建议主动公开")
		if err != nil {
			return err
		}
		for _, step := range []struct {
			who string
			r   archive.Review
		}{{"lichu", archive.Review{Approve: true, Opinion: "同意"}},
			{"zhangsan", archive.Review{Approve: true, Opinion: "经审查，未发现涉密和不宜公开的内容，同意公开。"}},
			{"chenjz", archive.Review{Approve: true, Opinion: "同意公开"}}} {
			if err := s.Decide(step.who, it.ID, step.r); err != nil {
				return err
			}
		}
		if err := s.Publish("zhangsan", it.ID, archive.Publication{Channels: []string{"门户网站"}, Date: "2016-07-01",
			URL: fmt.Sprintf("http://sfj.xm.gov.cn/zwgk/2016/%d.htm", 59+i)}); err != nil {
			return err
		}
		if i < 2 { // the last one waits for 建档
			if _, err := s.FileItem("linliu", it.ID, archive.FilingRequest{Year: 2016, Pages: 2 + i}); err != nil {
				return err
			}
		}
	}
	if _, err := s.AddRuleTerms(admin, archive.TermList, []review.Term{{Text: "专案组", Severity: review.Block}, {Text: "内部讨论稿", Severity: review.Warn}}); err != nil {
		return err
	}
	if _, err := s.AddRuleTerms(admin, archive.AllowList, []review.Term{{Text: "会议纪要的格式", Severity: review.Warn}}); err != nil {
		return err
	}
	_, err = s.MakeBox("linliu", archive.Box{Year: 2016, Retention: st.RetentionFor("规范性文件"), Division: div, First: 1, Last: 2, Spine: 20})
	return err
}
