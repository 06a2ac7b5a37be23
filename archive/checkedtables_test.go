package archive

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4/table"
)

// TestOpenTrustsOnlyTheSameFile: Open reads again a table that changed since the record of
// checked tables was written, one whose entry is too old, and every table when the record is
// damaged, and reports the damage as it always did. Only an entry that matches the file as it
// is now spares the read, and Verify still reads that table whole and reports it.
func TestOpenTrustsOnlyTheSameFile(t *testing.T) {
	tests := []struct {
		name       string
		record     func(t *testing.T, dir, damaged string) // what happens to the record after the flip
		wantOpenOK bool
	}{
		{"the table changed since its check", func(*testing.T, string, string) {}, false},
		{"the record vouches for the file as it is now", func(t *testing.T, dir, damaged string) {
			vouchFor(t, dir, damaged, time.Now())
		}, true},
		{"the entry is older than a week", func(t *testing.T, dir, damaged string) {
			vouchFor(t, dir, damaged, time.Now().Add(-checkedFor-time.Hour))
		}, false},
		{"the record is damaged", func(t *testing.T, dir, damaged string) {
			vouchFor(t, dir, damaged, time.Now())
			must(t, flipByte(filepath.Join(dir, checkedName), 40, 0x01))
		}, false},
		{"the record is gone", func(t *testing.T, dir, damaged string) {
			vouchFor(t, dir, damaged, time.Now())
			must(t, os.Remove(filepath.Join(dir, checkedName)))
		}, false},
	}
	dirs := make([]string, len(tests))
	for i := range tests {
		dirs[i] = t.TempDir()
		demoStore(t, dirs[i])
	}
	time.Sleep(settleTime + 100*time.Millisecond) // the tables settle, so the first open records them
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := dirs[i]
			s, err := Open(dir)
			must(t, err)
			must(t, s.Close())
			if got, want := len(readChecked(dir)), tableCount(t, dir); got != want {
				t.Fatalf("got %d tables in the record after a good open, want %d", got, want)
			}
			damaged := flipInTable(t, dir)
			tt.record(t, dir, damaged)

			s, err = Open(dir)
			var de *DamageError
			switch {
			case !tt.wantOpenOK && (!errors.As(err, &de) || de.Problem.Key != damaged):
				t.Fatalf("open: got %v, want a damage error naming %s", err, damaged)
			case !tt.wantOpenOK:
				return
			case err != nil:
				t.Fatalf("open: got %v, want the table trusted", err)
			}
			defer s.Close()
			rep, err := s.Verify(t.Context(), nil)
			must(t, err)
			if len(rep.Problems) == 0 || rep.Problems[0].Key != damaged {
				t.Errorf("verify: got %+v, want first a problem naming %s", rep.Problems, damaged)
			}
		})
	}
}

// vouchFor writes an entry for the table named name, as it is now, checked at.
func vouchFor(t *testing.T, dir, name string, at time.Time) {
	t.Helper()
	id, ok := table.ParseFileID(name)
	fi, err := os.Stat(filepath.Join(dir, name))
	if !ok || err != nil {
		t.Fatalf("table %s: %v", name, err)
	}
	c := readChecked(dir)
	c[id] = checkedTable{Stamp: stampOf(fi), Checked: at.Unix()}
	writeChecked(dir, c)
}

// tableCount is the number of table files in dir.
func tableCount(t *testing.T, dir string) int {
	t.Helper()
	tables, err := filepath.Glob(filepath.Join(dir, "*.sst"))
	must(t, err)
	return len(tables)
}

// TestTablesToCheck: which tables Open reads, and which it records, by their files' times.
func TestTablesToCheck(t *testing.T) {
	dir := t.TempDir()
	demoStore(t, dir)
	mf, _, err := readBadgerManifest(dir)
	must(t, err)
	var id uint64
	for id = range mf.Tables {
	}
	fi, err := os.Stat(table.NewFilename(id, dir))
	must(t, err)
	stamp := stampOf(fi)
	settled := time.Unix(0, max(stamp.ModTime, stamp.ChangeTime)).Add(settleTime + time.Second)
	tests := []struct {
		name       string
		known      checkedTables
		now        time.Time
		wantCheck  bool
		wantRecord bool
	}{
		{"new and settled", checkedTables{}, settled, true, true},
		{"new and fresh", checkedTables{}, time.Unix(0, stamp.ModTime), true, false},
		{"known", checkedTables{id: {stamp, settled.Unix()}}, settled, false, true},
		{"known, another size", checkedTables{id: {tableStamp{stamp.Size + 1, stamp.ModTime, stamp.ChangeTime}, settled.Unix()}}, settled, true, true},
		{"known, another time", checkedTables{id: {tableStamp{stamp.Size, stamp.ModTime - 1, stamp.ChangeTime}, settled.Unix()}}, settled, true, true},
		{"known, checked long ago", checkedTables{id: {stamp, settled.Add(-checkedFor).Unix()}}, settled, true, true},
		{"known, checked in the future", checkedTables{id: {stamp, settled.Add(time.Hour).Unix()}}, settled, true, true},
	}
	for _, tt := range tests {
		todo, record := tablesToCheck(dir, mf, tt.known, tt.now)
		if got := len(todo) == len(mf.Tables); got != tt.wantCheck {
			t.Errorf("%s: got check %v (%v), want %v", tt.name, got, todo, tt.wantCheck)
		}
		if _, got := record[id]; got != tt.wantRecord {
			t.Errorf("%s: got recorded %v, want %v", tt.name, got, tt.wantRecord)
		}
	}
}

// TestParseChecked: a record reads back as written; anything else is refused.
func TestParseChecked(t *testing.T) {
	good := checkedTables{7: {tableStamp{4 << 20, 1764650000123456789, 1764650000223456789}, 1764650100}, 12: {tableStamp{512, 1, 0}, 2}}
	data := good.format()
	tests := []struct {
		name string
		data string
		ok   bool
	}{
		{"as written", string(data), true},
		{"empty record", string(checkedTables{}.format()), true},
		{"a digit changed", strings.Replace(string(data), "512", "612", 1), false},
		{"no checksum", strings.SplitAfter(string(data), "\n")[0], false},
		{"cut", string(data[:len(data)-3]), false},
		{"nothing", "", false},
		{"another header", strings.Replace(string(data), "tables 1", "tables 2", 1), false},
	}
	for _, tt := range tests {
		got, err := parseChecked([]byte(tt.data))
		if (err == nil) != tt.ok {
			t.Errorf("%s: got %v, want ok %v", tt.name, err, tt.ok)
		}
		if err != nil && !errors.Is(err, errCheckedRecord) {
			t.Errorf("%s: got %v, want errCheckedRecord", tt.name, err)
		}
		if tt.name == "as written" && len(got) != len(good) {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, good)
		}
	}
}

// FuzzParseChecked: any bytes are a record or an error, never a panic, and a record that reads
// writes the same bytes.
func FuzzParseChecked(f *testing.F) {
	f.Add(checkedTables{7: {tableStamp{4 << 20, 1764650000123456789, 1764650000223456789}, 1764650100}}.format())
	f.Add(checkedTables{}.format())
	f.Add([]byte("shendang checked tables 1\n1 2 3 4 5\ncrc32c 00000000\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := parseChecked(data)
		if err == nil && string(c.format()) != string(data) {
			t.Errorf("got %+v, which writes other bytes", c)
		}
	})
}
