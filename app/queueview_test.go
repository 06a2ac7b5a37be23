package main

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
)

// TestDeadlineInQueue: a 政策解读 issued the day before 国庆 2024's seven days shows its due
// day and the working days left in 待办, stands out in words and colour when due today and
// when overdue, and then comes first; another category has no 期限.
func TestDeadlineInQueue(t *testing.T) {
	store := memStore(t)
	issued := time.Date(2024, 9, 30, 9, 0, 0, 0, archive.OfficeZone)
	clock := issued
	store.Now = func() time.Time { return clock }
	st := archive.Settings{FondsName: "厦门市司法局", FondsCode: "Z109", Divisions: []archive.Division{{Code: "BGS", Name: "办公室"}}}
	if err := store.SetUp(archive.User{Name: "admin", FullName: "管理员", Roles: []archive.Role{archive.RoleAdmin}}, "admin-password", st); err != nil {
		t.Fatal(err)
	}
	users := []archive.User{{Name: "drafter", FullName: "王五", Roles: []archive.Role{archive.RoleDrafter}, Division: "BGS"},
		{Name: "head", FullName: "李处长", Roles: []archive.Role{archive.RoleDivisionHead}, Division: "BGS"}}
	for _, u := range users {
		if err := store.CreateUser("admin", u, "password-1"); err != nil {
			t.Fatal(err)
		}
	}
	for _, cat := range []string{"人事信息", "政策解读"} {
		d := archive.Draft{Title: cat + "事项", Author: "厦门市司法局", Division: "BGS", DocDate: "2024-09-30", Disclosure: archive.Proactive, Category: cat}
		if _, err := store.Propose("drafter", d, archive.SourceFile{Name: "a.txt", Data: []byte("正文")}, ""); err != nil {
			t.Fatal(err)
		}
		clock = clock.Add(time.Minute) // the 政策解读 is the newer
	}
	v := newTestReviewView(t)
	q := newQueueView(v.win, store, &users[1], v)
	q.now = func() time.Time { return clock }
	for _, tt := range []struct {
		today      string
		want       string
		importance widget.Importance
		first      bool // the 政策解读 is listed first
	}{
		{"2024-10-08", "[待初审]（10-10 到期，剩 2 个工作日） 政策解读事项（09-30 09:01）", widget.MediumImportance, false},
		{"2024-10-10", "【今天到期】[待初审] 政策解读事项", widget.WarningImportance, true},
		{"2024-10-12", "【超期 2 个工作日】[待初审] 政策解读事项", widget.DangerImportance, true},
	} {
		clock, _ = time.ParseInLocation("2006-01-02", tt.today, archive.OfficeZone)
		if err := q.refresh(); err != nil {
			t.Fatal(err)
		}
		policy, other := -1, -1
		for i := range q.tasks {
			if strings.Contains(q.line(i), "政策解读") {
				policy = i
			} else {
				other = i
			}
		}
		if policy < 0 || other < 0 {
			t.Fatalf("%s: tasks %d, want both items", tt.today, len(q.tasks))
		}
		if got := q.line(policy); !strings.HasPrefix(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.today, got, tt.want)
		}
		if got := q.importance(policy); got != tt.importance {
			t.Errorf("%s: importance %v, want %v", tt.today, got, tt.importance)
		}
		if got := q.line(other); strings.Contains(got, "到期") || strings.Contains(got, "【") || q.importance(other) != widget.MediumImportance {
			t.Errorf("%s: the other item reads %q, want no 期限 and no colour", tt.today, got)
		}
		if got := policy == 0; got != tt.first {
			t.Errorf("%s: 政策解读 first = %v, want %v", tt.today, got, tt.first)
		}
	}
}

