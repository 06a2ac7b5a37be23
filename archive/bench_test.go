package archive

import (
	"fmt"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
)

// fillArchive makes a store in dir holding n filed items and waiting ones: see FillSynthetic.
func fillArchive(tb testing.TB, dir string, n, waiting int) {
	tb.Helper()
	must(tb, FillSynthetic(dir, n, waiting))
}

const benchItems = 100000

func openFilled(b *testing.B, waiting int) (*Office, string) {
	b.Helper()
	dir := b.TempDir()
	fillArchive(b, dir, benchItems, waiting)
	s, err := Open(dir)
	must(b, err)
	b.Cleanup(func() { s.Close() })
	return s, dir
}

// BenchmarkOpenArchive100k: open the store and show the first page of the archive view, as a
// user opening the window does (target < 1 s).
func BenchmarkOpenArchive100k(b *testing.B) {
	dir := os.Getenv("SHENDANG_BENCH_STORE") // filled beforehand by TestFillBenchStore: RSS without the fill
	if dir == "" {
		s, d := openFilled(b, 0)
		must(b, s.Close())
		dir = d
	}
	var rss float64
	for b.Loop() {
		s, err := Open(dir)
		must(b, err)
		if _, total, err := s.Items(Filter{}, 0, 50); err != nil || total != benchItems {
			b.Fatalf("%d items, %v", total, err)
		}
		debug.FreeOSMemory()
		rss = residentMB()
		must(b, s.Close())
	}
	if rss > 0 {
		b.ReportMetric(rss, "MB-RSS") // the process with the store open and its index built
	}
}

// residentMB reads the process's resident set from /proc (Linux), or 0.
func residentMB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// BenchmarkPage100k: one page of a filtered view (target < 50 ms).
func BenchmarkPage100k(b *testing.B) {
	s, _ := openFilled(b, 0)
	_, _, _ = s.Items(Filter{}, 0, 1) // the index is built when the view opens
	for b.Loop() {
		items, total, err := s.Items(Filter{Year: 2018, Division: "BGS", Retention: Years10}, 1000, 50)
		if err != nil || len(items) != 50 || total == 0 {
			b.Fatalf("%d items of %d, %v", len(items), total, err)
		}
	}
}

// BenchmarkSearch100k: a Chinese substring of titles and 文号 (target < 200 ms).
func BenchmarkSearch100k(b *testing.B) {
	s, _ := openFilled(b, 0)
	_, _, _ = s.Items(Filter{}, 0, 1)
	for b.Loop() {
		if _, total, err := s.Items(Filter{Text: "司法鉴定机构"}, 0, 50); err != nil || total != benchItems/len(syntheticTopics) {
			b.Fatalf("%d found, %v", total, err)
		}
	}
}

// BenchmarkFile1000: file 1,000 published items, each in its own synced transaction.
func BenchmarkFile1000(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		s, _ := openFilled(b, 1000)
		b.StartTimer()
		for i := benchItems; i < benchItems+1000; i++ {
			if _, err := s.FileItem("archivist", fmt.Sprintf("%016x", i), FilingRequest{Year: 2021, Pages: 1}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// TestFillBenchStore fills $SHENDANG_BENCH_STORE with 100,000 filed items, so that
// BenchmarkOpenArchive100k can measure a process that only opens them.
func TestFillBenchStore(t *testing.T) {
	dir := os.Getenv("SHENDANG_BENCH_STORE")
	if dir == "" {
		t.Skip("set SHENDANG_BENCH_STORE to fill a store for the benchmark")
	}
	fillArchive(t, dir, benchItems, 0)
}

// BenchmarkVerify100k: verify a store of 100,000 filed items (every record against the ledger).
func BenchmarkVerify100k(b *testing.B) {
	s, _ := openFilled(b, 0)
	for b.Loop() {
		rep, err := s.Verify(b.Context(), nil)
		if err != nil || !rep.OK() {
			b.Fatalf("verify: %v %v", err, rep.Problems[:min(3, len(rep.Problems))])
		}
	}
}
