package archive

import (
	"fmt"
	"slices"
	"strconv"
)

// When the administrator adds a year's holiday notice to the calendar, or corrects a date, the
// due dates stored at 提出 (Item.Due) were counted on the old calendar: an item proposed in
// December and due in a January whose notice 审档 did not yet hold was counted Monday to
// Friday. SaveSettings recounts them in the same transaction as the new calendar.

// redate recounts, on cal, the due date of every time-limited item not yet published whose
// stored due date may have moved with the change from old to cal (its due date falls in or
// after the first year changed, its clock start in or before the last), stores each that
// moved with an audit entry naming the old and new day, and returns how many moved. An item
// without a stored due date is left alone: DeadlineOf counts it on the calendar in force.
func (s *Office) redate(txn *tx, actor string, old, cal *Calendar) (int, error) {
	years := old.ChangedYears(cal)
	if len(years) == 0 {
		return 0, nil
	}
	first, last := years[0], years[len(years)-1]
	var ids []string
	err := txn.scan(keyRange{prefix: []byte("stat/")}, func(key, value []byte) (bool, error) {
		f, err := decodeFacts(value)
		if err != nil || !f.TimeLimited || f.Published != "" || len(f.Due) < 4 {
			return true, nil // damaged facts are verify's to report; the item is read below if listed
		}
		if y, err := strconv.Atoi(f.Due[:4]); err == nil && y >= first {
			ids = append(ids, f.ID)
		}
		return true, nil
	})
	if err != nil {
		return 0, err
	}
	slices.Sort(ids)
	n := 0
	for _, id := range ids {
		moved, err := s.redateItem(txn, actor, id, cal, last)
		if err != nil {
			return 0, err
		}
		if moved {
			n++
		}
	}
	return n, nil
}

// redateItem recounts one item's due date on cal and stores it when it moved; an item whose
// clock starts after the last year changed cannot have moved and is not read further.
func (s *Office) redateItem(txn *tx, actor, id string, cal *Calendar, last int) (bool, error) {
	it, err := loadItem(txn, id)
	if err != nil {
		return false, err
	}
	start := it.ClockStart()
	if it.Publication != nil || it.Due == "" || len(start) < 4 || start[:4] > strconv.Itoa(last) {
		return false, nil
	}
	due, ok := dueDate(it, cal)
	if !ok || due.Format("2006-01-02") == it.Due {
		return false, nil
	}
	was := it.Due
	it.Due = due.Format("2006-01-02")
	if err := s.putItem(txn, it); err != nil {
		return false, err
	}
	if err := putFacts(txn, it); err != nil {
		return false, err
	}
	detail := fmt.Sprintf("工作日历变更，《%s》的公开期限由 %s 改为 %s（自 %s 起算 %d 个工作日）", it.Title, was, it.Due, start, policyDays)
	return true, s.audit(txn, actor, ActionSettings, id, detail)
}
