package review

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchTerms returns n distinct pseudo-random terms of 2–6 common hanzi, the same every run.
func benchTerms(n int) []Term {
	rng := rand.New(rand.NewSource(2016))
	seen := map[string]bool{}
	var terms []Term
	for len(terms) < n {
		k := 2 + rng.Intn(5)
		rs := make([]rune, k)
		for i := range rs {
			rs[i] = rune(0x4E00 + rng.Intn(0x9FA5-0x4E00))
		}
		if s := string(rs); !seen[s] {
			seen[s] = true
			terms = append(terms, Term{Text: s, Category: CatSensitiveTerm, Severity: Warn, Rule: "bench"})
		}
	}
	return terms
}

// benchText returns size bytes of Chinese government prose: the office notice fixture, repeated.
func benchText(tb testing.TB, size int) string {
	seed := string(mustReadFile(tb, noticeFixture))
	text := strings.Repeat(seed, size/len(seed)+1)[:size]
	return strings.ToValidUTF8(text, "") // the cut may split the last character
}

// BenchmarkMatch measures keyword matching with all normalisation on: 10,000 terms over 1 MB and
// 10 MB of Chinese text. MB/s is the figure to compare with grep -F (see TestWriteBenchData).
func BenchmarkMatch(b *testing.B) {
	var texts []string
	for _, t := range benchTerms(10000) {
		texts = append(texts, Normalize(t.Text).Text)
	}
	m := NewMatcher(texts)
	for _, size := range []int{1 << 20, 10 << 20} {
		text := benchText(b, size)
		b.Run(fmt.Sprintf("%dMB", size>>20), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				n := Normalize(text)
				_ = m.FindAll(n.Text)
			}
		})
	}
}

// BenchmarkCheck measures the whole check of 10 MB: terms, marks and recognisers.
func BenchmarkCheck(b *testing.B) {
	rs := NewRuleSet(append(benchTerms(10000), defaultRules(b).Terms...), defaultRules(b).Allow)
	doc := textDoc(benchText(b, 10<<20))
	b.SetBytes(int64(len(doc.Parts[0].Text)))
	for b.Loop() {
		_ = rs.Check(doc)
	}
}

// TestWriteBenchData writes the benchmark's text and terms to $BENCH_DATA_DIR, for comparing
// with grep -F -o -f terms.txt text.txt on the same machine.
func TestWriteBenchData(t *testing.T) {
	dir := os.Getenv("BENCH_DATA_DIR")
	if dir == "" {
		t.Skip("set BENCH_DATA_DIR to write the benchmark data")
	}
	var terms []string
	for _, term := range benchTerms(10000) {
		terms = append(terms, term.Text)
	}
	files := map[string]string{"terms.txt": strings.Join(terms, "\n") + "\n", "text-1m.txt": benchText(t, 1<<20), "text-10m.txt": benchText(t, 10<<20)}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// BenchmarkNewRuleSet measures building the rule set of the shipped lists and 10,000 terms,
// which `shendang scan` pays for once per run.
func BenchmarkNewRuleSet(b *testing.B) {
	terms := append(benchTerms(10000), defaultRules(b).Terms...)
	allow := defaultRules(b).Allow
	for b.Loop() {
		_ = NewRuleSet(terms, allow)
	}
}
