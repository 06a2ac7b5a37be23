package archive

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// TaskKind says what a task asks of its user.
type TaskKind int

// The kinds of task.
const (
	TaskStep   TaskKind = iota + 1 // an item waits for a step the user takes
	TaskRevise                     // an item was returned to the user, its drafter, for revision
	TaskBox                        // filed items of a group wait to be put in a box
)

// Task is one thing on a user's 待办.
type Task struct {
	Kind    TaskKind
	Item    *Item // TaskStep and TaskRevise
	Step    Step  // the step the item waits for (TaskStep)
	Overdue bool  // past its due day and not published (Overdue)
	// Deadline is the item's time limit as it stands, for an item that has one (DeadlineOf).
	Deadline *Deadline
	Box      *BoxRange // TaskBox
}

// BoxRange is the run of filed 件号 of one filing group not yet in a box.
type BoxRange struct {
	Year      int
	Retention Retention
	Division  string
	First     int // the first 件号 not in a box
	Last      int // the last 件号 given in the group
	Count     int // how many of First..Last are not in a box
}

// Label names the step or work of the task in a few words: 待初审, 已退回, 待装盒.
func (t Task) Label() string {
	switch t.Kind {
	case TaskRevise:
		return StateReturned.Label()
	case TaskBox:
		return "待装盒"
	}
	return t.Item.State.Label()
}

// Tasks returns what the user has to do: the items past their due day first, then those due
// today, then the rest, oldest first within each; every item MayAct lets them act on
// (returned items they drafted, items waiting for a step they take), and, for an archivist,
// every filing group with filed items not yet boxed. The window's 待办 lists exactly this, and
// the store refuses exactly what it leaves out.
func (s *Office) Tasks(user string) ([]Task, error) {
	u, err := s.GetUser(user)
	if err != nil {
		return nil, err
	}
	st, err := s.Settings()
	if err != nil {
		return nil, err
	}
	cal, err := st.Calendar()
	if err != nil {
		return nil, err
	}
	now := s.Now()
	var out []Task
	for _, state := range []State{StateReturned, StatePreliminary, StateSecrecy, StateApproval, StatePublish, StateFile} {
		items, _, err := s.Items(Filter{State: state}, 0, 1<<30)
		if err != nil {
			return nil, err
		}
		for i := range items {
			it := &items[i]
			if MayAct(u, it, st) != nil {
				continue
			}
			t := Task{Kind: TaskStep, Item: it}
			if d, ok := DeadlineOf(it, now, cal); ok {
				t.Deadline, t.Overdue = &d, d.State == PastDue
			}
			if state == StateReturned {
				t.Kind = TaskRevise
			} else {
				t.Step, _, _ = state.Waits()
			}
			out = append(out, t)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if ui, uj := urgency(out[i]), urgency(out[j]); ui != uj {
			return ui < uj
		}
		a, b := out[i].Item, out[j].Item
		if !a.Created.Equal(b.Created) {
			return a.Created.Before(b.Created)
		}
		return a.ID < b.ID
	})
	if u.MayFile() {
		boxes, err := s.Unboxed()
		if err != nil {
			return nil, err
		}
		for i := range boxes {
			out = append(out, Task{Kind: TaskBox, Box: &boxes[i]})
		}
	}
	return out, nil
}

// urgency orders a user's tasks: overdue first, then due today, then the rest.
func urgency(t Task) int {
	switch {
	case t.Deadline == nil:
		return 2
	case t.Deadline.State == PastDue:
		return 0
	case t.Deadline.State == DueToday:
		return 1
	}
	return 2
}

// Unboxed returns, for every filing group with filed items not yet in a box, the run of them,
// newest year first. It reads the groups' counters and boxes, not the items: boxes hold
// consecutive 件号, so what is not boxed follows the last box.
func (s *Office) Unboxed() ([]BoxRange, error) {
	var out []BoxRange
	err := s.view(func(txn kvReader) error {
		boxed := map[string][]Box{}
		boxes, err := listIn[Box](txn, "box/")
		if err != nil {
			return err
		}
		for _, b := range boxes {
			k := fmt.Sprintf("%d/%s/%s", b.Year, b.Retention, b.Division)
			boxed[k] = append(boxed[k], b)
		}
		out = nil
		return scanEach(txn, []byte("count/"), func(key, value []byte) error {
			r, ok := rangeOf(string(key), value)
			if !ok {
				return nil // verify reports a damaged counter
			}
			in := boxed[fmt.Sprintf("%d/%s/%s", r.Year, r.Retention, r.Division)]
			r.First, r.Count = 1, r.Last
			for _, b := range in {
				r.First = max(r.First, b.Last+1)
				r.Count -= b.Last - b.First + 1
			}
			if r.Count > 0 {
				out = append(out, r)
			}
			return nil
		}, nil)
	})
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Year != b.Year {
			return a.Year > b.Year
		}
		if a.Retention != b.Retention {
			return retentionRank[a.Retention] < retentionRank[b.Retention]
		}
		return a.Division < b.Division
	})
	return out, err
}

// rangeOf reads a counter count/<全宗>/<年度>/<期限>/<机构> → last 件号 as a range to box.
func rangeOf(key string, v []byte) (BoxRange, bool) {
	parts := strings.Split(key, "/")
	if len(parts) != 5 {
		return BoxRange{}, false
	}
	year, err := strconv.Atoi(parts[2])
	if err != nil {
		return BoxRange{}, false
	}
	last, err := strconv.Atoi(string(v))
	if err != nil {
		return BoxRange{}, false
	}
	return BoxRange{Year: year, Retention: Retention(parts[3]), Division: parts[4], Last: last}, true
}

// DefaultFiling is how an item is classified unless the archivist says otherwise: the year it
// was published (else its date's), the retention the office's table gives its category, its
// drafting division, and pages (the count read from its file, where its format has pages; at
// least 1).
func DefaultFiling(it *Item, st Settings, pages int) FilingRequest {
	date := it.DocDate
	if it.Publication != nil {
		date = it.Publication.Date
	}
	year, _ := strconv.Atoi(strings.SplitN(date, "-", 2)[0])
	return FilingRequest{Year: year, Retention: st.RetentionFor(it.Category), Division: it.Division, Pages: max(pages, 1)}
}
