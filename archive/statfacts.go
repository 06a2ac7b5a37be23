package archive

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"time"

	"shendang.gov.cn/shendang/review"
)

// itemFacts is what statistics and the reports need of an item and its steps, kept under
// stat/<id> beside the item (written in the same transaction as each step) so that a year of
// 100,000 items is counted from one scan of small binary records instead of decoding every
// item and record. It is the one reader of item facts: Statistics, the quarterly summary, the
// progress report and the annual report all count from it (facts.go reads them all).
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
	// What the reports read besides (version 3): the dates a deadline counts from, the due day
	// as stored at 提出 (ItemDue, "" for an item stored before due dates were; Due above is it
	// or the shipped calendar's), whether the item has a Publication and what it recorded of
	// the time limit (RecordedOnTime: 1 met, 0 missed, -1 not recorded), its disclosure and state.
	DocDate, PolicyDate, ItemDue string
	Publicized                   bool
	RecordedOnTime               int8
	Disclosure                   Disclosure
	State                        State
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
		Due: dueOf(it), Proposed: it.Created, TimeLimited: it.TimeLimited(), OnTime: -1, DocDate: it.DocDate,
		PolicyDate: it.PolicyDate, ItemDue: it.Due, RecordedOnTime: -1, Disclosure: it.Disclosure, State: it.State}
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
		f.Published, f.Channels, f.Publicized = p.Date, p.Channels, true
		f.OnTime = onTimeFact(it)
		if p.OnTime != nil {
			f.RecordedOnTime = int8(boolByte(*p.OnTime))
		}
	}
	if it.Filing != nil {
		f.Filed = it.Filing.Filed
	}
	return f
}