// TestRevisedDraftShowsNewFindings: the office returns a draft; its revision brings a new
// finding, which the re-scan marks 【新】, while the reviewed ones keep their decisions.
func TestRevisedDraftShowsNewFindings(t *testing.T) {
	store := memStore(t)
	st := archive.Settings{FondsName: "厦门市司法局", FondsCode: "Z109", Divisions: []archive.Division{{Code: "BGS", Name: "办公室"}}}
	if err := store.SetUp(archive.User{Name: "admin", FullName: "管理员", Roles: []archive.Role{archive.RoleAdmin}}, "admin-password", st); err != nil {
		t.Fatal(err)
	}
	users := []archive.User{
		{Name: "drafter", FullName: "王五", Roles: []archive.Role{archive.RoleDrafter}, Division: "BGS"},
		{Name: "head", FullName: "李处长", Roles: []archive.Role{archive.RoleDivisionHead}, Division: "BGS"},
		{Name: "office", FullName: "张三", Roles: []archive.Role{archive.RoleOffice}},
	}
	for _, u := range users {
		if err := store.CreateUser("admin", u, "password-1"); err != nil {
			t.Fatal(err)
		}
	}
	v := newTestReviewView(t)
	v.store = store
	queue := func(i int) *queueView {
		v.user = &users[i]
		q := newQueueView(v.win, store, &users[i], v)
		if err := q.refresh(); err != nil {
			t.Fatal(err)
		}
		return q
	}
	queue(0)
	v.loadBytes("通知.txt", []byte("关于某事的通知\n本件为内部资料。\n2016年6月29日\n"))
	v.propose(newProposeForm(v.doc, st, v.user, v.win, v.store.PolicyCandidates))
	id := v.proposed.ID
	q := queue(1)
	q.list.Select(0)
	test.Tap(q.approve)
	tapButton(t, v.win.Canvas(), "仍要通过") // 初审 passes a draft the check blocks, when told
	q = queue(2)
	q.list.Select(0)
	v.selectFinding(0)
	test.Type(v.reason, "系通知正文中的引述")
	test.Tap(v.dismiss)
	test.Type(q.opinion, "请删除个人手机号后重报")
	test.Tap(q.ret)
	if err := store.Resubmit("drafter", id, archive.SourceFile{Name: "通知（修改稿）.txt",
		Data: []byte("关于某事的通知\n本件为内部资料。\n联系人手机13812345678。\n2016年6月29日\n")}, "已修改", nil); err != nil {
		t.Fatal(err)
	}
	q = queue(1)
	q.list.Select(0)
	test.Tap(q.approve)
	tapButton(t, v.win.Canvas(), "仍要通过")
	q = queue(2)
	q.list.Select(0)
	var lines []string
	for i := range v.found {
		lines = append(lines, v.findingLine(i))
	}
	got := strings.Join(lines, "\n")
	if !strings.Contains(got, "“内部资料” ✓误报\n正文 第2行") || strings.Contains(lines[0], "【新】") || !strings.Contains(got, "“13812345678” 【新】\n正文 第3行") {
		t.Errorf("findings after revision:\n%s", got)
	}
	for _, want := range []string{"保密审查  张三  退回：请删除个人手机号后重报", "王五  重新提出：已修改", "拟稿处室：办公室　"} {
		if !strings.Contains(q.detail.Text, want) {
			t.Errorf("timeline lacks %q:\n%s", want, q.detail.Text)
		}
	}
}

// TestNoticeMovesNothing: after 通过 the notice says what was done; selecting the next task
// hides it, and the list stays where it was under the clerk's pointer.
func TestNoticeMovesNothing(t *testing.T) {
	m := officeWindow(t)
	office := m.store.(*archive.Office)
	for _, title := range []string{"关于开展法律援助进社区活动的通知", "关于开展普法宣传月活动的通知"} {
		if _, err := office.Propose("wangwu", archive.Draft{Title: title, Author: "厦门市司法局", Division: "LSC", DocDate: "2026-03-18",
			Disclosure: archive.Proactive, Category: "政策法规/部门文件"}, archive.SourceFile{Name: "通知.txt", Data: []byte(title + "\n各处室：请认真贯彻执行。\n")}, ""); err != nil {
			t.Fatal(err)
		}
	}
	signIn(t, m, "lichu")
	q := m.queueView
	at := func() fyne.Position {
		return fyne.CurrentApp().Driver().AbsolutePositionForObject(q.list)
	}
	q.list.Select(0)
	before := at()
	test.Tap(q.approve)
	if !q.notice.Visible() || !strings.HasPrefix(q.notice.Text, "已") {
		t.Fatalf("after 通过 the notice says %q (shown %v)", q.notice.Text, q.notice.Visible())
	}
	shownAt := at()
	q.list.Select(0)
	if q.notice.Visible() || at() != before || shownAt != before {
		t.Errorf("the list at %v, with the notice %v, after it %v (notice shown %v); want it where it was", before, shownAt, at(), q.notice.Visible())
	}
}

