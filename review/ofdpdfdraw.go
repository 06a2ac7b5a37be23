package review

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/width"
)

// drawText writes a TextObject's codes: each code's text from its X and Y, its characters at
// the offsets DeltaX and DeltaY give (the face's own advances where they give none, or too few),
// in the object's fill colour, or as invisible text when the object is not filled.
func (d *ofdDrawer) drawText(o *ofdDrawText) {
	if len(o.codes) == 0 {
		return
	}
	d.begin(o.ctm.then(o.boundary[0]-d.box[0], o.boundary[1]-d.box[1]))
	defer d.end()
	pdf := d.pdf
	pdf.SetFontUnitSize(o.size)
	c := o.fill
	pdf.SetTextColor(c.r, c.g, c.b)
	pdf.SetFillColor(c.r, c.g, c.b)
	if o.invisible {
		pdf.SetTextRenderingMode(3)
		defer pdf.SetTextRenderingMode(0)
	}
	run := &ofdRun{d: d}
	for i := range o.codes {
		d.drawCode(o, &o.codes[i], run)
	}
	run.flush()
}

// drawCode writes one TextCode of object o, in runs. A character goes as far as DeltaX says,
// or, past the offsets given, as far as it goes in the faces OFD documents are written in (宋体,
// 仿宋, 黑体, 楷体: a full em for a Chinese character, half an em for a digit or a letter;
// ofdAdvance). The characters whose offsets are those advances (within a tenth of an em) are
// written as one string, stretched (Tz) to end where the offsets put its last character, so
// that a reader's extraction reads them as one word; a character the offsets move elsewhere
// starts a run of its own. An invisible line without offsets spans the object's boundary
// (redactofdscan.go).
func (d *ofdDrawer) drawCode(o *ofdDrawText, code *ofdTextCode, run *ofdRun) {
	runes := []rune(code.text.String())
	dx, dy := ofdDeltas(code.deltaX, len(runes)-1), ofdDeltas(code.deltaY, len(runes)-1)
	if len(dx) == 0 && len(dy) == 0 && o.invisible && o.boundaryOK && o.boundary[2] > code.x {
		run.flush()
		d.writeRun(code.x, code.y, d.writable(runes), o.boundary[2]-code.x)
		return
	}
	tol := o.size / 10
	if len(run.text) > 0 && (code.y != run.y || math.Abs(code.x-run.x-run.width) > tol) {
		run.flush() // the code does not go on where the run ends
	}
	x, y := code.x, code.y
	for i, r := range runes {
		_, ok := d.glyph(r)
		w := ofdAdvance(r, o.size)
		adv, step := w, 0.0
		if i < len(dx) {
			adv = dx[i]
		}
		if i < len(dy) {
			step = dy[i]
		}
		if !ok {
			run.flush()
		} else {
			run.add(r, x, y, adv, w)
			if math.Abs(adv-w) > tol || step != 0 {
				run.flush()
			}
		}
		x += adv
		y += step
	}
}

// ofdRun is the characters of a text object written as one string: where the first is, how
// far the advances go, and the last one's advance as given and as its own.
type ofdRun struct {
	d                             *ofdDrawer
	text                          []rune
	x, y, width, lastAdv, lastNat float64
}

// add appends r, at (x, y) when it starts the run, going adv where its own advance is w.
func (r *ofdRun) add(c rune, x, y, adv, w float64) {
	if len(r.text) == 0 {
		r.x, r.y, r.width = x, y, 0
	}
	r.text = append(r.text, c)
	r.width += adv
	r.lastAdv, r.lastNat = adv, w
}

// flush writes the run, ending where its last character's own advance ends, and empties it.
func (r *ofdRun) flush() {
	if len(r.text) > 0 {
		r.d.writeRun(r.x, r.y, string(r.text), r.width-r.lastAdv+r.lastNat)
	}
	r.text = r.text[:0]
}

// ofdAdvance is how far character r of the given size goes in the faces OFD documents are
// written in: a full em for the wide (Chinese characters, full-width forms and punctuation)
// and the ambiguous (“”、…), half an em for the rest.
func ofdAdvance(r rune, size float64) float64 {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth, width.EastAsianAmbiguous:
		return size
	}
	return size / 2
}

