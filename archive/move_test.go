package archive

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"shendang.gov.cn/shendang/internal/pgtest"
)

// TestMoveBothWays moves a demo office from a data directory to a server database and from
// there back to another directory: each copy verifies clean and holds the same items, records
// and audit log as the original, with one entry more saying where it came from.
func TestMoveBothWays(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "store")
	s, err := Open(dir)
	must(t, err)
	demoRecords(t, s)
	want := snapshotOffice(t, s)
	if len(want.items) == 0 || len(want.records) == 0 {
		t.Fatalf("the demo office has %d items and %d records", len(want.items), len(want.records))
	}
	must(t, s.Close())

	url := pgtest.URL(t)
	back := filepath.Join(t.TempDir(), "back")
	for _, step := range []struct{ from, to string }{{dir, url}, {url, back}} {
		rep, err := Move(ctx, step.from, step.to, "")
		if err != nil {
			t.Fatalf("Move(%s → %s): %v", step.from, step.to, err)
		}
		if !rep.OK() {
			t.Fatalf("Move(%s → %s): the copy has problems: %+v", step.from, step.to, rep.Problems)
		}
	}
	for _, loc := range []string{url, back} {
		s, err := OpenLocation(ctx, loc, "")
		must(t, err)
		got := snapshotOffice(t, s)
		if !slices.Equal(got.items, want.items) || !slices.Equal(got.records, want.records) {
			t.Errorf("%s: got items %v records %v, want %v %v", s.Describe(), got.items, got.records, want.items, want.records)
		}
		if !slices.Equal(got.audit[:len(want.audit)], want.audit) {
			t.Errorf("%s: the audit log changed in the move", s.Describe())
		}
		last, err := s.LastAudit()
		must(t, err)
		if last.Action != ActionMove {
			t.Errorf("%s: last audit entry %q, want %q", s.Describe(), last.Action, ActionMove)
		}
		must(t, s.Close())
	}
}

// TestMoveRefuses: a target with data is left as it was; a source that does not verify clean is
// not copied at all.
func TestMoveRefuses(t *testing.T) {
	ctx := context.Background()
	dir, url := movedToServer(t)
	before := func() snapshot {
		s, err := OpenServer(ctx, url)
		must(t, err)
		defer s.Close()
		return snapshotOffice(t, s)
	}()
	_, err := Move(ctx, dir, url, "")
	if msg, ok := Message(err); !errors.Is(err, ErrNotEmpty) || !ok || msg == "" {
		t.Errorf("move into a server with data: got %v, want ErrNotEmpty with a Chinese sentence", err)
	}
	s, err := OpenServer(ctx, url)
	must(t, err)
	if after := snapshotOffice(t, s); !slices.Equal(after.audit, before.audit) {
		t.Errorf("the refused move changed the target's audit log")
	}
	// Alter a record behind 审档's back: the source no longer verifies, and is not moved.
	raw(t, s, func(txn kvWriter) error { return txn.put(keySettings(), []byte(`{"fonds_name":"改过"}`)) })
	must(t, s.Close())
	_, err = Move(ctx, url, filepath.Join(t.TempDir(), "copy"), "")
	if !errors.Is(err, ErrDamaged) {
		t.Errorf("move of an altered store: got %v, want ErrDamaged", err)
	}
}

// movedToServer is an embedded store with demo records, moved to a fresh server database.
func movedToServer(t *testing.T) (dir, url string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "store")
	s, err := Open(dir)
	must(t, err)
	demoRecords(t, s)
	must(t, s.Close())
	url = pgtest.URL(t)
	if _, err := Move(context.Background(), dir, url, ""); err != nil {
		t.Fatal(err)
	}
	return dir, url
}

// snapshot is what a move must carry over: every item with its state, every record, the log.
type snapshot struct{ items, records, audit []string }

func snapshotOffice(t testing.TB, s *Office) snapshot {
	t.Helper()
	var sn snapshot
	items, _, err := s.Items(Filter{}, 0, 1000)
	must(t, err)
	for _, it := range items {
		code := ""
		if it.Filing != nil {
			code = it.Filing.Code
		}
		sn.items = append(sn.items, it.ID+" "+fmt.Sprint(it.State)+" "+code)
		recs, err := s.Records(it.ID)
		must(t, err)
		for _, r := range recs {
			sn.records = append(sn.records, it.ID+" "+fmt.Sprint(r.Step)+" "+r.Actor+" "+fmt.Sprint(r.Decision))
		}
	}
	entries, err := s.Audit(0, 100000)
	must(t, err)
	for _, e := range entries {
		sn.audit = append(sn.audit, e.Hash)
	}
	return sn
}

