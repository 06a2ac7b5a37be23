package archive

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"
)

var benchTopics = []string{"政务公开工作实施方案", "律师事务所年度检查考核", "公证机构执业区域调整", "司法鉴定机构名册",
	"法律援助经费使用情况", "行政处罚决定", "人民调解员培训计划", "规范性文件清理结果"}

// fillArchive makes a store in dir holding n filed items (years 2016–2020, two divisions, three
// retention periods, numbered in order) and waiting items ready to be filed. It writes records
// directly in batches: going through the workflow 100,000 times would measure fsync, not reads.
func fillArchive(tb testing.TB, dir string, n, waiting int) {
	tb.Helper()
	s, err := Open(dir)
	must(tb, err)
	must(tb, s.CreateUser("", User{Name: "admin", FullName: "管理员", Roles: []Role{RoleAdmin}}, "admin-password"))
	must(tb, s.SaveSettings("admin", Settings{FondsName: "厦门市司法局", FondsCode: "Z109", Divisions: []Division{{"BGS", "办公室"}, {"LSC", "律师工作处"}}}))
	must(tb, s.CreateUser("admin", User{Name: "archivist", FullName: "林六", Roles: []Role{RoleArchivist}}, "password-1"))
	wb := s.db.NewWriteBatch()
	counts := map[string]int{}
	rets := []Retention{Permanent, Years30, Years10}
	base := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n+waiting; i++ {
		it := Item{ID: fmt.Sprintf("%016x", i), Draft: Draft{Title: fmt.Sprintf("关于%s的通知（第%d号）", benchTopics[i%len(benchTopics)], i),
			DocNumber: fmt.Sprintf("厦司〔%d〕%d号", 2016+i%5, i), Author: "厦门市司法局", Division: []string{"BGS", "LSC"}[i%2],
			DocDate: "2016-06-29", Disclosure: Proactive, Category: "规范性文件"}, Drafter: "drafter", State: StateFile,
			Created:   base.Add(time.Duration(i) * time.Minute),
			Revisions: []Revision{{N: 1, Name: "a.docx", SHA256: "x", SM3: "y", Size: 1}}}
		if i < n {
			f := Filing{Fonds: "Z109", Year: 2016 + i%5, Retention: rets[i%3], Division: it.Division, Pages: 2}
			key := string(keyCount(f.Fonds, f.Year, f.Retention, f.Division))
			counts[key]++
			f.Number = counts[key]
			f.Code = ArchivalCode(f.Fonds, f.Year, f.Retention, f.Division, f.Number)
			it.Filing, it.State = &f, StateFiled
			must(tb, wb.Set(keyFiled(f.Code), []byte(it.ID)))
		}
		b, _ := json.Marshal(it)
		must(tb, wb.Set(keyItem(it.ID), b))
		must(tb, wb.Set(keySummary(it.ID), encodeSummary(summarize(&it))))
	}
	for key, c := range counts {
		must(tb, wb.Set([]byte(key), []byte(fmt.Sprint(c))))
	}
	must(tb, wb.Flush())
	must(tb, s.Close())
}

const benchItems = 100000

func openFilled(b *testing.B, waiting int) (*BadgerStore, string) {
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
		if _, total, err := s.Items(Filter{Text: "司法鉴定机构"}, 0, 50); err != nil || total != benchItems/len(benchTopics) {
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
