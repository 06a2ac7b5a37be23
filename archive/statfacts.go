package archive

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"time"

	"shendang.gov.cn/shendang/review"
)

// itemFacts is what statistics need of an item and its steps, kept under stat/<id> beside
// the item (written in the same transaction as each step) so that a year of 100,000 items is
// counted from one scan of small binary records instead of decoding every item and record.
type itemFacts struct {
	ID, Division, Category string
	Title, DocNumber, Due  string // for lists of the items behind a figure
	Proposed               time.Time
	TimeLimited            bool
	Events                 []stepEvent
	Published              string   // YYYY-MM-DD of 公开, "" before
	Channels               []string // channels used at 公开
	OnTime                 int8     // for a time-limited item published: 1 on time, 0 late; -1 otherwise
	Filed                  time.Time
}

// stepEvent is one record of the item's procedure.
type stepEvent struct {
	Step     Step
	Decision Decision
	Time     time.Time
	Blocked  bool   // 保密审查 with block findings not dismissed (always a return)
	Opinion  string // the reason of a return; "" otherwise
	Findings []findingCount
}

// findingCount is how many findings of a category a 保密审查 check held.
type findingCount struct {
	Category review.Category
	N        int
}

// factsOf reads the facts from an item and its records in order.
func factsOf(it *Item, recs []Record) *itemFacts {
	f := &itemFacts{ID: it.ID, Division: it.Division, Category: it.Category, Title: it.Title, DocNumber: it.DocNumber,
		Due: dueOf(it), Proposed: it.Created, TimeLimited: it.TimeLimited(), OnTime: -1}
	for _, r := range recs {
		e := stepEvent{Step: r.Step, Decision: r.Decision, Time: r.Time}
		if r.Decision == Return {
			e.Opinion = r.Opinion
		}
		if r.Check != nil {
			e.Blocked = r.Check.Verdict == review.VerdictBlock
			e.Findings = countFindings(r.Check.Findings)
		}
		f.Events = append(f.Events, e)
	}
	if p := it.Publication; p != nil {
		f.Published, f.Channels = p.Date, p.Channels
		f.OnTime = onTimeFact(it)
	}
	if it.Filing != nil {
		f.Filed = it.Filing.Filed
	}
	return f
}

// dueOf is the item's due day (YYYY-MM-DD) as DeadlineOf counts it on the shipped calendar, ""
// for an item without a time limit.
func dueOf(it *Item) string {
	if !it.TimeLimited() {
		return ""
	}
	if it.Due != "" {
		return it.Due
	}
	cal, err := ShippedCalendar()
	if err != nil {
		return ""
	}
	if d, ok := DeadlineOf(it, it.Created, cal); ok {
		return d.Due.Format("2006-01-02")
	}
	return ""
}

// onTimeFact is 1 when a published time-limited item met its due date, 0 when it did not, and
// -1 for an item without a time limit: as recorded at 公开, else as DeadlineOf counts it on
// the shipped calendar (an item published before due dates were recorded).
func onTimeFact(it *Item) int8 {
	cal, err := ShippedCalendar()
	if err != nil {
		cal = &Calendar{}
	}
	switch d, ok := DeadlineOf(it, it.Created, cal); {
	case !ok:
		return -1
	case d.State == Met:
		return 1
	}
	return 0
}

