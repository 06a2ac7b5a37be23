package archive

import (
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"shendang.gov.cn/shendang/review"
)

// counter adds items' facts up into Statistics.
type counter struct {
	p         Period
	cal       *Calendar
	opinions  []string
	out       Statistics
	divisions map[string]*Row
	divOrder  []string
	cats      map[string]*Row
	divCats   map[[2]string]*Row // by division code and category
	months    map[string]*Row
	monthRows map[[2]int]*Row // the same rows by year and month
	buf       []*Row          // rows' result, reused
	reasons   map[string]*Reason
	findings  map[review.Category]*Figure
	channels  map[string]*Figure
	waits     map[Step]*stepWaits
	// from and last are the period's first and last days as YYYY-MM-DD, to compare 公开日期 with;
	// fromNanos and toNanos its bounds as an event's time.
	from, last         string
	fromNanos, toNanos int64
	// of are the facts counted, at the place of the one being counted; listOf are the same
	// when the figures list their items, nil when they only count them (countAll).
	of, listOf []*itemFacts
	at         int32
	// workdays memoises the calendar's count of working days between two days.
	workdays map[[2]civilDay]int
	// rowsOf is the item whose division, category and division-category rows are in itemRows:
	// an item adds to them several times, and a map look-up by strings is most of what that costs.
	rowsOf   *itemFacts
	itemRows [3]*Row
	// days memoises the 公开日期 read as days.
	days map[string]time.Time
}

// stepWaits are the working days the decisions at one step took: how many took each number of
// days (a year's decisions are some 500,000, their days a few dozen numbers), and the places
// of the items whose decisions took the longest, in order.
type stepWaits struct {
	decisions Figure
	days      []int // days[d] decisions took d working days
	worst     int
	worstAt   []int32
}

// add counts a decision of the item at place at that took days working days, listing the item
// in the decisions' figure if listOf is not nil.
func (w *stepWaits) add(listOf []*itemFacts, at int32, days int) {
	if w.decisions.N == 0 || days > w.worst {
		w.worst, w.worstAt = days, w.worstAt[:0]
	}
	if days == w.worst {
		w.worstAt = append(w.worstAt, at)
	}
	w.decisions.add(listOf, at, 1)
	if days >= len(w.days) {
		w.days = append(w.days, make([]int, days+1-len(w.days))...)
	}
	w.days[days]++
}

// merge adds o's decisions, of items proposed after w's, to w's.
func (w *stepWaits) merge(o *stepWaits) {
	if o.decisions.N == 0 {
		return
	}
	if w.decisions.N == 0 || o.worst > w.worst {
		w.worst, w.worstAt = o.worst, append(w.worstAt[:0], o.worstAt...)
	} else if o.worst == w.worst {
		w.worstAt = append(w.worstAt, o.worstAt...)
	}
	w.decisions.merge(&o.decisions)
	if len(o.days) > len(w.days) {
		w.days = append(w.days, make([]int, len(o.days)-len(w.days))...)
	}
	for d, n := range o.days {
		w.days[d] += n
	}
}

// nth returns the days the i-th shortest decision took, from 0.
func (w *stepWaits) nth(i int) int {
	for d, n := range w.days {
		if i < n {
			return d
		}
		i -= n
	}
	return w.worst
}

// uncategorised is the label of items with no 主动公开目录 category.
const uncategorised = "未分类"

