package review

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// redactDPI is the resolution a text page is rasterised at: at 200 dpi 五号 text stays sharp
// on screen and in print, and an A4 page is about 3.7 million pixels.
const redactDPI = 200

// pdfFontName is the name the bundled font is registered under in the rasterised pages.
const pdfFontName = "cjk"

// plannedPage is one page to rasterise: its words, the glyphs they were spread over, the
// glyph ranges to remove with what replaces each, and how the words were found.
type plannedPage struct {
	n       int
	words   pageWords
	glyphs  []glyph
	spans   []plannedSpan
	ocr     bool // the words came from OCR of the page image
	scanned bool // the page had no text of its own
	// kept is how many occurrences of a text targeted at one occurrence are not masked, by
	// the text folded (foldText).
	kept map[string]int
}

// plannedSpan is one occurrence of a target on the page.
type plannedSpan struct {
	s, e        int
	replacement string
	// inkTop and inkBottom are the median top and bottom of the ink of the span's characters
	// on its first line, in points, and inkEm the part of an em that ink is high (a digit's
	// 0.73, a Chinese character's 0.88), when the page is a scan measured (measureSpans);
	// inkEm is 0 otherwise.
	inkTop, inkBottom, inkEm float64
}

// masked says whether glyph i is inside a span.
func (p *plannedPage) masked(i int) bool {
	for _, sp := range p.spans {
		if i >= sp.s && i < sp.e {
			return true
		}
	}
	return false
}

// renderPage renders page n of the PDF at path with poppler's pdftoppm into dir, without its
// annotations (whose appearances could show what is removed), and returns the image.
func (t *pdfTools) renderPage(ctx context.Context, path, dir string, n, dpi int, gray bool) (image.Image, error) {
	root := filepath.Join(dir, "render"+strconv.Itoa(n))
	args := []string{"-png", "-hide-annotations", "-r", strconv.Itoa(dpi), "-f", strconv.Itoa(n), "-l", strconv.Itoa(n), "-singlefile"}
	if gray {
		args = append(args, "-gray")
	}
	if _, err := t.run(ctx, t.pdftoppm, append(args, path, root)...); err != nil {
		return nil, err
	}
	defer os.Remove(root + ".png")
	f, err := os.Open(root + ".png")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("pdftoppm's image: %w", err)
	}
	if _, ok := img.(*image.Gray); gray && !ok {
		// pdftoppm -gray -png writes its grey pixels as RGB.
		g := image.NewGray(img.Bounds())
		draw.Draw(g, g.Bounds(), img, img.Bounds().Min, draw.Src)
		img = g
	}
	return img, nil
}

// paintOver returns a copy of img with every box (in points; scale pixels per point) filled
// with the paper's colour around it (white on a rendered page, the paper's tint on a photo),
// with a pixel's margin: the characters under it are gone from the pixels.
// Where ink crosses a box's left or right edge, the box is first widened to where that ink
// ends (up to half the box's height): a character the box misjudged by a little is painted
// out whole rather than leaving a sliver that can be read.
// Neither the margin nor the widening reaches past a box's limits, the ink of the characters
// beside it that stay (the bracket after an ID number).
// A grey image (a scan) stays grey, a third of the size of a colour one.
func paintOver(img image.Image, boxes []paintBox, scale float64) draw.Image {
	var out draw.Image = image.NewRGBA(img.Bounds())
	if _, grey := img.(*image.Gray); grey {
		out = image.NewGray(img.Bounds())
	}
	draw.Draw(out, out.Bounds(), img, img.Bounds().Min, draw.Src)
	origin := img.Bounds().Min
	for _, b := range boxes {
		r := image.Rect(int(b.x0*scale), int(b.y0*scale), int(b.x1*scale+0.999), int(b.y1*scale+0.999))
		r = followInk(out, r.Add(origin).Intersect(out.Bounds())).Inset(-1).Intersect(out.Bounds())
		if x := int(math.Ceil(b.left*scale)) + origin.X; b.left > math.Inf(-1) && x > r.Min.X {
			r.Min.X = x
		}
		if x := int(math.Floor(b.right*scale)) + origin.X; b.right < math.Inf(1) && x < r.Max.X {
			r.Max.X = x
		}
		if r.Empty() {
			continue
		}
		draw.Draw(out, r, image.NewUniform(paperAround(out, r)), image.Point{}, draw.Src)
	}
	return out
}

