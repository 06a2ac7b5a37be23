package archive

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"shendang.gov.cn/shendang/review"
)

// Figure is one number of the statistics and the items behind it: N counts events (returns,
// findings, decisions) or items; IDs are the distinct items, in the order first met. The count
// of the workspace's first look only counts (a year has some twenty figures of 100,000 items
// each, and growing their lists cost more than the rest of the count): a figure lists its
// items when asked, from a second count of the same facts that lists them (figureLists), made
// once for all the figures of the look. A listing figure keeps its items as their places in
// the facts it was counted from (4 bytes each, no pointer for the collector to follow).
type Figure struct {
	N int
	// distinct is how many items are behind the figure, first and last the places of the first
	// and the last of them (an item's events are counted together).
	distinct    int
	first, last int32
	items       []int32      // places in of, ascending; nil when the figure only counts
	of          []*itemFacts // the facts counted, in the order they were proposed
	// lists are the figures of the same count that list their items, this figure at place.
	lists  *figureLists
	place  int
	dating Dating // the day of its items a list of them shows
	step   Step   // the step of dating, 0 for none
}

// IDs are the ids of the distinct items behind the figure, in the order first met.
func (f Figure) IDs() []string {
	if f.lists != nil {
		return f.lists.figure(f.place).IDs()
	}
	out := make([]string, len(f.items))
	for i, k := range f.items {
		out[i] = f.of[k].ID
	}
	return out
}

// String shows the count and the items' ids, as the figure was shown before it kept places.
func (f Figure) String() string { return fmt.Sprintf("{N:%d IDs:%v}", f.N, f.IDs()) }

// Items is how many distinct items are behind the figure.
func (f Figure) Items() int { return f.distinct }

// add counts one event of the item at place k, listing it in of if of is not nil.
func (f *Figure) add(of []*itemFacts, k int32, n int) {
	f.N += n
	if f.distinct > 0 && f.last == k { // an item's events are counted together
		return
	}
	if f.distinct == 0 {
		f.first = k
	}
	f.distinct++
	f.last = k
	if of != nil {
		f.of = of
		f.items = append(f.items, k)
	}
}

// figureLists counts again, once, with lists, the facts a count without them counted.
type figureLists struct {
	once    sync.Once
	count   func() *Statistics
	figures []*Figure
}

// figure returns the listing figure at place i of Statistics.figures.
func (l *figureLists) figure(i int) *Figure {
	l.once.Do(func() { l.figures = l.count().figures() })
	if i < 0 || i >= len(l.figures) {
		return &Figure{} // not a figure of this count
	}
	return l.figures[i]
}

// figures returns every figure of the statistics, in an order that depends only on the shape of
// what was counted: a count of the same facts with lists has its same figure at the same place.
func (st *Statistics) figures() []*Figure {
	var out []*Figure
	row := func(r *Row) {
		out = append(out, &r.Proposed, &r.Published, &r.Filed, &r.Returned, &r.Blocked)
	}
	row(&st.Total)
	for _, rows := range [][]Row{st.ByDivision, st.ByCategory, st.Months} {
		for i := range rows {
			row(&rows[i])
		}
	}
	for i := range st.ByDivisionCategory {
		row(&st.ByDivisionCategory[i].Row)
	}
	for i := range st.Funnel {
		out = append(out, &st.Funnel[i])
	}
	for i := range st.Returns {
		out = append(out, &st.Returns[i].Returns)
	}
	for i := range st.Findings {
		out = append(out, &st.Findings[i].Findings)
	}
	for i := range st.Steps {
		out = append(out, &st.Steps[i].Decisions, &st.Steps[i].WorstItems)
	}
	out = append(out, &st.Policy, &st.OnTime, &st.Late)
	for i := range st.Channels {
		out = append(out, &st.Channels[i].Items)
	}
	return out
}

// StatsFilter narrows statistics to a division (its code) and a 主动公开目录 category (with
// the categories under it); zero fields select all.
type StatsFilter struct {
	Division string
	Category string
}

func (f StatsFilter) match(x *itemFacts) bool {
	if f.Division != "" && x.Division != f.Division {
		return false
	}
	return f.Category == "" || x.Category == f.Category || strings.HasPrefix(x.Category, f.Category+"/")
}

// Row is the counts of one division, category or month, or of them all: items proposed
// (提出 in the period), published (公开日期 in it), filed (建档 in it), returns (退回 in it, N
// the returns) and blocks at 保密审查 (returns with 拦截 findings left, N the blocks).
type Row struct {
	Key, Label                                    string
	Proposed, Published, Filed, Returned, Blocked Figure
}

