package archive

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// summary is what lists, filters and searches need of an item; the index keeps one per item
// in memory (about 200 bytes), so a page of 100,000 items does not decode them all.
type summary struct {
	ID, Title, DocNumber, IndexNo, Category, Division string
	State                                             State
	Created                                           time.Time
	Code                                              string // 档号, when filed
	Year                                              int
	Retention                                         Retention
}

func summarize(it *Item) summary {
	s := summary{ID: it.ID, Title: it.Title, DocNumber: it.DocNumber, IndexNo: it.IndexNo, Category: it.Category,
		Division: it.Division, State: it.State, Created: it.Created}
	if f := it.Filing; f != nil { // a filed item is listed under the 机构 it is filed under
		s.Code, s.Year, s.Retention, s.Division = f.Code, f.Year, f.Retention, f.Division
	}
	return s
}

// itemIndex is built from the store on first use and kept current: every item write of this
// process marks the id dirty once it commits, those of other processes are marked from the
// audit log (changes.go), and the next query re-reads the dirty items.
type itemIndex struct {
	mu     sync.Mutex
	built  bool
	byID   map[string]*summary
	sorted []*summary // the same summaries in listing order; nil when it must be re-sorted
	// hay holds the searchable fields of the sorted summaries, one record after another, and
	// starts where each record begins: a search is one strings.Index pass over it, as fast as
	// grep, instead of four comparisons per item.
	hay    string
	starts []int
	dirty  map[string]bool
	// facts are the items' facts for statistics (stats.go), read on first use; an item marked
	// dirty loses its entry and is read again.
	facts map[string]*itemFacts
	// factList is facts in the order items were proposed; nil when facts changed since.
	factList []*itemFacts
	// seen is the newest audit entry whose items the index accounts for: read when it was
	// built, or marked dirty since.
	seen int64
}

// putItem stores it; the index learns of it when the transaction commits.
func (s *Office) putItem(txn *tx, it *Item) error {
	txn.items = append(txn.items, it.ID)
	if err := txn.put(keySummary(it.ID), encodeSummary(summarize(it))); err != nil {
		return err
	}
	return putJSON(txn, keyItem(it.ID), it)
}

// current returns the index, building or refreshing it first, with what other processes wrote
// since it last looked; the caller holds idx.mu.
func (s *Office) current() error {
	x := &s.idx
	if x.built {
		if err := s.catchUp(); err != nil {
			return err
		}
	}
	if !x.built {
		x.byID = map[string]*summary{}
		err := s.view(func(r kvReader) error {
			clear(x.byID)
			var err error
			if x.seen, err = headSeq(r); err != nil {
				return err
			}
			return r.scan(keyRange{prefix: []byte("sum/")}, func(key, value []byte) (bool, error) {
				sm, err := decodeSummary(value)
				if err != nil {
					return false, fmt.Errorf("%s: %w", key, err)
				}
				x.byID[sm.ID] = &sm
				return true, nil
			})
		})
		if err != nil {
			return err
		}
		x.built, x.dirty, x.sorted, x.facts, x.factList = true, nil, nil, nil, nil
	}
	if len(x.dirty) == 0 {
		return nil
	}
	err := s.view(func(txn kvReader) error {
		for id := range x.dirty {
			delete(x.facts, id)
			x.factList = nil
			item, err := loadItem(txn, id)
			if err != nil {
				delete(x.byID, id)
				continue
			}
			sm := summarize(item)
			x.byID[id] = &sm
		}
		return nil
	})
	x.dirty, x.sorted = nil, nil
	return err
}