// TestPassListWithIdentifiers: at 初审 of a list blocked only by ID numbers, 通过 asks first, in a
// dialog as tall as its text, and says, as 提出 did, that 保密审查 can publish it masked.
func TestPassListWithIdentifiers(t *testing.T) {
	m := officeWindow(t)
	c := m.win.Canvas()
	office := m.store.(*archive.Office)
	const title = "2026年困难群众补贴发放名单"
	if _, err := office.Propose("wangwu", archive.Draft{Title: title, Author: "厦门市司法局", Division: "LSC", DocDate: "2026-03-18",
		Disclosure: archive.Proactive, Category: "政策法规/部门文件"},
		archive.SourceFile{Name: "名单.txt", Data: []byte(title + "\n张某 身份证号 11010519491231002X\n李某 身份证号 350203198506150011\n")}, ""); err != nil {
		t.Fatal(err)
	}
	signIn(t, m, "lichu")
	q := m.queueView
	q.list.Select(0)
	test.Tap(q.approve)
	if q.question == nil {
		t.Fatalf("通过 of a list with ID numbers asked nothing: %s", shown(c))
	}
	got := shown(c)
	for _, want := range []string{"身份证号“11010519491231002X”", "脱敏后通过", "脱敏稿"} {
		if !strings.Contains(strings.ReplaceAll(got, "\n", ""), want) {
			t.Errorf("the question before 通过: got %q, want it to say %q", got, want)
		}
	}
	// Two problems and the advice under a title, over the buttons: Fyne's own question dialog
	// measured its text at its narrowest and stood 417 high here, 610 of 768 in the real window.
	// The dialog stands in the middle of the window, its buttons at its foot.
	yes := button(t, c, "仍要通过")
	foot := fyne.CurrentApp().Driver().AbsolutePositionForObject(yes).Y + yes.Size().Height
	h := 2 * (foot - c.Size().Height/2)
	if h > 300 {
		t.Errorf("the question stands %.0f high, want at most 300 (its text and buttons)", h)
	}
	tapButton(t, c, "仍要通过")
	if !strings.HasPrefix(q.notice.Text, "已通过") {
		t.Errorf("仍要通过: got notice %q", q.notice.Text)
	}
}

// TestTimelineLinesFillThePane: a return's long opinion in 办理经过 breaks where the pane ends,
// by the Chinese rules, not at the last space before it (Fyne's wrapping), which left half the
// pane empty.
func TestTimelineLinesFillThePane(t *testing.T) {
	m := officeWindow(t)
	office := m.store.(*archive.Office)
	const title = "关于开展法律援助进社区活动的通知"
	if _, err := office.Propose("wangwu", archive.Draft{Title: title, Author: "厦门市司法局", Division: "LSC", DocDate: "2026-03-18",
		Disclosure: archive.Proactive, Category: "政策法规/部门文件"}, archive.SourceFile{Name: "通知.txt", Data: []byte(title + "\n各处室：请认真贯彻执行。\n")}, ""); err != nil {
		t.Fatal(err)
	}
	signIn(t, m, "lichu")
	q := m.queueView
	q.list.Select(0)
	const opinion = "请核对活动时间地点与承办单位的名称是否与局党组会议纪要一致并补充联系人与联系电话后重新报送审核办理"
	test.Type(q.opinion, opinion)
	test.Tap(q.ret)
	signOut(t, m)
	signIn(t, m, "wangwu")
	q = m.queueView
	q.list.Select(0)
	if !strings.Contains(q.detail.Text, opinion) {
		t.Fatalf("办理经过 lacks the return's opinion:\n%s", q.detail.Text)
	}
	var shown strings.Builder
	for _, s := range q.detail.rich.Segments {
		shown.WriteString(s.Textual())
	}
	room := q.detail.Size().Width - 2*theme.InnerPadding()
	found := false
	for _, line := range strings.Split(shown.String(), "\n") {
		if !strings.Contains(line, "退回：") {
			continue // the return's first line, which a long opinion fills
		}
		found = true
		if w := fyne.MeasureText(line, theme.TextSize(), fyne.TextStyle{}).Width; w < room*0.8 {
			t.Errorf("办理经过's return line %q is %.0f wide in a pane of %.0f: broken early", line, w, room)
		}
	}
	if !found {
		t.Errorf("办理经过 shows no return:\n%s", shown.String())
	}
}
