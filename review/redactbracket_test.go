package review

import (
	"image"
	"image/draw"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"shendang.gov.cn/shendang/assets"
)

// scanLine draws text in black on white as a 300 dpi scan of 12 pt type would have it (50
// pixels a CJK character), with gap more pixels after each character but the last and last
// more before the last (negative: nearer), and returns the image and the columns each
// character's ink spans.
func scanLine(t *testing.T, text string, gap, last float64) (*image.Gray, [][2]int) {
	t.Helper()
	f, err := opentype.Parse(assets.UIFont())
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 50, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		t.Fatal(err)
	}
	defer face.Close()
	img := image.NewGray(image.Rect(0, 0, 1400, 100))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	var cols [][2]int
	x := 20.0
	n := len([]rune(text))
	for i, r := range []rune(text) {
		if i == n-1 {
			x += last - gap
		}
		before := inkColumns(img)
		d := &font.Drawer{Dst: img, Src: image.Black, Face: face, Dot: fixed.Point26_6{X: fixed.Int26_6(x * 64), Y: fixed.I(70)}}
		d.DrawString(string(r))
		adv, _ := face.GlyphAdvance(r)
		x += float64(adv)/64 + gap
		after := inkColumns(img)
		lo, hi := -1, -1
		for c := range after {
			if after[c] && !before[c] {
				if lo < 0 {
					lo = c
				}
				hi = c + 1
			}
		}
		cols = append(cols, [2]int{lo, hi})
	}
	return img, cols
}

// inkColumns says which columns of img hold ink.
func inkColumns(img *image.Gray) []bool {
	out := make([]bool, img.Bounds().Dx())
	for x := range out {
		out[x] = columnInk(img, x, 0, img.Bounds().Dy())
	}
	return out
}

// TestRedactScanKeepsBracket: OCR boxes an ID number and the closing bracket after it as one
// word ("350203198506150011）"); painting the number out of the scan leaves the bracket's ink
// (a walker's copy lost it) and none of the digits', whether the bracket's ink stands a few
// pixels from the last digit's or nearly touches it, and whether Tesseract read the bracket
// as full-width or ASCII.
func TestRedactScanKeepsBracket(t *testing.T) {
	const id = "350203198506150011"
	for _, tt := range []struct {
		name      string
		drawn     string  // what the scan shows
		read      string  // what OCR read
		gap, last float64 // pixels between the characters beyond their advance, and before the bracket
	}{
		{"full-width bracket", id + "）", id + "）", 0, 0},
		{"full-width bracket near", id + "）", id + "）", 0, -5},
		{"digits touching", id + "）", id + "）", -7, 0},
		{"digits touching, bracket near", id + "）", id + "）", -7, -5},
		{"ASCII bracket, digits touching", id + ")", id + ")", -7, 2},
		{"read as ASCII, drawn full-width", id + "）", id + ")", -7, -4},
	} {
		t.Run(tt.name, func(t *testing.T) {
			img, cols := scanLine(t, tt.drawn, tt.gap, tt.last)
			if c := cols[len(cols)-1]; c[0] <= cols[len(cols)-2][1] {
				t.Fatalf("the bracket's ink %v touches the last digit's %v", c, cols[len(cols)-2])
			}
			last := cols[len(cols)-1]
			// Tesseract's box bounds the word's ink, a pixel or two loose.
			words := []pageWord{{text: tt.read, box: pdfBox{float64(cols[0][0] - 2), 15, float64(last[1] + 2), 85}}}
			p := imagePage(img, words)
			scale := float64(img.Bounds().Dx()) / p.words.width
			if missing := p.place([]PDFTarget{{Page: 1, Text: id, Replacement: "35*************011"}}); len(missing) > 0 {
				t.Fatalf("the number is not found: %+v", missing)
			}
			p.measureSpans(img, scale)
			out := grayOf(paintOver(img, p.pageBoxes(), scale))
			ink := inkColumns(out)
			for i, c := range cols {
				left := 0
				for x := c[0]; x < c[1]; x++ {
					if ink[x] {
						left++
					}
				}
				switch {
				case i < len(id) && left > 0:
					t.Errorf("digit %d (%c): %d of its ink columns %v are left", i, []rune(tt.drawn)[i], left, c)
				case i == len(id) && left < c[1]-c[0]:
					t.Errorf("the bracket keeps %d of its %d ink columns %v", left, c[1]-c[0], c)
				}
			}
		})
	}
}