// paintBox is a box to paint out, in points, and how far left and right painting it may
// reach: to the ink of the characters beside it that stay, or without limit (±Inf).
type paintBox struct {
	pdfBox
	left, right float64
}

// unlimited returns boxes to paint with no limits.
func unlimited(boxes ...pdfBox) []paintBox {
	out := make([]paintBox, len(boxes))
	for i, b := range boxes {
		out[i] = paintBox{b, math.Inf(-1), math.Inf(1)}
	}
	return out
}

// paperAround returns the colour of the paper around r: per channel, the median of the pixels
// on the ring just outside it, most of which are paper whatever ink crosses it; white when r
// has no ring inside img.
func paperAround(img image.Image, r image.Rectangle) color.Color {
	ring := r.Inset(-1).Intersect(img.Bounds())
	var rs, gs, bs []uint8
	add := func(x, y int) {
		if (image.Point{x, y}).In(r) {
			return
		}
		c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
		rs, gs, bs = append(rs, c.R), append(gs, c.G), append(bs, c.B)
	}
	for x := ring.Min.X; x < ring.Max.X; x++ {
		add(x, ring.Min.Y)
		add(x, ring.Max.Y-1)
	}
	for y := ring.Min.Y; y < ring.Max.Y; y++ {
		add(ring.Min.X, y)
		add(ring.Max.X-1, y)
	}
	if len(rs) == 0 {
		return color.White
	}
	return color.RGBA{median(rs), median(gs), median(bs), 0xff}
}

func median(v []uint8) uint8 {
	slices.Sort(v)
	return v[len(v)/2]
}

// followInk widens r to the left and right while ink crosses its edge — the column inside the
// edge and the one outside both hold ink in its rows — by up to half its height each way.
func followInk(img image.Image, r image.Rectangle) image.Rectangle {
	limit := r.Dy() / 2
	b := img.Bounds()
	if r.Empty() {
		return r
	}
	if columnInk(img, r.Min.X, r.Min.Y, r.Max.Y) {
		for n := 0; n < limit && r.Min.X > b.Min.X && columnInk(img, r.Min.X-1, r.Min.Y, r.Max.Y); n++ {
			r.Min.X--
		}
	}
	if columnInk(img, r.Max.X-1, r.Min.Y, r.Max.Y) {
		for n := 0; n < limit && r.Max.X < b.Max.X && columnInk(img, r.Max.X, r.Min.Y, r.Max.Y); n++ {
			r.Max.X++
		}
	}
	return r
}

// pageBoxes returns every box the page's spans cover. A box found by OCR bounds the ink of its
// characters and nothing more, so it is widened by a little (0.6 pt, 2.5 pixels of a 300 dpi
// scan, less than the gap between two characters) and heightened by more.
//
// On a scan, where the characters' boxes come from their ink, a box reaches no further than
// the ink of the characters that stay beside it on its line (see limits).
func (p *plannedPage) pageBoxes() []paintBox {
	var out []paintBox
	for _, sp := range p.spans {
		for _, b := range spanBoxes(p.glyphs, sp.s, sp.e) {
			pb := unlimited(b)[0]
			if p.ocr {
				pb.left, pb.right = p.limits(b)
				pb.pdfBox = pdfBox{b.x0 - 0.6, b.y0 - 1.5, b.x1 + 0.6, b.y1 + 1.5}
			}
			out = append(out, pb)
		}
	}
	return out
}

// limits returns where the nearest glyphs that stay on b's line, left and right of it, begin
// their ink: the right edge of the one before, the left edge of the one after (±Inf when
// there is none). Only glyphs boxed from their own ink count: a box guessed from widths may
// lie over a masked character's ink, and stopping there would leave part of it.
func (p *plannedPage) limits(b pdfBox) (left, right float64) {
	left, right = math.Inf(-1), math.Inf(1)
	for i, g := range p.glyphs {
		if g.guessed || p.masked(i) || !sameLine(g.box, b) || unicode.IsSpace(g.r) {
			continue
		}
		if g.box.x1 <= b.x0 && g.box.x1 > left {
			left = g.box.x1
		}
		if g.box.x0 >= b.x1 && g.box.x0 < right {
			right = g.box.x0
		}
	}
	return left, right
}

