package archive

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Other desks' writes. On the office server several processes share one store, and each Office
// keeps in memory what lists and searches need: the item index. A process learns of its own
// writes when they commit; of the others' it learns from the audit log. Every transaction that
// writes appends an audit entry that names each key it wrote (AuditEntry.Records, ledger.go),
// and the log is one chain numbered 1, 2, 3…, so its head says whether anything was written
// since entry n, and the entries after n say what.
//
// Before the index answers, it reads the head (one get) and, when the head has moved past the
// last entry the index accounts for, reads the entries since and marks the items they wrote to
// be read again. The same code runs on every engine; on Badger, which no other process can
// open, the head has always moved by this process's own writes alone, and the check costs the
// one get.
//
// The other in-memory state needs no catching up: the rule set is cached by the revision of
// the office's lists, which RuleSet reads from the store each time, and the stored checks by
// the file's SHA-256 and the rule set's version, which name their content; settings and users
// are not cached at all.

// catchUpLimit is how many entries the index reads to catch up; past it, rebuilding the index
// from the summaries (one scan) is cheaper than reading the entries one by one.
const catchUpLimit = 2000

// Changed returns the number of the newest audit entry. Every write, at this desk or any other
// sharing the store, appends at least one entry, so when seq differs from since — the number an
// earlier call returned — something was written in between: the window refreshes its counts,
// queue and lists (which then catch up by themselves, see above) and polls again with seq.
// Pass 0 on the first call. It reads one key: cheap enough to call every second. seq is 0 for
// an empty log. Errors: the engine's (on the server: it is unreachable), wrapped.
func (s *Office) Changed(since int64) (seq int64, err error) {
	err = s.view(func(r kvReader) error {
		seq, err = headSeq(r)
		return err
	})
	if err != nil {
		return since, fmt.Errorf("read the audit log's head (%s): %w", s.e.describe(), err)
	}
	return seq, nil
}

// Changes returns a channel that receives soon after any desk commits a write to the store
// (several commits may come as one value), until ctx ends: a window looks at Changed then,
// rather than only on a timer. It is nil, which never receives, for a store no other desk
// writes to. It may also receive when nothing changed, after the server was away.
func (s *Office) Changes(ctx context.Context) <-chan struct{} {
	w, ok := s.e.(watcher)
	if !ok {
		return nil
	}
	ch := make(chan struct{}, 1)
	go w.watch(ctx, func() {
		select {
		case ch <- struct{}{}:
		default: // one is waiting already
		}
	})
	return ch
}

// headSeq is the number of the newest audit entry as r sees the log's head, 0 for none.
func headSeq(r kvReader) (int64, error) {
	var head AuditEntry
	err := getJSON(r, keyAuditHead(), &head)
	if errors.Is(err, ErrNotFound) {
		return 0, nil
	}
	return head.Seq, err
}

// catchUp marks for reading again the items other transactions wrote since the index last
// looked at the log: those the audit entries after x.seen name. It asks for a rebuild instead
// (x.built false) when the log moved too far, or back (the store was replaced). The caller
// holds x.mu and the index is built.
func (s *Office) catchUp() error {
	x := &s.idx
	return s.view(func(r kvReader) error {
		seq, err := headSeq(r)
		switch {
		case err != nil:
			return err
		case seq == x.seen:
			return nil
		case seq < x.seen || seq-x.seen > catchUpLimit:
			x.built = false
			return nil
		}
		if x.dirty == nil {
			x.dirty = map[string]bool{}
		}
		err = r.scan(keyRange{prefix: []byte("audit/0"), start: keyAudit(x.seen + 1)}, func(key, value []byte) (bool, error) {
			var e AuditEntry
			if err := json.Unmarshal(value, &e); err != nil {
				return false, fmt.Errorf("audit entry %s: %w", key, err)
			}
			if e.Seq > seq {
				return false, nil
			}
			for _, id := range writtenItems(e) {
				x.dirty[id] = true
			}
			return true, nil
		})
		if err != nil {
			return err
		}
		x.seen = seq
		return nil
	})
}

// writtenItems returns the ids of the items whose record or summary entry e wrote, and the
// item it concerns.
func writtenItems(e AuditEntry) []string {
	var ids []string
	if e.Item != "" {
		ids = append(ids, e.Item)
	}
	for key := range e.Records {
		if id, ok := strings.CutPrefix(key, "item/"); ok {
			ids = append(ids, id)
		} else if id, ok := strings.CutPrefix(key, "sum/"); ok {
			ids = append(ids, id)
		}
	}
	return ids
}

// committed tells the index of a transaction of this process that committed: it marks the
// items it wrote and, when its entries first…last follow the last one the index accounts for,
// moves past them, so that the next catch-up does not read them again.
func (x *itemIndex) committed(items []string, first, last int64) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if len(items) > 0 {
		if x.dirty == nil {
			x.dirty = map[string]bool{}
		}
		for _, id := range items {
			x.dirty[id] = true
		}
	}
	if first > 0 && x.built && x.seen == first-1 {
		x.seen = last
	}
}
