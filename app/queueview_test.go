package main

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/assets"
)

// TestProcedureThroughTheWindow takes a draft from 提出 to 待建档 through the views, with a user
// of the right role at each step, and shows that a user of another role has nothing to do.
func TestProcedureThroughTheWindow(t *testing.T) {
	store := memStore(t)
	clock := time.Date(2016, 6, 29, 9, 0, 0, 0, time.Local)
	store.Now = func() time.Time { clock = clock.Add(time.Minute); return clock } // goldens show times
	st := archive.Settings{FondsName: "厦门市司法局", FondsCode: "Z109", Divisions: []archive.Division{{Code: "BGS", Name: "办公室"}, {Code: "LSC", Name: "律师工作处"}}}
	if err := store.SetUp(archive.User{Name: "admin", FullName: "管理员", Roles: []archive.Role{archive.RoleAdmin}}, "admin-password", st); err != nil {
		t.Fatal(err)
	}
	users := map[string]archive.User{
		"drafter":   {Name: "drafter", FullName: "王五", Roles: []archive.Role{archive.RoleDrafter}, Division: "LSC"},
		"head":      {Name: "head", FullName: "李处长", Roles: []archive.Role{archive.RoleDivisionHead}, Division: "LSC"},
		"otherhead": {Name: "otherhead", FullName: "赵处长", Roles: []archive.Role{archive.RoleDivisionHead}, Division: "BGS"},
		"office":    {Name: "office", FullName: "张三", Roles: []archive.Role{archive.RoleOffice}},
		"leader":    {Name: "leader", FullName: "陈局长", Roles: []archive.Role{archive.RoleLeader}},
	}
	for _, u := range users {
		if err := store.CreateUser("admin", u, "password-1"); err != nil {
			t.Fatal(err)
		}
	}
	v := newTestReviewView(t)
	v.store = store
	as := func(name string) *queueView {
		u := users[name]
		v.user = &u
		q := newQueueView(store, &u, v)
		if err := q.refresh(); err != nil {
			t.Fatal(err)
		}
		return q
	}
	// 提出: the drafter proposes the sample that must be blocked.
	var name string
	var data []byte
	for n, d := range assets.Samples() {
		if strings.Contains(n, "密级") {
			name, data = n, d
		}
	}
	as("drafter")
	v.loadBytes(name, data)
	f := newProposeForm(v.doc, st, v.user)
	v.propose(f.draft(), "建议主动公开")
	id := v.proposed.ID

	if q := as("otherhead"); len(q.items) != 0 {
		t.Errorf("another division's head has %d items to do", len(q.items))
	}
	// A user of the wrong role who reaches the item anyway (a stale screen) is refused by the
	// store, and the item stays where it was.
	wrong := as("leader")
	if len(wrong.items) != 0 {
		t.Errorf("the leader has %d items at 初审", len(wrong.items))
	}
	wrong.items, _, _ = store.Items(archive.Filter{State: archive.StatePreliminary}, 0, 10)
	wrong.list.Refresh()
	wrong.list.Select(0)
	test.Tap(wrong.approve)
	if it, _ := store.Item(id); it.State != archive.StatePreliminary {
		t.Fatalf("a leader took the 初审: state %s", it.State)
	}
	// 初审 by the division head.
	q := as("head")
	if len(q.items) != 1 || !strings.Contains(q.counts.Text, "待初审 1") {
		t.Fatalf("head's queue: %d items, %q", len(q.items), q.counts.Text)
	}
	w := test.NewTempWindow(t, q.content)
	w.Resize(fyne.NewSize(900, 500))
	assertMarkup(t, "queue_head.xml", w.Canvas())
	q.list.Select(0)
	test.Type(q.opinion, "同意")
	test.Tap(q.approve)
	// 保密审查: blocked until each block finding is dismissed with a reason.
	q = as("office")
	q.list.Select(0)
	if len(v.found) == 0 {
		t.Fatal("the office sees no findings")
	}
	test.Tap(q.approve)
	if it, _ := store.Item(id); it.State != archive.StateSecrecy {
		t.Fatalf("approved over block findings: state %s", it.State)
	}
	for i := range v.found {
		v.selectFinding(i)
		test.Type(v.reason, "样张，经核实可公开")
		test.Tap(v.dismiss)
	}
	test.Tap(q.approve)
	// 审核, then 公开.
	q = as("leader")
	q.list.Select(0)
	test.Tap(q.approve)
	q = as("office")
	if len(q.items) != 1 || !strings.Contains(q.counts.Text, "待公开 1") {
		t.Fatalf("office's queue before 公开: %q", q.counts.Text)
	}
	q.list.Select(0)
	test.Tap(q.approve) // asks how it was published
	before, _ := store.Item(id)
	pf := newPublishForm(before, time.Date(2016, 7, 1, 9, 0, 0, 0, time.Local))
	if pf.date.Text != "2016-07-01" || strings.Join(pf.channels.Selected, ",") != strings.Join(before.Channels, ",") {
		t.Errorf("publish form starts with %q %v", pf.date.Text, pf.channels.Selected)
	}
	test.Type(pf.url, "sfj.xm.gov.cn/x.htm")
	q.publish(id, pf.publication()) // refused: not a web address
	if it, _ := store.Item(id); it.State != archive.StatePublish {
		t.Fatalf("a bad address was recorded: state %s", it.State)
	}
	pf.url.SetText("http://sfj.xm.gov.cn/x.htm")
	pf.channels.SetSelected([]string{"门户网站", "政务微信"})
	q.publish(id, pf.publication())

	it, err := store.Item(id)
	if err != nil || it.State != archive.StateFile || it.Publication == nil || it.Publication.URL != "http://sfj.xm.gov.cn/x.htm" ||
		it.Publication.Date != "2016-07-01" || len(it.Publication.Channels) != 2 {
		t.Fatalf("after 公开: %+v %v", it, err)
	}
	recs, _ := store.Records(id)
	var secrecy *archive.Record
	for i := range recs {
		if recs[i].Step == archive.StepSecrecy {
			secrecy = &recs[i]
		}
	}
	if secrecy == nil || secrecy.Check == nil || len(secrecy.Check.Dispositions) != len(v.found) || secrecy.Actor != "office" {
		t.Errorf("the 保密审查 record does not keep the check and its dispositions: %+v", secrecy)
	}
}

