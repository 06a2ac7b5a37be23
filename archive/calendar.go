package archive

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"shendang.gov.cn/shendang/assets"
)

// Calendar is the working-day calendar every time limit is counted on: the public holidays
// and the weekend days worked instead (调休) of the State Council's annual notice, for the
// years it holds. A date it does not list is a working day from Monday to Friday; a year
// whose notice it does not hold is counted so, and Covers says which years those are.
// A Calendar is read-only once made and safe for concurrent use.
type Calendar struct {
	days  map[civilDay]bool // listed dates → working day (班) or not (休)
	years map[int]string    // the years whose notice it holds → the notice's name
}

// civilDay is a date without a time: the day a person in the office means.
type civilDay struct {
	y int
	m time.Month
	d int
}

// dayOf is the date t falls on in the office's zone.
func dayOf(t time.Time) civilDay {
	y, m, d := t.In(OfficeZone).Date()
	return civilDay{y, m, d}
}

// time is the start of the day in the office's zone.
func (c civilDay) time() time.Time { return time.Date(c.y, c.m, c.d, 0, 0, 0, 0, OfficeZone) }

// next is the following day.
func (c civilDay) next() civilDay { return dayOf(c.time().AddDate(0, 0, 1)) }

func (c civilDay) after(o civilDay) bool { return c.time().After(o.time()) }

// ParseCalendar reads a calendar in the format of assets.Calendar: "年度 2024 <notice>" says
// the text holds that year's notice; "2024-02-10 休 春节" is a day off, "2024-02-04 班 春节调休"
// a weekend day worked (the remark after the kind is optional); '#' starts a comment and blank
// lines are ignored. It returns ErrInvalid with a sentence naming the first bad line (its
// number and text): an unknown word, a date that is not a real one, a kind other than 休 or
// 班, 班 on a day from Monday to Friday, a date or a year given twice.
func ParseCalendar(text string) (*Calendar, error) {
	c := &Calendar{days: map[civilDay]bool{}, years: map[int]string{}}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := c.addLine(line); err != nil {
			return nil, fail(ErrInvalid, "工作日历第 %d 行“%s”：%s", i+1, shorten(line), err.Error())
		}
	}
	return c, nil
}

// addLine adds one line that is neither blank nor a comment; its error is the Chinese reason.
func (c *Calendar) addLine(line string) error {
	fields := strings.Fields(line)
	if fields[0] == "年度" {
		return c.addYear(fields)
	}
	t, err := time.ParseInLocation("2006-01-02", fields[0], OfficeZone)
	if err != nil || !dateRe.MatchString(fields[0]) {
		return lineError("应以“2027-02-06”这样的真实日期或“年度”开头。")
	}
	if len(fields) < 2 || (fields[1] != "休" && fields[1] != "班") {
		return lineError("日期后应写“休”（放假）或“班”（调休上班）。")
	}
	day := dayOf(t)
	if _, dup := c.days[day]; dup {
		return lineError("这个日期前面已经写过。")
	}
	work := fields[1] == "班"
	if wd := t.Weekday(); work && wd != time.Saturday && wd != time.Sunday {
		return lineError("调休上班的日子应是周六或周日，" + fields[0] + "是" + weekdayNames[wd] + "。")
	}
	c.days[day] = work
	return nil
}

// addYear adds a 年度 line: the year the file covers and its notice.
func (c *Calendar) addYear(fields []string) error {
	if len(fields) < 3 {
		return lineError("年度行应写成“年度 2027 国务院办公厅关于2027年部分节假日安排的通知”。")
	}
	y, err := strconv.Atoi(fields[1])
	if err != nil || y < 1949 || y > 9999 || len(fields[1]) != 4 {
		return lineError("“" + fields[1] + "”不是年份。")
	}
	if _, dup := c.years[y]; dup {
		return lineError("这个年度前面已经写过。")
	}
	c.years[y] = strings.Join(fields[2:], " ")
	return nil
}

type lineError string

func (e lineError) Error() string { return string(e) }

