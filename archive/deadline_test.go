package archive

import (
	"testing"
	"time"
)

func TestDueDateAtPropose(t *testing.T) {
	o := newOffice(t)
	tests := []struct {
		name  string
		draft func(d Draft) Draft
		want  string
	}{
		{"政策解读: 3 working days from the policy's issue date", func(d Draft) Draft {
			d.Category, d.PolicyDate = "政策解读", "2016-06-24"
			return d
		}, "2016-06-29"},
		{"政策解读 without the policy's date: from its 成文日期", func(d Draft) Draft {
			d.Category = "政策解读"
			return d
		}, "2016-07-04"},
		{"the day before 国庆 2016's 7 days", func(d Draft) Draft {
			d.Category, d.PolicyDate, d.DocDate = "政策解读", "2016-09-30", "2016-09-30"
			return d
		}, "2016-10-10"},
		{"no time limit for other categories", func(d Draft) Draft { return d }, ""},
	}
	for _, tt := range tests {
		it := o.propose(t, tt.draft(seedDraft))
		stored, err := o.Item(it.ID)
		must(t, err)
		if stored.Due != tt.want {
			t.Errorf("%s: Due = %q, want %q", tt.name, stored.Due, tt.want)
		}
	}
}

func TestPolicyDateValidates(t *testing.T) {
	d := seedDraft
	d.PolicyDate = "2016-02-30"
	if err := d.Validate(); err == nil {
		t.Errorf("Validate with PolicyDate %q = nil, want an error", d.PolicyDate)
	}
}

func TestOnTimeRecordedAtPublish(t *testing.T) {
	o := newOffice(t)
	tests := []struct {
		name       string
		category   string
		policyDate string
		published  string
		want       *bool
	}{
		{"published before the due day", "政策解读", "2016-06-29", "2016-07-01", ptr(true)},
		{"published on the due day", "政策解读", "2016-06-28", "2016-07-01", ptr(true)},
		{"published after the due day", "政策解读", "2016-06-24", "2016-07-01", ptr(false)},
		{"no time limit: nothing recorded", "规范性文件", "", "2016-07-01", nil},
	}
	for _, tt := range tests {
		d := seedDraft
		d.Category, d.PolicyDate = tt.category, tt.policyDate
		it := o.propose(t, d)
		must(t, o.Decide("head", it.ID, Review{Approve: true}))
		must(t, o.Decide("office", it.ID, Review{Approve: true}))
		must(t, o.Decide("leader", it.ID, Review{Approve: true}))
		must(t, o.Publish("office", it.ID, Publication{Channels: []string{"门户网站"}, Date: tt.published}))
		got, err := o.Item(it.ID)
		must(t, err)
		switch p := got.Publication; {
		case tt.want == nil && p.OnTime != nil:
			t.Errorf("%s: OnTime = %v, want nil", tt.name, *p.OnTime)
		case tt.want != nil && (p.OnTime == nil || *p.OnTime != *tt.want):
			t.Errorf("%s: OnTime = %v, want %v", tt.name, p.OnTime, *tt.want)
		}
	}
}

func ptr[T any](v T) *T { return &v }

func TestDeadlineOf(t *testing.T) {
	cal := shippedCalendar(t)
	policy := func(mod func(*Item)) *Item {
		it := &Item{Draft: Draft{Category: "主动公开/政策解读", DocDate: "2024-09-30"}, State: StateSecrecy, Due: "2024-10-10"}
		if mod != nil {
			mod(it)
		}
		return it
	}
	at := func(s string) time.Time { return day(s).Add(10 * time.Hour) }
	tests := []struct {
		name      string
		it        *Item
		now       time.Time
		wantState DeadlineState
		wantLeft  int
		wantLabel string
	}{
		{"issued the day before 国庆 2024", policy(nil), at("2024-09-30"), DueLater, 3, "10-10 到期，剩 3 个工作日"},
		{"during the holiday", policy(nil), at("2024-10-05"), DueLater, 3, "10-10 到期，剩 3 个工作日"},
		{"due today", policy(nil), at("2024-10-10"), DueToday, 0, "今天到期"},
		{"the 调休 Saturday after", policy(nil), at("2024-10-12"), PastDue, -2, "超期 2 个工作日（10-10 到期）"},
		{"due in another year shows the year", policy(nil), at("2025-01-02"), PastDue, -60, "超期 60 个工作日（2024-10-10 到期）"},
		{"old store: no Due, computed from 成文日期", policy(func(it *Item) { it.Due = "" }), at("2024-10-09"), DueLater, 1, "10-10 到期，剩 1 个工作日"},
		{"old store: the policy's date wins; the 调休 Sunday 9-29 counts", policy(func(it *Item) { it.Due, it.PolicyDate = "", "2024-09-27" }), at("2024-10-09"), PastDue, -1, "超期 1 个工作日（10-08 到期）"},
		{"published on time", policy(func(it *Item) { it.Publication = &Publication{Date: "2024-10-10", OnTime: ptr(true)} }), at("2024-12-01"), Met, 0, "按期公开（10-10 到期）"},
		{"published late", policy(func(it *Item) { it.Publication = &Publication{Date: "2024-10-11", OnTime: ptr(false)} }), at("2024-12-01"), Missed, 0, "逾期公开（10-10 到期）"},
		{"old store: published before OnTime was recorded", policy(func(it *Item) { it.Publication = &Publication{Date: "2024-10-11"} }), at("2024-12-01"), Missed, 0, "逾期公开（10-10 到期）"},
	}
	for _, tt := range tests {
		d, ok := DeadlineOf(tt.it, tt.now, cal)
		if !ok {
			t.Errorf("%s: DeadlineOf ok = false, want true", tt.name)
			continue
		}
		if d.State != tt.wantState || d.Left != tt.wantLeft || d.Label(tt.now) != tt.wantLabel {
			t.Errorf("%s: got state %d, left %d, %q; want %d, %d, %q", tt.name, d.State, d.Left, d.Label(tt.now), tt.wantState, tt.wantLeft, tt.wantLabel)
		}
	}
}

func TestDeadlineShort(t *testing.T) {
	tests := []struct {
		d    Deadline
		want string
	}{
		{Deadline{State: DueLater, Left: 2}, "剩 2 个工作日"},
		{Deadline{State: DueToday}, "今天到期"},
		{Deadline{State: PastDue, Left: -3}, "超期 3 个工作日"},
		{Deadline{State: Met}, "按期公开"},
		{Deadline{State: Missed}, "逾期公开"},
	}
	for _, tt := range tests {
		if got := tt.d.Short(); got != tt.want {
			t.Errorf("Short(%+v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}
