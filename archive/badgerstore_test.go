package archive

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

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
	// The error names the directory as the user typed it: a Windows path's backslashes are not
	// doubled, nor are Chinese letters escaped (on Linux, both are just letters of a name).
	tests := []struct {
		name, dir string
	}{
		{"plain", "store"},
		{"backslashes", `C:\shendang-data\store`},
		{"chinese and a space", "审档 数据"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), tt.dir)
			s := mustOpen(t, dir)
			defer s.Close()

			_, err := Open(dir)
			if !errors.Is(err, ErrStoreInUse) {
				t.Fatalf("second Open: got %v, want ErrStoreInUse", err)
			}
			if got, want := err.Error(), `open store "`+dir+`"`; !strings.Contains(got, want) {
				t.Errorf("got error %s, want it to contain %s", got, want)
			}
		})
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

// TestProposeLargeFiles: with the desktop's small memtable, a proposal's file is stored and
// read back whole at every size around the value threshold and up to 20 MB, in a store on disk
// and after reopening it (a file larger than a memtable's batch must go to the value log).
func TestProposeLargeFiles(t *testing.T) {
	dir := t.TempDir()
	o := setUpOffice(t, mustOpen(t, dir))
	sizes := []int{1, 64<<10 - 1, 64 << 10, 300 << 10, 1 << 20, 20 << 20}
	shas := make([]string, len(sizes))
	for i, size := range sizes {
		data := []byte(strings.Repeat("政务公开", size/12+1))[:size]
		it, err := o.Propose("drafter", seedDraft, SourceFile{Name: "方案.txt", Data: data}, "")
		if err != nil {
			t.Fatalf("%d bytes: got %v, want the proposal stored", size, err)
		}
		shas[i] = it.Revisions[0].SHA256
	}
	must(t, o.Close())
	s := mustOpen(t, dir)
	defer s.Close()
	for i, size := range sizes {
		got, err := s.Blob(shas[i])
		if err != nil || len(got) != size {
			t.Errorf("%d bytes: got %d bytes back, %v", size, len(got), err)
		}
	}
}

// TestProposeLargeFilesInMemory: the in-memory store, which has no value log, stores the same
// sizes of file as the store on disk.
func TestProposeLargeFilesInMemory(t *testing.T) {
	s, err := OpenInMemory()
	if err != nil {
		t.Fatal(err)
	}
	o := setUpOffice(t, s)
	defer o.Close()
	for _, size := range []int{64 << 10, 300 << 10, 1<<20 - 1} { // in memory, with no value log, a value stays under Badger's 1 MB threshold
		data := []byte(strings.Repeat("政务公开", size/12+1))[:size]
		it, err := o.Propose("drafter", seedDraft, SourceFile{Name: "方案.txt", Data: data}, "")
		if err != nil {
			t.Fatalf("%d bytes: got %v, want the proposal stored", size, err)
		}
		if got, err := o.Blob(it.Revisions[0].SHA256); err != nil || len(got) != size {
			t.Errorf("%d bytes: got %d bytes back, %v", size, len(got), err)
		}
	}
}

// TestBlockCacheHoldsLittle: building the archive index reads every table of the store once,
// and the blocks Badger keeps for later are Go heap that stays resident with 归档 open (4 MiB of
// them with the block cache at 4 MiB, make memory). The window reads a table block again only for
// one item's detail, so the cache holds at most 1 MiB.
func TestBlockCacheHoldsLittle(t *testing.T) {
	if testing.Short() {
		t.Skip("fills a store of 60,000 items")
	}
	dir := t.TempDir()
	fillArchive(t, dir, 60000, 0)
	s, err := Open(dir)
	must(t, err)
	defer s.Close()
	if _, total, err := s.Items(Filter{}, 0, 50); err != nil || total != 60000 {
		t.Fatalf("Items: %d items, %v; want 60000", total, err)
	}
	m := s.e.(*badgerEngine).db.BlockCacheMetrics()
	if m == nil {
		t.Fatal("no block cache metrics")
	}
	if read := m.CostAdded(); read < 2<<20 {
		t.Fatalf("the index read %d bytes of blocks, want at least 2 MiB for the test to mean anything", read)
	}
	if got := m.CostAdded() - m.CostEvicted(); got > 1<<20 {
		t.Errorf("block cache holds %d bytes after the index was built, want at most 1 MiB", got)
	}
}
