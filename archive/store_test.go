package archive

import (
	"errors"
	"testing"

	"github.com/dgraph-io/badger/v4"
)

func mustOpen(tb testing.TB, dir string) *Office {
	tb.Helper()
	s, err := Open(dir)
	if err != nil {
		tb.Fatalf("Open(%q): %v", dir, err)
	}
	return s
}

func TestOpenRefusesOtherSchema(t *testing.T) {
	dir := t.TempDir()
	db, err := badger.Open(desktopOptions(badger.DefaultOptions(dir)))
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(txn *badger.Txn) error { return txn.Set(keySchema(), []byte("99")) })
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	_, err = Open(dir)
	if !errors.Is(err, ErrIncompatibleStore) {
		t.Fatalf("Open: got %v, want ErrIncompatibleStore", err)
	}
	// The refusal must release the lock, so the user can open the directory with the right version.
	if _, err := Open(dir); errors.Is(err, ErrStoreInUse) {
		t.Errorf("refused store still locked: %v", err)
	}
}