// rasterDoc builds the PDF of the rasterised pages, one after another, with gofpdf: each page
// is its image with the replacements painted into it over their boxes, and its text written
// again as invisible text (render mode 3) at its place, a line at a time with each replacement
// inside its line, so that it can be still found, selected and copied, and a reader's
// extraction reads a line as one line.
type rasterDoc struct {
	pdf   *gofpdf.Fpdf
	face  *opentype.Font // the font the replacements are painted in, or nil
	count int
}

// newRasterDoc returns the document whose text layer is written in font (TrueType, as gofpdf
// needs) and whose replacements are painted in paint (the window's face, OpenType; font when
// empty).
func newRasterDoc(font, paint []byte) *rasterDoc {
	pdf := gofpdf.NewCustom(&gofpdf.InitType{UnitStr: "pt", Size: gofpdf.SizeType{Wd: 595.28, Ht: 841.89}})
	fixed := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC) // the dates are dropped when the pages are copied
	pdf.SetCatalogSort(true)
	pdf.SetProducer("", false) // not "FPDF 1.7": the copy of an image is this document itself
	pdf.SetCreationDate(fixed)
	pdf.SetModificationDate(fixed)
	pdf.SetCompression(true)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	// gofpdf writes into the bytes it is given while it subsets them: the painter's are its own.
	if len(paint) == 0 {
		paint = font
	}
	face, err := opentype.Parse(bytes.Clone(paint))
	if err != nil {
		face = nil // gofpdf's own parse of the same bytes reports the fault when a page is added
	}
	pdf.AddUTF8FontFromBytes(pdfFontName, "", font)
	return &rasterDoc{pdf: pdf, face: face}
}

// addPage adds page p drawn from img (its pixels already painted over), as a PNG.
func (d *rasterDoc) addPage(p *plannedPage, img draw.Image) error {
	return d.addPageAs(p, img, false)
}

// jpegQuality is the quality a photograph's page is encoded at: a photo as PNG is several
// times the size of its JPEG, and at 90 the painted areas stay plain white.
const jpegQuality = 90

// addPageAs adds page p drawn from img, its replacements painted into it, encoded as a JPEG
// (a photograph's) or a PNG.
func (d *rasterDoc) addPageAs(p *plannedPage, img draw.Image, asJPEG bool) error {
	if err := paintReplacements(d.face, p, img); err != nil {
		return err
	}
	var buf bytes.Buffer
	opt := gofpdf.ImageOptions{ImageType: "PNG"}
	var err error
	if asJPEG {
		opt.ImageType = "JPG"
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: jpegQuality})
	} else {
		err = png.Encode(&buf, img)
	}
	if err != nil {
		return err
	}
	d.count++
	name := "page" + strconv.Itoa(d.count)
	w, h := p.words.width, p.words.height
	pdf := d.pdf
	pdf.AddPageFormat("P", gofpdf.SizeType{Wd: w, Ht: h})
	pdf.RegisterImageOptionsReader(name, opt, &buf)
	pdf.ImageOptions(name, 0, 0, w, h, false, opt, 0, "")
	pdf.SetTextColor(0, 0, 0)
	pdf.SetTextRenderingMode(3)
	p.layerRuns(func(run []glyph) { d.writeRun(p, run) })
	pdf.SetTextRenderingMode(0)
	return pdf.Error()
}

// layerRuns calls write with each run of the page's text layer in order: the glyphs of one
// line, each span's replacement in place of its glyphs.
func (p *plannedPage) layerRuns(write func(run []glyph)) {
	var run []glyph
	add := func(g glyph) {
		if n := len(run); n > 0 && (!sameLine(run[n-1].box, g.box) || g.box.x0 < run[n-1].box.x0) {
			write(run)
			run = run[:0]
		}
		run = append(run, g)
	}
	for i, g := range p.glyphs {
		if sp, first := p.spanAt(i); sp != nil {
			if first {
				for _, rg := range replacementGlyphs(p, *sp) {
					add(rg)
				}
			}
			continue
		}
		if drawable(g.r) {
			add(g)
		}
	}
	if len(run) > 0 {
		write(run)
	}
}

