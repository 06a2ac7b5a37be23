package review

import (
	"bufio"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// pdfBox is a rectangle on a page in points, measured from the page's top-left corner, as
// poppler's pdftotext -bbox gives it.
type pdfBox struct{ x0, y0, x1, y1 float64 }

func (b pdfBox) union(o pdfBox) pdfBox {
	return pdfBox{min(b.x0, o.x0), min(b.y0, o.y0), max(b.x1, o.x1), max(b.y1, o.y1)}
}

// pageWord is one word on a page and where it is drawn.
type pageWord struct {
	text string
	box  pdfBox
}

// pageWords are the words of one page, in reading order, and the size of the page in points.
type pageWords struct {
	width, height float64
	words         []pageWord
}

// maxBBoxWords bounds the words read for one page: a dense A4 page has about 3,000.
const maxBBoxWords = 200_000

// errBBox is a pdftotext -bbox answer that cannot be read.
var errBBox = errors.New("pdftotext -bbox: unreadable answer")

// parseBBox reads what pdftotext -bbox prints for one page (an XHTML document with a <page
// width height> holding <word xMin yMin xMax yMax>text</word> elements) and returns that page's
// words. Words with no text or an absurd box are left out; an answer with no page is errBBox.
func parseBBox(r io.Reader) (pageWords, error) {
	dec := xml.NewDecoder(r)
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	var pw pageWords
	pages := 0
	for pages < 2 { // one page was asked for
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return pageWords{}, errBBox
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "page":
			if pages++; pages == 1 {
				pw.width, pw.height = attrFloat(se, "width"), attrFloat(se, "height")
			}
		case "word":
			if pages == 1 {
				if err := pw.addWord(dec, se); err != nil {
					return pageWords{}, err
				}
			}
		}
	}
	if pages == 0 || !(pw.width > 0 && pw.height > 0) {
		return pageWords{}, errBBox
	}
	return pw, nil
}

// addWord reads the <word> element se opens and keeps it when it has text and a sensible box.
func (pw *pageWords) addWord(dec *xml.Decoder, se xml.StartElement) error {
	var text string
	if err := dec.DecodeElement(&text, &se); err != nil {
		return errBBox
	}
	b := pdfBox{attrFloat(se, "xMin"), attrFloat(se, "yMin"), attrFloat(se, "xMax"), attrFloat(se, "yMax")}
	if text = strings.TrimSpace(text); text != "" && b.valid() && len(pw.words) < maxBBoxWords {
		pw.words = append(pw.words, pageWord{text, b})
	}
	return nil
}

// valid says whether the box is finite, not inverted and not absurdly large.
func (b pdfBox) valid() bool {
	for _, v := range []float64{b.x0, b.y0, b.x1, b.y1} {
		if !(v > -1e6 && v < 1e6) {
			return false
		}
	}
	return b.x1 >= b.x0 && b.y1 >= b.y0
}

func attrFloat(se xml.StartElement, name string) float64 {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			v, err := strconv.ParseFloat(a.Value, 64)
			if err == nil {
				return v
			}
		}
	}
	return -1
}

// parseTSVWords reads Tesseract's TSV for one image (level, page_num, block_num, par_num,
// line_num, word_num, left, top, width, height, conf, text) and returns its words with their
// boxes in pixels. Rows it cannot read are skipped.
func parseTSVWords(r io.Reader) []pageWord {
	var out []pageWord
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxTSVLine)
	for sc.Scan() && len(out) < maxBBoxWords {
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 12 || f[0] != "5" {
			continue
		}
		var n [4]float64
		ok := true
		for i := range n {
			v, err := strconv.Atoi(f[6+i])
			n[i], ok = float64(v), ok && err == nil && v >= 0 && v < 1e6
		}
		text := strings.TrimSpace(strings.Join(f[11:], "\t"))
		if !ok || text == "" || !utf8.ValidString(text) {
			continue
		}
		b := pdfBox{n[0], n[1], n[0] + n[2], n[1] + n[3]}
		out = append(out, pageWord{text, b})
	}
	return out
}

// glyph is one character of a page's text and the box it is taken to occupy.
type glyph struct {
	r       rune
	word    int // index of its word
	box     pdfBox
	guessed bool // the box is shared out of the word's by em widths, not the file's own
}

