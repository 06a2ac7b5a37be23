package review

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/image/font/sfnt"
)

// The 脱敏稿 of an OFD draft is a PDF (issue 15: "PDF, OFD, doc, wps and scans produce a PDF"):
// a PDF reader is on every computer the public uses, an OFD reader is not. It is made in two
// stages. redactOFD first removes the values from the OFD's text objects and paints them out of
// its scanned pages, which get the masked text as an invisible layer; ofdToPDF then draws that
// masked OFD into a PDF with gofpdf: every page at its physical size, its templates behind (or
// before) its content, each TextObject's characters at their positions (TextCode X/Y and
// DeltaX/DeltaY, the object's CTM) in the bundled 宋体-style face, ImageObjects at their
// boundaries, and PathObjects' lines and curves with their colours. The invisible text layer of a
// scanned page stays invisible text (render mode 3) over its image, as a PDF scan's copy has it.
// The values are gone before the PDF is drawn, so they are in no object of it.
//
// The PDF is the OFD as the check reads it: every TextCode the reader reads is drawn. What it
// cannot draw — composite objects, arcs, shadings, an image it cannot decode, a character
// outside the face — it counts (an arc it draws as a line, and counts), and the record says so in
// Chinese (noteLines).

// ofdConverted is what the record says of an OFD's copy.
const ofdConverted = "由 OFD 转为 PDF（各页按原样绘制，文字可检索、复制）"

// redactOFDToPDF writes the copy of an OFD document: the values removed from the OFD
// (redactOFD), and the masked OFD drawn into a PDF in opts.Font.
func (r *Reader) redactOFDToPDF(ctx context.Context, data []byte, doc *Document, plan *Plan, opts RedactOptions) (*redacted, error) {
	res, err := r.redactOFD(ctx, data, doc, plan, opts.Paint)
	if err != nil {
		return nil, err
	}
	pdf, notes, err := r.ofdToPDF(ctx, res.data, opts.Font)
	if err != nil {
		return nil, err
	}
	res.data = pdf
	res.notes = append([]string{ofdConverted}, notes...)
	return res, nil
}

// ofdDefaultBox is an A4 page, in millimetres, for a page and a document that give none.
var ofdDefaultBox = [4]float64{0, 0, 210, 297}

// ofdDrawer draws the pages of one OFD package into a PDF.
type ofdDrawer struct {
	r      *Reader
	p      *pkg
	pdf    *gofpdf.Fpdf
	media  map[string]string // image resource ID → package entry
	images map[string]string // package entry → the name gofpdf registered it under ("" if it failed)
	// notes counts what could not be drawn, by what and the pages it was on.
	notes map[string]map[int]int
	page  int
	box   [4]float64 // the current page's PhysicalBox
	face  *sfnt.Font // the face the text is written in, to know its characters
	sbuf  sfnt.Buffer
}

// ofdPDFFont is the name the face is registered under in the PDF.
const ofdPDFFont = "ofdserif"

// ofdToPDF draws the OFD document data into a PDF whose text is written in font (TrueType, as
// gofpdf embeds it), and returns the PDF and what it could not draw, in Chinese. The reader's
// limits apply to the package, its XML and its images. Errors: the package's (ErrMalformed,
// ErrTooLarge), the context's, and gofpdf's on a face it cannot use.
func (r *Reader) ofdToPDF(ctx context.Context, data, font []byte) (out []byte, notes []string, err error) {
	if len(font) == 0 {
		return nil, nil, errors.New("no face to write the PDF's text in")
	}
	src := &source{r: bytes.NewReader(data), size: int64(len(data)), ctx: ctx}
	p, err := openPackage(ctx, src, r.Limits)
	if err != nil {
		return nil, nil, err
	}
	root, err := r.readOFDEntry(p, &Document{})
	if err != nil {
		return nil, nil, err
	}
	if root == "" {
		return nil, nil, malformed("OFD.xml names no DocRoot")
	}
	root = ofdPath("", root)
	pages, templates, err := r.readOFDPageList(p, root)
	if err != nil {
		return nil, nil, err
	}
	docBox, err := r.ofdDocBox(p, root)
	if err != nil {
		return nil, nil, err
	}
	media, err := r.ofdMedia(p, root)
	if err != nil {
		return nil, nil, err
	}
	d := &ofdDrawer{r: r, p: p, media: media, images: map[string]string{}, notes: map[string]map[int]int{}, face: ofdFace(font)}
	d.pdf = newOFDPDF(font)
	defer func() {
		if v := recover(); v != nil { // gofpdf panics on some input no check foresaw
			out, notes, err = nil, nil, malformed("drawing the OFD as PDF: %v", v)
		}
	}()
	dir := path.Dir(root)
	for i, pg := range pages {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		d.page = i + 1
		if err := d.drawPage(ofdPath(dir, pg.loc), dir, templates, docBox); err != nil {
			return nil, nil, pageError(i+1, pg.loc, err)
		}
	}
	if len(pages) == 0 {
		d.pdf.AddPageFormat("P", gofpdf.SizeType{Wd: docBox[2], Ht: docBox[3]})
	}
	if d.pdf.Err() {
		return nil, nil, fmt.Errorf("drawing the OFD as PDF: %w", d.pdf.Error())
	}
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		return nil, nil, fmt.Errorf("writing the PDF: %w", err)
	}
	return buf.Bytes(), d.noteLines(), nil
}

