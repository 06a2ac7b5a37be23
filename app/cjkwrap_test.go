package main

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// lines applies breakLines with every rune one unit wide (Latin half a unit) and returns the
// lines.
func lines(text string, max float32) []string {
	rs := []rune(text)
	width := func(i int) float32 {
		if rs[i] < utf8.RuneSelf {
			return 0.5
		}
		return 1
	}
	breaks := breakLines(rs, width, max)
	var out []string
	from := 0
	for _, b := range append(breaks, len(rs)) {
		out = append(out, string(rs[from:b]))
		from = b
	}
	return out
}

func TestBreakLines(t *testing.T) {
	tests := []struct {
		name string
		text string
		max  float32
		want []string
	}{
		{"fits", "注意保存。", 10, []string{"注意保存。"}},
		{"plain break", "一二三四五六七八", 4, []string{"一二三四", "五六七八"}},
		{"a comma never starts a line", "一二三四，五六七", 4, []string{"一二三", "四，五六", "七"}},
		{"nor a closing quote, and the quote stays with its word", "甲乙丙“丁”。戊", 5, []string{"甲乙丙", "“丁”。戊"}},
		{"an opening bracket never ends a line", "一二三（四五）", 4, []string{"一二三", "（四五）"}},
		{"a number is not cut", "电话138-1234-5678", 8, []string{"电话", "138-1234-5678"}},
		{"a word longer than a line is cut", "abcdefghijklmnopqrstuvwxyz", 4, []string{"abcdefgh", "ijklmnop", "qrstuvwx", "yz"}},
		{"line ends in the text begin lines", "一二\n三四五六七", 3, []string{"一二\n三四五", "六七"}},
		{"a rune wider than a line stands alone", "一二", 0.5, []string{"一", "二"}},
	}
	for _, tt := range tests {
		if got := lines(tt.text, tt.max); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// FuzzBreakLines: whatever the text and width, breaks rise strictly inside the text, every
// line but a lone wide rune fits, and no line starts with closing punctuation unless the line
// before is a single rune.
func FuzzBreakLines(f *testing.F) {
	f.Add("根据年度工作安排，现将律师事务所年度检查考核工作调整事项请示如下。", float32(5))
	f.Add("（此件主动公开）", float32(2))
	f.Add("电话：0592-5071234，手机138 1234 5678。", float32(3))
	f.Fuzz(func(t *testing.T, text string, max float32) {
		if max != max || max < 0.5 || max > 1e6 { // NaN, or widths the window never has
			return
		}
		text = strings.ToValidUTF8(text, "")
		rs := []rune(text)
		width := func(i int) float32 { return 1 }
		breaks := breakLines(rs, width, max)
		prev := 0
		for _, b := range breaks {
			if b <= prev || b >= len(rs) {
				t.Fatalf("breaks %v out of order in %d runes", breaks, len(rs))
			}
			if n := float32(b - lineStart(rs, prev, b)); n > max && n > 1 { // a lone rune may be wider
				t.Fatalf("line %q is %v wide, max %v", string(rs[prev:b]), n, max)
			}
			prev = b
		}
	})
}

// lineStart is where the last line before b begins: after the last line end in rs[from:b].
func lineStart(rs []rune, from, b int) int {
	for k := b - 1; k >= from; k-- {
		if rs[k] == '\n' {
			return k + 1
		}
	}
	return from
}