// countFindings counts findings by category, in category order.
func countFindings(fs []review.Finding) []findingCount {
	by := map[review.Category]int{}
	for _, f := range fs {
		by[f.Category]++
	}
	out := make([]findingCount, 0, len(by))
	for c, n := range by {
		out = append(out, findingCount{c, n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Category < out[j].Category })
	return out
}

// keyFacts is the key of an item's facts (see store.go's layout).
func keyFacts(id string) []byte { return []byte("stat/" + id) }

// putFacts stores the facts of it with its records as txn holds them; called after a step's
// record is written.
func putFacts(txn *tx, it *Item) error {
	recs, err := listIn[Record](txn, "rec/"+it.ID+"/")
	if err != nil {
		return err
	}
	return txn.put(keyFacts(it.ID), encodeFacts(factsOf(it, recs)))
}

// loadFacts reads an item's facts: the stored ones, or, for an item stored before facts were
// (or whose facts cannot be read), computed from the item and its records.
func loadFacts(r kvReader, id string) (*itemFacts, error) {
	if b, err := r.get(keyFacts(id)); err == nil {
		if f, err := decodeFacts(b); err == nil && f.ID == id {
			return f, nil
		}
	}
	it, err := loadItem(r, id)
	if err != nil {
		return nil, err
	}
	recs, err := listIn[Record](r, "rec/"+id+"/")
	if err != nil {
		return nil, err
	}
	return factsOf(it, recs), nil
}

// factsVersion is the first byte of encoded facts; another value is not read.
const factsVersion = 2

// encodeFacts writes facts compactly, as encodeSummary does.
func encodeFacts(f *itemFacts) []byte {
	var e factsWriter
	e.b = append(make([]byte, 0, 128), factsVersion)
	e.str(f.ID)
	e.str(f.Division)
	e.str(f.Category)
	e.str(f.Title)
	e.str(f.DocNumber)
	e.str(f.Due)
	e.time(f.Proposed)
	e.b = append(e.b, boolByte(f.TimeLimited), byte(f.OnTime))
	e.str(f.Published)
	e.uint(len(f.Channels))
	for _, c := range f.Channels {
		e.str(c)
	}
	e.time(f.Filed)
	e.uint(len(f.Events))
	for _, ev := range f.Events {
		e.b = append(e.b, byte(ev.Step), boolByte(ev.Blocked))
		e.str(string(ev.Decision))
		e.time(ev.Time)
		e.str(ev.Opinion)
		e.uint(len(ev.Findings))
		for _, fc := range ev.Findings {
			e.str(string(fc.Category))
			e.uint(fc.N)
		}
	}
	return e.b
}

func boolByte(b bool) byte {
	if b {
		return 1
	}
	return 0
}

type factsWriter struct{ b []byte }

func (e *factsWriter) uint(n int) { e.b = binary.AppendUvarint(e.b, uint64(n)) }
func (e *factsWriter) str(s string) {
	e.uint(len(s))
	e.b = append(e.b, s...)
}

// time writes a time as Unix nanoseconds, the zero time as 0.
func (e *factsWriter) time(t time.Time) {
	var n int64
	if !t.IsZero() {
		n = t.UnixNano()
	}
	e.b = binary.AppendVarint(e.b, n)
}

// errDamagedFacts says stored facts cannot be read; loadFacts then computes them.
var errDamagedFacts = errors.New("damaged item facts")

// factsReader reads what factsWriter wrote; its first error sticks.
type factsReader struct {
	b   []byte
	err error
	// seen interns the strings that repeat from item to item (divisions, categories,
	// decisions, reasons, channels): a year of items then shares one copy of each.
	seen map[string]string
}

// shared reads a string as str does, returning the copy seen before when there is one.
func (d *factsReader) shared() string {
	n := d.uint()
	if n > len(d.b) {
		d.err, d.b = errDamagedFacts, nil
		return ""
	}
	s, ok := d.seen[string(d.b[:n])]
	if !ok {
		s = string(d.b[:n])
		if d.seen == nil {
			d.seen = map[string]string{}
		}
		d.seen[s] = s
	}
	d.b = d.b[n:]
	return s
}

func (d *factsReader) uint() int {
	n, k := binary.Uvarint(d.b)
	if k <= 0 || n > uint64(len(d.b)) {
		d.err, d.b = errDamagedFacts, nil
		return 0
	}
	d.b = d.b[k:]
	return int(n)
}

func (d *factsReader) byte() byte {
	if len(d.b) == 0 {
		d.err = errDamagedFacts
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *factsReader) str() string {
	n := d.uint()
	if n > len(d.b) {
		d.err, d.b = errDamagedFacts, nil
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *factsReader) time() time.Time {
	n, k := binary.Varint(d.b)
	if k <= 0 {
		d.err, d.b = errDamagedFacts, nil
		return time.Time{}
	}
	d.b = d.b[k:]
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

// decodeFacts reads encoded facts. Errors: errDamagedFacts.
func decodeFacts(b []byte) (*itemFacts, error) { return (&factsReader{}).decode(b) }

// decode reads encoded facts with the strings d has seen. Errors: errDamagedFacts.
func (d *factsReader) decode(b []byte) (*itemFacts, error) {
	d.b, d.err = b, nil
	if d.byte() != factsVersion {
		return nil, fmt.Errorf("%w: version", errDamagedFacts)
	}
	f := &itemFacts{ID: d.str(), Division: d.shared(), Category: d.shared(), Title: d.str(), DocNumber: d.str(), Due: d.str()}
	f.Proposed = d.time()
	f.TimeLimited, f.OnTime = d.byte() == 1, int8(d.byte())
	f.Published = d.shared()
	for n := d.uint(); n > 0 && d.err == nil; n-- {
		f.Channels = append(f.Channels, d.shared())
	}
	f.Filed = d.time()
	for n := d.uint(); n > 0 && d.err == nil; n-- {
		e := stepEvent{Step: Step(d.byte()), Blocked: d.byte() == 1}
		e.Decision, e.Time, e.Opinion = Decision(d.shared()), d.time(), d.shared()
		for k := d.uint(); k > 0 && d.err == nil; k-- {
			e.Findings = append(e.Findings, findingCount{review.Category(d.shared()), d.uint()})
		}
		f.Events = append(f.Events, e)
	}
	if d.err != nil || len(d.b) != 0 {
		return nil, errDamagedFacts
	}
	return f, nil
}
