package review

import (
	"math"
	"os"
	"sort"
	"unicode"

	"github.com/ledongthuc/pdf"
)

// contentLefts returns, for each word of page n whose characters the PDF text library finds
// drawn on the word's line and within its box, the left edge of each character in points from
// the page's left: the content stream's own positions, where pageGlyphs would otherwise guess
// from em widths. A word whose characters do not come out exactly as poppler read them is left
// out (it keeps the estimate), as is every word when the library fails on the file.
func contentLefts(path string, n int, pw pageWords) (lefts map[int][]float64) {
	defer func() {
		if recover() != nil {
			lefts = nil // the library panics on some malformed content
		}
	}()
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil
	}
	r, err := pdf.NewReader(f, info.Size())
	if err != nil || n > r.NumPage() {
		return nil
	}
	texts := r.Page(n).Content().Text
	sort.SliceStable(texts, func(i, j int) bool { return texts[i].X < texts[j].X })
	lefts = map[int][]float64{}
	for wi, w := range pw.words {
		if xs, ok := wordLefts(texts, w, pw.height); ok {
			lefts[wi] = xs
		}
	}
	return lefts
}

// wordLefts finds the characters of w among the page's drawn characters (sorted by X): those
// whose baseline lies within the word's box and whose left edge within its width, a character
// drawn again at the same place (a fake-bold or an ActualText overlay) once.
func wordLefts(texts []pdf.Text, w pageWord, height float64) ([]float64, bool) {
	want := []rune{}
	for _, r := range w.text {
		if !unicode.IsSpace(r) {
			want = append(want, r)
		}
	}
	const slack = 0.5
	var xs []float64
	var got []rune
	last := math.Inf(-1)
	for _, t := range texts {
		top := height - t.Y
		if t.X < w.box.x0-slack || t.X > w.box.x1-slack || top < w.box.y0 || top > w.box.y1 {
			continue
		}
		for _, r := range t.S {
			if unicode.IsSpace(r) || math.Abs(t.X-last) < 0.01 {
				continue
			}
			got, xs, last = append(got, r), append(xs, t.X), t.X
		}
	}
	if string(got) != string(want) {
		return nil, false
	}
	return xs, true
}
