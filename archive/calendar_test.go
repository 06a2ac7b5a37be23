package archive

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// day is the start of a date in the office's zone.
func day(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02", s, OfficeZone)
	if err != nil {
		panic(err)
	}
	return t
}

// sentence is the Chinese sentence of err, or "".
func sentence(err error) string {
	s, _ := Message(err)
	return s
}

func shippedCalendar(t testing.TB) *Calendar {
	t.Helper()
	cal, err := ShippedCalendar()
	if err != nil {
		t.Fatalf("ShippedCalendar: %v", err)
	}
	return cal
}

func TestShippedCalendarCoversItsYears(t *testing.T) {
	cal := shippedCalendar(t)
	for y := 2016; y <= 2026; y++ {
		if !cal.Covers(y) || !strings.Contains(cal.Notice(y), "国务院办公厅关于") {
			t.Errorf("Covers(%d) = %v, notice %q; want covered by the State Council's notice", y, cal.Covers(y), cal.Notice(y))
		}
	}
	for _, y := range []int{2015, 2027} {
		if cal.Covers(y) {
			t.Errorf("Covers(%d) = true, want false", y)
		}
	}
}

func TestIsWorkday(t *testing.T) {
	cal := shippedCalendar(t)
	tests := []struct {
		name string
		date string
		want bool
	}{
		{"2024 春节调休: Sunday 2-4 worked", "2024-02-04", true},
		{"2024 春节: Saturday 2-10 off", "2024-02-10", false},
		{"2024 春节: Thursday 2-15 off", "2024-02-15", false},
		{"2024 春节: Friday 2-16 off", "2024-02-16", false},
		{"2024 春节调休: Sunday 2-18 worked", "2024-02-18", true},
		{"2024: Monday 2-19 an ordinary working day", "2024-02-19", true},
		{"2024: Saturday 2-24 an ordinary weekend", "2024-02-24", false},
		{"2023 中秋国庆: Friday 9-29 off", "2023-09-29", false},
		{"2023 国庆: Friday 10-6 off", "2023-10-06", false},
		{"2023 国庆调休: Saturday 10-7 worked", "2023-10-07", true},
		{"2023 国庆调休: Sunday 10-8 worked", "2023-10-08", true},
		{"2024 国庆调休: Sunday 9-29 worked", "2024-09-29", true},
		{"2024 国庆: Monday 10-7 off", "2024-10-07", false},
		{"2024 国庆调休: Saturday 10-12 worked", "2024-10-12", true},
		{"2020 春节 extended: Saturday 2-1 no longer worked", "2020-02-01", false},
		{"2019 元旦调休: Saturday 2018-12-29 worked", "2018-12-29", true},
		{"2027 not covered: Monday", "2027-02-08", true},
		{"2027 not covered: Saturday", "2027-02-06", false},
	}
	for _, tt := range tests {
		if got := cal.IsWorkday(day(tt.date)); got != tt.want {
			t.Errorf("%s: IsWorkday(%s) = %v, want %v", tt.name, tt.date, got, tt.want)
		}
	}
}

func TestIsWorkdayInOfficeZone(t *testing.T) {
	cal := shippedCalendar(t)
	// 2024-02-09 20:00 UTC is already 2024-02-10 (a holiday) in the office.
	if got := cal.IsWorkday(time.Date(2024, 2, 9, 20, 0, 0, 0, time.UTC)); got {
		t.Errorf("IsWorkday(2024-02-09T20:00Z) = true, want false (2024-02-10 in UTC+8)")
	}
}

func TestAddWorkdays(t *testing.T) {
	cal := shippedCalendar(t)
	tests := []struct {
		name  string
		start string
		n     int
		want  string
	}{
		{"an ordinary week: Monday + 3", "2024-03-04", 3, "2024-03-07"},
		{"over a weekend: Thursday + 3", "2024-03-07", 3, "2024-03-12"},
		{"the day before 国庆 2024's 7 days", "2024-09-30", 3, "2024-10-10"},
		{"the Sunday worked before 国庆 2024", "2024-09-29", 3, "2024-10-09"},
		{"the day before 中秋国庆 2023's 8 days: 调休 weekend counts", "2023-09-28", 3, "2023-10-09"},
		{"the working Sunday before 春节 2024", "2024-02-04", 3, "2024-02-07"},
		{"the day before 春节 2024: 2-18 worked", "2024-02-09", 3, "2024-02-20"},
		{"issued on a holiday", "2024-02-12", 1, "2024-02-18"},
		{"across the years: 2023-12-29 + 3 (元旦 2024)", "2023-12-29", 3, "2024-01-04"},
		{"a year not covered: Monday to Friday", "2027-02-05", 3, "2027-02-10"},
		{"zero is the start day", "2024-02-10", 0, "2024-02-10"},
	}
	for _, tt := range tests {
		if got := cal.AddWorkdays(day(tt.start), tt.n).Format("2006-01-02"); got != tt.want {
			t.Errorf("%s: AddWorkdays(%s, %d) = %s, want %s", tt.name, tt.start, tt.n, got, tt.want)
		}
	}
}

