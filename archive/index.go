package archive

import (
	"encoding/binary"
	"errors"
	"fmt"
	"iter"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// summary is what lists, filters and searches need of an item; the index keeps each item's
// in memory, laid out as an entry, so a page of 100,000 items does not decode them all.
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
	mu    sync.Mutex
	built bool
	// byID holds each item's entry by item id while the index is built or changed; the key is
	// the id within the entry, so it shares the entry's memory. Once sorted, the map is nil and
	// idOrder finds an entry by id instead: a map of 100,000 entries holds 5.6 MB of its own
	// (make memory's heap profile), the positions 0.4.
	byID   map[string]entry
	sorted []entry // the entries in listing order; nil when they must be re-sorted
	// idOrder holds the positions in sorted ordered by the entries' ids, while byID is nil.
	idOrder []int32
	// packed holds the sorted entries one after another, and starts where each begins: the
	// entries are parts of it, and a text search is one strings.Index pass over it, as fast as
	// grep, rather than a strings.Contains an item.
	packed string
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
		if err := s.view(x.load); err != nil {
			return err
		}
		x.loaded()
	}
	if len(x.dirty) == 0 {
		return nil
	}
	x.unsort()
	err := s.view(func(txn kvReader) error {
		for id := range x.dirty {
			delete(x.facts, id)
			x.factList = nil
			item, err := loadItem(txn, id)
			if err != nil {
				delete(x.byID, id)
				continue
			}
			e := newEntry(summarize(item))
			x.byID[e.id()] = e
		}
		return nil
	})
	x.dirty, x.sorted, x.packed, x.starts, x.idOrder = nil, nil, "", nil, nil
	return err
}

// load reads every item's entry from r into byID, and the newest audit entry it accounts for;
// loaded marks the index built once the read succeeded. The caller holds x.mu. The entries are
// gathered first and put in a map of their number: growing the map as they come rehashes it
// a dozen times (a tenth of the index's processor time).
func (x *itemIndex) load(r kvReader) error {
	seen, err := headSeq(r)
	if err != nil {
		return err
	}
	all := make([]entry, 0, x.count())
	err = r.scan(keyRange{prefix: []byte("sum/")}, func(key, value []byte) (bool, error) {
		sm, err := decodeSummary(value)
		if err != nil {
			return false, fmt.Errorf("%s: %w", key, err)
		}
		all = append(all, newEntry(sm))
		return true, nil
	})
	if err != nil {
		return err
	}
	x.byID = make(map[string]entry, len(all))
	for _, e := range all {
		x.byID[e.id()] = e
	}
	x.seen = seen
	return nil
}

// loaded marks the index built from what load read: nothing is dirty, nothing sorted, and the
// facts are to be read again.
func (x *itemIndex) loaded() {
	x.built, x.dirty, x.sorted, x.packed, x.starts, x.idOrder = true, nil, nil, "", nil, nil
	x.facts, x.factList = nil, nil
}

// unsort makes byID hold the entries again, for a change: the entries of the sorted index
// stay parts of its packed string until the next sort packs them anew.
func (x *itemIndex) unsort() {
	if x.byID != nil {
		return
	}
	x.byID = make(map[string]entry, len(x.sorted))
	for _, e := range x.sorted {
		x.byID[e.id()] = e
	}
	x.idOrder = nil
}

// count returns the number of items the index holds. The caller holds x.mu.
func (x *itemIndex) count() int {
	if x.byID != nil {
		return len(x.byID)
	}
	return len(x.sorted)
}

// has reports whether the index holds the item id. The caller holds x.mu.
func (x *itemIndex) has(id string) bool {
	if x.byID != nil {
		return x.byID[id] != ""
	}
	_, found := slices.BinarySearchFunc(x.idOrder, id, func(at int32, id string) int {
		return strings.Compare(x.sorted[at].id(), id)
	})
	return found
}

// entries returns every entry, in no particular order. The caller holds x.mu.
func (x *itemIndex) entries() iter.Seq[entry] {
	if x.byID != nil {
		return maps.Values(x.byID)
	}
	return slices.Values(x.sorted)
}

// order puts entries in listing order: filed items by 档号, then the rest by creation time.
func order(all []entry) {
	slices.SortFunc(all, func(a, b entry) int {
		ac, bc := a.code(), b.code()
		switch {
		case ac != "" && bc != "":
			return strings.Compare(ac, bc)
		case ac != "":
			return -1
		case bc != "":
			return 1
		}
		if c := a.created().Compare(b.created()); c != 0 {
			return c
		}
		return strings.Compare(a.id(), b.id())
	})
}

// sort puts the entries in listing order and packs them into one string.
func (x *itemIndex) sort() {
	all := slices.Collect(maps.Values(x.byID))
	order(all)
	size := 0
	for _, e := range all {
		size += len(e)
	}
	var b strings.Builder
	b.Grow(size)
	starts := make([]int, len(all))
	for i, e := range all {
		starts[i] = b.Len()
		b.WriteString(string(e))
	}
	packed := b.String()
	idOrder := make([]int32, len(all))
	for i, e := range all {
		all[i] = entry(packed[starts[i] : starts[i]+len(e)])
		idOrder[i] = int32(i)
	}
	slices.SortFunc(idOrder, func(a, b int32) int { return strings.Compare(all[a].id(), all[b].id()) })
	x.byID, x.sorted, x.packed, x.starts, x.idOrder = nil, all, packed, starts, idOrder
}

// each calls fn with every entry f selects, in listing order, until fn returns false. The
// caller holds x.mu and x.sorted is current.
func (x *itemIndex) each(f Filter, fn func(e entry) bool) {
	if f.Text == "" || strings.Contains(f.Text, searchSep) {
		for _, e := range x.sorted {
			if f.matchEntry(e) && !fn(e) {
				return
			}
		}
		return
	}
	// Only an entry the text occurs in can match: the search finds the next, and matchEntry
	// decides, whether the text lay in a searchable field or not.
	for pos := 0; pos < len(x.packed); {
		k := strings.Index(x.packed[pos:], f.Text)
		if k < 0 {
			return
		}
		i := sort.SearchInts(x.starts, pos+k+1) - 1 // the entry the text starts in
		if f.matchEntry(x.sorted[i]) && !fn(x.sorted[i]) {
			return
		}
		if i+1 == len(x.starts) {
			return
		}
		pos = x.starts[i+1]
	}
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
