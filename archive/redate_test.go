package archive

import (
	"strings"
	"testing"
)

func TestSaveSettingsRedatesDueDates(t *testing.T) {
	o := newOffice(t)
	policy := func(date string) Draft {
		d := seedDraft
		d.Category, d.PolicyDate = "政策解读", date
		return d
	}
	// 2026-12-30 is a Wednesday; 审档 ships no 2027 notice, so 2027-01-01 counts as a working
	// day: due 2027-01-04. 2016-06-24 is a Friday: due 2016-06-29.
	newYear := o.propose(t, policy("2026-12-30"))
	june := o.propose(t, policy("2016-06-24"))
	published := o.propose(t, policy("2016-06-24"))
	o.through(t, published.ID)
	may := o.propose(t, policy("2016-05-03"))
	plain := o.propose(t, seedDraft)

	st, err := o.Settings()
	must(t, err)
	steps := []struct {
		name      string
		actor     string
		additions string
		want      int               // due dates moved
		due       map[string]string // item → due date after the step
	}{
		{"the settings saved unchanged move nothing", "admin", "", 0,
			map[string]string{newYear.ID: "2027-01-04", june.ID: "2016-06-29", published.ID: "2016-06-29"}},
		{"a new year: its 元旦 moves the item due across it", "admin", "年度 2027 国务院办公厅关于2027年部分节假日安排的通知\n2027-01-01 休 元旦", 1,
			map[string]string{newYear.ID: "2027-01-05", june.ID: "2016-06-29"}},
		{"a correction of 2016: the unpublished item moves, the published one does not", "admin",
			"年度 2027 国务院办公厅关于2027年部分节假日安排的通知\n2027-01-01 休 元旦\n2016-06-28 休 更正示例", 1,
			map[string]string{newYear.ID: "2027-01-05", june.ID: "2016-06-30", published.ID: "2016-06-29", may.ID: "2016-05-06", plain.ID: ""}},
		{"the correction taken back, the year's notice kept", "admin", "年度 2027 国务院办公厅关于2027年部分节假日安排的通知\n2027-01-01 休 元旦", 1,
			map[string]string{newYear.ID: "2027-01-05", june.ID: "2016-06-29"}},
		{"the year removed again", "admin", "", 1,
			map[string]string{newYear.ID: "2027-01-04"}},
	}
	for _, tt := range steps {
		st.CalendarAdditions = tt.additions
		got, err := o.SaveSettingsAndRedate(tt.actor, st)
		must(t, err)
		if got != tt.want {
			t.Errorf("%s: got %d due dates moved, want %d", tt.name, got, tt.want)
		}
		for id, want := range tt.due {
			it, err := o.Item(id)
			must(t, err)
			if it.Due != want {
				t.Errorf("%s: got %q due %q, want %q", tt.name, it.PolicyDate, it.Due, want)
			}
		}
	}

	// Each move is in the audit log, on its item, with the old and new day.
	log, err := o.Audit(1, 1000)
	must(t, err)
	var moves []string
	for _, e := range log {
		if e.Item == june.ID && strings.Contains(e.Detail, "工作日历变更") {
			moves = append(moves, e.Detail)
		}
	}
	if len(moves) != 2 || !strings.Contains(moves[0], "由 2016-06-29 改为 2016-06-30") {
		t.Errorf("audit entries of the moved item: got %q, want two, the first from 2016-06-29 to 2016-06-30", moves)
	}
	// The statistics' facts follow the item.
	if got := problems(t, o.Office); got != "" {
		t.Errorf("verify after the moves: got %q, want nothing", got)
	}
}

func TestSaveSettingsRedateRefused(t *testing.T) {
	o := newOffice(t)
	d := seedDraft
	d.Category, d.PolicyDate = "政策解读", "2026-12-30"
	it := o.propose(t, d)
	st, err := o.Settings()
	must(t, err)
	st.CalendarAdditions = "年度 2027 通知\n2027-01-01 休 元旦"
	n, err := o.SaveSettingsAndRedate("office", st)
	wantErr(t, "a non-administrator", err, ErrPermission)
	got, err := o.Item(it.ID)
	must(t, err)
	if n != 0 || got.Due != "2027-01-04" {
		t.Errorf("refused save: got %d moved and due %q, want 0 and 2027-01-04", n, got.Due)
	}
}

func TestCalendarChangedYears(t *testing.T) {
	parse := func(text string) *Calendar {
		c, err := ParseCalendar(text)
		must(t, err)
		return c
	}
	base := parse("年度 2026 通知\n2026-10-01 休 国庆节")
	tests := []struct {
		name  string
		other string
		want  []int
	}{
		{"the same", "年度 2026 通知\n2026-10-01 休 国庆节", nil},
		{"the notice renamed moves no day", "年度 2026 另一个名字\n2026-10-01 休 国庆节", nil},
		{"a year added", "年度 2026 通知\n2026-10-01 休 国庆节\n年度 2027 通知", []int{2027}},
		{"a day added to another year", "年度 2026 通知\n2026-10-01 休 国庆节\n2016-06-28 休 更正", []int{2016}},
		{"a day removed", "年度 2026 通知", []int{2026}},
		{"a 调休 day added", "年度 2026 通知\n2026-10-01 休 国庆节\n2026-10-10 班 调休", []int{2026}},
	}
	for _, tt := range tests {
		got := base.ChangedYears(parse(tt.other))
		if len(got) != len(tt.want) || (len(got) > 0 && got[0] != tt.want[0]) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}