// DivisionRow is the counts of one category within one division: Key and Label are the
// category's, Division the division's code and DivisionLabel its name.
type DivisionRow struct {
	Division, DivisionLabel string
	Row
}

// Reason is a group of returns: by the standard opinion (常用意见) the reviewer used, else by
// the reason's text.
type Reason struct {
	Text    string
	Returns Figure
}

// FindingTally is the findings of one category in the 保密审查 checks of the period; N counts
// findings.
type FindingTally struct {
	Category review.Category
	Findings Figure
}

// StepTime is the working days items waited at one step, on the office's calendar, counted at
// each decision of the period: from the record before to the decision (提出: from a return to
// the revised draft). Decisions.N is how many were counted; WorstIDs the items that took the
// longest.
type StepTime struct {
	Step      Step
	Decisions Figure
	Median    float64
	Worst     int
	WorstIDs  []string
	// WorstItems are the items of WorstIDs as a figure, for a list of them.
	WorstItems Figure
}

// Label names the step for a table: 退回后修改 for 提出, where only revisions are counted.
func (t StepTime) Label() string {
	if t.Step == StepPropose {
		return "退回后修改"
	}
	return t.Step.String()
}

// Channel is how many items published in the period used a channel.
type Channel struct {
	Name  string
	Items Figure
}

// Statistics are the office's figures for a period, every one with the items behind it.
type Statistics struct {
	Period Period
	Filter StatsFilter
	// Office is the 全宗名称 of the settings; Made when the figures were counted.
	Office string
	Made   time.Time
	Total  Row
	// ByDivision has a row per division of the settings (in their order) and one per other
	// division an item names; ByCategory a row per category used, "" (未分类) last.
	ByDivision, ByCategory []Row
	// ByDivisionCategory has a row per category of each division with a figure in the period,
	// in ByDivision's order, then ByCategory's.
	ByDivisionCategory []DivisionRow
	// Months has a row per month of the period, Key "2026-03".
	Months []Row
	// Funnel counts the items that passed each of the six steps in the period (counter's
	// passedIn, the rule of Total's figures too): Funnel[0] are Total.Proposed, Funnel[1]
	// passed 初审, … Funnel[4] are Total.Published, Funnel[5] Total.Filed.
	Funnel [6]Figure
	// Returns are grouped by reason, the most frequent first; Findings by category likewise.
	Returns  []Reason
	Findings []FindingTally
	// Steps has the waits at 提出 (revision), 初审, 保密审查, 审核, 公开 and 建档.
	Steps []StepTime
	// Policy are the time-limited items (政策解读) published in the period: OnTime by their due
	// date, Late after it.
	Policy, OnTime, Late Figure
	// LateItems are the items of Late, for a list that names them.
	LateItems []LateItem
	Channels  []Channel
}

// LateItem is a time-limited item published after its due day.
type LateItem struct {
	ID, Title, DocNumber string
	Due, Published       string // YYYY-MM-DD
}

// ItemLine is an item behind a figure, as a list shows it: Date is the day of what the figure
// counts (Figure.DateLabel names it), zero when the item's facts have none in the period.
type ItemLine struct {
	ID, Title, DocNumber, Division, Category string
	Proposed, Date                           time.Time
}

// OnTimeRate is the share of time-limited items published on time, 0 to 1, and false when
// none was published in the period.
func (st *Statistics) OnTimeRate() (float64, bool) {
	if st.Policy.N == 0 {
		return 0, false
	}
	return float64(st.OnTime.N) / float64(st.Policy.N), true
}

// Statistics counts the office's work in period p for the items f selects, on the office's
// working-day calendar. It reads the facts each step stores beside its item (one scan, kept
// current like the index), so a year of 100,000 items takes a fraction of a second after the
// first call. Errors: the engine's, ErrInvalid for bad calendar additions in the settings.
func (s *Office) Statistics(p Period, f StatsFilter) (*Statistics, error) {
	st, err := s.Settings()
	if err != nil && !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	cal, err := st.Calendar()
	if err != nil {
		return nil, err
	}
	all, err := s.facts()
	if err != nil {
		return nil, err
	}
	out := countAll(all, p, f, st, cal)
	out.Office, out.Made = st.FondsName, s.Now()
	return out, nil
}
