package archive

import (
	"errors"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/dgraph-io/badger/v4"
)

// Errors a caller of Open can test for with errors.Is.
var (
	// ErrStoreInUse means another process (another 审档 window, or a command such as
	// `shendang backup`) holds the store directory.
	ErrStoreInUse = errors.New("store is in use by another process")
	// ErrIncompatibleStore means the directory holds a store written by an incompatible
	// version of 审档, or something that is not a 审档 store.
	ErrIncompatibleStore = errors.New("store was written by an incompatible version")
)

// SchemaVersion is the layout version of the records in the store. A store is stamped with
// it when created, and Open refuses a store stamped with another.
const SchemaVersion = "1"

// Key layout. Every key starts with a prefix naming its kind; keys are built only by the helpers
// in this file.
//
//	meta/schema → SchemaVersion, written when the store is created
var keySchema = []byte("meta/schema")

// Store is the office's persistent state. Callers depend on this interface so that a shared
// server backend can replace the embedded one later.
type Store interface {
	// Close releases the store. It returns an error only when pending writes could not be
	// flushed.
	Close() error
}

var _ Store = (*BadgerStore)(nil)

// BadgerStore is the embedded Store: one Badger database in one directory.
type BadgerStore struct {
	db  *badger.DB
	dir string
}

// Open opens the store in dir, creating the directory and an empty store when there is none.
// Errors: ErrStoreInUse when another process has dir open; ErrIncompatibleStore when dir holds a
// store of another schema; otherwise an error naming dir and what the file system said.
func Open(dir string) (*BadgerStore, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("open store %q: %w", dir, err)
	}
	db, err := badger.Open(desktopOptions(badger.DefaultOptions(dir)))
	if err != nil {
		if isLockError(err) {
			return nil, fmt.Errorf("open store %q: %w", dir, ErrStoreInUse)
		}
		return nil, fmt.Errorf("open store %q: %w", dir, err)
	}
	return stamp(db, dir)
}

// OpenInMemory opens an empty store that lives only in memory, for tests and previews.
func OpenInMemory() (*BadgerStore, error) {
	db, err := badger.Open(desktopOptions(badger.DefaultOptions("").WithInMemory(true)))
	if err != nil {
		return nil, fmt.Errorf("open in-memory store: %w", err)
	}
	return stamp(db, "")
}

// Dir returns the directory the store lives in, or "" for an in-memory store.
func (s *BadgerStore) Dir() string { return s.dir }

// Close flushes and releases the store and its directory lock.
func (s *BadgerStore) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close store %q: %w", s.dir, err)
	}
	return nil
}

// stamp writes SchemaVersion into a new store, or checks it in an existing one.
func stamp(db *badger.DB, dir string) (*BadgerStore, error) {
	err := db.Update(func(txn *badger.Txn) error {
		item, err := txn.Get(keySchema)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return txn.Set(keySchema, []byte(SchemaVersion))
		}
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error {
			if string(v) != SchemaVersion {
				return fmt.Errorf("%w: schema %q, this version reads %q", ErrIncompatibleStore, v, SchemaVersion)
			}
			return nil
		})
	})
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("open store %q: %w", dir, err)
	}
	return &BadgerStore{db: db, dir: dir}, nil
}

// desktopOptions shrinks Badger's server-sized defaults (~500 MB RSS, 1 GB value-log files) to
// what a workstation application should use, and syncs every write: decisions and filings
// must survive a power cut.
func desktopOptions(o badger.Options) badger.Options {
	return o.
		WithMemTableSize(8 << 20).
		WithNumMemtables(2).
		WithNumLevelZeroTables(2).
		WithNumLevelZeroTablesStall(8).
		WithBlockCacheSize(16 << 20).
		WithIndexCacheSize(8 << 20).
		WithValueLogFileSize(64 << 20).
		WithNumCompactors(2).
		WithSyncWrites(true).
		WithLogger(quietLogger{})
}

// isLockError reports whether err is Badger's failure to lock its directory. Badger formats the
// cause into the message instead of wrapping it, so its wording is the only signal there is.
func isLockError(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "Another process is using this Badger database")
}

// quietLogger passes Badger's warnings and errors to the standard logger and drops its
// informational chatter, which would otherwise fill a desktop user's terminal.
type quietLogger struct{}

func (quietLogger) Errorf(f string, a ...any)   { log.Printf("badger: error: "+f, a...) }
func (quietLogger) Warningf(f string, a ...any) { log.Printf("badger: warning: "+f, a...) }
func (quietLogger) Infof(string, ...any)        {}
func (quietLogger) Debugf(string, ...any)       {}
