package archive

import (
	"strings"
	"unicode"
)

// Chinese line breaking for the forms. gofpdf's MultiCell and SplitText drop a character at
// each automatic break in Chinese and SplitLines never breaks it, so lines are laid out here
// by measured width, with the rules of Chinese typesetting (禁则): closing punctuation never
// starts a line, opening punctuation never ends one, and a run of Latin letters or digits
// (a 档号, a URL) is not split unless it is wider than the line.

// NoLineStart are the characters that must not begin a line of Chinese: closing brackets and
// quotes, and the punctuation that follows what it marks. The forms and the window's review
// pane both break lines by them.
const NoLineStart = "，。、；：？！）》」』】〕〗〉”’…—·％.,;:?!)]}%"

// NoLineEnd are the characters that must not end a line: opening brackets and quotes.
const NoLineEnd = "（《「『【〔〖〈“‘([{"

// measure returns the width of s in the current font.
type measure func(s string) float64

// wrapText breaks text into lines no wider than width; explicit line breaks are kept.
func wrapText(text string, width float64, w measure) []string {
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		lines = append(lines, wrapParagraph(para, width, w)...)
	}
	return lines
}

func wrapParagraph(para string, width float64, w measure) []string {
	if w(para) <= width { // most cells of a table: one measure, no tokens
		return []string{para}
	}
	tokens := tokenize(para)
	if len(tokens) == 0 {
		return []string{""}
	}
	var lines []string
	var line []string
	lineW := 0.0
	flush := func() {
		lines = append(lines, strings.Join(line, ""))
		line, lineW = nil, 0
	}
	for i := 0; i < len(tokens); i++ {
		tok := tokens[i]
		tw := w(tok)
		if tw > width && isWordToken(tok) { // a word wider than the line: split it by characters
			rest := tokens[i+1:]
			tokens = append(append(tokens[:i:i], strings.Split(tok, "")...), rest...)
			i--
			continue
		}
		if lineW+tw <= width || len(line) == 0 {
			line = append(line, tok)
			lineW += tw
			continue
		}
		// tok does not fit: break before it, moving characters down so that the new line does
		// not start with closing punctuation and the old one does not end with opening, unless
		// that would make the new line too wide: then the rule yields to the width.
		var carry []string
		line, carry = carryDown(line, tok, tw, width, w)
		flush()
		for _, c := range carry {
			line = append(line, c)
			lineW += w(c)
		}
		line = append(line, tok)
		lineW += tw
	}
	if len(line) > 0 {
		flush()
	}
	return lines
}

// tokenize splits text into units that may not be broken: a run of ASCII letters and digits
// (with the punctuation inside identifiers), or a single other character.
func tokenize(s string) []string {
	var out []string
	rs := []rune(s)
	for i := 0; i < len(rs); {
		j := i + 1
		if isWordRune(rs[i]) {
			for j < len(rs) && isWordRune(rs[j]) {
				j++
			}
		}
		out = append(out, string(rs[i:j]))
		i = j
	}
	return out
}

func isWordRune(r rune) bool {
	return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-_/.:@·#&=?", r)) || r == '·'
}

func isWordToken(t string) bool { return len([]rune(t)) > 1 }

func lastRune(s string) string {
	rs := []rune(s)
	if len(rs) == 0 {
		return ""
	}
	return string(rs[len(rs)-1])
}

// missingGlyph stands in for a character outside the Basic Multilingual Plane, which gofpdf
// cannot embed (its Output panics on one). 〓 is the typesetter's mark for a missing glyph.
const missingGlyph = "〓"

// printable replaces characters gofpdf cannot render with missingGlyph and returns them, so the
// caller can say so on the record: nothing is dropped silently.
func printable(s string) (string, []rune) {
	var replaced []rune
	out := strings.Map(func(r rune) rune {
		if r > 0xFFFF {
			replaced = append(replaced, r)
			return []rune(missingGlyph)[0]
		}
		return r
	}, s)
	return out, replaced
}

// carryDown splits the tokens at the end of line that must move to the next line with tok: a
// closing mark may not start a line, an opening one may not end it. When they would make the
// next line wider than width, nothing moves. A character carried because tok is closing may
// leave an opening one at the end (保密审查退回（|次）): that moves down too. It returns the
// line kept and the tokens carried.
func carryDown(line []string, tok string, tw, width float64, w measure) (kept, carry []string) {
	carryW := 0.0
	for len(line) > 1 {
		last := line[len(line)-1]
		closing := len(carry) == 0 && !isWordToken(tok) && strings.Contains(NoLineStart, tok)
		if !closing && !strings.Contains(NoLineEnd, lastRune(last)) {
			break
		}
		carry = append([]string{last}, carry...)
		carryW += w(last)
		line = line[:len(line)-1]
	}
	if len(carry) > 0 && carryW+tw > width {
		return append(line, carry...), nil
	}
	return line, carry
}
