package archive

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// The divisions' progress report (各处室工作任务落实情况): the seed's procedure has every division
// report what it did for the first three quarters by 9月1日 and for the year by 11月15日, for the
// office to sum up for the city (docs/domain.md §9). 审档 counts, per division, the items it
// proposed, that were published and that were filed in the period, and the 政策解读 that missed
// their time limit; the report says up to which day it counted, since it is due before the
// period ends.

// ProgressSpan is the part of the year a progress report covers.
type ProgressSpan int

// The two progress reports of the year.
const (
	FirstThreeQuarters ProgressSpan = iota + 1 // 前三季度: 1月1日 to 9月30日, due 9月1日
	WholeYear                                  // 全年: 1月1日 to 12月31日, due 11月15日
)

// Label names the span in Chinese: 前三季度 or 全年.
func (p ProgressSpan) Label() string {
	if p == FirstThreeQuarters {
		return "前三季度"
	}
	return "全年"
}

// DivisionProgress is one division's figures in a period.
type DivisionProgress struct {
	Code, Name string
	Proposed   int // items proposed (提出) in the period
	Published  int // items published (公开日期) in the period
	Filed      int // items filed (建档) in the period
	PolicyDue  int // 政策解读 whose due day falls in the period, counted up to its end or not
	PolicyLate int // of those, published after the due day or, at AsOf, still unpublished past it
}

// LatePolicy is a 政策解读 that missed its time limit.
type LatePolicy struct {
	ID, Title, Division string
	Due                 string // YYYY-MM-DD
	Published           string // YYYY-MM-DD, or "" while still unpublished
}

// ProgressReport is the divisions' progress report of a year's span.
type ProgressReport struct {
	FondsName string
	Year      int
	Span      ProgressSpan
	From, To  time.Time // the period, its first and last day at their start in OfficeZone
	AsOf      time.Time // counted up to this moment: the period's end, or now when earlier
	Due       string    // the day the report is due, e.g. 2016年9月1日
	Divisions []DivisionProgress
	Total     DivisionProgress
	Late      []LatePolicy // in due-day order
}

// period is a span of days [from, to] in OfficeZone, counted up to asOf.
type period struct{ from, to, asOf time.Time }

// holds reports whether t falls in the period and not after asOf.
func (p period) holds(t time.Time) bool {
	end := p.to.AddDate(0, 0, 1)
	return !t.Before(p.from) && t.Before(end) && !t.After(p.asOf)
}

// holdsDay reports whether the day (YYYY-MM-DD) falls in the period and not after asOf.
func (p period) holdsDay(day string) bool {
	t, err := time.ParseInLocation("2006-01-02", day, OfficeZone)
	return err == nil && p.holds(t)
}

// newPeriod is the period from the first to the last day, counted up to now when it is earlier
// than the period's end.
func newPeriod(from, to, now time.Time) period {
	asOf := to.AddDate(0, 0, 1).Add(-time.Nanosecond)
	if now.Before(asOf) {
		asOf = now
	}
	return period{from: from, to: to, asOf: asOf}
}

// Progress counts the divisions' progress report of the year's span, up to the store's now.
// Every division of the settings has a row, in the settings' order, and a division met only on
// items (since removed from the settings) one after them. Errors: ErrInvalid (a span or year
// out of range), and the store's.
func (s *Office) Progress(year int, span ProgressSpan) (*ProgressReport, error) {
	if year < 1900 || year > 9999 || (span != FirstThreeQuarters && span != WholeYear) {
		return nil, fail(ErrInvalid, "年度“%d”或报告期间不正确：年度应为四位数，期间为前三季度或全年。", year)
	}
	st, err := s.Settings()
	if err != nil {
		return nil, err
	}
	cal, err := st.Calendar()
	if err != nil {
		return nil, err
	}
	from := time.Date(year, 1, 1, 0, 0, 0, 0, OfficeZone)
	to, due := time.Date(year, 9, 30, 0, 0, 0, 0, OfficeZone), fmt.Sprintf("%d年9月1日", year)
	if span == WholeYear {
		to, due = time.Date(year, 12, 31, 0, 0, 0, 0, OfficeZone), fmt.Sprintf("%d年11月15日", year)
	}
	p := newPeriod(from, to, s.Now().In(OfficeZone))
	rep := &ProgressReport{FondsName: st.FondsName, Year: year, Span: span, From: p.from, To: p.to, AsOf: p.asOf, Due: due}
	rows := map[string]*DivisionProgress{}
	row := func(code string) *DivisionProgress {
		if r, ok := rows[code]; ok {
			return r
		}
		r := &DivisionProgress{Code: code, Name: divisionName(st, code)}
		rows[code] = r
		return r
	}
	for _, d := range st.Divisions {
		row(d.Code)
	}
	all, err := s.facts()
	if err != nil {
		return nil, err
	}
	for _, f := range all {
		r := row(f.Division)
		if d, late := progressOf(f, r, p, cal); late {
			rep.Late = append(rep.Late, LatePolicy{ID: f.ID, Title: f.Title, Division: f.Division, Due: d.Due.Format("2006-01-02"), Published: f.Published})
		}
	}
	rep.Divisions = orderedRows(st, rows)
	for _, r := range rep.Divisions {
		rep.Total.add(r)
	}
	rep.Total.Name = "合计"
	slices.SortFunc(rep.Late, func(a, b LatePolicy) int {
		if a.Due != b.Due {
			return strings.Compare(a.Due, b.Due)
		}
		return strings.Compare(a.ID, b.ID)
	})
	return rep, nil
}

// progressOf adds the item to its division's row; late says it is a 政策解读 due in the period
// that missed its time limit, d its deadline.
func progressOf(f *itemFacts, r *DivisionProgress, p period, cal *Calendar) (d Deadline, late bool) {
	if p.holds(f.Proposed) {
		r.Proposed++
	}
	if f.Publicized && p.holdsDay(f.Published) {
		r.Published++
	}
	if !f.Filed.IsZero() && p.holds(f.Filed) {
		r.Filed++
	}
	if !f.TimeLimited {
		return d, false
	}
	d, ok := DeadlineOf(f.deadlineItem(), p.asOf, cal)
	if !ok || d.Due.Before(p.from) || d.Due.After(p.to) {
		return d, false
	}
	r.PolicyDue++
	if d.State == Missed || d.State == PastDue {
		r.PolicyLate++
		return d, true
	}
	return d, false
}

func (r *DivisionProgress) add(o DivisionProgress) {
	r.Proposed += o.Proposed
	r.Published += o.Published
	r.Filed += o.Filed
	r.PolicyDue += o.PolicyDue
	r.PolicyLate += o.PolicyLate
}

// orderedRows lists the rows in the settings' order of divisions, then the others by code.
func orderedRows(st Settings, rows map[string]*DivisionProgress) []DivisionProgress {
	var out []DivisionProgress
	for _, d := range st.Divisions {
		out = append(out, *rows[d.Code])
		delete(rows, d.Code)
	}
	var rest []DivisionProgress
	for _, r := range rows {
		rest = append(rest, *r)
	}
	slices.SortFunc(rest, func(a, b DivisionProgress) int { return strings.Compare(a.Code, b.Code) })
	return append(out, rest...)
}
