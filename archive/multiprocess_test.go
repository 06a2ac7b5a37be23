package archive

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"shendang.gov.cn/shendang/internal/pgtest"
)

// The office server under real concurrency: several OS processes (the test binary run again as
// workers, TestServerWorker) share one PostgreSQL database, as the office's workstations do.

// Variables that make the test binary a worker: what it does, on which database, on which items.
const (
	workerEnv     = "SHENDANG_WORKER" // file, decide or watch
	workerURLEnv  = "SHENDANG_WORKER_URL"
	workerIDsEnv  = "SHENDANG_WORKER_IDS"  // file: first:count of the synthetic items, or waiting
	workerWhoEnv  = "SHENDANG_WORKER_USER" // decide: who decides
	workerGroup   = 2021                   // file: every worker files into 2021, 永久, BGS
	workerTimeout = 5 * time.Minute
)

// TestServerWorker is a worker process of the multi-process tests; run by itself it skips.
//
//	file:   files the synthetic items first…first+count-1 ($SHENDANG_WORKER_IDS first:count),
//	        or those waiting for 建档 (waiting), into one filing group and prints "FILED <档号>"
//	        for each the store acknowledged (an item filed meanwhile is skipped)
//	decide: prints READY, then for each line "GO <id>" on stdin passes 初审 on that item as
//	        $SHENDANG_WORKER_USER and prints "OK", or "STATE <sentence>" for a conflict
//	watch:  prints READY, then polls Changed (BenchmarkServerNotify)
func TestServerWorker(t *testing.T) {
	mode := os.Getenv(workerEnv)
	if mode == "" {
		t.Skip("a worker of the multi-process tests: runs only when they start it")
	}
	s, err := OpenServer(context.Background(), os.Getenv(workerURLEnv))
	must(t, err)
	defer s.Close()
	switch mode {
	case "file":
		workerFile(t, s)
	case "decide":
		workerDecide(t, s)
	case "watch":
		must(t, workerWatch(s))
	default:
		t.Fatalf("%s=%q", workerEnv, mode)
	}
}

func workerFile(t *testing.T, s *Office) {
	var ids []string
	if spec := os.Getenv(workerIDsEnv); spec == "waiting" {
		waiting, _, err := s.Items(Filter{State: StateFile}, 0, 1<<30)
		must(t, err)
		for _, it := range waiting {
			ids = append(ids, it.ID)
		}
	} else {
		var first, count int
		if _, err := fmt.Sscanf(spec, "%d:%d", &first, &count); err != nil {
			t.Fatalf("%s: %v", workerIDsEnv, err)
		}
		for i := first; i < first+count; i++ {
			ids = append(ids, fmt.Sprintf("%016x", i))
		}
	}
	fmt.Println("READY")
	for _, id := range ids {
		f, err := s.FileItem("archivist", id, FilingRequest{Year: workerGroup, Retention: Permanent, Division: "BGS", Pages: 1})
		switch {
		case errors.Is(err, ErrState): // filed by an earlier round
		case err != nil:
			t.Fatalf("file item %s: %v", id, err)
		default:
			fmt.Println("FILED " + f.Code) // acknowledged: the transaction committed
		}
	}
}

func workerDecide(t *testing.T, s *Office) {
	who := os.Getenv(workerWhoEnv)
	fmt.Println("READY")
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		id, ok := strings.CutPrefix(in.Text(), "GO ")
		if !ok {
			continue
		}
		err := s.Decide(who, id, Review{Approve: true, Step: StepPreliminary, Revision: 1})
		msg, _ := Message(err)
		switch {
		case err == nil:
			fmt.Println("OK")
		case errors.Is(err, ErrState):
			fmt.Println("STATE " + msg)
		default:
			fmt.Println("ERR " + err.Error())
		}
	}
}

// worker is a running worker process and the lines it prints.
type worker struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	lines chan string
}

// startWorker runs the test binary as a worker of mode on the database url, with env added.
func startWorker(t testing.TB, mode, url string, env ...string) *worker {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestServerWorker$", "-test.timeout="+workerTimeout.String())
	cmd.Env = append(append(os.Environ(), workerEnv+"="+mode, workerURLEnv+"="+url), env...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	must(t, err)
	w := &worker{cmd: cmd, lines: make(chan string, 1024)}
	w.stdin, err = cmd.StdinPipe()
	must(t, err)
	must(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			w.lines <- sc.Text()
		}
		close(w.lines)
	}()
	return w
}

// next returns the worker's next line, failing t when it ends or takes too long.
func (w *worker) next(t testing.TB) string {
	t.Helper()
	select {
	case line, ok := <-w.lines:
		if !ok {
			t.Fatal("the worker ended early")
		}
		return line
	case <-time.After(workerTimeout):
		t.Fatal("the worker said nothing for too long")
	}
	return ""
}

// filed collects the 档号 among lines until they end.
func filed(lines <-chan string, into map[string]bool) {
	for line := range lines {
		if code, ok := strings.CutPrefix(line, "FILED "); ok {
			into[code] = true
		}
	}
}

// serverOnly runs a test that opens the test server itself, whatever engine the procedure's
// tests run on, once: in the default run, not again when make test runs the package on
// PostgreSQL.
func serverOnly(t *testing.T) {
	t.Helper()
	if os.Getenv(testEngineEnv) == "postgres" {
		t.Skip("runs on the PostgreSQL server in the default run of the package already")
	}
}

