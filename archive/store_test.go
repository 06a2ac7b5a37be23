package archive

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"
)

func mustOpen(tb testing.TB, dir string) *BadgerStore {
	tb.Helper()
	s, err := Open(dir)
	if err != nil {
		tb.Fatalf("Open(%q): %v", dir, err)
	}
	return s
}

func TestOpenCreatesAndReopens(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "store")
	s := mustOpen(t, dir)
	if s.Dir() != dir {
		t.Errorf("Dir() = %q, want %q", s.Dir(), dir)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	s = mustOpen(t, dir)
	if err := s.Close(); err != nil {
		t.Fatalf("Close after reopen: %v", err)
	}
}

func TestOpenTwiceIsInUse(t *testing.T) {
	dir := t.TempDir()
	s := mustOpen(t, dir)
	defer s.Close()

	_, err := Open(dir)
	if !errors.Is(err, ErrStoreInUse) {
		t.Fatalf("second Open: got %v, want ErrStoreInUse", err)
	}
	if got := err.Error(); !strings.Contains(got, dir) {
		t.Errorf("error %q does not name the directory %q", got, dir)
	}
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

func TestOpenInMemory(t *testing.T) {
	s, err := OpenInMemory()
	if err != nil {
		t.Fatal(err)
	}
	if s.Dir() != "" {
		t.Errorf("Dir() = %q, want empty", s.Dir())
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}
