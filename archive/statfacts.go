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
	Notes                  []eventNote // the opinions of returns and the findings of checks, by event
	Published              string      // YYYY-MM-DD of 公开, "" before
	Channels               []string    // channels used at 公开
	OnTime                 int8        // for a time-limited item published: 1 on time, 0 late; -1 otherwise
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

// stepEvent is one record of the item's procedure as statistics count it, in 16 bytes: a
// year of 100,000 items has some 620,000 of them. What few records have (a return's reason, a
// check's findings) is in the item's Notes.
type stepEvent struct {
	At       int64 // the record's time, Unix nanoseconds; 0 for none
	Step     stepCode
	Decision decisionCode
	Blocked  bool // 保密审查 with block findings not dismissed (always a return)
}

// eventNote is what an event of Events has besides: the reason of a return, the findings of a
// check.
type eventNote struct {
	Event    int // its index in Events
	Opinion  string
	Findings []findingCount
}

// stepCode is a Step in a byte; a step past 255 is not one of the procedure's.
type stepCode uint8

// decisionCode is a Decision in a byte: its place in decisionCodes, 0 for a decision statistics
// do not know (counted as neither a pass nor a return, as the Decision itself would be).
type decisionCode uint8

var decisionCodes = [...]Decision{"", Submit, Approve, ApproveRedacted, Return, Publish, File}

func codeOf(d Decision) decisionCode {
	for i, x := range decisionCodes {
		if x == d {
			return decisionCode(i)
		}
	}
	return 0
}

func (c decisionCode) decision() Decision {
	if int(c) < len(decisionCodes) {
		return decisionCodes[c]
	}
	return ""
}

func (e stepEvent) step() Step         { return Step(e.Step) }
func (e stepEvent) decision() Decision { return e.Decision.decision() }

// time is the record's time, in UTC.
func (e stepEvent) time() time.Time {
	if e.At == 0 {
		return time.Time{}
	}
	return time.Unix(0, e.At).UTC()
}

// newEvent is the event of a record made at t.
func newEvent(step Step, d Decision, t time.Time, blocked bool) stepEvent {
	e := stepEvent{Step: stepCode(step), Decision: codeOf(d), Blocked: blocked}
	if !t.IsZero() {
		e.At = t.UnixNano()
	}
	return e
}

// note is the note of event i, nil for none.
func (f *itemFacts) note(i int) *eventNote {
	for k := range f.Notes {
		if f.Notes[k].Event == i {
			return &f.Notes[k]
		}
	}
	return nil
}

// findingCount is how many findings of a category a 保密审查 check held.
type findingCount struct {
	Category review.Category
	N        int
}

// factsOf reads the facts from an item and its records in order.
func factsOf(it *Item, recs []Record) *itemFacts {
	f := factsOfItem(it)
	for i := range recs {
		f.addRecord(i, &recs[i])
	}
	return f
}