// deadlineItem is the part of the item DeadlineOf reads; nil for an item without a time limit.
func (f *itemFacts) deadlineItem() *Item {
	if !f.TimeLimited {
		return nil
	}
	it := &Item{ID: f.ID, Draft: Draft{Title: f.Title, Division: f.Division, Category: f.Category, DocDate: f.DocDate,
		PolicyDate: f.PolicyDate}, Due: f.ItemDue}
	if f.Publicized {
		it.Publication = &Publication{Date: f.Published, Channels: f.Channels}
		if f.RecordedOnTime >= 0 {
			met := f.RecordedOnTime == 1
			it.Publication.OnTime = &met
		}
	}
	return it
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

// loadFacts reads an item's facts: the stored ones (stored true), or, for an item stored
// before facts were (or whose facts cannot be read), computed from the item and its records.
func loadFacts(r kvReader, id string) (f *itemFacts, stored bool, err error) {
	if b, err := r.get(keyFacts(id)); err == nil {
		if f, err := decodeFacts(b); err == nil && f.ID == id {
			return f, true, nil
		}
	}
	it, err := loadItem(r, id)
	if err != nil {
		return nil, false, err
	}
	recs, err := listIn[Record](r, "rec/"+id+"/")
	if err != nil {
		return nil, false, err
	}
	return factsOf(it, recs), false, nil
}

// factsVersion is the first byte of encoded facts; another value is not read (loadFacts then
// computes the facts from the item, and the reader stores them again in this version).
//
//	2  what Statistics reads
//	3  and what the reports read: DocDate … State
const factsVersion = 3

// encodeFacts writes facts compactly, as encodeSummary does.
func encodeFacts(f *itemFacts) []byte {
	var e factsWriter
	e.b = append(make([]byte, 0, 160), factsVersion)
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
	e.str(f.DocDate)
	e.str(f.PolicyDate)
	e.str(f.ItemDue)
	e.b = append(e.b, boolByte(f.Publicized), byte(f.RecordedOnTime))
	e.str(string(f.Disclosure))
	e.str(string(f.State))
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

// factsReader reads what factsWriter wrote, from a string that holds many items' facts one
// after another (a batch of facts.go's reader): the strings it returns are parts of that one
// string, and the events and findings of the batch's items share two arrays, so a batch of
// 512 items costs a handful of allocations rather than a dozen an item. Its first error sticks.
type factsReader struct {
	s        string
	at, end  int // the facts being read are s[at:end]
	err      error
	events   []stepEvent
	findings []findingCount
}

func (d *factsReader) fail() {
	d.err, d.at = errDamagedFacts, d.end
}

func (d *factsReader) uint() int {
	var n uint64
	var shift uint
	for {
		if d.at >= d.end || shift > 63 {
			d.fail()
			return 0
		}
		c := d.s[d.at]
		d.at++
		if c < 0x80 {
			if shift == 63 && c > 1 || c == 0 && shift > 0 { // too large, or longer than it needs to be
				d.fail()
				return 0
			}
			n |= uint64(c) << shift
			break
		}
		n |= uint64(c&0x7f) << shift
		shift += 7
	}
	if n > uint64(d.end-d.at) {
		d.fail()
		return 0
	}
	return int(n)
}

// flag reads a byte written by boolByte; another value is damage.
func (d *factsReader) flag() bool {
	c := d.byte()
	if c > 1 {
		d.fail()
	}
	return c == 1
}

func (d *factsReader) byte() byte {
	if d.at >= d.end {
		d.fail()
		return 0
	}
	c := d.s[d.at]
	d.at++
	return c
}

func (d *factsReader) str() string {
	n := d.uint()
	s := d.s[d.at : d.at+n]
	d.at += n
	return s
}

func (d *factsReader) time() time.Time {
	n, k := binary.Varint([]byte(d.s[d.at:min(d.end, d.at+binary.MaxVarintLen64)]))
	if k <= 0 || k > 1 && d.s[d.at+k-1] == 0 { // unreadable, or longer than it needs to be
		d.fail()
		return time.Time{}
	}
	d.at += k
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

// decodeFacts reads encoded facts. Errors: errDamagedFacts.
func decodeFacts(b []byte) (*itemFacts, error) {
	f := &itemFacts{}
	d := factsReader{s: string(b)}
	if err := d.decode(f, 0, len(b)); err != nil {
		return nil, err
	}
	return f, nil
}

// decode reads the facts at d.s[at:end] into f. Errors: errDamagedFacts.
func (d *factsReader) decode(f *itemFacts, at, end int) error {
	d.at, d.end, d.err = at, end, nil
	if d.byte() != factsVersion {
		return fmt.Errorf("%w: version", errDamagedFacts)
	}
	*f = itemFacts{ID: d.str(), Division: d.str(), Category: d.str(), Title: d.str(), DocNumber: d.str(), Due: d.str()}
	f.Proposed = d.time()
	f.TimeLimited, f.OnTime = d.flag(), int8(d.byte())
	f.Published = d.str()
	if n := d.uint(); n > 0 {
		f.Channels = make([]string, 0, n)
		for ; n > 0 && d.err == nil; n-- {
			f.Channels = append(f.Channels, d.str())
		}
	}
	f.Filed = d.time()
	first := len(d.events)
	for n := d.uint(); n > 0 && d.err == nil; n-- {
		e := stepEvent{Step: Step(d.byte()), Blocked: d.flag()}
		e.Decision, e.Time, e.Opinion = Decision(d.str()), d.time(), d.str()
		k := len(d.findings)
		for n := d.uint(); n > 0 && d.err == nil; n-- {
			d.findings = append(d.findings, findingCount{review.Category(d.str()), d.uint()})
		}
		if len(d.findings) > k {
			e.Findings = d.findings[k:len(d.findings):len(d.findings)]
		}
		d.events = append(d.events, e)
	}
	if len(d.events) > first {
		f.Events = d.events[first:len(d.events):len(d.events)]
	}
	f.DocDate, f.PolicyDate, f.ItemDue = d.str(), d.str(), d.str()
	f.Publicized, f.RecordedOnTime = d.flag(), int8(d.byte())
	f.Disclosure, f.State = Disclosure(d.str()), State(d.str())
	if d.err != nil || d.at != d.end {
		d.events = d.events[:first] // the batch's events are its items' in order
		return errDamagedFacts
	}
	return nil
}
