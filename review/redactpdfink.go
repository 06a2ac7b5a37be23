package review

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"strings"
	"unicode"
)

// OCR gives a box for each word, and a Chinese word is often a whole run of characters
// ("11010519491231002X。"). Where a target ends inside such a word, its characters' boxes are
// found from the ink of the page image: the columns of the word's box that hold dark pixels
// fall into runs, and the runs are shared out among the word's characters so that each gets
// about the width its kind of character has (one em for a CJK character, a little over half
// for a digit). This places the boundary between 2 and X in "002X。" where the pixels say, not
// where an average width would put it.

// inkThreshold is the grey level under which a pixel counts as ink.
const inkThreshold = 128

// maxInkRuns bounds the runs shared out in one word: past it the word is split by widths.
const maxInkRuns = 240

// inkGlyphs spreads each OCR word (box in pixels of img) over its characters using the ink of
// img, and returns the glyphs in points (scale points per pixel), boxed from their ink, with
// the word's height. A word whose ink cannot be shared out falls back to em widths.
func inkGlyphs(img image.Image, words []pageWord, scale float64) []glyph {
	img = grayOf(img)
	var out []glyph
	for wi, w := range words {
		runes := []rune(strings.Join(strings.Fields(w.text), ""))
		if len(runes) == 0 {
			continue
		}
		cols := inkRuns(img, w.box)
		groups := shareRuns(cols, runes)
		if groups == nil {
			out = append(out, peeledGlyphs(w, wi, runes, cols, scale)...)
			continue
		}
		for i, r := range runes {
			b := pdfBox{groups[i][0], w.box.y0, groups[i][1], w.box.y1}
			out = append(out, glyph{r, wi, b.scaled(scale), false})
		}
	}
	return out
}

// peeledGlyphs places the characters of a word whose ink runs are fewer than its characters
// (digits that touch in a scan): the punctuation at either end that has a run of its own —
// the bracket of "350203198506150011）" — gets that run, and the characters between are
// shared by em widths over the ink between, so that painting out the number leaves the
// bracket's ink (a scan's copy lost it when the whole word was shared by widths). Without
// such punctuation the word is shared by widths over its box.
func peeledGlyphs(w pageWord, wi int, runes []rune, runs [][2]float64, scale float64) []glyph {
	head, tail := peel(runes, runs)
	if head == 0 && tail == 0 {
		gs := pageGlyphs([]pageWord{w}, nil)
		for i := range gs {
			gs[i].word, gs[i].box = wi, gs[i].box.scaled(scale)
		}
		return gs
	}
	own := func(r rune, run [2]float64) glyph {
		return glyph{r, wi, pdfBox{run[0], w.box.y0, run[1], w.box.y1}.scaled(scale), false}
	}
	var out []glyph
	for i := range head {
		out = append(out, own(runes[i], runs[i]))
	}
	m := len(runs)
	mid := pageWord{text: string(runes[head : len(runes)-tail]), box: pdfBox{runs[head][0], w.box.y0, runs[m-tail-1][1], w.box.y1}}
	for _, g := range pageGlyphs([]pageWord{mid}, nil) {
		// widen may have widened a narrow digit past the ink between, over the bracket's
		g.box.x0, g.box.x1 = max(g.box.x0, mid.box.x0), min(g.box.x1, mid.box.x1)
		g.word, g.box = wi, g.box.scaled(scale)
		out = append(out, g)
	}
	for k := tail; k > 0; k-- {
		out = append(out, own(runes[len(runes)-k], runs[m-k]))
	}
	return out
}

// peel returns how many characters at the start and at the end of a word are punctuation
// that can each take one ink run of its own, leaving at least one run for the characters
// between. It peels only from a word whose characters outnumber its runs.
func peel(runes []rune, runs [][2]float64) (head, tail int) {
	if len(runs) >= len(runes) || len(runs) > maxInkRuns {
		return 0, 0
	}
	punct := func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }
	for len(runes)-head-tail > 1 && len(runs)-head-tail > 1 && punct(runes[len(runes)-1-tail]) {
		tail++
	}
	for len(runes)-head-tail > 1 && len(runs)-head-tail > 1 && punct(runes[head]) {
		head++
	}
	return head, tail
}

func (b pdfBox) scaled(s float64) pdfBox {
	return pdfBox{b.x0 * s, b.y0 * s, b.x1 * s, b.y1 * s}
}

// refineByInk re-shares, from the ink of the page's image (scale pixels per point), each word
// whose glyphs' boxes are guessed from em widths and that holds part of a target: a font
// whose widths are not those pageGlyphs assumes (a fallback font LibreOffice drew a draft
// with, say) would put the boundary between a target and its neighbours elsewhere than the
// ink, and a whole character could be left on the page.
func (p *plannedPage) refineByInk(img image.Image, scale float64) {
	var gray *image.Gray // converted when a word first needs it
	for i := 0; i < len(p.glyphs); {
		j := i
		for j < len(p.glyphs) && p.glyphs[j].word == p.glyphs[i].word {
			j++
		}
		if p.glyphs[i].guessed && p.spansAny(i, j) {
			if gray == nil {
				gray = grayOf(img)
			}
			p.shareWord(gray, scale, p.glyphs[i:j])
		}
		i = j
	}
}