var weekdayNames = [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

// shorten cuts a long line for a message.
func shorten(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

var shipped struct {
	once sync.Once
	cal  *Calendar
	err  error
}

// ShippedCalendar returns the calendar 审档 ships (assets.Calendar): 2016 onward.
func ShippedCalendar() (*Calendar, error) {
	shipped.once.Do(func() { shipped.cal, shipped.err = ParseCalendar(string(assets.Calendar())) })
	return shipped.cal, shipped.err
}

// With returns the calendar c with the office's additions: their years join c's, and a date
// they list replaces c's entry for it (an office may correct a shipped date).
func (c *Calendar) With(add *Calendar) *Calendar {
	out := &Calendar{days: make(map[civilDay]bool, len(c.days)+len(add.days)), years: map[int]string{}}
	for _, from := range []*Calendar{c, add} {
		for d, w := range from.days {
			out.days[d] = w
		}
		for y, n := range from.years {
			out.years[y] = n
		}
	}
	return out
}

// Covers reports whether the calendar holds year's notice; a year it does not is counted
// Monday to Friday.
func (c *Calendar) Covers(year int) bool {
	_, ok := c.years[year]
	return ok
}

// Years returns the years whose notice the calendar holds, in order.
func (c *Calendar) Years() []int {
	out := make([]int, 0, len(c.years))
	for y := range c.years {
		out = append(out, y)
	}
	slices.Sort(out)
	return out
}

// Notice returns the name of the notice the calendar holds for year, or "".
func (c *Calendar) Notice(year int) string { return c.years[year] }

// IsWorkday reports whether the day t falls on, in the office's zone, is a working day: a
// listed date as listed, else Monday to Friday.
func (c *Calendar) IsWorkday(t time.Time) bool { return c.isWorkday(dayOf(t)) }

func (c *Calendar) isWorkday(d civilDay) bool {
	if work, ok := c.days[d]; ok {
		return work
	}
	wd := d.time().Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// AddWorkdays returns the day (its start, in the office's zone) that is the n-th working day
// after the day start falls on. The start day itself is not counted, working day or not: a
// policy issued on a Monday and due "印发之日起3个工作日内" is due on Thursday, the usual
// reading of a time limit counted in days (the count begins the day after, as 民法典 Art. 201
// counts periods). n ≤ 0 returns the start day.
func (c *Calendar) AddWorkdays(start time.Time, n int) time.Time {
	d := dayOf(start)
	for n > 0 {
		d = d.next()
		if c.isWorkday(d) {
			n--
		}
	}
	return d.time()
}

// WorkdaysLeft returns the working days from the day now falls on to the due day: after
// today, up to and including due, so 0 when due is today. Past the due day it is negative,
// the working days late: after due, up to and including today, and at least one (a day past
// due on a weekend is one day late already).
func (c *Calendar) WorkdaysLeft(now, due time.Time) int {
	today, last := dayOf(now), dayOf(due)
	if !today.after(last) {
		return c.countWorkdays(today, last)
	}
	return -max(1, c.countWorkdays(last, today))
}

// countWorkdays counts the working days after from, up to and including to.
func (c *Calendar) countWorkdays(from, to civilDay) int {
	n := 0
	for d := from.next(); !d.after(to); d = d.next() {
		if c.isWorkday(d) {
			n++
		}
	}
	return n
}

// coversSpan reports whether the calendar covers every year from a to b.
func (c *Calendar) coversSpan(a, b time.Time) bool {
	for y := dayOf(a).y; y <= dayOf(b).y; y++ {
		if !c.Covers(y) {
			return false
		}
	}
	return true
}

// ChangedYears returns the years in which c and other differ, in order: a year one holds the
// notice of and the other does not, or a date they list differently. A notice renamed is no
// change: no day moves.
func (c *Calendar) ChangedYears(other *Calendar) []int {
	set := map[int]bool{}
	for _, pair := range [][2]*Calendar{{c, other}, {other, c}} {
		a, b := pair[0], pair[1]
		for y := range a.years {
			if _, ok := b.years[y]; !ok {
				set[y] = true
			}
		}
		for d, w := range a.days {
			if v, ok := b.days[d]; !ok || v != w {
				set[d.y] = true
			}
		}
	}
	out := make([]int, 0, len(set))
	for y := range set {
		out = append(out, y)
	}
	slices.Sort(out)
	return out
}
