package archive

import (
	"fmt"
	"time"
)

// PeriodKind is how a statistics period was chosen.
type PeriodKind int

// The kinds of period.
const (
	PeriodMonth PeriodKind = iota + 1
	PeriodQuarter
	PeriodYear
	PeriodCustom
)

// Period is a span of days in the office's zone that statistics count: from the start of From
// up to, not including, the start of To.
type Period struct {
	Kind     PeriodKind
	From, To time.Time
}

// MonthPeriod is month m of year y.
func MonthPeriod(y int, m time.Month) Period {
	from := time.Date(y, m, 1, 0, 0, 0, 0, OfficeZone)
	return Period{Kind: PeriodMonth, From: from, To: from.AddDate(0, 1, 0)}
}

// QuarterPeriod is quarter q (1–4) of year y; a q out of range is taken as the nearest quarter.
func QuarterPeriod(y, q int) Period {
	q = min(max(q, 1), 4)
	from := time.Date(y, time.Month(3*q-2), 1, 0, 0, 0, 0, OfficeZone)
	return Period{Kind: PeriodQuarter, From: from, To: from.AddDate(0, 3, 0)}
}

// YearPeriod is year y.
func YearPeriod(y int) Period {
	from := time.Date(y, 1, 1, 0, 0, 0, 0, OfficeZone)
	return Period{Kind: PeriodYear, From: from, To: from.AddDate(1, 0, 0)}
}

// maxCustomYears bounds a custom period: bars per month over more would be unreadable.
const maxCustomYears = 10

// CustomPeriod is the days from first to last (YYYY-MM-DD), both included. Errors: ErrInvalid
// for a date that is not one, last before first, or a span of more than ten years.
func CustomPeriod(first, last string) (Period, error) {
	a, err := time.ParseInLocation("2006-01-02", first, OfficeZone)
	if err != nil || !dateRe.MatchString(first) {
		return Period{}, fail(ErrInvalid, "起始日期“%s”不正确：请按“2026-03-18”的格式填写。", first)
	}
	b, err := time.ParseInLocation("2006-01-02", last, OfficeZone)
	if err != nil || !dateRe.MatchString(last) {
		return Period{}, fail(ErrInvalid, "截止日期“%s”不正确：请按“2026-03-18”的格式填写。", last)
	}
	switch {
	case b.Before(a):
		return Period{}, fail(ErrInvalid, "截止日期 %s 早于起始日期 %s。", last, first)
	case b.After(a.AddDate(maxCustomYears, 0, 0)):
		return Period{}, fail(ErrInvalid, "统计期间最长 %d 年。", maxCustomYears)
	}
	return Period{Kind: PeriodCustom, From: a, To: b.AddDate(0, 0, 1)}, nil
}

// Contains reports whether t falls in the period.
func (p Period) Contains(t time.Time) bool { return !t.Before(p.From) && t.Before(p.To) }

// Last is the period's last day.
func (p Period) Last() time.Time { return p.To.AddDate(0, 0, -1) }

// Label names the period in Chinese: "2026年3月", "2026年第一季度", "2026年度",
// "2026-03-01 至 2026-05-31".
func (p Period) Label() string {
	y, m := p.From.Year(), p.From.Month()
	switch p.Kind {
	case PeriodMonth:
		return fmt.Sprintf("%d年%d月", y, m)
	case PeriodQuarter:
		return fmt.Sprintf("%d年第%s季度", y, []string{"一", "二", "三", "四"}[(m-1)/3])
	case PeriodYear:
		return fmt.Sprintf("%d年度", y)
	}
	return p.From.Format("2006-01-02") + " 至 " + p.Last().Format("2006-01-02")
}

// Months returns the calendar months the period touches, each cut to the period, in order.
func (p Period) Months() []Period {
	var out []Period
	for from := p.From; from.Before(p.To); {
		next := time.Date(from.Year(), from.Month()+1, 1, 0, 0, 0, 0, OfficeZone)
		out = append(out, Period{Kind: PeriodMonth, From: from, To: minTime(next, p.To)})
		from = next
	}
	return out
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