// spansAny says whether any of glyphs [i, j) is inside a span.
func (p *plannedPage) spansAny(i, j int) bool {
	for k := i; k < j; k++ {
		if p.masked(k) {
			return true
		}
	}
	return false
}

// shareWord sets the glyphs of one word (in points) from the ink runs of their box in img.
func (p *plannedPage) shareWord(img image.Image, scale float64, gs []glyph) {
	box, runes := gs[0].box, make([]rune, len(gs))
	for k, g := range gs {
		box, runes[k] = box.union(g.box), g.r
	}
	groups := shareRuns(inkRuns(img, box.scaled(scale)), runes)
	for k := range groups {
		gs[k].box.x0, gs[k].box.x1, gs[k].guessed = groups[k][0]/scale, groups[k][1]/scale, false
	}
}

// inkRuns returns the runs of columns of img that hold ink within the rows of box and meet its
// columns: a run that crosses the box's edge (Tesseract's word boxes sometimes clip the first
// or last character) is followed out to where its ink ends, up to half the box's height.
func inkRuns(img image.Image, box pdfBox) [][2]float64 {
	ext := (box.y1 - box.y0) / 2
	r := image.Rect(int(box.x0-ext), int(box.y0), int(math.Ceil(box.x1+ext)), int(math.Ceil(box.y1))).Intersect(img.Bounds())
	var runs [][2]float64
	start := -1
	for x := r.Min.X; x <= r.Max.X; x++ {
		ink := x < r.Max.X && columnInk(img, x, r.Min.Y, r.Max.Y)
		switch {
		case ink && start < 0:
			start = x
		case !ink && start >= 0:
			if float64(x) > box.x0 && float64(start) < box.x1 {
				runs = append(runs, [2]float64{float64(start), float64(x)})
			}
			start = -1
		}
	}
	return runs
}

func columnInk(img image.Image, x, y0, y1 int) bool {
	if g, ok := img.(*image.Gray); ok {
		for y := y0; y < y1; y++ {
			if g.Pix[g.PixOffset(x, y)] < inkThreshold {
				return true
			}
		}
		return false
	}
	for y := y0; y < y1; y++ {
		if color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y < inkThreshold {
			return true
		}
	}
	return false
}

// grayOf returns img in grey, converted once: the ink is read pixel by pixel, column after
// column, and converting each pixel as it is read made a photographed page take minutes
// under the race detector.
func grayOf(img image.Image) *image.Gray {
	if g, ok := img.(*image.Gray); ok {
		return g
	}
	g := image.NewGray(img.Bounds())
	draw.Draw(g, g.Bounds(), img, img.Bounds().Min, draw.Src)
	return g
}

// shareRuns shares the ink runs out among the characters in order, every run to some
// character and each character at least one run, so that the widths of the groups best fit
// the characters' em widths (least squares, by dynamic programming), and returns each
// character's extent; nil when there are fewer runs than characters (touching glyphs) or too
// many to share. No run is left out: ink that Tesseract boxed with the word but did not read
// goes to a neighbouring character, so a target may be painted out too widely, never too
// narrowly.
func shareRuns(runs [][2]float64, runes []rune) [][2]float64 {
	n, m := len(runes), len(runs)
	if m < n || m > maxInkRuns || n == 0 {
		return nil
	}
	ems := 0.0
	for _, r := range runes {
		ems += emWidth(r)
	}
	em := (runs[m-1][1] - runs[0][0]) / ems
	// cost[i][j]: best cost of giving runs[:j] to runes[:i]; from[i][j]: where rune i-1's group starts.
	cost := make([][]float64, n+1)
	from := make([][]int, n+1)
	for i := range cost {
		cost[i], from[i] = make([]float64, m+1), make([]int, m+1)
		for j := range cost[i] {
			cost[i][j] = math.Inf(1)
		}
	}
	cost[0][0] = 0
	for i := 1; i <= n; i++ {
		want := emWidth(runes[i-1]) * em
		for j := i; j <= m-(n-i); j++ {
			for k := i - 1; k < j; k++ {
				if math.IsInf(cost[i-1][k], 1) {
					continue
				}
				d := runs[j-1][1] - runs[k][0] - want
				if c := cost[i-1][k] + d*d; c < cost[i][j] {
					cost[i][j], from[i][j] = c, k
				}
			}
		}
	}
	out := make([][2]float64, n)
	for i, j := n, m; i > 0; i-- {
		k := from[i][j]
		out[i-1] = [2]float64{runs[k][0], runs[j-1][1]}
		j = k
	}
	return out
}
