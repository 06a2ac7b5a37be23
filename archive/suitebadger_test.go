package archive

// suiteBadger is a stand-in Badger engine for the engine conformance suite until the archive's
// own Badger engine (badgerengine.go, on the engine branch) exists: delete this file then and
// give openSuiteBadger's callers that engine.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/dgraph-io/badger/v4"
)

type suiteBadger struct{ db *badger.DB }

// openSuiteBadger opens a Badger engine in a new directory, closed when t ends. Writes are not
// synced, as the test PostgreSQL runs with fsync off.
func openSuiteBadger(t testing.TB) engine {
	t.Helper()
	db, err := badger.Open(desktopOptions(badger.DefaultOptions(t.TempDir())).WithSyncWrites(false))
	if err != nil {
		t.Fatalf("open badger: %v", err)
	}
	e := &suiteBadger{db: db}
	t.Cleanup(func() { _ = e.close() })
	return e
}

func (e *suiteBadger) describe() string { return "本机数据目录 " + e.db.Opts().Dir }
func (e *suiteBadger) close() error     { return e.db.Close() }

func (e *suiteBadger) view(_ context.Context, fn func(kvReader) error) error {
	return e.db.View(func(txn *badger.Txn) error { return fn(suiteBadgerTx{txn}) })
}

func (e *suiteBadger) update(_ context.Context, fn func(kvWriter) error) error {
	err := e.db.Update(func(txn *badger.Txn) error { return fn(suiteBadgerTx{txn}) })
	if errors.Is(err, badger.ErrConflict) {
		return fmt.Errorf("%w: %w", errConflict, err)
	}
	return err
}

type suiteBadgerTx struct{ txn *badger.Txn }

func (t suiteBadgerTx) get(key []byte) ([]byte, error) {
	item, err := t.txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, errNoKey
	}
	if err != nil {
		return nil, err
	}
	return item.ValueCopy(nil)
}

func (t suiteBadgerTx) put(key, value []byte) error { return t.txn.Set(key, value) }
func (t suiteBadgerTx) del(key []byte) error        { return t.txn.Delete(key) }

// scan seeks to the range's first key (in reverse, its last: Badger's reverse Seek finds the
// greatest key at or below the one given) and stops at the first key without the prefix.
func (t suiteBadgerTx) scan(r keyRange, fn func(key, value []byte) (bool, error)) error {
	opts := badger.DefaultIteratorOptions
	opts.Reverse, opts.PrefetchValues = r.reverse, !r.keysOnly
	it := t.txn.NewIterator(opts)
	defer it.Close()
	end := prefixEnd(r.prefix)
	switch {
	case !r.reverse && bytes.Compare(r.start, r.prefix) > 0:
		it.Seek(r.start)
	case !r.reverse:
		it.Seek(r.prefix)
	case len(r.start) > 0 && (end == nil || bytes.Compare(r.start, end) < 0):
		it.Seek(r.start)
	case end != nil:
		it.Seek(end)
		if it.Valid() && bytes.Equal(it.Item().Key(), end) {
			it.Next()
		}
	default:
		it.Rewind()
	}
	for ; it.Valid() && bytes.HasPrefix(it.Item().Key(), r.prefix); it.Next() {
		var v []byte
		if !r.keysOnly {
			var err error
			if v, err = it.Item().ValueCopy(nil); err != nil {
				return err
			}
		}
		if more, err := fn(it.Item().Key(), v); err != nil || !more {
			return err
		}
	}
	return nil
}
