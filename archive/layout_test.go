package archive

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// unitWidth measures every character as 1 wide: lines are counted in characters.
func unitWidth(s string) float64 { return float64(utf8.RuneCountInString(s)) }

func TestWrapText(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		width float64
		want  []string
	}{
		{"fits", "政务公开", 10, []string{"政务公开"}},
		{"plain break", "一二三四五六七", 3, []string{"一二三", "四五六", "七"}},
		{"closing punctuation never starts a line", "一二三，四五", 3, []string{"一二", "三，四", "五"}},
		{"full stop", "一二三。", 3, []string{"一二", "三。"}},
		{"opening punctuation never ends a line", "一二《三四》", 3, []string{"一二", "《三", "四》"}},
		{"a bracket before the carried character moves with it", "保密审查退回（次）", 8, []string{"保密审查退回", "（次）"}},
		{"opening brackets in a row", "一二三（《四》）", 5, []string{"一二三", "（《四》）"}},
		{"a 档号 stays whole", "档号Z109-WS·2016", 12, []string{"档号", "Z109-WS·2016"}},
		{"a word wider than the line is split", "ABCDEFGHIJ", 4, []string{"ABCD", "EFGH", "IJ"}},
		{"explicit breaks", "甲\n乙", 5, []string{"甲", "乙"}},
		{"empty", "", 5, []string{""}},
	}
	for _, tt := range tests {
		got := wrapText(tt.text, tt.width, unitWidth)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
		if strings.Join(got, "") != strings.ReplaceAll(tt.text, "\n", "") {
			t.Errorf("%s: characters lost or added: %q", tt.name, got)
		}
	}
}

func FuzzWrapText(f *testing.F) {
	f.Add("厦门市司法局关于印发2016年政务公开工作实施方案的通知（厦司〔2016〕59号）。", 7.0)
	f.Fuzz(func(t *testing.T, text string, width float64) {
		if !utf8.ValidString(text) || width < 1 || width > 200 || strings.ContainsRune(text, '\n') {
			t.Skip()
		}
		lines := wrapText(text, width, unitWidth)
		if strings.Join(lines, "") != text {
			t.Fatalf("lines %q lose or add characters of %q", lines, text)
		}
		for _, l := range lines {
			if unitWidth(l) > width && utf8.RuneCountInString(l) > 1 {
				t.Fatalf("line %q wider than %v", l, width)
			}
		}
	})
}

func TestPrintable(t *testing.T) {
	got, replaced := printable("张𠀀三")
	if got != "张〓三" || !slices.Equal(replaced, []rune{'𠀀'}) {
		t.Errorf("printable = %q %q", got, string(replaced))
	}
}