func newCounter(p Period, f StatsFilter, st Settings, cal *Calendar) *counter {
	c := &counter{p: p, cal: cal, opinions: st.StandardOpinions(), out: Statistics{Period: p, Filter: f},
		divisions: map[string]*Row{}, cats: map[string]*Row{}, divCats: map[[2]string]*Row{}, months: map[string]*Row{}, reasons: map[string]*Reason{},
		findings: map[review.Category]*Figure{}, channels: map[string]*Figure{}, waits: map[Step]*stepWaits{},
		from: p.From.Format("2006-01-02"), last: p.Last().Format("2006-01-02"), fromNanos: p.From.UnixNano(), toNanos: p.To.UnixNano(),
		workdays: map[[2]civilDay]int{}, days: map[string]time.Time{}}
	for _, d := range st.Divisions {
		if f.Division != "" && d.Code != f.Division {
			continue // a row of zeros for every division not counted says nothing
		}
		c.divisions[d.Code] = &Row{Key: d.Code, Label: d.Name}
		c.divOrder = append(c.divOrder, d.Code)
	}
	c.monthRows = map[[2]int]*Row{}
	for _, m := range p.Months() {
		key := m.From.Format("2006-01")
		c.months[key] = &Row{Key: key, Label: m.Label()}
		c.monthRows[[2]int{m.From.Year(), int(m.From.Month())}] = c.months[key]
	}
	c.out.Total = Row{Label: "合计"}
	return c
}

// countParts is the fewest items a counter takes when countAll shares them out: below it, a
// goroutine costs more than it saves.
const countParts = 20_000

// countAll counts the facts f selects, in order, sharing them out in consecutive parts to
// counters on every processor and merging those in order. Its figures only count: the items
// behind one are listed on demand (Figure.IDs), by counting again with lists, in the same
// parts, so a figure lists its items in the order they were proposed either way.
func countAll(all []*itemFacts, p Period, f StatsFilter, st Settings, cal *Calendar) *Statistics {
	parts := min(runtime.GOMAXPROCS(0), max(1, len(all)/countParts))
	out := countInParts(parts, false, all, p, f, st, cal).result()
	lists := &figureLists{count: func() *Statistics { return countInParts(parts, true, all, p, f, st, cal).result() }}
	for i, fig := range out.figures() {
		fig.lists, fig.place = lists, i
	}
	return out
}

// countInParts counts as countAll does, in the number of parts given, its figures listing
// their items if list.
func countInParts(parts int, list bool, all []*itemFacts, p Period, f StatsFilter, st Settings, cal *Calendar) *counter {
	counters := make([]*counter, parts)
	var wg sync.WaitGroup
	for i := range counters {
		counters[i] = newCounter(p, f, st, cal)
		c := counters[i]
		c.of = all
		if list {
			c.listOf = all
		}
		wg.Go(func() {
			for k := i * len(all) / parts; k < (i+1)*len(all)/parts; k++ {
				if x := all[k]; f.match(x) {
					c.at = int32(k)
					c.count(x)
				}
			}
		})
	}
	wg.Wait()
	c := counters[0]
	for _, o := range counters[1:] {
		c.merge(o)
	}
	return c
}

// merge adds what o counted, of items proposed after c's, to c.
func (c *counter) merge(o *counter) {
	c.out.Total.merge(&o.out.Total)
	for _, code := range o.divOrder {
		if c.divisions[code] == nil {
			c.divisions[code], c.divOrder = &Row{Key: code, Label: o.divisions[code].Label}, append(c.divOrder, code)
		}
		c.divisions[code].merge(o.divisions[code])
	}
	mergeRows(c.cats, o.cats)
	mergeRows(c.divCats, o.divCats)
	mergeRows(c.months, o.months) // every month of the period has its row in both: monthRows stays right
	for i := range c.out.Funnel {
		c.out.Funnel[i].merge(&o.out.Funnel[i])
	}
	for why, r := range o.reasons {
		if c.reasons[why] == nil {
			c.reasons[why] = &Reason{Text: why}
		}
		c.reasons[why].Returns.merge(&r.Returns)
	}
	mergeFigures(c.findings, o.findings)
	mergeFigures(c.channels, o.channels)
	for step, ws := range o.waits {
		if c.waits[step] == nil {
			c.waits[step] = &stepWaits{}
		}
		c.waits[step].merge(ws)
	}
	c.out.Policy.merge(&o.out.Policy)
	c.out.OnTime.merge(&o.out.OnTime)
	c.out.Late.merge(&o.out.Late)
	c.out.LateItems = append(c.out.LateItems, o.out.LateItems...)
}