// order is the listing order: filed items by 档号, then the rest by creation time.
func order(all []*summary) {
	slices.SortFunc(all, func(a, b *summary) int {
		switch {
		case a.Code != "" && b.Code != "":
			return strings.Compare(a.Code, b.Code)
		case a.Code != "":
			return -1
		case b.Code != "":
			return 1
		}
		if c := a.Created.Compare(b.Created); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// Separators in the search haystack: between the fields of a record, and after a record. A
// search text holding one is matched item by item, so it never spans two fields.
const (
	fieldSep  = "\x00"
	recordSep = "\x01"
)

// buildHaystack lays out the searchable fields of all, in order.
func buildHaystack(all []*summary) (string, []int) {
	var b strings.Builder
	size := 0
	for _, sm := range all {
		size += len(sm.Title) + len(sm.DocNumber) + len(sm.Code) + len(sm.IndexNo) + 4*len(fieldSep) + len(recordSep)
	}
	b.Grow(size)
	starts := make([]int, len(all))
	for i, sm := range all {
		starts[i] = b.Len()
		for _, f := range []string{sm.Title, sm.DocNumber, sm.Code, sm.IndexNo} {
			b.WriteString(f)
			b.WriteString(fieldSep)
		}
		b.WriteString(recordSep)
	}
	return b.String(), starts
}

// each calls fn with the position in x.sorted of every summary f selects, in order, until fn
// returns false. The caller holds x.mu and x.sorted is current.
func (x *itemIndex) each(f Filter, fn func(i int) bool) {
	if f.Text == "" || strings.ContainsAny(f.Text, fieldSep+recordSep) {
		for i, sm := range x.sorted {
			if f.matchSummary(sm) && !fn(i) {
				return
			}
		}
		return
	}
	for pos := 0; pos < len(x.hay); {
		k := strings.Index(x.hay[pos:], f.Text)
		if k < 0 {
			return
		}
		i := sort.SearchInts(x.starts, pos+k+1) - 1 // the record the match lies in
		if f.matchFields(x.sorted[i]) && !fn(i) {
			return
		}
		if i+1 == len(x.starts) {
			return
		}
		pos = x.starts[i+1]
	}
}

func (f Filter) matchSummary(s *summary) bool {
	if !f.matchFields(s) {
		return false
	}
	return f.Text == "" || strings.Contains(s.Title, f.Text) || strings.Contains(s.DocNumber, f.Text) ||
		strings.Contains(s.Code, f.Text) || strings.Contains(s.IndexNo, f.Text)
}

// matchFields applies every part of f but its text.
func (f Filter) matchFields(s *summary) bool {
	switch {
	case f.State != "" && s.State != f.State,
		f.Division != "" && s.Division != f.Division,
		f.Category != "" && s.Category != f.Category,
		f.Year != 0 && s.Year != f.Year,
		f.Retention != "" && s.Retention != f.Retention,
		f.Unfiled && s.Code != "",
		f.Uncategorised && s.Category != "":
		return false
	}
	return true
}

// encodeSummary writes a summary compactly: the index of 100,000 items loads in a fraction of
// the time their JSON records would take to decode.
func encodeSummary(s summary) []byte {
	b := make([]byte, 0, 256)
	for _, f := range []string{s.ID, s.Title, s.DocNumber, s.IndexNo, s.Category, s.Division, string(s.State), s.Code, string(s.Retention)} {
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	b = binary.AppendVarint(b, int64(s.Year))
	return binary.AppendVarint(b, s.Created.UnixNano())
}

func decodeSummary(b []byte) (summary, error) {
	var s summary
	fields := [...]*string{&s.ID, &s.Title, &s.DocNumber, &s.IndexNo, &s.Category, &s.Division, (*string)(&s.State), &s.Code, (*string)(&s.Retention)}
	all := string(b) // one copy, which the fields share: one allocation an item, not nine
	at := 0
	for _, f := range fields {
		n, k := binary.Uvarint(b[at:])
		if k <= 0 || uint64(len(b)-at-k) < n {
			return s, errors.New("damaged item summary")
		}
		at += k
		*f = all[at : at+int(n)]
		at += int(n)
	}
	b = b[at:]
	year, k := binary.Varint(b)
	if k <= 0 {
		return s, errors.New("damaged item summary")
	}
	created, k2 := binary.Varint(b[k:])
	if k2 <= 0 {
		return s, errors.New("damaged item summary")
	}
	s.Year, s.Created = int(year), time.Unix(0, created).UTC()
	return s, nil
}
