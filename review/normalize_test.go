package review

import (
	"strings"
	"testing"
	"unicode"

	"github.com/longbridgeapp/opencc"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"秘 密", "秘密"},
		{"内部\n资料", "内部资料"},
		{"內部資料", "内部资料"},
		{"機密★５年", "机密★5年"},
		{"秘密☆1年", "秘密★1年"},
		{"绝密＊长期", "绝密★长期"},
		{"秘\u200b密", "秘密"},
		{"ＡＢＣ abc", "abcabc"},
		{"（此件主动公开）", "(此件主动公开)"},
		{"国家秘密\u3000保守", "国家秘密保守"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in).Text; got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeSpansMapBack(t *testing.T) {
	in := "前文 機 密\n★１年 后文"
	n := Normalize(in)
	i := len("前文")
	j := i + len("机密★1年")
	if n.Text[i:j] != "机密★1年" {
		t.Fatalf("normalised %q", n.Text)
	}
	start, end := n.Span(i, j)
	if got := in[start:end]; got != "機 密\n★１年" {
		t.Errorf("span maps back to %q, want %q", got, "機 密\n★１年")
	}
}

func TestTradToSimpCoverage(t *testing.T) {
	m := tradToSimp()
	// A few pairs a disclosure office meets; the map holds OpenCC's whole character table.
	for trad, simp := range map[rune]rune{'機': '机', '資': '资', '內': '内', '密': '密', '單': '单', '號': '号', '檔': '档'} {
		if got, ok := m[trad]; trad != simp && (!ok || got != simp) {
			t.Errorf("%c → %c, want %c", trad, got, simp)
		}
	}
	if len(m) < 2500 {
		t.Errorf("only %d traditional characters mapped", len(m))
	}
}

// TestTradToSimpIsConvert holds the character map to what OpenCC's own Convert gives for each
// character alone, as the map was first built: every character of the table's ranges, one a line.
func TestTradToSimpIsConvert(t *testing.T) {
	cc, err := opencc.New("t2s")
	if err != nil {
		t.Fatal(err)
	}
	var in []rune
	for _, rng := range [][2]rune{{0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xF900, 0xFAFF}} {
		for r := rng[0]; r <= rng[1]; r++ {
			in = append(in, r, '\n')
		}
	}
	out, err := cc.Convert(string(in))
	if err != nil {
		t.Fatal(err)
	}
	want := map[rune]rune{}
	for i, line := range strings.Split(out, "\n") {
		if got := []rune(line); i < len(in)/2 && len(got) == 1 && got[0] != in[2*i] {
			want[in[2*i]] = got[0]
		}
	}
	got := tradToSimp()
	if len(got) != len(want) {
		t.Errorf("got %d characters mapped, want %d", len(got), len(want))
	}
	for trad, simp := range want {
		if got[trad] != simp {
			t.Errorf("%c → %c, want %c", trad, got[trad], simp)
		}
	}
}

func TestNormalizeKeepSpace(t *testing.T) {
	for in, want := range map[string]string{
		"１３８ １２３４\u3000５６７８": "138 1234 5678",
		"卡号：6222\n0202":      "卡号:6222\n0202",
		"a\u200bb":           "ab",
	} {
		if got := normalizeKeepSpace(in).Text; got != want {
			t.Errorf("normalizeKeepSpace(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFoldRunePunctuation holds foldRune's shortcut for CJK and general punctuation to the
// general rule: a star is ★, white space and invisible characters are dropped, the rest
// lower-cased — for every rune of U+2000–U+303F, the shortcut's ranges and their neighbours.
func TestFoldRunePunctuation(t *testing.T) {
	t2s := tradToSimpTable()
	for r := rune(0x2000); r <= 0x303F; r++ {
		want := unicode.ToLower(r)
		switch {
		case isStar(r):
			want = '★'
		case invisible(r) || unicode.IsSpace(r):
			want = -1
		}
		if got := foldRune(r, t2s); got != want {
			t.Errorf("foldRune(%U) = %U, want %U", r, got, want)
		}
	}
}