// writeRun writes text at (x, y), stretched to width when its own differs.
func (d *ofdDrawer) writeRun(x, y float64, text string, width float64) {
	if strings.TrimSpace(text) == "" {
		return
	}
	pdf := d.pdf
	if w := pdf.GetStringWidth(text); w > 0 && width > 0 && math.Abs(width-w) > w/200 {
		pdf.RawWriteStr(fmt.Sprintf("%.2f Tz\n", min(max(100*width/w, 10), 1000)))
		defer pdf.RawWriteStr("100 Tz\n")
	}
	pdf.Text(x, y, text)
}

// glyph returns the advance of r in the face, and whether the face can write it; each other
// character is counted as not drawn. White space is written as a space.
func (d *ofdDrawer) glyph(r rune) (float64, bool) {
	switch {
	case r == '\n' || r == '\r' || r == '\t':
		r = ' '
	case !drawable(r) || !d.hasGlyph(r):
		d.note("字体中没有的字符")
		return 0, false
	}
	return d.pdf.GetStringWidth(string(r)), true
}

// writable is the text of runes the face can write, white space as spaces; each other
// character is counted as not drawn.
func (d *ofdDrawer) writable(runes []rune) string {
	var b strings.Builder
	for _, r := range runes {
		if _, ok := d.glyph(r); ok {
			if unicode.IsSpace(r) {
				r = ' '
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// hasGlyph says whether the face has a glyph for r; every character when the face does not
// parse (gofpdf then reports it).
func (d *ofdDrawer) hasGlyph(r rune) bool {
	if d.face == nil {
		return true
	}
	if r == ' ' {
		return true
	}
	g, err := d.face.GlyphIndex(&d.sbuf, r)
	return err == nil && g != 0
}

// ofdDeltas reads a DeltaX or DeltaY: numbers, "g N v" standing for N times v; at most n.
func ofdDeltas(s string, n int) []float64 {
	f := strings.Fields(s)
	var out []float64
	for i := 0; i < len(f) && len(out) < n; i++ {
		if f[i] == "g" {
			if i+2 >= len(f) {
				break
			}
			count, err1 := strconv.Atoi(f[i+1])
			v, err2 := strconv.ParseFloat(f[i+2], 64)
			if err1 != nil || err2 != nil || !ofdFinite(v) {
				break
			}
			for k := 0; k < count && len(out) < n; k++ {
				out = append(out, v)
			}
			i += 2
			continue
		}
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil || !ofdFinite(v) {
			break
		}
		out = append(out, v)
	}
	return out
}

// ofdFinite says whether v is a number a page can hold.
func ofdFinite(v float64) bool { return v > -1e5 && v < 1e5 }

// ofdImageUnit is the square, in millimetres, an image is drawn into before its CTM scales it:
// gofpdf writes an image's placement to two decimals of a point, too coarse for a unit square.
const ofdImageUnit = 100

// drawImage draws an ImageObject: its image, mapped from the unit square by its CTM (its
// boundary's size when it has none), at its boundary.
func (d *ofdDrawer) drawImage(o *ofdDrawImage) {
	entry, ok := d.media[o.resource]
	if !ok {
		d.note("图像（资源在文件中找不到）")
		return
	}
	name, opt := d.imageName(entry)
	if name == "" {
		d.note("无法读取的图像")
		return
	}
	m := o.ctm
	if !o.hasCTM {
		m = ofdMatrix{o.boundary[2], 0, 0, o.boundary[3], 0, 0}
	}
	for i := range 4 {
		m[i] /= ofdImageUnit
	}
	d.begin(m.then(o.boundary[0]-d.box[0], o.boundary[1]-d.box[1]))
	d.pdf.ImageOptions(name, 0, 0, ofdImageUnit, ofdImageUnit, false, opt, 0, "")
	d.end()
}

// imageName registers the image at package entry once and returns its name, "" when it does
// not read: a JPEG as it is, any other image (a scan's TIFF, a PNG) decoded and written again
// as an 8-bit PNG, which gofpdf takes.
func (d *ofdDrawer) imageName(entry string) (string, gofpdf.ImageOptions) {
	name, done := d.images[entry]
	jpg := gofpdf.ImageOptions{ImageType: "JPG"}
	pngOpt := gofpdf.ImageOptions{ImageType: "PNG"}
	if done {
		if strings.HasSuffix(name, ".jpg") {
			return name, jpg
		}
		return name, pngOpt
	}
	d.images[entry] = ""
	data, err := d.r.entryBytes(d.p, entry)
	if err != nil {
		return "", pngOpt
	}
	img, err := decodeImage(data, d.r.Limits.MaxImagePixels)
	if err != nil {
		return "", pngOpt
	}
	id := "ofdimg" + strconv.Itoa(len(d.images))
	if cfg, err := jpeg.DecodeConfig(bytes.NewReader(data)); err == nil && cfg.Width > 0 {
		name = id + ".jpg"
		d.pdf.RegisterImageOptionsReader(name, jpg, bytes.NewReader(data))
		d.images[entry] = name
		return name, jpg
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, plainImage(img)); err != nil {
		return "", pngOpt
	}
	name = id + ".png"
	d.pdf.RegisterImageOptionsReader(name, pngOpt, &buf)
	d.images[entry] = name
	return name, pngOpt
}

// plainImage returns img as an image the PNG encoder writes in 8 bits a channel: a gray or
// paletted image as it is, any other drawn into RGBA.
func plainImage(img image.Image) image.Image {
	switch img.(type) {
	case *image.Gray, *image.NRGBA, *image.RGBA:
		return img
	}
	out := image.NewNRGBA(img.Bounds())
	draw.Draw(out, out.Bounds(), img, img.Bounds().Min, draw.Src)
	return out
}

// drawPath draws a PathObject's outline (AbbreviatedData: S/M move, L line, Q and B curves,
// C close; an arc A is drawn as a line to its end and counted), stroked and filled as it says.
func (d *ofdDrawer) drawPath(o *ofdDrawPath) {
	if !o.stroke && !o.fill {
		return
	}
	tokens := strings.Fields(o.data.String())
	if len(tokens) == 0 {
		return
	}
	d.begin(o.ctm.then(o.boundary[0]-d.box[0], o.boundary[1]-d.box[1]))
	defer d.end()
	pdf := d.pdf
	pdf.SetLineWidth(o.lineWidth)
	pdf.SetDrawColor(o.strokeC.r, o.strokeC.g, o.strokeC.b)
	pdf.SetFillColor(o.fillC.r, o.fillC.g, o.fillC.b)
	if d.outline(tokens) {
		style := "D"
		switch {
		case o.fill && o.stroke:
			style = "DF"
		case o.fill:
			style = "F"
		}
		pdf.DrawPath(style)
	}
}

// ofdPathArgs is how many numbers each operator of a path's AbbreviatedData takes.
var ofdPathArgs = map[string]int{"S": 2, "M": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0}

// outline adds a path's segments to the PDF's current path, and says whether there are any.
// An operator it does not know, or numbers that do not read, end the path, counted.
func (d *ofdDrawer) outline(tokens []string) bool {
	started := false
	for i := 0; i < len(tokens); {
		op := tokens[i]
		n, ok := ofdPathArgs[op]
		if !ok || i+1+n > len(tokens) {
			d.note("无法读取的路径")
			break
		}
		v := ofdNumbers(strings.Join(tokens[i+1:i+1+n], " "))
		if len(v) != n || slices.ContainsFunc(v, func(x float64) bool { return !ofdFinite(x) }) {
			d.note("无法读取的路径")
			break
		}
		i += 1 + n
		started = d.segment(op, v, started)
	}
	return started
}

// segment adds one operator of a path with its numbers v, started saying whether the path has
// begun (a segment before any move starts from the origin); it returns whether it has now.
func (d *ofdDrawer) segment(op string, v []float64, started bool) bool {
	pdf := d.pdf
	if op == "S" || op == "M" {
		pdf.MoveTo(v[0], v[1])
		return true
	}
	if op == "C" {
		if started {
			pdf.ClosePath()
		}
		return started
	}
	if !started {
		pdf.MoveTo(0, 0)
	}
	switch op {
	case "L":
		pdf.LineTo(v[0], v[1])
	case "Q":
		pdf.CurveTo(v[0], v[1], v[2], v[3])
	case "B":
		pdf.CurveBezierCubicTo(v[0], v[1], v[2], v[3], v[4], v[5])
	case "A":
		pdf.LineTo(v[5], v[6])
		d.note("圆弧（按直线画出）")
	}
	return true
}

// ofdFace parses the face the text is written in, to know which characters it has; nil when
// it does not parse.
func ofdFace(font []byte) *sfnt.Font {
	f, err := sfnt.Parse(bytes.Clone(font))
	if err != nil {
		return nil
	}
	return f
}