// merge adds o's figures to r's.
func (r *Row) merge(o *Row) {
	r.Proposed.merge(&o.Proposed)
	r.Published.merge(&o.Published)
	r.Filed.merge(&o.Filed)
	r.Returned.merge(&o.Returned)
	r.Blocked.merge(&o.Blocked)
}

// merge adds o's count and items to f's; o's items come after f's.
func (f *Figure) merge(o *Figure) {
	f.N += o.N
	if o.distinct == 0 {
		return
	}
	ids := o.items
	if f.distinct > 0 && f.last == o.first { // the item on both sides of the cut counts once
		f.distinct--
		if len(ids) > 0 {
			ids = ids[1:]
		}
	}
	if f.distinct == 0 {
		f.first = o.first
	}
	f.distinct += o.distinct
	f.last = o.last
	if f.of == nil {
		f.of = o.of
	}
	f.items = append(f.items, ids...)
}

func mergeRows[K comparable](into, from map[K]*Row) {
	for k, r := range from {
		if into[k] == nil {
			into[k] = &Row{Key: r.Key, Label: r.Label}
		}
		into[k].merge(r)
	}
}

func mergeFigures[K comparable](into, from map[K]*Figure) {
	for k, f := range from {
		if into[k] == nil {
			into[k] = &Figure{}
		}
		into[k].merge(f)
	}
}

// rows returns the rows an item's figure at time t adds to: the total, its division's, its
// category's, its category's within its division and the month's.
func (c *counter) rows(x *itemFacts, t time.Time) []*Row {
	if c.rowsOf != x {
		c.itemRows, c.rowsOf = c.lookUpRows(x), x
	}
	c.buf = append(c.buf[:0], &c.out.Total, c.itemRows[0], c.itemRows[1], c.itemRows[2])
	if m := c.month(t); m != nil {
		c.buf = append(c.buf, m)
	}
	return c.buf
}

// lookUpRows returns an item's rows of its division, its category and its category within its
// division, making those not yet made.
func (c *counter) lookUpRows(x *itemFacts) [3]*Row {
	d := c.divisions[x.Division]
	if d == nil {
		d = &Row{Key: x.Division, Label: x.Division}
		c.divisions[x.Division], c.divOrder = d, append(c.divOrder, x.Division)
	}
	cat := c.cats[x.Category]
	if cat == nil {
		cat = &Row{Key: x.Category, Label: x.Category}
		if x.Category == "" {
			cat.Label = uncategorised
		}
		c.cats[x.Category] = cat
	}
	k := [2]string{x.Division, x.Category}
	dc := c.divCats[k]
	if dc == nil {
		dc = &Row{Key: cat.Key, Label: cat.Label}
		c.divCats[k] = dc
	}
	return [3]*Row{d, cat, dc}
}

// day reads a 公开日期 (YYYY-MM-DD) as the day's start in the office's zone; a date that does
// not read is the zero time.
func (c *counter) day(date string) time.Time {
	t, ok := c.days[date]
	if !ok {
		t, _ = time.ParseInLocation("2006-01-02", date, OfficeZone)
		c.days[date] = t
	}
	return t
}

// month returns the row of the month t falls in, nil outside the period.
func (c *counter) month(t time.Time) *Row {
	y, m, _ := t.In(OfficeZone).Date()
	return c.monthRows[[2]int{y, int(m)}]
}

// count adds one item's facts.
func (c *counter) count(x *itemFacts) {
	if !x.Proposed.Before(c.p.To) {
		return // nothing happens to an item before it is proposed
	}
	c.funnel(x)
	if c.passedIn(x, StepPropose) {
		for _, r := range c.rows(x, x.Proposed) {
			r.Proposed.add(c.listOf, c.at, 1)
		}
	}
	if c.passedIn(x, StepPublish) {
		// A date that does not read (damage verify names) still counts, in no month.
		c.published(x, c.day(x.Published))
	}
	if c.passedIn(x, StepFile) {
		for _, r := range c.rows(x, x.Filed) {
			r.Filed.add(c.listOf, c.at, 1)
		}
	}
	for i, e := range x.Events {
		if !c.contains(e) {
			continue
		}
		c.event(x, e, x.note(i))
		if i > 0 {
			step := e.step()
			if c.waits[step] == nil {
				c.waits[step] = &stepWaits{}
			}
			c.waits[step].add(c.listOf, c.at, c.between(x.Events[i-1].time(), e.time()))
		}
	}
}

