package review

import (
	"sync"
	"unicode"
	"unicode/utf8"
)

// Normalized is text prepared for matching, with a map back to the original: every rune of Text
// came from the original character at byte Start[i], where i is the rune's byte offset in Text.
//
// Normalisation folds what PDF extraction, scanning and regional habits vary: full-width forms
// become half-width (１年 → 1年), letters are case-folded, traditional characters become
// simplified (機密 → 机密), the star variants ☆ * ＊ become ★, and white space, ideographic
// spaces, zero-width characters and line breaks are dropped, so 秘 密 and 内部\n资料 match.
type Normalized struct {
	Text  string
	Start []int32 // original start offset, per byte of Text (only rune-start entries are meaningful)

	src string // the original text
	buf []byte // Text's bytes as built, kept for the next normalisation into the same value
}

// Span maps a byte range [i, j) of n.Text back to the original text: from the start of the
// character the first rune came from to the end of the one the last rune came from.
func (n *Normalized) Span(i, j int) (start, end int) {
	last := int(n.Start[j-1])
	_, size := decodeRune(n.src, last)
	return int(n.Start[i]), last + size
}

// Normalize prepares text for matching. It is linear in the length of text.
func Normalize(text string) *Normalized { return normalizeInto(&Normalized{}, text, false) }

// normalizeKeepSpace folds text as Normalize does but keeps white space (as ' ' and '\n'), for
// the recognisers: separators and boundaries matter in 138 1234 5678.
func normalizeKeepSpace(text string) *Normalized { return normalizeInto(&Normalized{}, text, true) }

// normalizeInto normalises text into n, reusing its buffers: a check of a long part normalises
// one piece after another into the same value. ASCII and the simplified hanzi that make up most
// of a text are decoded and copied inline; every other character goes through foldRune.
func normalizeInto(n *Normalized, text string, keepSpace bool) *Normalized {
	t2s := tradToSimpTable()
	if size := len(text) + len(text)/8; cap(n.buf) < size { // folding rarely lengthens a text
		n.buf, n.Start = make([]byte, 0, size), make([]int32, 0, size)
	}
	out := n.buf[:0]
	n.src, n.Start = text, n.Start[:0]
	ascii := asciiTable(keepSpace)
	var buf [utf8.UTFMax]byte
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf { // ASCII: one table lookup
			switch f := ascii[c]; f {
			case 0:
			case '*':
				out = n.emit(out, star, i)
			default:
				out = append(out, f)
				n.Start = append(n.Start, int32(i))
			}
			i++
			continue
		}
		r, size := rune(0), 0
		if c&0xF0 == 0xE0 && i+2 < len(text) && text[i+1]&0xC0 == 0x80 && text[i+2]&0xC0 == 0x80 {
			r, size = rune(c&0x0F)<<12|rune(text[i+1]&0x3F)<<6|rune(text[i+2]&0x3F), 3
			if keptAsIs(r, t2s) { // a simplified or shared hanzi: as it is
				out = append(out, text[i], text[i+1], text[i+2])
				n.Start = append(n.Start, int32(i), int32(i), int32(i))
				i += 3
				continue
			}
			if overlongOrSurrogate(r) {
				size = 0
			}
		}
		if size == 0 { // not a valid three-byte form
			r, size = utf8.DecodeRuneInString(text[i:]) // an invalid byte is one byte of U+FFFD
		}
		if folded := foldRune(r, t2s); folded >= 0 {
			out = n.emit(out, buf[:utf8.EncodeRune(buf[:], folded)], i)
		} else if keepSpace {
			out = n.emit(out, keptSpace(r), i)
		}
		i += size
	}
	n.buf, n.Text = out, string(out)
	return n
}

// emit appends to out the bytes b, which came from the original character at offset from.
func (n *Normalized) emit(out, b []byte, from int) []byte {
	for range b {
		n.Start = append(n.Start, int32(from))
	}
	return append(out, b...)
}

// overlongOrSurrogate reports whether r, decoded from a three-byte form, is not valid UTF-8:
// an overlong form of a smaller rune, or a surrogate.
func overlongOrSurrogate(r rune) bool { return r < 0x800 || (r >= 0xD800 && r <= 0xDFFF) }

// keptAsIs reports whether r is a hanzi of the basic block that has no traditional → simplified
// mapping: a simplified or shared character, which normalisation leaves as it is.
func keptAsIs(r rune, t2s []rune) bool {
	return r >= 0x4E00 && r <= 0x9FFF && t2s[r-t2sFirst] == 0
}

// keptSpace returns what the recognisers keep of a non-ASCII rune matching ignores: a line or
// paragraph separator is a line break, other white space a space, anything else nothing.
func keptSpace(r rune) []byte {
	switch {
	case r == 0x2028 || r == 0x2029:
		return newline
	case unicode.IsSpace(r) || r == 0x3000:
		return space
	}
	return nil
}

