package archive

import (
	"context"
	"errors"
)

// The storage engine is the one narrow interface between the procedure's rules and where the
// office's keys are kept. Every rule (permissions, the six steps, 件号 and 档号, the audit chain,
// fixity, verify, backup) is written once over it; an engine knows nothing of items or steps.
// There are two: Badger in a directory (one workstation) and PostgreSQL (the office server).
//
// The model is an ordered map from byte-string keys to byte-string values, read and written in
// serializable transactions (the key layout is in store.go).

// Errors an engine returns; the rules above test for them with errors.Is.
var (
	// errNoKey is get's answer for an absent key.
	errNoKey = errors.New("no such key")
	// errConflict means a concurrent transaction wrote what this one read or wrote: nothing of
	// it was committed, and running it again on fresh data is safe.
	errConflict = errors.New("transaction conflict")
	// errInDoubt means the engine lost its connection while committing: the transaction may or
	// may not have committed. Only a server engine returns it; the rules find out which by
	// reading the audit log.
	errInDoubt = errors.New("commit outcome unknown")
)

// OutcomeUnknown reports whether err says that a write may or may not have been saved: the
// connection to the server was lost as it committed, and the audit log could not be read to
// tell. The person should look before doing it again.
func OutcomeUnknown(err error) bool { return errors.Is(err, errInDoubt) }

// kvReader reads one consistent snapshot of the keys. Several goroutines may read through
// the same reader at once (two scans, say, for one snapshot of two ranges); a kvWriter's
// methods are called by one goroutine at a time.
type kvReader interface {
	// get returns a copy of key's value, or errNoKey.
	get(key []byte) ([]byte, error)
	// scan calls fn with each key and value in the range, in byte order of the keys (descending
	// when r.reverse), until fn returns false or an error. The slices are valid only during the
	// call. fn's error is scan's.
	scan(r keyRange, fn func(key, value []byte) (more bool, err error)) error
}

// keyRange chooses the keys a scan visits: those that start with prefix, from start on
// (inclusive; in a reverse scan, from start down). An empty start is the range's first key (its
// last, in a reverse scan). keysOnly lets an engine skip reading values: fn then gets nil.
type keyRange struct {
	prefix   []byte
	start    []byte
	reverse  bool
	keysOnly bool
}

// kvWriter is a read-write transaction: its reads see its own writes.
type kvWriter interface {
	kvReader
	put(key, value []byte) error
	del(key []byte) error
}

// engine keeps the keys.
type engine interface {
	// view runs fn on a consistent snapshot.
	view(ctx context.Context, fn func(kvReader) error) error
	// update runs fn once in a serializable read-write transaction and commits what it wrote
	// when it returns nil. Errors: fn's error (nothing committed), errConflict (nothing
	// committed; the caller may run it again), errInDoubt, or the engine's own failure.
	update(ctx context.Context, fn func(kvWriter) error) error
	// describe names the engine and where it keeps the keys, for a person: "本机数据目录
	// /home/…/store" or "单位服务器 db.example:5432/shendang".
	describe() string
	// close releases the engine; pending writes are flushed or it says why not.
	close() error
}

// watcher is an engine other processes write to at the same time (the office server): watch
// calls changed soon after each of their commits, until ctx ends. An engine only this process
// writes to (Badger: its directory is locked) is not one.
type watcher interface {
	watch(ctx context.Context, changed func())
}

// sharer is an engine other desks may be using at the same time (the office server): others
// names each of those desks, for a person ("desk-3（10.0.0.7）").
type sharer interface {
	others(ctx context.Context) ([]string, error)
}
