package archive

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestOpenRefusesARolledBackStore: a store whose files went back to an earlier state (here:
// an older copy; in life, a damaged write-ahead log or manifest that drops the newest writes)
// is consistent in itself, and only the anchor tells that entries are gone.
func TestOpenRefusesARolledBackStore(t *testing.T) {
	dir := t.TempDir()
	demoStore(t, dir)
	older := filepath.Join(t.TempDir(), "older")
	must(t, copyStoreFiles(dir, older))
	s, err := Open(dir)
	must(t, err)
	o := &office{Office: s}
	it := o.propose(t, seedDraft)
	must(t, o.Decide("head", it.ID, Review{Approve: true}))
	last, err := s.LastAudit()
	must(t, err)
	must(t, s.Close())

	// The older files, with the newer anchor.
	must(t, os.Rename(filepath.Join(dir, anchorName), filepath.Join(older, anchorName)))
	_, err = Open(older)
	var de *DamageError
	if !errors.As(err, &de) || de.Problem.Kind != KindStoreRolledBack {
		t.Fatalf("got %v, want a %s damage error", err, KindStoreRolledBack)
	}
	t.Log(de.Problem.Message)
	if want := last.Seq - 1; !containsAll(de.Problem.Message, "最近的 2 项操作", "第 "+itoa(want)+"–"+itoa(last.Seq)+" 条") {
		t.Errorf("message %q does not say entries %d–%d are gone", de.Problem.Message, want, last.Seq)
	}

	// Without the anchor (the administrator accepts the loss) it opens, and verifies clean.
	must(t, os.Remove(filepath.Join(older, anchorName)))
	s, err = Open(older)
	must(t, err)
	defer s.Close()
	if p := problems(t, s); p != "" {
		t.Errorf("the older store has problems:\n%s", p)
	}
}

// TestDamagedAnchorIsIgnored: a byte flipped in the anchor itself is told from a rolled-back
// store by the anchor's own check; the store opens and the anchor is written anew.
func TestDamagedAnchorIsIgnored(t *testing.T) {
	dir := t.TempDir()
	demoStore(t, dir)
	path := filepath.Join(dir, anchorName)
	data, err := os.ReadFile(path)
	must(t, err)
	for i := range data {
		flipped := append([]byte(nil), data...)
		flipped[i] ^= 0x04
		must(t, os.WriteFile(path, flipped, 0o600))
		s, err := Open(dir)
		if err != nil {
			t.Fatalf("byte %d of the anchor flipped: %v", i, err)
		}
		must(t, s.Close())
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