// newOFDPDF returns the PDF document the pages are drawn into, in millimetres, dated as the
// rasterised PDF copies are (no producer, a fixed date: the copy says nothing of when or by
// what it was made).
func newOFDPDF(font []byte) *gofpdf.Fpdf {
	pdf := gofpdf.NewCustom(&gofpdf.InitType{UnitStr: "mm", Size: gofpdf.SizeType{Wd: 210, Ht: 297}})
	fixed := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	pdf.SetCatalogSort(true)
	pdf.SetProducer("", false)
	pdf.SetCreationDate(fixed)
	pdf.SetModificationDate(fixed)
	pdf.SetCompression(true)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	// gofpdf writes into the bytes it is given while it subsets them.
	pdf.AddUTF8FontFromBytes(ofdPDFFont, "", bytes.Clone(font))
	return pdf
}

// note counts one thing of kind what that page could not have drawn.
func (d *ofdDrawer) note(what string) {
	if d.notes[what] == nil {
		d.notes[what] = map[int]int{}
	}
	d.notes[what][d.page]++
}

// noteLines says what was not drawn, one line a kind: 第2页：复合图元 1 个未能画出.
func (d *ofdDrawer) noteLines() []string {
	var out []string
	for what, pages := range d.notes {
		var ns []int
		count := 0
		for n, c := range pages {
			ns = append(ns, n)
			count += c
		}
		sort.Ints(ns)
		var where []string
		for _, n := range ns {
			where = append(where, fmt.Sprintf("第%d页", n))
		}
		out = append(out, fmt.Sprintf("转为 PDF 时%s%s %d 处未能画出，请对照原稿查看", strings.Join(where, "、"), what, count))
	}
	sort.Strings(out)
	return out
}

// ofdDocBox returns the document's default PhysicalBox (CommonData/PageArea), or A4.
func (r *Reader) ofdDocBox(p *pkg, root string) ([4]float64, error) {
	box := ofdDefaultBox
	err := p.walkXML(root, r.Limits.MaxXMLDepth, func(w *xmlWalker) error {
		b, ok, err := ofdPhysicalBox(w, "PageArea")
		if ok {
			box = b
		}
		return err
	})
	if errors.Is(err, errNoEntry) {
		return box, malformed("document root %s: %v", root, err)
	}
	return box, err
}

// ofdPhysicalBox returns the first PhysicalBox inside an element named in, read to its end.
func ofdPhysicalBox(w *xmlWalker, in string) (box [4]float64, found bool, err error) {
	inArea, inBox := false, false
	var text strings.Builder
	for {
		tok, err := w.next()
		if err == io.EOF {
			return box, found, nil
		}
		if err != nil {
			return box, found, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case in:
				inArea = true
			case "PhysicalBox":
				inBox = inArea && !found
				text.Reset()
			}
		case xml.EndElement:
			switch t.Name.Local {
			case in:
				inArea = false
			case "PhysicalBox":
				if inBox {
					if b, ok := ofdBoxOf(text.String()); ok {
						box, found = b, true
					}
				}
				inBox = false
			}
		case xml.CharData:
			if inBox {
				text.Write(t)
			}
		}
	}
}

// ofdBoxOf reads a page box "x y w h", in millimetres, of a sensible size.
func ofdBoxOf(s string) ([4]float64, bool) {
	v := ofdNumbers(s)
	if len(v) != 4 || !(v[2] >= 1 && v[2] <= 5000 && v[3] >= 1 && v[3] <= 5000) || math.Abs(v[0]) > 5000 || math.Abs(v[1]) > 5000 {
		return [4]float64{}, false
	}
	return [4]float64{v[0], v[1], v[2], v[3]}, true
}