// TestMoveRefusesWhileInUse: a server database another desk is connected to is neither moved
// from (what that desk writes meanwhile would stay behind) nor moved or restored into; the
// sentence names the desk. Once it has closed, the move goes ahead.
func TestMoveRefusesWhileInUse(t *testing.T) {
	serverOnly(t)
	ctx := context.Background()
	dir, url := movedToServer(t)
	// Another desk: another process, named as 审档 names its connections.
	asDesk := func(url string) string {
		return url + "&application_name=" + strings.ReplaceAll(pgAppPrefix+"4711 desk-3", " ", "%20")
	}
	desk, err := OpenServer(ctx, asDesk(url))
	must(t, err)
	watch, stop := context.WithCancel(ctx)
	<-desk.Changes(watch) // a window at work: listening, and holding the desks' lock
	if _, err := Move(ctx, url, filepath.Join(t.TempDir(), "nothing"), ""); err == nil {
		t.Fatal("move from a database a window is at work on: got nil, want ErrInUse")
	}
	_, err = Move(ctx, url, filepath.Join(t.TempDir(), "copy"), "")
	if msg, _ := Message(err); !errors.Is(err, ErrInUse) || !strings.Contains(msg, "源数据") || !strings.Contains(msg, "desk-3（127.0.0.1）") {
		t.Errorf("move from a database in use: got %v (%s), want ErrInUse naming the source and desk-3（127.0.0.1）", err, msg)
	}
	empty := pgtest.URL(t)
	other, err := openPostgres(ctx, asDesk(empty)) // a desk showing the first-start form
	must(t, err)
	otherWatch := make(chan struct{}, 1)
	go other.watch(watch, func() {
		select {
		case otherWatch <- struct{}{}:
		default:
		}
	})
	<-otherWatch
	_, err = Move(ctx, dir, empty, "")
	if msg, _ := Message(err); !errors.Is(err, ErrInUse) || !strings.Contains(msg, "目标") {
		t.Errorf("move into a database in use: got %v, want ErrInUse naming the target", err)
	}
	stop() // both windows close: their listening connections end a moment later
	must(t, other.close())
	must(t, desk.Close())
	waitAlone(t, url)
	if _, err := Move(ctx, url, filepath.Join(t.TempDir(), "copy"), ""); err != nil {
		t.Errorf("move once the desk closed: %v", err)
	}
}

// TestFailedLoadIsCleared: a load into an empty store that fails midway (here after two
// batches) leaves the store empty again, on either engine, and the next load goes ahead.
func TestFailedLoadIsCleared(t *testing.T) {
	for name, open := range map[string]func(testing.TB) engine{"badger": openSuiteBadger, "postgres": openSuitePostgres} {
		t.Run(name, func(t *testing.T) { failLoad(t, open(t)) })
	}
}

func failLoad(t *testing.T, e engine) {
	ctx := context.Background()
	broke := errors.New("the network went away")
	err := loadInto(ctx, e, func() error {
		l := &loader{ctx: ctx, to: e}
		for i := range 3 * loadBatchKeys {
			if i == 2*loadBatchKeys+5 {
				return broke
			}
			if err := l.add([]byte(fmt.Sprintf("k/%06d", i)), []byte("v")); err != nil {
				return err
			}
		}
		return l.flush()
	})
	if !errors.Is(err, broke) {
		t.Fatalf("failed load: got %v, want its error", err)
	}
	if err := requireEmpty(ctx, e); err != nil {
		t.Fatalf("after the failed load: %v, want the store empty again", err)
	}
	err = loadInto(ctx, e, func() error {
		l := &loader{ctx: ctx, to: e}
		must(t, l.add([]byte("k/1"), []byte("v")))
		return l.flush()
	})
	if err != nil {
		t.Errorf("the load after: %v", err)
	}
}

// TestEmptyDir: what a failed restore left in a directory is removed, the directory stays.
func TestEmptyDir(t *testing.T) {
	dir := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(dir, "sub", "deeper"), 0o700))
	must(t, os.WriteFile(filepath.Join(dir, "000001.vlog"), []byte("x"), 0o600))
	must(t, os.WriteFile(filepath.Join(dir, "sub", "deeper", "f"), []byte("x"), 0o600))
	emptyDir(dir)
	if entries, err := os.ReadDir(dir); err != nil || len(entries) != 0 {
		t.Errorf("after emptyDir: %d entries, %v; want the directory there and empty", len(entries), err)
	}
	emptyDir(filepath.Join(dir, "absent")) // nothing to do, no panic
}

// waitAlone waits until no desk holds the lock of the database at url, at most 5 s.
func waitAlone(t *testing.T, url string) {
	t.Helper()
	e, err := openPostgres(context.Background(), url)
	must(t, err)
	defer e.close()
	for start := time.Now(); ; time.Sleep(20 * time.Millisecond) {
		desks, err := e.others(context.Background())
		must(t, err)
		if len(desks) == 0 {
			return
		}
		if time.Since(start) > 5*time.Second {
			t.Fatalf("after 5 s still in use by %v", desks)
		}
	}
}
