package archive

import (
	"context"
	"sort"
	"testing"
	"time"

	"shendang.gov.cn/shendang/internal/pgtest"
)

// TestChangesHeard: a desk on the server hears of another desk's commits within moments, of
// each of them (a notice per commit that wrote, not per read), and a workstation's own store
// offers no channel. The latencies are logged; the bound is the 2 s for a window.
func TestChangesHeard(t *testing.T) {
	serverOnly(t)
	url := pgtest.URL(t)
	here := mustOpenServer(t, url)
	there := setUpOffice(t, mustOpenServer(t, url))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	changes := here.Changes(ctx)
	if changes == nil {
		t.Fatal("Changes on the server: got nil, want a channel")
	}
	heard := func(what string) time.Duration {
		t.Helper()
		start := time.Now()
		select {
		case <-changes:
			return time.Since(start)
		case <-time.After(2 * time.Second):
			t.Fatalf("%s: nothing heard within 2 s", what)
			return 0
		}
	}
	heard("listening started")
	quiet := func(what string) {
		t.Helper()
		select {
		case <-changes:
			t.Errorf("%s: heard a change, want none", what)
		case <-time.After(200 * time.Millisecond):
		}
	}
	quiet("nothing done")
	var took []time.Duration
	for i := range 5 {
		item := there.propose(t, Draft{Title: "关于调整办事指南的通知", Author: "厦门市司法局", Division: "BGS", DocDate: "2016-06-29", Disclosure: Proactive})
		took = append(took, heard("a proposal"))
		if _, _, err := there.Items(Filter{}, 0, 10); err != nil {
			t.Fatal(err)
		}
		must(t, there.Decide("head", item.ID, Review{Opinion: "请补充依据"}))
		took = append(took, heard("a return"))
		if i == 0 {
			quiet("a list read")
		}
	}
	sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
	t.Logf("heard %d commits: median %v, slowest %v", len(took), took[len(took)/2], took[len(took)-1])
	cancel()

	local, err := OpenInMemory()
	must(t, err)
	defer local.Close()
	if ch := local.Changes(context.Background()); ch != nil {
		t.Error("Changes on a workstation's own store: got a channel, want nil")
	}
}

// TestChangesAfterLostConnection: when the watcher's connection is cut (the server restarted,
// the network dropped it: here the server ends the backend), the desk hears that at once, so it
// looks at the server; the watcher connects again and the next commit is heard.
func TestChangesAfterLostConnection(t *testing.T) {
	serverOnly(t)
	url := pgtest.URL(t)
	here := mustOpenServer(t, url)
	there := setUpOffice(t, mustOpenServer(t, url))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	changes := here.Changes(ctx)
	wait := func(what string) {
		t.Helper()
		select {
		case <-changes:
		case <-time.After(3 * time.Second):
			t.Fatalf("%s: nothing heard within 3 s", what)
		}
	}
	wait("listening started")
	pool := there.e.(*pgEngine).pool
	var cut int
	must(t, pool.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%pg_advisory_lock_shared%'`).Scan(&cut))
	if cut != 1 {
		t.Fatalf("ended %d listening backends, want 1", cut)
	}
	wait("the connection cut")
	wait("listening again")
	there.propose(t, Draft{Title: "关于调整办事指南的通知", Author: "厦门市司法局", Division: "BGS", DocDate: "2016-06-29", Disclosure: Proactive})
	wait("a proposal after the cut")
}

// mustOpenServer opens the store on url, closed when t ends.
func mustOpenServer(t testing.TB, url string) *Office {
	t.Helper()
	s, err := OpenServer(context.Background(), url)
	must(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}