// between counts the working days after the day of a up to and including the day of b.
func (c *counter) between(a, b time.Time) int {
	key := [2]civilDay{dayOf(a), dayOf(b)}
	n, ok := c.workdays[key]
	if !ok {
		n = c.cal.countWorkdays(key[0], key[1])
		c.workdays[key] = n
	}
	return n
}

// funnel adds an item to each step it passed in the period, by passedIn's rule: the rule of
// the figures 提出, 公开 and 建档, so the funnel's bars and those figures are the same items.
func (c *counter) funnel(x *itemFacts) {
	for i := range c.out.Funnel {
		if c.passedIn(x, Step(i+1)) {
			c.out.Funnel[i].add(c.listOf, c.at, 1)
		}
	}
}

// passedIn says whether the item passed the step in the period. It is the one rule of
// "proposed, published, filed … in the period" for every figure: 提出 is the day the item was
// proposed, 公开 the 公开日期 the office recorded (the day it was published, which may be
// before the 公开 record was made), 建档 the day it was filed, and 初审, 保密审查 and 审核 a
// passing decision at the step in the period. An item proposed in an earlier period and
// published in this one counts as published in this one; one proposed in this period and
// published in the next does not.
func (c *counter) passedIn(x *itemFacts, step Step) bool {
	switch step {
	case StepPropose:
		return c.p.Contains(x.Proposed)
	case StepPublish:
		return x.Published >= c.from && x.Published <= c.last
	case StepFile:
		return c.p.Contains(x.Filed)
	}
	for _, e := range x.Events {
		if e.step() == step && e.decision().Passes() && c.contains(e) {
			return true
		}
	}
	return false
}

// published adds an item published in the period on day pub.
func (c *counter) published(x *itemFacts, pub time.Time) {
	for _, r := range c.rows(x, pub) {
		r.Published.add(c.listOf, c.at, 1)
	}
	for _, ch := range x.Channels {
		if c.channels[ch] == nil {
			c.channels[ch] = &Figure{}
		}
		c.channels[ch].add(c.listOf, c.at, 1)
	}
	if x.TimeLimited && x.OnTime >= 0 {
		c.out.Policy.add(c.listOf, c.at, 1)
		if x.OnTime == 1 {
			c.out.OnTime.add(c.listOf, c.at, 1)
		} else {
			c.out.Late.add(c.listOf, c.at, 1)
			c.out.LateItems = append(c.out.LateItems, LateItem{ID: x.ID, Title: x.Title, DocNumber: x.DocNumber, Due: x.Due, Published: x.Published})
		}
	}
}

// contains says whether the event is in the period.
func (c *counter) contains(e stepEvent) bool {
	return e.At != 0 && e.At >= c.fromNanos && e.At < c.toNanos
}

// event adds a record of the period: a return, a block, a check's findings (its note, nil
// for none).
func (c *counter) event(x *itemFacts, e stepEvent, note *eventNote) {
	if note == nil {
		note = &eventNote{}
	}
	if e.decision() == Return {
		for _, r := range c.rows(x, e.time()) {
			r.Returned.add(c.listOf, c.at, 1)
			if e.Blocked {
				r.Blocked.add(c.listOf, c.at, 1)
			}
		}
		why := c.reason(note.Opinion)
		if c.reasons[why] == nil {
			c.reasons[why] = &Reason{Text: why}
		}
		c.reasons[why].Returns.add(c.listOf, c.at, 1)
	}
	for _, fc := range note.Findings {
		if c.findings[fc.Category] == nil {
			c.findings[fc.Category] = &Figure{}
		}
		c.findings[fc.Category].add(c.listOf, c.at, fc.N)
	}
}

