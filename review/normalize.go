package review

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
)

// Normalized is text prepared for matching, with a map back to the original: every rune of Text
// came from the original bytes [Start[i], End[i]) where i is the rune's byte offset in Text.
//
// Normalisation folds what PDF extraction, scanning and regional habits vary: full-width forms
// become half-width (１年 → 1年), letters are case-folded, traditional characters become
// simplified (機密 → 机密), the star variants ☆ * ＊ become ★, and white space, ideographic
// spaces, zero-width characters and line breaks are dropped, so 秘 密 and 内部\n资料 match.
type Normalized struct {
	Text  string
	Start []int32 // original start offset, per byte of Text (only rune-start entries are meaningful)
	End   []int32 // original end offset, per byte of Text
}

// Span maps a byte range [i, j) of n.Text back to the original text.
func (n *Normalized) Span(i, j int) (start, end int) {
	return int(n.Start[i]), int(n.End[j-1])
}

// Normalize prepares text for matching. It is linear in the length of text.
func Normalize(text string) *Normalized { return normalize(text, false) }

// normalizeKeepSpace folds text as Normalize does but keeps white space (as ' ' and '\n'), for
// the recognisers: separators and boundaries matter in 138 1234 5678.
func normalizeKeepSpace(text string) *Normalized { return normalize(text, true) }

func normalize(text string, keepSpace bool) *Normalized {
	t2s := tradToSimpTable()
	n := &Normalized{Start: make([]int32, 0, len(text)), End: make([]int32, 0, len(text))}
	var b strings.Builder
	b.Grow(len(text))
	var buf [utf8.UTFMax]byte
	for i, size := 0, 0; i < len(text); i += size {
		var r rune
		r, size = utf8.DecodeRuneInString(text[i:]) // an invalid byte is one byte of U+FFFD
		folded := foldRune(r, t2s)
		if folded < 0 {
			if !keepSpace {
				continue
			}
			switch {
			case r == '\n' || r == '\r':
				folded = '\n'
			case unicode.IsSpace(r) || r == 0x3000:
				folded = ' '
			default:
				continue // zero-width and control characters vanish in both modes
			}
		}
		r = folded
		w := utf8.EncodeRune(buf[:], r)
		b.Write(buf[:w])
		for k := 0; k < w; k++ {
			n.Start = append(n.Start, int32(i))
			n.End = append(n.End, int32(i+size))
		}
	}
	n.Text = b.String()
	return n
}

// foldRune returns the normalised form of r, or -1 for a rune that matching ignores.
func foldRune(r rune, t2s []rune) rune {
	if r >= t2sFirst && r <= t2sLast { // ideographs: the bulk of any Chinese text
		if s := t2s[r-t2sFirst]; s != 0 {
			return s
		}
		if r >= 0x4E00 && r <= 0x9FFF {
			return r
		}
	}
	switch {
	case r < utf8.RuneSelf:
		if r <= ' ' || r == 0x7F {
			return -1
		}
		if 'A' <= r && r <= 'Z' {
			return r + ('a' - 'A')
		}
		if r == '*' {
			return '★'
		}
		return r
	case r == '☆' || r == '＊' || r == '✱' || r == '⭑':
		return '★'
	case r == 0x3000 || r == 0xFEFF || r == 0x00AD || (0x200B <= r && r <= 0x200F) || (0x2028 <= r && r <= 0x202F) || r == 0x2060:
		return -1
	case unicode.IsSpace(r):
		return -1
	}
	if r >= 0xFF01 && r <= 0xFF5E { // full-width ASCII forms
		return foldRune(r-0xFF01+'!', t2s)
	}
	return unicode.ToLower(r)
}

var (
	t2sOnce  sync.Once
	t2sMap   map[rune]rune
	t2sTable []rune
)

// The range of runes the dense traditional → simplified table covers: CJK Extension A through
// the CJK Compatibility Ideographs.
const (
	t2sFirst = 0x3400
	t2sLast  = 0xFAFF
)

// tradToSimpTable returns tradToSimp as a dense table indexed by r - t2sFirst (0: no mapping).
func tradToSimpTable() []rune {
	tradToSimp()
	return t2sTable
}

// tradToSimp returns the character-level traditional → simplified map of OpenCC's t2s
// conversion (its TSCharacters data). Converting character by character keeps every offset
// mappable; OpenCC's phrase rules would change lengths. Built once, on first use.
func tradToSimp() map[rune]rune {
	t2sOnce.Do(func() {
		t2sMap = map[rune]rune{}
		cc, err := opencc.New("t2s")
		if err != nil {
			panic("opencc t2s configuration: " + err.Error()) // embedded data: a build defect
		}
		var in []rune
		for _, rng := range [][2]rune{{0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xF900, 0xFAFF}} {
			for r := rng[0]; r <= rng[1]; r++ {
				in = append(in, r, '\n')
			}
		}
		out, err := cc.Convert(string(in))
		if err != nil {
			panic("opencc t2s conversion: " + err.Error())
		}
		lines := strings.Split(out, "\n")
		for i, r := range in {
			if i%2 == 1 {
				continue
			}
			got := []rune(lines[i/2])
			if len(got) == 1 && got[0] != r {
				t2sMap[r] = got[0]
			}
		}
		t2sTable = make([]rune, t2sLast-t2sFirst+1)
		for trad, simp := range t2sMap {
			if trad >= t2sFirst && trad <= t2sLast {
				t2sTable[trad-t2sFirst] = simp
			}
		}
	})
	return t2sMap
}