// ofdNumbers reads a list of numbers separated by spaces; one that does not read, or is not
// finite, ends the list.
func ofdNumbers(s string) []float64 {
	var out []float64
	for _, f := range strings.Fields(s) {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			break
		}
		out = append(out, v)
	}
	return out
}

// ofdPageTemplate is a page's use of a template page.
type ofdPageTemplate struct {
	id         string
	foreground bool
}

// drawPage adds the page at entry name: its size, its background templates, its content, its
// foreground templates.
func (d *ofdDrawer) drawPage(name, dir string, templates map[string]string, docBox [4]float64) error {
	pg, err := d.readPage(name)
	if err != nil {
		return err
	}
	d.box = docBox
	if pg.hasBox {
		d.box = pg.box
	}
	d.pdf.AddPageFormat("P", gofpdf.SizeType{Wd: d.box[2], Ht: d.box[3]})
	d.pdf.SetFont(ofdPDFFont, "", 10)
	var fore []*ofdPageContent
	for _, t := range pg.templates {
		loc, ok := templates[t.id]
		if !ok || t.id == "" {
			continue
		}
		tp, err := d.readPage(ofdPath(dir, loc))
		if errors.Is(err, errNoEntry) {
			d.note("模板页")
			continue
		}
		if err != nil {
			return err
		}
		if t.foreground {
			fore = append(fore, tp)
			continue
		}
		d.drawObjects(tp.objects)
	}
	d.drawObjects(pg.objects)
	for _, tp := range fore {
		d.drawObjects(tp.objects)
	}
	return nil
}

// drawObjects draws a page's objects in order.
func (d *ofdDrawer) drawObjects(objs []ofdObject) {
	for _, o := range objs {
		switch o := o.(type) {
		case *ofdDrawText:
			d.drawText(o)
		case *ofdDrawImage:
			d.drawImage(o)
		case *ofdDrawPath:
			d.drawPath(o)
		}
	}
}

// ofdMatrix is an OFD transformation "a b c d e f": x' = a x + c y + e, y' = b x + d y + f, in
// millimetres with y downwards.
type ofdMatrix [6]float64

var ofdIdentity = ofdMatrix{1, 0, 0, 1, 0, 0}

// ofdMatrixOf reads a CTM, or the identity when there is none or it does not read.
func ofdMatrixOf(s string) (ofdMatrix, bool) {
	v := ofdNumbers(s)
	if len(v) != 6 {
		return ofdIdentity, false
	}
	for _, x := range v {
		if math.Abs(x) > 1e5 {
			return ofdIdentity, false
		}
	}
	return ofdMatrix{v[0], v[1], v[2], v[3], v[4], v[5]}, true
}

// then returns m followed by a translation by (x, y).
func (m ofdMatrix) then(x, y float64) ofdMatrix {
	m[4] += x
	m[5] += y
	return m
}

// begin saves the graphics state and makes m (in the page's millimetres, y downwards) the
// transformation of what is drawn until end: gofpdf maps millimetres to points with y
// upwards (F), so the PDF's cm is F·m·F⁻¹.
func (d *ofdDrawer) begin(m ofdMatrix) {
	k, h := d.pdf.GetConversionRatio(), d.box[3]
	a, b, c, dd, e, f := m[0], m[1], m[2], m[3], m[4], m[5]
	d.pdf.RawWriteStr(fmt.Sprintf("q %.6f %.6f %.6f %.6f %.6f %.6f cm\n", a, -b, -c, dd, k*(c*h+e), k*(h-dd*h-f)))
}

// end restores the graphics state begin saved.
func (d *ofdDrawer) end() {
	d.pdf.RawWriteStr("Q\n")
}

// ofdColor is an RGB colour, 0–255 a component.
type ofdColor struct {
	r, g, b int
	set     bool
}

// ofdColorOf reads a colour element's Value "r g b"; anything else (another colour space, a
// pattern) is black, and says it was not read.
func ofdColorOf(t xml.StartElement) (ofdColor, bool) {
	v := ofdNumbers(attr(t, "Value"))
	if len(v) != 3 {
		return ofdColor{}, attr(t, "Value") == ""
	}
	c := func(x float64) int { return int(math.Max(0, math.Min(255, x))) }
	return ofdColor{c(v[0]), c(v[1]), c(v[2]), true}, true
}