// reason groups a return's opinion: the longest standard opinion it starts with, else its
// text, trimmed.
func (c *counter) reason(opinion string) string {
	text := strings.TrimSpace(opinion)
	best := ""
	for _, o := range c.opinions {
		if strings.HasPrefix(text, o) && len(o) > len(best) {
			best = o
		}
	}
	if best != "" {
		return best
	}
	return text
}

// result orders what was counted.
func (c *counter) result() *Statistics {
	out := &c.out
	for _, code := range c.divOrder {
		out.ByDivision = append(out.ByDivision, *c.divisions[code])
	}
	for _, r := range c.cats {
		out.ByCategory = append(out.ByCategory, *r)
	}
	sort.Slice(out.ByCategory, func(i, j int) bool { return categoryBefore(out.ByCategory[i].Key, out.ByCategory[j].Key) })
	c.divisionCategories()
	for _, m := range c.p.Months() {
		out.Months = append(out.Months, *c.months[m.From.Format("2006-01")])
	}
	for _, r := range c.reasons {
		out.Returns = append(out.Returns, *r)
	}
	sort.Slice(out.Returns, func(i, j int) bool {
		a, b := out.Returns[i], out.Returns[j]
		if a.Returns.N != b.Returns.N {
			return a.Returns.N > b.Returns.N
		}
		return a.Text < b.Text
	})
	for cat, f := range c.findings {
		out.Findings = append(out.Findings, FindingTally{cat, *f})
	}
	sort.Slice(out.Findings, func(i, j int) bool {
		a, b := out.Findings[i], out.Findings[j]
		if a.Findings.N != b.Findings.N {
			return a.Findings.N > b.Findings.N
		}
		return a.Category < b.Category
	})
	for name, f := range c.channels {
		out.Channels = append(out.Channels, Channel{name, *f})
	}
	sort.Slice(out.Channels, func(i, j int) bool {
		a, b := out.Channels[i], out.Channels[j]
		if a.Items.N != b.Items.N {
			return a.Items.N > b.Items.N
		}
		return a.Name < b.Name
	})
	for step := StepPropose; step <= StepFile; step++ {
		out.Steps = append(out.Steps, stepTime(step, c.waits[step], c.of, c.listOf))
	}
	out.datings()
	return out
}

// categoryBefore orders categories by name, "" (未分类) last.
func categoryBefore(a, b string) bool {
	if (a == "") != (b == "") {
		return b == ""
	}
	return a < b
}

// divisionCategories orders the rows of categories within divisions: by division as
// ByDivision, then by category.
func (c *counter) divisionCategories() {
	rank := make(map[string]int, len(c.divOrder))
	for i, code := range c.divOrder {
		rank[code] = i
	}
	out := &c.out
	for k, r := range c.divCats {
		out.ByDivisionCategory = append(out.ByDivisionCategory, DivisionRow{Division: k[0], DivisionLabel: c.divisions[k[0]].Label, Row: *r})
	}
	sort.Slice(out.ByDivisionCategory, func(i, j int) bool {
		a, b := out.ByDivisionCategory[i], out.ByDivisionCategory[j]
		if a.Division != b.Division {
			return rank[a.Division] < rank[b.Division]
		}
		return categoryBefore(a.Key, b.Key)
	})
}

// stepTime sums up the waits at a step (nil for none), of the facts of; its figures list their
// items if listOf is of, only count them if it is nil.
func stepTime(step Step, w *stepWaits, of, listOf []*itemFacts) StepTime {
	t := StepTime{Step: step}
	if w == nil || w.decisions.N == 0 {
		return t
	}
	t.Decisions, t.Worst = w.decisions, w.worst
	for _, at := range w.worstAt {
		if id := of[at].ID; len(t.WorstIDs) == 0 || t.WorstIDs[len(t.WorstIDs)-1] != id {
			t.WorstIDs = append(t.WorstIDs, id)
			t.WorstItems.add(listOf, at, 1)
		}
	}
	n := w.decisions.N
	t.Median = float64(w.nth(n / 2))
	if n%2 == 0 {
		t.Median = float64(w.nth(n/2-1)+w.nth(n/2)) / 2
	}
	return t
}
