package archive

import (
	"fmt"
	"strings"
	"time"
)

// policyDays is the time limit of a 政策解读: published within 3 working days of the day the
// policy it interprets was issued (印发之日起3个工作日内; docs/domain.md §9).
const policyDays = 3

// TimeLimited reports whether the item has a time limit: a 政策解读, by its 主动公开目录
// category.
func (it *Item) TimeLimited() bool { return strings.Contains(it.Category, "政策解读") }

// ClockStart returns the date (YYYY-MM-DD) the item's time limit counts from: the issue date
// of the policy it interprets as entered at 提出, else — an item proposed before that field
// existed, or left empty — its own 成文日期.
func (it *Item) ClockStart() string {
	if it.PolicyDate != "" {
		return it.PolicyDate
	}
	return it.DocDate
}

// dueDate returns the item's due date as the calendar counts it from ClockStart; ok is false
// for an item without a time limit or a start date that is not a date.
func dueDate(it *Item, cal *Calendar) (due time.Time, ok bool) {
	if !it.TimeLimited() {
		return time.Time{}, false
	}
	start, err := time.ParseInLocation("2006-01-02", it.ClockStart(), OfficeZone)
	if err != nil {
		return time.Time{}, false
	}
	return cal.AddWorkdays(start, policyDays), true
}

// DeadlineState is where an item stands against its time limit.
type DeadlineState int

// The states of a deadline.
const (
	DueLater DeadlineState = iota + 1 // not yet published, due after today
	DueToday                          // not yet published, due today
	PastDue                           // not yet published, the due day has passed (超期)
	Met                               // published on or before the due day
	Missed                            // published after the due day
)

// Deadline is an item's time limit as it stands on a day.
type Deadline struct {
	Due   time.Time // the due day, at its start in the office's zone
	State DeadlineState
	// Left is the working days left (DueLater), 0 (DueToday), or minus the working days late
	// (PastDue); 0 once published.
	Left int
	// Assumed says the calendar does not hold the notice of a year the count runs through, so
	// that year was counted Monday to Friday.
	Assumed bool
}

// DeadlineOf returns the item's time limit as it stands at now, counted on cal; ok is false
// for an item without one. The due date is the one stored at 提出; an item stored before due
// dates were (or whose stored date is damaged) has it computed from ClockStart. A published
// item is Met or Missed as recorded at 公开, or, recorded before that was, as its publication
// date compares with the due date.
func DeadlineOf(it *Item, now time.Time, cal *Calendar) (Deadline, bool) {
	if !it.TimeLimited() {
		return Deadline{}, false
	}
	due, err := time.ParseInLocation("2006-01-02", it.Due, OfficeZone)
	if err != nil {
		var ok bool
		if due, ok = dueDate(it, cal); !ok {
			return Deadline{}, false
		}
	}
	start, err := time.ParseInLocation("2006-01-02", it.ClockStart(), OfficeZone)
	if err != nil {
		start = due
	}
	d := Deadline{Due: due}
	if p := it.Publication; p != nil {
		d.State = Missed
		if onTime(p, due) {
			d.State = Met
		}
		d.Assumed = !cal.coversSpan(start, due)
		return d, true
	}
	d.Left = cal.WorkdaysLeft(now, due)
	d.Assumed = !cal.coversSpan(start, now) || !cal.coversSpan(start, due)
	switch today, last := dayOf(now), dayOf(due); {
	case today == last:
		d.State = DueToday
	case today.after(last):
		d.State = PastDue
	default:
		d.State = DueLater
	}
	return d, true
}

// onTime says whether the publication met the due date: as recorded at 公开, else by its date.
func onTime(p *Publication, due time.Time) bool {
	if p.OnTime != nil {
		return *p.OnTime
	}
	return p.Date <= due.Format("2006-01-02")
}

// Urgent reports whether the deadline must stand out: due today or past due.
func (d Deadline) Urgent() bool { return d.State == DueToday || d.State == PastDue }

// Label says the deadline in a few Chinese words for a list: "10-10 到期，剩 2 个工作日",
// "今天到期", "超期 1 个工作日（10-10 到期）", "按期公开", "逾期公开"; with the year when the
// due day is not in now's year.
func (d Deadline) Label(now time.Time) string {
	due := d.Due.Format("01-02")
	if dayOf(d.Due).y != dayOf(now).y {
		due = d.Due.Format("2006-01-02")
	}
	switch d.State {
	case DueToday:
		return "今天到期"
	case PastDue:
		return fmt.Sprintf("超期 %d 个工作日（%s 到期）", -d.Left, due)
	case Met:
		return "按期公开（" + due + " 到期）"
	case Missed:
		return "逾期公开（" + due + " 到期）"
	}
	return fmt.Sprintf("%s 到期，剩 %d 个工作日", due, d.Left)
}

// Short says the deadline in at most eight characters for a table cell, without the due day:
// "剩 2 个工作日", "今天到期", "超期 1 个工作日", "按期公开", "逾期公开".
func (d Deadline) Short() string {
	switch d.State {
	case DueToday:
		return "今天到期"
	case PastDue:
		return fmt.Sprintf("超期 %d 个工作日", -d.Left)
	case Met:
		return "按期公开"
	case Missed:
		return "逾期公开"
	}
	return fmt.Sprintf("剩 %d 个工作日", d.Left)
}

// Explain is the sentence a detail pane shows under the label: the rule, the day the count
// started, and, when the calendar lacks a year, that it was counted Monday to Friday.
func (d Deadline) Explain(it *Item) string {
	s := fmt.Sprintf("政策解读应在政策印发之日起 %d 个工作日内公开：自 %s 起算，%s 到期。", policyDays, it.ClockStart(), d.Due.Format("2006-01-02"))
	if d.Assumed {
		s += "工作日历未载入其中某年的节假日安排，该年按周一至周五计算；管理员可在“设置 › 工作日历”中补充。"
	}
	return s
}

// Overdue reports whether the item is past its due day at now and not yet published, counted
// on cal. Items without a time limit are never overdue.
func Overdue(it *Item, now time.Time, cal *Calendar) bool {
	d, ok := DeadlineOf(it, now, cal)
	return ok && d.State == PastDue
}