func TestWorkdaysLeft(t *testing.T) {
	cal := shippedCalendar(t)
	tests := []struct {
		name     string
		now, due string
		want     int
	}{
		{"due today", "2024-10-10", "2024-10-10", 0},
		{"a holiday week left before the due day", "2024-09-30", "2024-10-10", 3},
		{"one day late", "2024-10-11", "2024-10-10", -1},
		{"the 调休 Saturday counts late", "2024-10-12", "2024-10-10", -2},
		{"the weekend after a Friday due day is one day late", "2024-03-09", "2024-03-08", -1},
		{"Monday after a Friday due day", "2024-03-11", "2024-03-08", -1},
		{"during 春节 2024, due the Sunday worked", "2024-02-12", "2024-02-18", 1},
	}
	for _, tt := range tests {
		if got := cal.WorkdaysLeft(day(tt.now).Add(15*time.Hour), day(tt.due)); got != tt.want {
			t.Errorf("%s: WorkdaysLeft(%s, %s) = %d, want %d", tt.name, tt.now, tt.due, got, tt.want)
		}
	}
}

// calendarCases are the parser's table; the fuzz target starts from them.
var calendarCases = []struct {
	name, text string
	bad        string // a word the error names, "" when the text is good
}{
	{"a new year", "年度 2027 国务院办公厅关于2027年部分节假日安排的通知\n2027-02-06 休 春节\n2027-02-20 班 春节调休\n", ""},
	{"comments, blank lines, no remark", "# 补充\n\n  2027-10-01 休  \n", ""},
	{"not a date", "2027-13-01 休 春节", "第 1 行"},
	{"a date without the kind", "年度 2027 通知\n2027-02-06", "第 2 行"},
	{"an unknown kind", "2027-02-06 放假 春节", "“休”"},
	{"班 on a weekday", "2027-02-08 班 春节调休", "周一"},
	{"a date twice", "2027-02-06 休 春节\n2027-02-06 班 春节调休", "前面已经写过"},
	{"a year twice", "年度 2027 通知\n年度 2027 通知", "前面已经写过"},
	{"a year without its notice", "年度 2027", "第 1 行"},
	{"a year that is not one", "年度 二〇二七 通知", "不是年份"},
	{"free text", "春节放假七天", "第 1 行"},
}

func TestParseCalendar(t *testing.T) {
	for _, tt := range calendarCases {
		_, err := ParseCalendar(tt.text)
		switch {
		case tt.bad == "" && err != nil:
			t.Errorf("%s: got %v, want no error", tt.name, err)
		case tt.bad != "" && (err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(sentence(err), tt.bad)):
			t.Errorf("%s: got %v, want ErrInvalid naming %q", tt.name, err, tt.bad)
		}
	}
}

func TestCalendarWithAdditions(t *testing.T) {
	add, err := ParseCalendar("年度 2027 国务院办公厅关于2027年部分节假日安排的通知\n2027-02-08 休 春节\n2024-10-12 休 更正示例\n")
	if err != nil {
		t.Fatal(err)
	}
	cal := shippedCalendar(t).With(add)
	tests := []struct {
		name string
		got  bool
		want bool
	}{
		{"2027 covered by the addition", cal.Covers(2027), true},
		{"2027-02-08 off by the addition", cal.IsWorkday(day("2027-02-08")), false},
		{"the addition corrects a shipped date", cal.IsWorkday(day("2024-10-12")), false},
		{"shipped dates stay", cal.IsWorkday(day("2024-02-15")), false},
		{"the shipped calendar itself is unchanged", shippedCalendar(t).Covers(2027), false},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

func TestSettingsCalendarAdditionsValidate(t *testing.T) {
	st := Settings{FondsName: "厦门市司法局", FondsCode: "Z109", CalendarAdditions: "年度 2027 通知\n2027-02-09 班 春节调休"}
	err := st.Validate()
	if err == nil || !strings.Contains(sentence(err), "工作日历第 2 行“2027-02-09 班 春节调休”") {
		t.Errorf("Validate = %v, want the bad line named", err)
	}
}

func FuzzParseCalendar(f *testing.F) {
	for _, tt := range calendarCases {
		f.Add(tt.text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		cal, err := ParseCalendar(text)
		if err != nil {
			if !errors.Is(err, ErrInvalid) || !strings.Contains(sentence(err), "工作日历第") {
				t.Fatalf("ParseCalendar error %v, want ErrInvalid naming the line", err)
			}
			return
		}
		start := day("2027-01-01")
		if due := cal.AddWorkdays(start, 3); !due.After(start) {
			t.Fatalf("AddWorkdays(%v, 3) = %v, not after the start", start, due)
		}
	})
}
