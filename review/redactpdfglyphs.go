package review

import (
	"context"
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
func contentLefts(ctx context.Context, path string, n int, pw pageWords, limits Limits) (lefts map[int][]float64) {
	if !librarySafe(ctx, path, n, limits) {
		return nil
	}
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

// librarySafe says whether page n of the PDF at path may be given to the PDF text library: our
// own reader's survey (pdfsurvey.go) found it and nothing on it that makes the library loop
// or exhaust memory, and the file is not encrypted (the library cannot decrypt every kind).
func librarySafe(ctx context.Context, path string, n int, limits Limits) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return false
	}
	src := &source{r: f, size: info.Size(), ctx: ctx}
	pf, err := openPDFFile(src, src.unpackBudget(limits.MaxUnzipped))
	if err != nil || pf.trailer["Encrypt"] != nil {
		return false
	}
	sv, err := pf.survey(ctx)
	return err == nil && n <= len(sv.pages) && sv.pages[n-1].skip.none()
}

// wordLefts finds the characters of w among the page's drawn characters (sorted by X): those
// whose baseline lies within the word's box and whose left edge within its width, in order,
// each of the word's characters matched to the first such drawn character that is the same.
// A drawn character that matches none is passed over: the library reports a few characters
// that are not drawn (a CID font's extra code, a character drawn again at the same place).
func wordLefts(texts []pdf.Text, w pageWord, height float64) ([]float64, bool) {
	want := []rune{}
	for _, r := range w.text {
		if !unicode.IsSpace(r) {
			want = append(want, r)
		}
	}
	const slack = 0.5
	xs := make([]float64, 0, len(want))
	for _, t := range texts {
		top := height - t.Y
		if len(xs) == len(want) || t.X < w.box.x0-slack || t.X > w.box.x1-slack || top < w.box.y0 || top > w.box.y1 {
			continue
		}
		for _, r := range t.S {
			if len(xs) < len(want) && r == want[len(xs)] {
				xs = append(xs, t.X)
			}
		}
	}
	return xs, len(xs) == len(want) && len(want) > 0
}
