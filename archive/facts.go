package archive

import (
	"errors"
	"fmt"
	"log"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// The one reader of item facts. Statistics, the quarterly summary, the progress report and
// the annual report all count from the items' facts (statfacts.go), which each step writes
// under stat/<id> in its own transaction, so they can never disagree with the item. The first
// call reads them all in one scan and keeps them with the index; later calls read only the
// items written since (the index's dirty marks).
//
// Where the time goes (pprof of a process that opens a store of 100,000 synthetic items and
// counts the year, 2026-12-02, before this reader was made compact): processor time 3.5 s,
// of which opening the store's check of every table 0.67 s, the item index 0.33 s, the scan
// and decoding of the facts 0.46 s, counting 0.82 s (0.45 s of it growing the figures' lists
// of item ids), and the collector most of the rest; 1.27 GB allocated, of which 0.53 GB by
// the open's table check, 0.21 GB the figures' id lists, 0.31 GB the scan's buffers and
// the decoded facts (96-byte events, and strings that kept each batch's bytes alive). Now an
// event is 16 bytes, the few values many items share are held once a batch, the batches'
// buffers are reused, and a figure keeps its items as 4-byte places (stats.go): the same
// process allocates 0.83 GB, its live heap after the count is 123 MB (was 186–190 MB) and its
// peak RSS 290 MB (was 430–447 MB); its processor time 2.0 s (was 2.5 s).

// factsBatch is how many items' facts one decoder takes at a time.
const factsBatch = 1024

// factsRun is a batch of encoded facts copied out of the scan, one after another: the i-th
// ends at ends[i].
type factsRun struct {
	buf  []byte
	ends []int
	// own and owners are where the decoder gathers the items' own strings, events their
	// events, kept for the next batch (the facts keep copies): they grow to a batch's once in a
	// scan.
	own    []byte
	owners []ownString
	events []stepEvent
}

// decode reads the batch's facts, leaving out those that do not decode (damaged, or of an
// earlier version: allFacts finds their items missing and computes them). The facts keep
// nothing of the batch's bytes (factsReader).
func (b *factsRun) decode() []itemFacts {
	out := make([]itemFacts, len(b.ends))
	if b.events == nil {
		b.events = make([]stepEvent, 0, 8*len(b.ends))
	}
	d := factsReader{s: b.buf, events: b.events[:0], own: b.own[:0], owners: b.owners[:0]}
	n, at := 0, 0
	for _, end := range b.ends {
		if d.decode(&out[n], at, end) == nil {
			n++
		}
		at = end
	}
	d.finish()
	b.own, b.owners = d.own, d.owners
	// The events into an array of their size: the one they were read into is the next batch's.
	events := slices.Clone(d.events)
	b.events = d.events
	at = 0
	for i := range out[:n] {
		if k := len(out[i].Events); k > 0 {
			out[i].Events, at = events[at:at+k:at+k], at+k
		}
	}
	return out[:n:n]
}

// scanFacts reads every stored facts record that decodes from r, decoding batches on every
// processor while the scan goes on.
func (s *Office) scanFacts(r kvReader) ([][]itemFacts, error) {
	workers := runtime.GOMAXPROCS(0)
	todo := make(chan *factsRun, workers)
	done := make(chan []itemFacts, workers)
	// The decoded facts keep nothing of a batch's bytes: its buffers go back to the scan.
	free := make(chan *factsRun, 2*workers+1)
	var decoders sync.WaitGroup
	for range workers {
		decoders.Go(func() {
			for b := range todo {
				done <- b.decode()
				b.buf, b.ends = b.buf[:0], b.ends[:0]
				select {
				case free <- b:
				default:
				}
			}
		})
	}
	var batches [][]itemFacts
	collected := make(chan struct{})
	go func() {
		defer close(collected)
		for fs := range done {
			batches = append(batches, fs)
		}
	}()
	// At most cap(free) batches are made: the scan waits for a decoded one's buffers rather
	// than making a hundred (a 512 KB buffer each, and their own strings' grown anew).
	made := 0
	next := func() *factsRun {
		select {
		case b := <-free:
			return b
		default:
		}
		if made < cap(free) {
			made++
			return &factsRun{}
		}
		return <-free
	}
	cur := next()
	err := r.scan(keyRange{prefix: []byte("stat/")}, func(_, value []byte) (bool, error) {
		if cur.buf == nil {
			cur.buf, cur.ends = make([]byte, 0, 512*factsBatch), make([]int, 0, factsBatch)
		}
		cur.buf = append(cur.buf, value...)
		cur.ends = append(cur.ends, len(cur.buf))
		if len(cur.ends) == factsBatch {
			todo <- cur
			cur = next()
		}
		return true, nil
	})
	if len(cur.ends) > 0 {
		todo <- cur
	}
	close(todo)
	decoders.Wait()
	close(done)
	<-collected
	if err != nil {
		return nil, fmt.Errorf("read the items' facts (%s): %w", s.e.describe(), err)
	}
	return batches, nil
}

// facts returns the facts of every item in the order they were proposed, as allFacts does,
// and stores again, in the current version, the facts of items that had none that could be
// read: a store written by an earlier version is upgraded on its first statistics, so the
// next reads it in one scan. The caller must not change the facts.
func (s *Office) facts() ([]*itemFacts, error) {
	all, missing, err := s.allFacts()
	if err != nil || len(missing) == 0 {
		return all, err
	}
	if err := s.storeFacts(missing); err != nil {
		// The figures are right without them; the next process computes them again.
		log.Printf("archive: store the facts of %d items again: %v", len(missing), err)
	}
	return all, nil
}

// allFacts returns the facts of every item in the order they were proposed, reading those
// not yet known, and the ids of the items whose stored facts were missing or could not be
// read (computed from the item and its records instead).
func (s *Office) allFacts() (all []*itemFacts, missing []string, err error) {
	x := &s.idx
	x.mu.Lock()
	defer x.mu.Unlock()
	if !x.built {
		if err := s.loadIndexAndFacts(); err != nil {
			return nil, nil, err
		}
	}
	if err := s.current(); err != nil {
		return nil, nil, err
	}
	if x.factList != nil && len(x.factList) == x.count() {
		return x.factList, nil, nil
	}
	if x.facts == nil {
		if err := s.scanAllFacts(); err != nil {
			return nil, nil, err
		}
	}
	if missing, err = s.readMissingFacts(); err != nil {
		return nil, nil, err
	}
	out := make([]*itemFacts, 0, len(x.facts))
	for _, f := range x.facts {
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b *itemFacts) int { // a figure lists its items in the order they were proposed
		if c := a.Proposed.Compare(b.Proposed); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	x.factList = out
	return out, missing, nil
}

// loadIndexAndFacts builds the index and reads the stored facts at the same time, from one
// snapshot: the two scans (the index's sum/ keys, the facts' stat/ keys) each keep a
// processor busy, and no item written in between can leave facts older or newer than its
// entry. The caller holds the index's lock and the index is not built.
func (s *Office) loadIndexAndFacts() error {
	x := &s.idx
	var batches [][]itemFacts
	err := s.view(func(r kvReader) error {
		var facts sync.WaitGroup
		var ferr error
		facts.Go(func() { batches, ferr = s.scanFacts(r) })
		err := x.load(r)
		facts.Wait()
		return errors.Join(err, ferr)
	})
	if err != nil {
		return err
	}
	x.loaded()
	x.keepFacts(batches)
	return nil
}

// scanAllFacts fills the index's facts from one scan of the stored ones, of the items it
// knows. The caller holds the index's lock.
func (s *Office) scanAllFacts() error {
	var batches [][]itemFacts
	err := s.view(func(r kvReader) (err error) {
		batches, err = s.scanFacts(r)
		return err
	})
	if err != nil {
		return err
	}
	s.idx.keepFacts(batches)
	return nil
}

// keepFacts keeps the facts of the batches whose items the index knows. The caller holds x.mu.
func (x *itemIndex) keepFacts(batches [][]itemFacts) {
	x.facts = make(map[string]*itemFacts, x.count())
	for _, b := range batches {
		for i := range b {
			if x.has(b[i].ID) {
				x.facts[b[i].ID] = &b[i]
			}
		}
	}
}

// readMissingFacts reads the facts of the items the index knows without them (stored since
// the scan, or computed from the item where none is stored: those ids are returned). The
// caller holds the index's lock.
func (s *Office) readMissingFacts() (missing []string, err error) {
	x := &s.idx
	if len(x.facts) == x.count() {
		return nil, nil // facts holds only items of the index (scanAllFacts, current): none is missing
	}
	var read []string
	for e := range x.entries() {
		if id := e.id(); x.facts[id] == nil {
			read = append(read, id)
		}
	}
	err = s.view(func(r kvReader) error {
		for _, id := range read {
			f, stored, err := loadFacts(r, id)
			if err != nil {
				return err
			}
			if !stored {
				missing = append(missing, id)
			}
			x.facts[id] = f
		}
		return nil
	})
	return missing, err
}

// storeFactsChunk is how many items' facts one upgrade transaction stores.
const storeFactsChunk = 1000

// storeFacts computes the facts of the items again from their records and stores them, in
// transactions of storeFactsChunk items with an audit entry each (数据升级).
func (s *Office) storeFacts(ids []string) error {
	ids = slices.Sorted(slices.Values(ids))
	for part := range slices.Chunk(ids, storeFactsChunk) {
		err := s.update(func(txn *tx) error {
			n := 0
			for _, id := range part {
				it, err := loadItem(txn, id)
				if err != nil {
					continue // gone since it was read
				}
				if err := putFacts(txn, it); err != nil {
					return err
				}
				n++
			}
			if n == 0 {
				return nil
			}
			return s.audit(txn, "", ActionMigrate, "", fmt.Sprintf("统计信息升级到版本 %d：重新整理 %d 件事项的统计信息", factsVersion, n))
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// ItemLines returns the items behind f, counted in period p, in f's order, as a list of them
// shows them: from the facts statistics read, without reading the items, each dated by the day
// of what f counts (Figure.Dating). An item no longer stored is left out.
func (s *Office) ItemLines(f Figure, p Period) ([]ItemLine, error) {
	if _, err := s.facts(); err != nil {
		return nil, err
	}
	ids := f.IDs()
	s.idx.mu.Lock()
	defer s.idx.mu.Unlock()
	out := make([]ItemLine, 0, len(ids))
	for _, id := range ids {
		if x := s.idx.facts[id]; x != nil {
			out = append(out, ItemLine{ID: id, Title: x.Title, DocNumber: x.DocNumber, Division: x.Division, Category: x.Category,
				Proposed: x.Proposed, Date: f.day(x, p)})
		}
	}
	return out, nil
}