// factsOfItem reads the facts from an item alone: addRecord adds its records' in order.
func factsOfItem(it *Item) *itemFacts {
	f := &itemFacts{ID: it.ID, Division: it.Division, Category: it.Category, Title: it.Title, DocNumber: it.DocNumber,
		Due: dueOf(it), Proposed: it.Created, TimeLimited: it.TimeLimited(), OnTime: -1, DocDate: it.DocDate,
		PolicyDate: it.PolicyDate, ItemDue: it.Due, RecordedOnTime: -1, Disclosure: it.Disclosure, State: it.State}
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

// addRecord adds the item's record r, the i-th of its records.
func (f *itemFacts) addRecord(i int, r *Record) {
	var n eventNote
	if r.Decision == Return {
		n.Opinion = r.Opinion
	}
	if r.Check != nil {
		n.Findings = countFindings(r.Check.Findings)
	}
	if n.Opinion != "" || len(n.Findings) > 0 {
		n.Event = i
		f.Notes = append(f.Notes, n)
	}
	f.Events = append(f.Events, newEvent(r.Step, r.Decision, r.Time, r.Check != nil && r.Check.Verdict == review.VerdictBlock))
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
	for i, ev := range f.Events {
		e.b = append(e.b, byte(ev.Step), boolByte(ev.Blocked))
		e.str(string(ev.decision()))
		e.b = binary.AppendVarint(e.b, ev.At)
		var n eventNote
		if x := f.note(i); x != nil {
			n = *x
		}
		e.str(n.Opinion)
		e.uint(len(n.Findings))
		for _, fc := range n.Findings {
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

// factsReader reads what factsWriter wrote, from bytes that hold many items' facts one after
// another (a batch of facts.go's reader). The strings it returns are its own: the few values
// many items share (division, category, dates, state, channels, decisions, standard opinions)
// once for the batch, the others copied, so nothing keeps the read bytes. The events, notes and
// findings of the batch's items share arrays, so a batch of 1024 items costs a handful of
// allocations rather than a dozen an item. Its first error sticks.
type factsReader struct {
	s        []byte
	at, end  int // the facts being read are s[at:end]
	err      error
	events   []stepEvent
	notes    []eventNote
	findings []findingCount
	channels []string
	shared   map[string]string // the batch's shared values
	// own holds the bytes of the batch's own strings (ids, titles, 文号) one after another, and
	// owners where each goes: finish makes them one string, which they share, so that a batch
	// of 1024 items allocates one string for them rather than three an item.
	own    []byte
	owners []ownString
}

// ownString is where one of the batch's own strings goes: own[start:end] into to.
type ownString struct {
	to         *string
	start, end int
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

// bytes reads a string's bytes, a part of d.s.
func (d *factsReader) bytes() []byte {
	n := d.uint()
	b := d.s[d.at : d.at+n]
	d.at += n
	return b
}

// str reads a string of the item's own (its id, title, 文号) into to, when finish is called.
func (d *factsReader) str(to *string) {
	b := d.bytes()
	*to = ""
	if len(b) == 0 {
		return
	}
	start := len(d.own)
	d.own = append(d.own, b...)
	d.owners = append(d.owners, ownString{to, start, len(d.own)})
}

// finish gives the strings str read to their places, in the order read: a place read into
// again (the facts after damaged ones take their place) gets the later string.
func (d *factsReader) finish() {
	all := string(d.own)
	for _, o := range d.owners {
		*o.to = all[o.start:o.end]
	}
	clear(d.owners) // nothing kept from the facts they went to
	d.own, d.owners = d.own[:0], d.owners[:0]
}

// name reads a string that many items share, once for the batch.
func (d *factsReader) name() string {
	b := d.bytes()
	if len(b) == 0 {
		return ""
	}
	if s, ok := d.shared[string(b)]; ok {
		return s
	}
	if d.shared == nil {
		d.shared = map[string]string{}
	}
	s := string(b)
	d.shared[s] = s
	return s
}

func (d *factsReader) time() time.Time {
	n := d.nanos()
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

// nanos reads a time as time writes it.
func (d *factsReader) nanos() int64 {
	n, k := binary.Varint(d.s[d.at:min(d.end, d.at+binary.MaxVarintLen64)])
	if k <= 0 || k > 1 && d.s[d.at+k-1] == 0 { // unreadable, or longer than it needs to be
		d.fail()
		return 0
	}
	d.at += k
	return n
}

// decodeFacts reads encoded facts. Errors: errDamagedFacts.
func decodeFacts(b []byte) (*itemFacts, error) {
	f := &itemFacts{}
	d := factsReader{s: b}
	if err := d.decode(f, 0, len(b)); err != nil {
		return nil, err
	}
	d.finish()
	return f, nil
}

// decode reads the facts at d.s[at:end] into f. Errors: errDamagedFacts.
func (d *factsReader) decode(f *itemFacts, at, end int) error {
	d.at, d.end, d.err = at, end, nil
	if d.byte() != factsVersion {
		return fmt.Errorf("%w: version", errDamagedFacts)
	}
	*f = itemFacts{}
	d.str(&f.ID)
	f.Division, f.Category = d.name(), d.name()
	d.str(&f.Title)
	d.str(&f.DocNumber)
	f.Due = d.name()
	f.Proposed = d.time()
	f.TimeLimited, f.OnTime = d.flag(), int8(d.byte())
	f.Published = d.name()
	if n := d.uint(); n > 0 {
		k := len(d.channels)
		for ; n > 0 && d.err == nil; n-- {
			d.channels = append(d.channels, d.name())
		}
		f.Channels = d.channels[k:len(d.channels):len(d.channels)]
	}
	f.Filed = d.time()
	first, firstNote := len(d.events), len(d.notes)
	d.decodeEvents(f, first, firstNote)
	f.DocDate, f.PolicyDate, f.ItemDue = d.name(), d.name(), d.name()
	f.Publicized, f.RecordedOnTime = d.flag(), int8(d.byte())
	f.Disclosure, f.State = Disclosure(d.name()), State(d.name())
	if d.err != nil || d.at != d.end {
		d.events, d.notes = d.events[:first], d.notes[:firstNote] // the batch's events are its items' in order
		return errDamagedFacts
	}
	return nil
}

// decodeEvents reads the item's events into the batch's arrays from first and firstNote, and
// gives f its parts of them.
func (d *factsReader) decodeEvents(f *itemFacts, first, firstNote int) {
	for i, n := 0, d.uint(); i < n && d.err == nil; i++ {
		step, blocked := d.byte(), d.flag()
		decision := Decision(d.name())
		e := stepEvent{At: d.nanos(), Step: stepCode(step), Decision: codeOf(decision), Blocked: blocked}
		if e.Decision == 0 && decision != "" {
			d.fail() // not a decision factsOf writes
		}
		note := eventNote{Event: i, Opinion: d.name()}
		k := len(d.findings)
		for n := d.uint(); n > 0 && d.err == nil; n-- {
			d.findings = append(d.findings, findingCount{review.Category(d.name()), d.uint()})
		}
		if len(d.findings) > k {
			note.Findings = d.findings[k:len(d.findings):len(d.findings)]
		}
		if note.Opinion != "" || note.Findings != nil {
			d.notes = append(d.notes, note)
		}
		d.events = append(d.events, e)
	}
	if len(d.events) > first {
		f.Events = d.events[first:len(d.events):len(d.events)]
	}
	if len(d.notes) > firstNote {
		f.Notes = d.notes[firstNote:len(d.notes):len(d.notes)]
	}
}
