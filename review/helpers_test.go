package review

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// zipOf builds a ZIP package from name → content, in name order.
func zipOf(tb testing.TB, files map[string]string) []byte {
	tb.Helper()
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := w.Write([]byte(files[n])); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// seedPath returns the customer's own published document, from the folder SHENDANG_SEED_DIR
// names, or skips the test saying why: the document is a check run where it is at hand (CI sets
// the variable), never something the repository's tests depend on.
func seedPath(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("SHENDANG_SEED_DIR")
	if dir == "" {
		tb.Skip("SHENDANG_SEED_DIR is not set: the customer's document is not checked here (CI sets it to ../shared/seed)")
	}
	path := filepath.Join(dir, "disclosure-plan-2016.txt")
	if _, err := os.Stat(path); err != nil {
		tb.Fatalf("SHENDANG_SEED_DIR=%s: %v", dir, err)
	}
	return path
}

// The office-style fixtures written for these tests: a notice and a 公示 in ordinary
// government wording, with the benign phrases that contain restricted characters.
const (
	noticeFixture  = "testdata/notice.txt"
	gongshiFixture = "testdata/notice-gongshi.txt"
)