// serverWithWaiting is a fresh database on the test server holding n synthetic items waiting for
// 建档 (ids 0…n-1) and the archivist who files them.
func serverWithWaiting(t *testing.T, n int) (*Office, string) {
	t.Helper()
	url := pgtest.URL(t)
	s, err := OpenServer(context.Background(), url)
	must(t, err)
	t.Cleanup(func() { s.Close() })
	must(t, s.fillSynthetic(0, n))
	return s, url
}

// TestConcurrentFilingProcesses: four processes file 250 items each into one filing group on one
// server: 件号 1…1000, none missing, none twice, and the store verifies clean.
func TestConcurrentFilingProcesses(t *testing.T) {
	serverOnly(t)
	const processes, each = 4, 250
	s, url := serverWithWaiting(t, processes*each)
	start := time.Now()
	var mu sync.Mutex
	acked := map[string]bool{}
	var wg sync.WaitGroup
	for p := range processes {
		w := startWorker(t, "file", url, fmt.Sprintf("%s=%d:%d", workerIDsEnv, p*each, each))
		wg.Go(func() {
			got := map[string]bool{}
			filed(w.lines, got)
			mu.Lock()
			defer mu.Unlock()
			for code := range got {
				if acked[code] {
					t.Errorf("%s acknowledged twice", code)
				}
				acked[code] = true
			}
		})
	}
	wg.Wait()
	t.Logf("%d processes filed %d items in %v", processes, len(acked), time.Since(start).Round(time.Millisecond))
	for n := 1; n <= processes*each; n++ {
		code := ArchivalCode("Z109", workerGroup, Permanent, "BGS", n)
		if !acked[code] {
			t.Errorf("件号 %d: got no filing, want one", n)
		}
	}
	if len(acked) != processes*each {
		t.Errorf("got %d filings, want %d", len(acked), processes*each)
	}
	if p := problems(t, s); p != "" {
		t.Errorf("verify after concurrent filing:\n%s", p)
	}
}

// TestConcurrentDecisionProcesses: two processes pass 初审 on one item at the same moment, ten
// items over: one succeeds, the other is told who passed it.
func TestConcurrentDecisionProcesses(t *testing.T) {
	serverOnly(t)
	url := pgtest.URL(t)
	s, err := OpenServer(context.Background(), url)
	must(t, err)
	t.Cleanup(func() { s.Close() })
	o := setUpOffice(t, s)
	must(t, o.CreateUser("admin", User{Name: "head2", FullName: "钱副处长", Roles: []Role{RoleDivisionHead}, Division: "BGS"}, "password-1"))
	workers := []*worker{
		startWorker(t, "decide", url, workerWhoEnv+"=head"),
		startWorker(t, "decide", url, workerWhoEnv+"=head2"),
	}
	for _, w := range workers {
		if line := w.next(t); line != "READY" {
			t.Fatalf("worker: got %q, want READY", line)
		}
	}
	for round := range 10 {
		it := o.propose(t, seedDraft)
		for _, w := range workers {
			_, err := fmt.Fprintln(w.stdin, "GO "+it.ID)
			must(t, err)
		}
		var won int
		for _, w := range workers {
			switch line := w.next(t); {
			case line == "OK":
				won++
			case strings.HasPrefix(line, "STATE ") && strings.Contains(line, "办理（通过），现处于保密审查环节"):
			default:
				t.Errorf("round %d: got %q, want OK or who passed 初审", round, line)
			}
		}
		recs, err := o.Records(it.ID)
		must(t, err)
		if won != 1 || len(recs) != 2 {
			t.Errorf("round %d: got %d decisions succeeding and %d records, want 1 and 2", round, won, len(recs))
		}
	}
}

// TestKilledFilingProcess kills a filing process with SIGKILL in the middle of its work, several
// rounds: after each the store verifies clean and holds every filing the process acknowledged
// (printed after its commit) under the 件号 it was given.
func TestKilledFilingProcess(t *testing.T) {
	serverOnly(t)
	const items, rounds = 2000, 4
	s, url := serverWithWaiting(t, items)
	acked := map[string]bool{}
	for round := 1; round <= rounds; round++ {
		w := startWorker(t, "file", url, workerIDsEnv+"=waiting")
		if line := w.next(t); line != "READY" {
			t.Fatalf("round %d: got %q, want READY", round, line)
		}
		got := map[string]bool{}
		done := make(chan struct{})
		go func() { filed(w.lines, got); close(done) }()
		select {
		case <-done:
			t.Fatalf("round %d: the worker filed everything before it could be killed", round)
		case <-time.After(time.Duration(100+rand.IntN(500)) * time.Millisecond):
		}
		must(t, w.cmd.Process.Signal(syscall.SIGKILL))
		<-done
		_ = w.cmd.Wait()
		for code := range got {
			acked[code] = true
		}
		if p := problems(t, s); p != "" {
			t.Fatalf("round %d: verify after SIGKILL:\n%s", round, p)
		}
		for code := range acked {
			it, err := s.ItemByCode(code)
			if err != nil || it.Filing == nil || it.Filing.Code != code {
				t.Fatalf("round %d: acknowledged filing %s: got %v, want the item filed under it", round, code, err)
			}
		}
		t.Logf("round %d: %d filings acknowledged so far", round, len(acked))
	}
	if len(acked) == 0 {
		t.Fatal("the workers never filed anything before they were killed")
	}
}
