package archive

import (
	"testing"

	"github.com/dgraph-io/badger/v4"
)

// openSuiteBadger opens the Badger engine in a new directory, closed when t ends. Writes are
// not synced, as the test PostgreSQL runs with fsync off.
func openSuiteBadger(t testing.TB) engine {
	t.Helper()
	dir := t.TempDir()
	db, err := badger.Open(desktopOptions(badger.DefaultOptions(dir)).WithSyncWrites(false))
	if err != nil {
		t.Fatalf("open badger: %v", err)
	}
	e := &badgerEngine{db: db, dir: dir}
	t.Cleanup(func() { _ = e.close() })
	return e
}
