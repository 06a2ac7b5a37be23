package archive

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/dgraph-io/badger/v4"
)

// badgerEngine keeps the office's keys in one Badger database: a directory on one
// workstation, or memory for tests and previews. What only Badger has — checking its files
// whole, collecting value-log garbage, encryption at rest — hangs off this type, and the rules
// reach it through the optional interfaces fileChecker, garbageCollector and encryptedEngine.
type badgerEngine struct {
	db  *badger.DB
	dir string // "" for a store in memory
	key []byte // the encryption key; nil for a store opened without a passphrase
}

var (
	_ engine           = (*badgerEngine)(nil)
	_ fileChecker      = (*badgerEngine)(nil)
	_ garbageCollector = (*badgerEngine)(nil)
	_ encryptedEngine  = (*badgerEngine)(nil)
)

func (e *badgerEngine) view(ctx context.Context, fn func(kvReader) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return e.db.View(func(txn *badger.Txn) error { return fn(badgerTxn{txn}) })
}

// update runs fn once; Badger's optimistic concurrency tells a conflict only at commit.
func (e *badgerEngine) update(ctx context.Context, fn func(kvWriter) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	txn := e.db.NewTransaction(true)
	defer txn.Discard()
	if err := fn(badgerTxn{txn}); err != nil {
		return err
	}
	err := txn.Commit()
	if errors.Is(err, badger.ErrConflict) {
		return errConflict
	}
	return err
}

func (e *badgerEngine) describe() string {
	if e.dir == "" {
		return "内存中的数据库"
	}
	return "本机数据目录 " + e.dir
}

func (e *badgerEngine) close() error { return e.db.Close() }

// checkFiles reads every table of the store through Badger's table reader with each block's
// checksum verified: damage done since the store was opened, which a scan of the keys could
// pass over.
func (e *badgerEngine) checkFiles() error {
	if e.dir == "" {
		return nil
	}
	return checkTables(e.dir, e.key, false)
}

// collectGarbage reclaims space in the value log left by overwritten and deleted values.
func (e *badgerEngine) collectGarbage() error {
	for {
		err := e.db.RunValueLogGC(0.5)
		if errors.Is(err, badger.ErrNoRewrite) || errors.Is(err, badger.ErrRejected) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// encryption returns the store's key and the parameters that derive it from the passphrase,
// or nil for a store without encryption.
func (e *badgerEngine) encryption() ([]byte, *keyParams, error) {
	if e.key == nil {
		return nil, nil, nil
	}
	data, err := os.ReadFile(keyFile(e.dir))
	if err != nil {
		return nil, nil, err
	}
	var p keyParams
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", keyFile(e.dir), err)
	}
	return e.key, &p, nil
}

// badgerTxn is a Badger transaction as the rules see one.
type badgerTxn struct{ txn *badger.Txn }

func (t badgerTxn) get(key []byte) ([]byte, error) {
	item, err := t.txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, errNoKey
	}
	if err != nil {
		return nil, err
	}
	return item.ValueCopy(nil)
}

func (t badgerTxn) put(key, value []byte) error { return t.txn.Set(key, value) }

func (t badgerTxn) del(key []byte) error { return t.txn.Delete(key) }

// scan iterates without prefetching: a value is read only when fn is given it, so a scan
// over the stored files holds one file at a time. A reverse scan seeks to the end of the
// prefix's range itself, since Badger's reverse seek to a prefix lands before the range.
func (t badgerTxn) scan(r keyRange, fn func(key, value []byte) (bool, error)) error {
	it := t.txn.NewIterator(badger.IteratorOptions{Prefix: forwardPrefix(r), Reverse: r.reverse})
	defer it.Close()
	for it.Seek(seekKey(r)); it.Valid(); it.Next() {
		item := it.Item()
		key := item.Key()
		if !bytes.HasPrefix(key, r.prefix) {
			if r.reverse && bytes.Compare(key, r.prefix) > 0 {
				continue // the key just past the range, where a reverse scan lands first
			}
			return nil
		}
		var more bool
		var err error
		if r.keysOnly {
			more, err = fn(key, nil)
		} else if verr := item.Value(func(v []byte) error { more, err = fn(key, v); return nil }); verr != nil {
			return fmt.Errorf("%s: %w", key, verr)
		}
		if err != nil || !more {
			return err
		}
	}
	return nil
}

// forwardPrefix is the prefix Badger may filter by: a forward scan's. A reverse scan starts
// past its range and filters by itself.
func forwardPrefix(r keyRange) []byte {
	if r.reverse {
		return nil
	}
	return r.prefix
}

// seekKey is where a scan of r starts: r.start within the range, or the range's first key
// (its last, in reverse: the prefix's successor, which a reverse scan skips when it exists).
func seekKey(r keyRange) []byte {
	inRange := len(r.start) > 0 && bytes.HasPrefix(r.start, r.prefix)
	switch {
	case !r.reverse && inRange:
		return r.start
	case !r.reverse:
		if bytes.Compare(r.start, r.prefix) > 0 {
			return r.start // past the range: the scan visits nothing
		}
		return r.prefix
	case inRange:
		return r.start
	case len(r.start) > 0 && bytes.Compare(r.start, r.prefix) < 0:
		return r.start // before the range: a reverse scan from there visits nothing
	}
	return prefixEnd(r.prefix)
}

// prefixEnd is the first key after every key with prefix p, or nil (the very end) when there
// is none: p with its last byte below 0xFF incremented and the rest cut.
func prefixEnd(p []byte) []byte {
	end := bytes.Clone(p)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xFF {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}