func TestWorkingDaysAndOverdue(t *testing.T) {
	fri := time.Date(2016, 7, 1, 10, 0, 0, 0, time.Local) // a Friday
	for _, tt := range []struct {
		to   time.Time
		want int
	}{{fri, 0}, {fri.AddDate(0, 0, 3), 1}, {fri.AddDate(0, 0, 5), 3}, {fri.AddDate(0, 0, 6), 4}} {
		if got := workingDaysSince(fri, tt.to); got != tt.want {
			t.Errorf("working days to %s: %d, want %d", tt.to.Format("Mon 01-02"), got, tt.want)
		}
	}
	q := &queueView{now: func() time.Time { return fri.AddDate(0, 0, 6) }}
	if !q.overdue(&archive.Item{Draft: archive.Draft{Category: "政策解读"}, Created: fri}) {
		t.Error("a policy interpretation 4 working days old is not overdue")
	}
	if q.overdue(&archive.Item{Draft: archive.Draft{Category: "人事信息"}, Created: fri}) {
		t.Error("an item without a time limit is overdue")
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
		q := newQueueView(store, &users[i], v)
		if err := q.refresh(); err != nil {
			t.Fatal(err)
		}
		return q
	}
	queue(0)
	v.loadBytes("通知.txt", []byte("关于某事的通知\n本件为内部资料。\n2016年6月29日\n"))
	v.propose(newProposeForm(v.doc, st, v.user).draft(), "")
	id := v.proposed.ID
	q := queue(1)
	q.list.Select(0)
	test.Tap(q.approve)
	q = queue(2)
	q.list.Select(0)
	v.selectFinding(0)
	test.Type(v.reason, "系通知正文中的引述")
	test.Tap(v.dismiss)
	test.Type(q.opinion, "请删除个人手机号后重报")
	test.Tap(q.ret)
	if err := store.Resubmit("drafter", id, archive.SourceFile{Name: "通知（修改稿）.txt",
		Data: []byte("关于某事的通知\n本件为内部资料。\n联系人手机13812345678。\n2016年6月29日\n")}, "已修改"); err != nil {
		t.Fatal(err)
	}
	q = queue(1)
	q.list.Select(0)
	test.Tap(q.approve)
	q = queue(2)
	q.list.Select(0)
	var lines []string
	for i := range v.found {
		lines = append(lines, v.findingLine(i))
	}
	got := strings.Join(lines, "\n")
	if !strings.Contains(got, "“内部资料” 正文 第2行 ✓误报") || strings.Contains(lines[0], "【新】") || !strings.Contains(got, "“13812345678” 正文 第3行 【新】") {
		t.Errorf("findings after revision:\n%s", got)
	}
	for _, want := range []string{"保密审查  office  退回：请删除个人手机号后重报", "提出  drafter  提出：已修改"} {
		if !strings.Contains(q.detail.Text, want) {
			t.Errorf("timeline lacks %q:\n%s", want, q.detail.Text)
		}
	}
}