// spanAt returns the span glyph i is inside, if any, and whether i is its first glyph.
func (p *plannedPage) spanAt(i int) (*plannedSpan, bool) {
	for k, sp := range p.spans {
		if i >= sp.s && i < sp.e {
			return &p.spans[k], i == sp.s
		}
	}
	return nil, false
}

// writeRun writes a run of glyphs on one line into the invisible text layer as one string, a
// space where the glyphs stand apart by more than a quarter em, scaled across (Tz) to span
// the glyphs' boxes: a reader's extraction gets the line as a line, as it was in the file
// (the check of the copy reads it so), and a selection still covers the words on the image.
func (d *rasterDoc) writeRun(p *plannedPage, run []glyph) {
	if len(run) == 0 {
		return
	}
	size, base := p.fontFor(run[0].box)
	text := runText(p, run)
	d.pdf.SetFont(pdfFontName, "", size)
	room := run[len(run)-1].box.x1 - run[0].box.x0
	if w := d.pdf.GetStringWidth(text); w > 0 && room > 0 {
		d.pdf.RawWriteStr(fmt.Sprintf("%.2f Tz\n", 100*room/w))
	}
	d.pdf.Text(run[0].box.x0, base, text)
	d.pdf.RawWriteStr("100 Tz\n")
}

// runText is a run of glyphs on one line as text, a space where the glyphs stand apart by
// more than a quarter em.
func runText(p *plannedPage, run []glyph) string {
	size, _ := p.fontFor(run[0].box)
	var b strings.Builder
	for i, g := range run {
		if i > 0 && g.box.x0-run[i-1].box.x1 > size/4 {
			b.WriteByte(' ')
		}
		b.WriteRune(g.r)
	}
	return b.String()
}

// replacementText is the characters of a span's replacement that can be written.
func replacementText(sp plannedSpan) []rune {
	return []rune(strings.Map(func(r rune) rune {
		if drawable(r) {
			return r
		}
		return -1
	}, sp.replacement))
}

// replacementGlyphs are a span's replacement as glyphs of the text layer, sharing out its
// first box: written in its line's run, the line reads as one line with the replacement in it.
// A span broken over two lines gets its replacement on the first.
func replacementGlyphs(p *plannedPage, sp plannedSpan) []glyph {
	text := replacementText(sp)
	if len(text) == 0 {
		return nil
	}
	box := spanBoxes(p.glyphs, sp.s, sp.e)[0]
	w := (box.x1 - box.x0) / float64(len(text))
	out := make([]glyph, len(text))
	for k, r := range text {
		b := box
		b.x0, b.x1 = box.x0+float64(k)*w, box.x0+float64(k+1)*w
		out[k] = glyph{r: r, box: b, guessed: true}
	}
	return out
}

// paintReplacements paints each span's replacement into img over its first box in face, at
// the size of its line's text and on its baseline (spanFont: the value's own ink on a scan), smaller if it would not fit, its
// characters spread to fill the box when it is narrower: the line keeps its length. They are
// pixels, as the rest of the page; the text layer has them in their lines (replacementGlyphs).
func paintReplacements(face0 *opentype.Font, p *plannedPage, img draw.Image) error {
	if len(p.spans) == 0 {
		return nil
	}
	if face0 == nil {
		return errors.New("the font cannot be parsed to paint the replacements")
	}
	scale := float64(img.Bounds().Dx()) / p.words.width
	for _, sp := range p.spans {
		text := replacementText(sp)
		if len(text) == 0 {
			continue
		}
		box := spanBoxes(p.glyphs, sp.s, sp.e)[0]
		size, base := p.spanFont(sp, box)
		room := (box.x1 - box.x0) * scale
		face, err := opentype.NewFace(face0, &opentype.FaceOptions{Size: size * scale, DPI: 72, Hinting: font.HintingNone})
		if err != nil {
			return err
		}
		dr := &font.Drawer{Dst: img, Src: image.Black, Face: face}
		w := float64(dr.MeasureString(string(text))) / 64
		if w > room && w > 0 {
			face.Close()
			if face, err = opentype.NewFace(face0, &opentype.FaceOptions{Size: size * scale * room / w, DPI: 72, Hinting: font.HintingNone}); err != nil {
				return err
			}
			dr.Face = face
			w = room
		}
		spacing := (room - w) / float64(len(text))
		x := box.x0*scale + float64(img.Bounds().Min.X)
		y := base*scale + float64(img.Bounds().Min.Y)
		for _, r := range text {
			dr.Dot = fixed.Point26_6{X: fixed.Int26_6(x * 64), Y: fixed.Int26_6(y * 64)}
			dr.DrawString(string(r))
			adv, _ := face.GlyphAdvance(r)
			x += float64(adv)/64 + spacing
		}
		face.Close()
	}
	return nil
}