// pageGlyphs spreads each word's box over its characters, white space apart. A wide (CJK)
// character is taken to be one em wide and any other a little over half an em, as in the
// fonts Chinese offices use; xs, when it has the word's characters' own left edges (from the
// content stream), is used instead. A glyph whose box comes out narrower than its kind of
// character (a font whose widths say 0, as cairo's subsets can: poppler then boxes each
// character as a word of no width) is widened: see widen.
func pageGlyphs(words []pageWord, xs map[int][]float64) []glyph {
	var out []glyph
	for wi, w := range words {
		runes := []rune(strings.Join(strings.Fields(w.text), ""))
		if len(runes) == 0 {
			continue
		}
		if lefts := xs[wi]; len(lefts) == len(runes) {
			for i, r := range runes {
				right := w.box.x1
				if i+1 < len(lefts) {
					right = lefts[i+1]
				}
				out = append(out, glyph{r, wi, pdfBox{lefts[i], w.box.y0, right, w.box.y1}, false})
			}
			continue
		}
		total := 0.0
		for _, r := range runes {
			total += emWidth(r)
		}
		x := w.box.x0
		for _, r := range runes {
			dx := (w.box.x1 - w.box.x0) * emWidth(r) / total
			out = append(out, glyph{r, wi, pdfBox{x, w.box.y0, x + dx, w.box.y1}, true})
			x += dx
		}
	}
	widen(out)
	return out
}

// widen gives each glyph narrower than 80 % of its kind's em width (the em taken from the line
// box's height, 1.3 em) that width, but not past the start of the next glyph on the same line.
// The box is where the character's ink is painted out: too narrow a box leaves it on the page.
func widen(gs []glyph) {
	for i := range gs {
		b := &gs[i].box
		want := emWidth(gs[i].r) * (b.y1 - b.y0) / 1.3
		if b.x1-b.x0 >= 0.8*want {
			continue
		}
		right := b.x0 + want
		if i+1 < len(gs) {
			next := gs[i+1].box
			if sameLine(*b, next) && next.x0 > b.x0 && next.x0 < right {
				right = next.x0
			}
		}
		b.x1 = max(b.x1, right)
	}
}

// sameLine says whether two boxes share most of their height.
func sameLine(a, b pdfBox) bool {
	overlap := min(a.y1, b.y1) - max(a.y0, b.y0)
	return overlap > 0.5*min(a.y1-a.y0, b.y1-b.y0)
}

// emWidth is the width of r in ems as pageGlyphs assumes it.
func emWidth(r rune) float64 {
	if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef) {
		return 1
	}
	return 0.56
}

// pdfFoldRune is how characters are compared when a target is looked for: ASCII letters without
// case (an ID's check digit x or X), full-width ASCII as half-width.
func pdfFoldRune(r rune) rune {
	if r >= 0xff01 && r <= 0xff5e {
		r -= 0xfee0
	}
	return unicode.ToLower(r)
}

// findSpans returns the index ranges [s, e) of glyphs at which text occurs, white space in
// text apart, each occurrence once and not overlapping.
func findSpans(glyphs []glyph, text string) [][2]int {
	want := []rune(strings.Join(strings.Fields(text), ""))
	if len(want) == 0 {
		return nil
	}
	var out [][2]int
	for i := 0; i+len(want) <= len(glyphs); i++ {
		j := 0
		for j < len(want) && pdfFoldRune(glyphs[i+j].r) == pdfFoldRune(want[j]) {
			j++
		}
		if j == len(want) {
			out = append(out, [2]int{i, i + j})
			i += j - 1
		}
	}
	return out
}

// spanBoxes returns the boxes covering glyphs [s, e), one per line they fall on, so that a
// target broken over two lines is covered on both and nothing between.
func spanBoxes(glyphs []glyph, s, e int) []pdfBox {
	var out []pdfBox
	for i := s; i < e; i++ {
		g := glyphs[i]
		if i > s && sameLine(glyphs[i-1].box, g.box) && g.box.x0 >= glyphs[i-1].box.x0 {
			out[len(out)-1] = out[len(out)-1].union(g.box)
			continue
		}
		out = append(out, g.box)
	}
	return out
}
