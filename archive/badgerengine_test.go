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

func TestPrefixEnd(t *testing.T) {
	tests := []struct {
		prefix, want string
		none         bool
	}{
		{"", "", true},
		{"a", "b", false},
		{"item/", "item0", false},
		{"a\xfe", "a\xff", false},
		{"a\xff", "b", false},
		{"a\xff\xff", "b", false},
		{"\xff", "", true},
		{"\xff\xff\xff", "", true},
		{"\x00", "\x01", false},
	}
	for _, tt := range tests {
		got := prefixEnd([]byte(tt.prefix))
		if (got == nil) != tt.none || string(got) != tt.want {
			t.Errorf("prefixEnd(%q): got %q (nil %v), want %q (nil %v)", tt.prefix, got, got == nil, tt.want, tt.none)
		}
	}
}
