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
	waits     map[Step][]wait
	// from and last are the period's first and last days as YYYY-MM-DD, to compare 公开日期 with;
	// fromNanos and toNanos its bounds as an event's time.
	from, last         string
	fromNanos, toNanos int64
	// of are the facts counted, at the place of the one being counted.
	of []*itemFacts
	at int32
	// workdays memoises the calendar's count of working days between two days.
	workdays map[[2]civilDay]int
}

// wait is the working days one decision took, of the item at place at of the facts.
type wait struct {
	at   int32
	days int
}

// uncategorised is the label of items with no 主动公开目录 category.
const uncategorised = "未分类"

func newCounter(p Period, f StatsFilter, st Settings, cal *Calendar) *counter {
	c := &counter{p: p, cal: cal, opinions: st.StandardOpinions(), out: Statistics{Period: p, Filter: f},
		divisions: map[string]*Row{}, cats: map[string]*Row{}, divCats: map[[2]string]*Row{}, months: map[string]*Row{}, reasons: map[string]*Reason{},
		findings: map[review.Category]*Figure{}, channels: map[string]*Figure{}, waits: map[Step][]wait{},
		from: p.From.Format("2006-01-02"), last: p.Last().Format("2006-01-02"), fromNanos: p.From.UnixNano(), toNanos: p.To.UnixNano(),
		workdays: map[[2]civilDay]int{}}
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
// counters on every processor and merging those in order: a figure lists its items in the
// order they were proposed either way.
func countAll(all []*itemFacts, p Period, f StatsFilter, st Settings, cal *Calendar) *counter {
	return countInParts(min(runtime.GOMAXPROCS(0), max(1, len(all)/countParts)), all, p, f, st, cal)
}

// countInParts counts as countAll does, in the number of parts given.
func countInParts(parts int, all []*itemFacts, p Period, f StatsFilter, st Settings, cal *Calendar) *counter {
	counters := make([]*counter, parts)
	var wg sync.WaitGroup
	for i := range counters {
		counters[i] = newCounter(p, f, st, cal)
		c := counters[i]
		c.of = all
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
		c.waits[step] = append(c.waits[step], ws...)
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
	ids := o.items
	if len(f.items) > 0 && len(ids) > 0 && f.items[len(f.items)-1] == ids[0] {
		ids = ids[1:]
	}
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
	c.buf = append(c.buf[:0], &c.out.Total, d, cat, dc)
	if m := c.month(t); m != nil {
		c.buf = append(c.buf, m)
	}
	return c.buf
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
			r.Proposed.add(c.of, c.at, 1)
		}
	}
	if c.passedIn(x, StepPublish) {
		// A date that does not read (damage verify names) still counts, in no month.
		pub, _ := time.ParseInLocation("2006-01-02", x.Published, OfficeZone)
		c.published(x, pub)
	}
	if c.passedIn(x, StepFile) {
		for _, r := range c.rows(x, x.Filed) {
			r.Filed.add(c.of, c.at, 1)
		}
	}
	for i, e := range x.Events {
		if !c.contains(e) {
			continue
		}
		c.event(x, e, x.note(i))
		if i > 0 {
			step := e.step()
			c.waits[step] = append(c.waits[step], wait{c.at, c.between(x.Events[i-1].time(), e.time())})
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
			c.out.Funnel[i].add(c.of, c.at, 1)
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
		r.Published.add(c.of, c.at, 1)
	}
	for _, ch := range x.Channels {
		if c.channels[ch] == nil {
			c.channels[ch] = &Figure{}
		}
		c.channels[ch].add(c.of, c.at, 1)
	}
	if x.TimeLimited && x.OnTime >= 0 {
		c.out.Policy.add(c.of, c.at, 1)
		if x.OnTime == 1 {
			c.out.OnTime.add(c.of, c.at, 1)
		} else {
			c.out.Late.add(c.of, c.at, 1)
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
			r.Returned.add(c.of, c.at, 1)
			if e.Blocked {
				r.Blocked.add(c.of, c.at, 1)
			}
		}
		why := c.reason(note.Opinion)
		if c.reasons[why] == nil {
			c.reasons[why] = &Reason{Text: why}
		}
		c.reasons[why].Returns.add(c.of, c.at, 1)
	}
	for _, fc := range note.Findings {
		if c.findings[fc.Category] == nil {
			c.findings[fc.Category] = &Figure{}
		}
		c.findings[fc.Category].add(c.of, c.at, fc.N)
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
		out.Steps = append(out.Steps, stepTime(step, c.waits[step], c.of))
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

// stepTime sums up the waits at a step.
func stepTime(step Step, ws []wait, of []*itemFacts) StepTime {
	t := StepTime{Step: step}
	if len(ws) == 0 {
		return t
	}
	days := make([]int, len(ws))
	for i, w := range ws {
		days[i] = w.days
		t.Decisions.add(of, w.at, 1)
		if w.days > t.Worst {
			t.Worst, t.WorstIDs, t.WorstItems = w.days, nil, Figure{}
		}
		if id := of[w.at].ID; w.days == t.Worst && (len(t.WorstIDs) == 0 || t.WorstIDs[len(t.WorstIDs)-1] != id) {
			t.WorstIDs = append(t.WorstIDs, id)
			t.WorstItems.add(of, w.at, 1)
		}
	}
	sort.Ints(days)
	n := len(days)
	t.Median = float64(days[n/2])
	if n%2 == 0 {
		t.Median = float64(days[n/2-1]+days[n/2]) / 2
	}
	return t
}
