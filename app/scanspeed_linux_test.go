package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// processRun is what one whole process cost: wall and CPU time, and the peak resident set
// (VmHWM) and the peaks of its anonymous and file-backed parts, sampled every millisecond while
// it ran (the child's rusage would not do: its ru_maxrss starts from the test binary's, which
// the child was forked from). The file-backed part is mostly the program's own pages: on this machine's
// kernel, a page of shendang's 78 MB binary touched maps a large folio around it.
type processRun struct {
	wall, cpu        time.Duration
	rss, anon, files int64 // bytes
}

// runMeasured runs cmd with its standard output to the file out, sampling /proc every
// millisecond for the resident set's parts.
func runMeasured(t *testing.T, cmd *exec.Cmd, out string) processRun {
	t.Helper()
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cmd.Stdout = f
	var run processRun
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
	for waiting := true; waiting; {
		select {
		case err = <-done:
			waiting = false
		case <-time.After(time.Millisecond):
			hwm, anon, files := residentParts(status)
			run.rss, run.anon, run.files = max(run.rss, hwm), max(run.anon, anon), max(run.files, files)
		}
	}
	run.wall = time.Since(start)
	if exit, ok := err.(*exec.ExitError); err != nil && (!ok || exit.ExitCode() > 1) {
		t.Fatalf("%s: %v", cmd.Path, err) // 1: grep matched nothing, or the scan found a block
	}
	ps := cmd.ProcessState
	run.cpu = ps.UserTime() + ps.SystemTime()
	return run
}

// residentParts reads VmHWM, RssAnon and RssFile from a /proc/PID/status, in bytes; 0 once
// the process is gone.
func residentParts(status string) (hwm, anon, files int64) {
	data, err := os.ReadFile(status)
	if err != nil {
		return 0, 0, 0
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		key, value, _ := strings.Cut(sc.Text(), ":")
		kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		switch key {
		case "VmHWM":
			hwm = kb << 10
		case "RssAnon":
			anon = kb << 10
		case "RssFile":
			files = kb << 10
		}
	}
	return hwm, anon, files
}