// asciiTable returns how ASCII bytes fold: asciiFoldKeepSpace for the recognisers, which keep
// white space, else asciiFold.
func asciiTable(keepSpace bool) *[utf8.RuneSelf]byte {
	if keepSpace {
		return &asciiFoldKeepSpace
	}
	return &asciiFold
}

var (
	star    = []byte("★")
	space   = []byte(" ")
	newline = []byte("\n")
	// asciiFold is each ASCII byte's normalised form: 0 for one matching ignores (control
	// characters and white space), '*' for the star, lower case for capitals.
	asciiFold = func() (t [utf8.RuneSelf]byte) {
		for c := byte('!'); c < 0x7F; c++ {
			t[c] = c
			if 'A' <= c && c <= 'Z' {
				t[c] = c + ('a' - 'A')
			}
		}
		return t
	}()
	// asciiFoldKeepSpace is asciiFold for the recognisers, which keep white space: line
	// breaks as '\n', spaces and tabs as ' '.
	asciiFoldKeepSpace = func() (t [utf8.RuneSelf]byte) {
		t = asciiFold
		t['\n'], t['\r'] = '\n', '\n'
		t[' '], t['\t'], t['\v'], t['\f'] = ' ', ' ', ' ', ' '
		return t
	}()
)

// foldRune returns the normalised form of r, or -1 for a rune that matching ignores. Its
// predicates are small enough to be inlined: it runs for every character of a text that is
// neither ASCII nor a simplified hanzi.
func foldRune(r rune, t2s []rune) rune {
	if r >= t2sFirst && r <= t2sLast { // ideographs: the bulk of any Chinese text
		if s := t2s[r-t2sFirst]; s != 0 {
			return s
		}
		if r >= 0x4E00 && r <= 0x9FFF {
			return r
		}
	}
	if r < utf8.RuneSelf {
		return foldASCII(r)
	}
	return foldSymbol(r, t2s)
}

// foldSymbol is foldRune of a character that is neither ASCII nor an ideograph.
func foldSymbol(r rune, t2s []rune) rune {
	switch {
	case (r > 0x3000 && r <= 0x303F) || (r >= 0x2010 && r <= 0x2027):
		return r // CJK punctuation (、。《》「」) and dashes, quotes and dots: as they are, without a table search
	case isStar(r):
		return '★'
	case invisible(r) || unicode.IsSpace(r):
		return -1
	case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII forms
		return foldRune(r-0xFF01+'!', t2s)
	}
	return unicode.ToLower(r)
}

// foldASCII folds an ASCII rune: control characters and white space are ignored, capitals
// become lower case and * the star.
func foldASCII(r rune) rune {
	switch {
	case r <= ' ' || r == 0x7F:
		return -1
	case 'A' <= r && r <= 'Z':
		return r + ('a' - 'A')
	case r == '*':
		return '★'
	}
	return r
}

// isStar reports whether r is one of the star variants a mark may carry instead of ★.
func isStar(r rune) bool {
	switch r {
	case '☆', '＊', '✱', '⭑':
		return true
	}
	return false
}

// invisible reports whether r is a character matching ignores that unicode.IsSpace does not
// cover: the ideographic space, the byte-order mark, the soft hyphen, the zero-width and
// direction marks, the line and paragraph separators and the word joiner.
func invisible(r rune) bool {
	switch r {
	case 0x3000, 0xFEFF, 0x00AD, 0x2060:
		return true
	}
	return (0x200B <= r && r <= 0x200F) || (0x2028 <= r && r <= 0x202F)
}

var (
	t2sOnce  sync.Once
	t2sTable []rune
)

// The range of runes the dense traditional → simplified table covers: CJK Extension A through
// the CJK Compatibility Ideographs.
const (
	t2sFirst = 0x3400
	t2sLast  = 0xFAFF
)

// tradToSimpTable returns the character-level traditional → simplified conversion (t2sPairs) as
// a dense table indexed by r - t2sFirst (0: no mapping), built on first use.
//
// The pairs are generated, not looked up in OpenCC's dictionaries at run time: building the
// table from them took a fifth of a small scan's processor time and left 5 MB of garbage, and
// linking OpenCC put its dictionaries' pages in every run's resident set.
// TestTradToSimpIsConvert holds the pairs to OpenCC's own Convert.
func tradToSimpTable() []rune {
	t2sOnce.Do(func() {
		t2sTable = make([]rune, t2sLast-t2sFirst+1)
		for trad, simp := range t2sPairsAll() {
			if trad >= t2sFirst && trad <= t2sLast {
				t2sTable[trad-t2sFirst] = simp
			}
		}
	})
	return t2sTable
}

// t2sPairsAll yields the pairs of t2sPairs, traditional then simplified.
func t2sPairsAll() func(yield func(trad, simp rune) bool) {
	return func(yield func(trad, simp rune) bool) {
		for rest := t2sPairs; rest != ""; {
			trad, n := utf8.DecodeRuneInString(rest)
			simp, m := utf8.DecodeRuneInString(rest[n:])
			rest = rest[n+m:]
			if !yield(trad, simp) {
				return
			}
		}
	}
}
