package main

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"shendang.gov.cn/shendang/archive"
)

// TestOverdueFlaggedInQueue: a 政策解读 older than 3 working days is flagged in 待办, as
// archive.Overdue says; another category is not.
func TestOverdueFlaggedInQueue(t *testing.T) {
	store := memStore(t)
	monday := time.Date(2026, 3, 16, 9, 0, 0, 0, archive.OfficeZone)
	clock := monday
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
	for _, cat := range []string{"政策解读", "人事信息"} {
		d := archive.Draft{Title: cat + "事项", Author: "厦门市司法局", Division: "BGS", DocDate: "2026-03-16", Disclosure: archive.Proactive, Category: cat}
		if _, err := store.Propose("drafter", d, archive.SourceFile{Name: "a.txt", Data: []byte("正文")}, ""); err != nil {
			t.Fatal(err)
		}
	}
	v := newTestReviewView(t)
	q := newQueueView(v.win, store, &users[1], v)
	for _, tt := range []struct {
		days int
		want string
	}{{3, "[待初审] 政策解读事项"}, {4, "【超期】[待初审] 政策解读事项"}} {
		clock = monday.AddDate(0, 0, tt.days)
		if err := q.refresh(); err != nil {
			t.Fatal(err)
		}
		var policy, other string
		for i := range q.tasks {
			if strings.Contains(q.line(i), "政策解读") {
				policy = q.line(i)
			} else {
				other = q.line(i)
			}
		}
		if !strings.HasPrefix(policy, tt.want) || strings.Contains(other, "超期") {
			t.Errorf("after %d days: %q / %q, want %q and no flag on the other", tt.days, policy, other, tt.want)
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
	v.propose(newProposeForm(v.doc, st, v.user))
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
	if !strings.Contains(got, "“内部资料” 正文 第2行 ✓误报") || strings.Contains(lines[0], "【新】") || !strings.Contains(got, "“13812345678” 正文 第3行 【新】") {
		t.Errorf("findings after revision:\n%s", got)
	}
	for _, want := range []string{"保密审查  张三  退回：请删除个人手机号后重报", "王五  重新提出：已修改"} {
		if !strings.Contains(q.detail.Text, want) {
			t.Errorf("timeline lacks %q:\n%s", want, q.detail.Text)
		}
	}
}