// writeScanBench writes the benchmark of issue 14 into dir: 10 MB of the office notice
// repeated and 10,000 terms of 2–6 hanzi, the same as review's TestWriteBenchData writes.
func writeScanBench(t *testing.T, dir string) (text, terms string) {
	t.Helper()
	seed, err := os.ReadFile("../review/testdata/notice.txt")
	if err != nil {
		t.Fatal(err)
	}
	size := 10 << 20
	body := strings.ToValidUTF8(strings.Repeat(string(seed), size/len(seed)+1)[:size], "")
	rng := rand.New(rand.NewSource(2016))
	seen := map[string]bool{}
	var list []string
	for len(list) < 10000 {
		rs := make([]rune, 2+rng.Intn(5))
		for i := range rs {
			rs[i] = rune(0x4E00 + rng.Intn(0x9FA5-0x4E00))
		}
		if s := string(rs); !seen[s] {
			seen[s] = true
			list = append(list, s)
		}
	}
	text, terms = filepath.Join(dir, "text-10m.txt"), filepath.Join(dir, "terms.txt")
	for name, data := range map[string]string{text: body, terms: strings.Join(list, "\n") + "\n"} {
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return text, terms
}

// TestScanAgainstGrep measures issue 14's target as whole processes: `shendang scan --json
// --rules terms.txt` of 10 MB of text with 10,000 terms beside `grep -F -o -f terms.txt` of the
// same file (grep writing to a file: with its output on /dev/null GNU grep stops at the first
// match), the two run in turn SHENDANG_SCALE_RUNS times (default 5), and logs each run and
// the medians of the ratios of wall and CPU time and of peak RSS to the input's size, with the
// load average. SHENDANG_BIN names the program to measure (a `go build ./app`); without it a
// copy of the test binary runs as the program. Set SHENDANG_SCALE=1 to run it; it holds the scan to a
// verdict, and to no findings where grep found no match.
//
// The program file is first dropped from the page cache, as scripts/memory.sh does, so that the
// runs map it as an installed program reads it: from disk, by its own page faults. A file the
// linker has just written sits in the cache in large pieces, each mapped whole by the first
// fault in it: 38 MiB of the 78 MB program resident in every run instead of about 25.
// SHENDANG_SCALE_WARM=1 keeps the file in the cache: a SHENDANG_BIN as the build left it.
func TestScanAgainstGrep(t *testing.T) {
	if os.Getenv("SHENDANG_SCALE") == "" {
		t.Skip("set SHENDANG_SCALE=1 to measure scan --json against grep -F")
	}
	grep, err := exec.LookPath("grep")
	if err != nil {
		t.Skip("no grep")
	}
	runs := 5
	if n, err := strconv.Atoi(os.Getenv("SHENDANG_SCALE_RUNS")); err == nil && n > 0 {
		runs = n
	}
	dir := t.TempDir()
	text, terms := writeScanBench(t, dir)
	info, err := os.Stat(text)
	if err != nil {
		t.Fatal(err)
	}
	size := float64(info.Size())
	// The test binary, run as the program, is copied first: this process maps its own file,
	// whose pages the page cache would keep.
	program, env := os.Getenv("SHENDANG_BIN"), []string(nil)
	if program == "" {
		program, env = copyProgram(t, os.Args[0], filepath.Join(dir, "shendang")), append(os.Environ(), runMainEnv+"=1")
	}
	ours := func() *exec.Cmd {
		cmd := exec.Command(program, "scan", "--json", "--rules", terms, text)
		cmd.Env = env // nil: this process's environment
		return cmd
	}
	if os.Getenv("SHENDANG_SCALE_WARM") == "" {
		if err := dropFromPageCache(program); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s dropped from the page cache (SHENDANG_SCALE_WARM=1 keeps it)", program)
	}
	var wall, cpu, rss, anon []float64
	t.Logf("load average before: %s", loadAverage())
	for i := range runs {
		scan := runMeasured(t, ours(), filepath.Join(dir, "scan.json"))
		g := runMeasured(t, exec.Command(grep, "-F", "-o", "-f", terms, text), filepath.Join(dir, "grep.out"))
		wall = append(wall, scan.wall.Seconds()/g.wall.Seconds())
		cpu = append(cpu, scan.cpu.Seconds()/max(g.cpu.Seconds(), 0.001))
		rss, anon = append(rss, float64(scan.rss)/size), append(anon, float64(scan.anon)/size)
		t.Logf("run %d: scan wall %.2fs cpu %.2fs peak RSS %.1f MiB (anonymous %.1f, file %.1f); grep wall %.2fs cpu %.2fs peak RSS %.1f MiB",
			i+1, scan.wall.Seconds(), scan.cpu.Seconds(), mib(uint64(scan.rss)), mib(uint64(scan.anon)), mib(uint64(scan.files)), g.wall.Seconds(), g.cpu.Seconds(), mib(uint64(g.rss)))
	}
	t.Logf("load average after: %s", loadAverage())
	t.Logf("medians of %d runs: wall %.2f× grep's, CPU %.2f× grep's; peak RSS %.1f× the input (anonymous %.1f×); targets: time 1.5×, memory 5×",
		runs, median(wall), median(cpu), median(rss), median(anon))
	checkScanAgainstGrep(t, filepath.Join(dir, "scan.json"), filepath.Join(dir, "grep.out"))
}

// checkScanAgainstGrep holds the last scan's report to a verdict, and to no findings where grep
// found no match: the benchmark's random terms never occur in the notice, which is clean.
func checkScanAgainstGrep(t *testing.T, scanOut, grepOut string) {
	t.Helper()
	data, err := os.ReadFile(scanOut)
	if err != nil {
		t.Fatal(err)
	}
	var rep scanReport
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatalf("scan --json wrote %q: %v", data, err)
	}
	if rep.Verdict == "error" || rep.Verdict == "" {
		t.Fatalf("got verdict %q (%s), want a check", rep.Verdict, rep.Error)
	}
	matches, err := os.ReadFile(grepOut)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(rep.Findings), bytes.Count(matches, []byte("\n")); want == 0 && got != 0 {
		t.Errorf("got %d findings, want none as grep found none", got)
	}
}

// copyProgram copies the program at from to to, executable, and returns to.
func copyProgram(t *testing.T, from, to string) string {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
	return to
}

// dropFromPageCache writes the file at path back to disk and drops its pages from the page
// cache: only clean pages leave it.
func dropFromPageCache(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("write back %s: %w", path, err)
	}
	if err := unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED); err != nil {
		return fmt.Errorf("drop %s from the page cache: %w", path, err)
	}
	return nil
}

func median(xs []float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(data))[:3], " ")
}