// fontFor returns the font size and baseline of text in box b. Poppler's box runs from the
// font's ascent to its descent, 1.3 ems high with the baseline at 73 %; OCR's bounds the ink,
// about 0.8 em high for digits and Chinese alike, standing on the baseline.
func (p *plannedPage) fontFor(b pdfBox) (size, baseline float64) {
	h := b.y1 - b.y0
	if p.ocr {
		return max(h/0.8, 1), b.y1
	}
	return max(h/1.3, 1), b.y0 + h*0.73
}

// measureSpans measures, on a page read by OCR, the ink of each span's characters in img
// (scale pixels a point) before it is painted out: the replacement is painted at that height
// and on that baseline (spanFont). The median of the characters' is taken, so that a bracket
// or a misread character boxed with the value paints neither larger nor lower than the line.
func (p *plannedPage) measureSpans(img image.Image, scale float64) {
	if !p.ocr {
		return
	}
	g := grayOf(img)
	b := g.Bounds()
	for k := range p.spans {
		sp := &p.spans[k]
		first := spanBoxes(p.glyphs, sp.s, sp.e)[0]
		var tops, bottoms []float64
		digits := 0
		for i := sp.s; i < sp.e; i++ {
			gl := p.glyphs[i]
			if !sameLine(gl.box, first) || unicode.IsPunct(gl.r) || unicode.IsSpace(gl.r) {
				continue
			}
			digits += boolInt(gl.r < 0x80)
			h := gl.box.y1 - gl.box.y0
			r := image.Rect(int(gl.box.x0*scale), int((gl.box.y0-h/3)*scale), int(gl.box.x1*scale+1), int((gl.box.y1+h/3)*scale+1)).Intersect(b)
			top, bottom := -1, -1
			for y := r.Min.Y; y < r.Max.Y; y++ {
				for x := r.Min.X; x < r.Max.X; x++ {
					if g.Pix[g.PixOffset(x, y)] < inkThreshold {
						if top < 0 {
							top = y
						}
						bottom = y + 1
						break
					}
				}
			}
			if top >= 0 {
				tops = append(tops, float64(top)/scale)
				bottoms = append(bottoms, float64(bottom)/scale)
			}
		}
		if len(tops) == 0 {
			continue
		}
		slices.Sort(tops)
		slices.Sort(bottoms)
		sp.inkTop, sp.inkBottom, sp.inkEm = tops[len(tops)/2], bottoms[len(bottoms)/2], 0.88
		if 2*digits > len(tops) {
			sp.inkEm = 0.73
		}
	}
}

// spanFont returns the size and baseline to paint span sp's replacement over box b in: the
// height and bottom of the value's own ink where it was measured, fontFor's otherwise.
func (p *plannedPage) spanFont(sp plannedSpan, b pdfBox) (size, baseline float64) {
	if sp.inkEm > 0 && sp.inkBottom > sp.inkTop {
		return (sp.inkBottom - sp.inkTop) / sp.inkEm, sp.inkBottom
	}
	return p.fontFor(b)
}

// drawable says whether gofpdf can write r: it panics on characters outside the Basic
// Multilingual Plane, and control characters have no glyph.
func drawable(r rune) bool {
	return r >= 0x20 && r <= 0xffff && !(r >= 0xd800 && r <= 0xdfff) && r != 0xfffd
}

// write writes the PDF of the rasterised pages to path.
func (d *rasterDoc) write(path string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("write rasterised pages: %v", r)
		}
	}()
	if d.pdf.Err() {
		return fmt.Errorf("draw rasterised pages: %w", d.pdf.Error())
	}
	return d.pdf.OutputFileAndClose(path)
}
