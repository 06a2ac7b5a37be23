package review

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// naiveFindAll is the reference: at each position, the longest pattern that starts there
// (the first such pattern on a tie), then continue after it.
func naiveFindAll(patterns []string, text string) []Match {
	var out []Match
	for i := 0; i < len(text); {
		best := -1
		for p, pat := range patterns {
			if pat != "" && strings.HasPrefix(text[i:], pat) && (best < 0 || len(pat) > len(patterns[best])) {
				best = p
			}
		}
		if best >= 0 {
			out = append(out, Match{Pattern: best, Start: i, End: i + len(patterns[best])})
			i += len(patterns[best])
			continue
		}
		i++
	}
	return out
}

var matcherTable = []struct {
	name     string
	patterns []string
	text     string
}{
	{"none", []string{"机密"}, "政务公开工作"},
	{"one", []string{"内部资料"}, "这是内部资料，注意保存"},
	{"longest wins", []string{"内部", "内部资料", "资料"}, "内部资料"},
	{"leftmost wins", []string{"部资料", "内部"}, "内部资料"},
	{"failure links", []string{"abcd", "bce", "cd"}, "abce abcd"},
	{"repeats", []string{"aa", "a"}, "aaaaa"},
	{"duplicate pattern", []string{"秘密", "秘密"}, "秘密秘密"},
	{"suffix outputs", []string{"he", "she", "his", "hers"}, "ushers"},
	{"astral", []string{"𠀀生", "生僻"}, "𠀀生僻字"},
	{"empty pattern", []string{"", "x"}, "xyx"},
}

func TestMatcher(t *testing.T) {
	for _, tt := range matcherTable {
		t.Run(tt.name, func(t *testing.T) {
			got := NewMatcher(tt.patterns).FindAll(tt.text)
			if want := naiveFindAll(tt.patterns, tt.text); !slices.Equal(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
}

func FuzzMatcher(f *testing.F) {
	for _, tt := range matcherTable {
		f.Add(strings.Join(tt.patterns, "|"), tt.text)
	}
	f.Fuzz(func(t *testing.T, patterns, text string) {
		if !utf8.ValidString(patterns) || !utf8.ValidString(text) {
			t.Skip("the matcher works on valid UTF-8, which Normalize produces")
		}
		pats := strings.Split(patterns, "|")
		if len(pats) > 50 {
			pats = pats[:50]
		}
		got := NewMatcher(pats).FindAll(text)
		if want := naiveFindAll(pats, text); !slices.Equal(got, want) {
			t.Fatalf("patterns %q text %q: got %v, want %v", pats, text, got, want)
		}
	})
}
