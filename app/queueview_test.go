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
		v.findings.Select(i)
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
	test.Type(q.opinion, "http://sfj.xm.gov.cn/x.htm")
	test.Tap(q.approve)

	it, err := store.Item(id)
	if err != nil || it.State != archive.StateFile || it.Publication == nil || it.Publication.URL != "http://sfj.xm.gov.cn/x.htm" {
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
