package review

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
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

// defaultRules is the rule set the product ships (assets/rules), read from the source tree.
func defaultRules(tb testing.TB) *RuleSet {
	tb.Helper()
	terms, err := ParseList("default.txt", mustReadFile(tb, "../assets/rules/default.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	allow, err := ParseList("allow.txt", mustReadFile(tb, "../assets/rules/allow.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	return NewRuleSet(terms, allow)
}

func mustReadFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func textDoc(lines ...string) *Document {
	return &Document{Format: FormatTXT, Parts: []Part{{Kind: PartBody, Text: strings.Join(lines, "\n")}}}
}

// matchesOf returns the normalised matches of the findings in category c.
func matchesOf(fs []Finding, c Category) []string {
	var out []string
	for _, f := range fs {
		if f.Category == c {
			out = append(out, Normalize(f.Match).Text)
		}
	}
	return out
}

func mustRead(t *testing.T, path string) *Document {
	t.Helper()
	doc, err := Read(context.Background(), path)
	if err != nil {
		t.Fatalf("Read(%s): %v", path, err)
	}
	return doc
}

// needSoffice skips a test that needs LibreOffice where Read does not find it, except in CI,
// where `make test` installs it and its absence is a failure.
func needSoffice(t *testing.T) {
	t.Helper()
	if _, err := hostSofficeSearch().find(""); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("soffice not found; make test installs libreoffice-writer-nogui")
		}
		t.Skip("LibreOffice (soffice) not installed")
	}
}

// partsOf returns the texts of doc's parts of kind k.
func partsOf(doc *Document, k PartKind) []string {
	var out []string
	for _, p := range doc.Parts {
		if p.Kind == k {
			out = append(out, p.Text)
		}
	}
	return out
}

// kindsContaining returns the kinds of the parts whose text contains s.
func kindsContaining(doc *Document, s string) []PartKind {
	var out []PartKind
	for _, p := range doc.Parts {
		if strings.Contains(p.Text, s) && !slices.Contains(out, p.Kind) {
			out = append(out, p.Kind)
		}
	}
	return out
}
