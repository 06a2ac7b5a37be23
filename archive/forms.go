package archive

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/jung-kurt/gofpdf"

	"shendang.gov.cn/shendang/assets"
	"shendang.gov.cn/shendang/internal/pdfdeflate"
)

// The forms archivists print (DA/T 22-2015, docs/domain.md §5): the review-and-filing sheet of an
// item with its 归档章, the 归档文件目录 and 备考表 of a box, the box cover and spine, and a whole
// volume in one PDF. They are drawn with gofpdf in the bundled Song face (Noto Serif SC) and
// are reproducible: every date comes from the store's clock, and the catalog is sorted.

// OfficeZone is the time zone every time is shown and printed in: China Standard Time, UTC+8.
// China has one zone and no daylight saving, so a fixed zone is exact, needs no time-zone
// database on a Windows workstation, and makes a record read the same at every desk whatever
// the machine's own zone setting.
var OfficeZone = time.FixedZone("CST", 8*3600)

// formFont is the family name the bundled face is registered under.
const formFont = "song"

// page sizes in millimetres.
var (
	a4          = gofpdf.SizeType{Wd: 210, Ht: 297}
	boxFace     = gofpdf.SizeType{Wd: 220, Ht: 310} // 档案盒 310 × 220 mm
	pageMargin  = 15.0
	lineSpacing = 1.35 // line height as a multiple of the font size in mm
)

// doc is one PDF being drawn, with what it had to substitute.
type doc struct {
	pdf      *gofpdf.Fpdf
	replaced []rune
	header   func() // draws a table's header row again after a page break
}

func newDoc(now time.Time, title string) *doc {
	pdf := gofpdf.NewCustom(&gofpdf.InitType{UnitStr: "mm", Size: a4})
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(now)
	pdf.SetModificationDate(now)
	pdf.SetCreator("审档 shendang", true)
	pdf.SetTitle(title, true)
	// Written uncompressed and compressed in output, with one compressor for every page: the
	// same bytes, without gofpdf's new compressor (a megabyte of memory) for each page.
	pdf.SetCompression(false)
	pdf.SetAutoPageBreak(false, 0)
	// gofpdf writes into the font it is given (zeros appended past a table while it sums
	// it), so each document has its own copy: two forms written at once raced on the shared
	// bytes, as two redactions did (review/redactpdf.go).
	pdf.AddUTF8FontFromBytes(formFont, "", bytes.Clone(assets.FormFont()))
	pdf.SetFont(formFont, "", 10.5)
	pdf.SetMargins(pageMargin, pageMargin, pageMargin)
	pdf.AliasNbPages("{nb}")
	return &doc{pdf: pdf}
}

// output writes the PDF. A gofpdf error is an error, never a panic.
func (d *doc) output(w io.Writer) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("write PDF: %v", r)
		}
	}()
	if d.pdf.Err() {
		return fmt.Errorf("draw PDF: %w", d.pdf.Error())
	}
	var plain bytes.Buffer
	if err := d.pdf.Output(&plain); err != nil {
		return err
	}
	out, err := pdfdeflate.Deflate(plain.Bytes())
	if err != nil {
		return fmt.Errorf("compress PDF: %w", err)
	}
	_, err = w.Write(out)
	return err
}

// clean makes s printable, remembering (once each) what it replaced.
func (d *doc) clean(s string) string {
	out, rep := printable(s)
	for _, r := range rep {
		if !slices.Contains(d.replaced, r) {
			d.replaced = append(d.replaced, r)
		}
	}
	return out
}

func (d *doc) size(pt float64) { d.pdf.SetFontSize(pt) }

// lineHeight is the height of one line at the current font size, in mm.
func (d *doc) lineHeight() float64 {
	_, h := d.pdf.GetFontSize()
	return h * lineSpacing
}

// lines wraps s to width at the current font size.
func (d *doc) lines(s string, width float64) []string {
	return wrapText(d.clean(s), width, d.pdf.GetStringWidth)
}

// text draws one line with its baseline-free top at (x, y).
func (d *doc) text(x, y float64, s string) {
	_, h := d.pdf.GetFontSize()
	d.pdf.Text(x, y+h*0.85, d.clean(s))
}

// centered draws s centred on x.
func (d *doc) centered(cx, y float64, s string) {
	s = d.clean(s)
	d.text(cx-d.pdf.GetStringWidth(s)/2, y, s)
}

// cellHeight is the height a cell of width w needs for s, with padding.
func (d *doc) cellHeight(s string, w float64) float64 {
	return float64(len(d.lines(s, w-2*cellPad)))*d.lineHeight() + 2*cellPad
}

const cellPad = 1.2

// cell draws a bordered cell of the given height with s wrapped inside; align is "L" or "C".
func (d *doc) cell(x, y, w, h float64, s, align string) {
	d.cellLines(x, y, w, h, d.lines(s, w-2*cellPad), align, true)
}

// cellLines draws a bordered cell of the given height holding the wrapped lines ls, centred
// in it or from its top.
func (d *doc) cellLines(x, y, w, h float64, ls []string, align string, centred bool) {
	d.pdf.Rect(x, y, w, h, "D")
	top := y + cellPad
	if centred {
		top = y + (h-float64(len(ls))*d.lineHeight())/2
	}
	for i, l := range ls {
		lx := x + cellPad
		if align == "C" {
			lx = x + (w-d.pdf.GetStringWidth(l))/2
		}
		d.text(lx, top+float64(i)*d.lineHeight()+(d.lineHeight()-d.lineHeight()/lineSpacing)/2, l)
	}
}

// row draws one table row of cells whose widths are ws, breaking the page first when it would
// pass bottom (the header of the table, if one is set, is drawn again); it returns the y below
// the row. A row taller than a page is split between pages at a line.
func (d *doc) row(x, y, bottom float64, ws []float64, cells []string, align []string) float64 {
	lines := make([][]string, len(cells))
	n := 0
	for i, c := range cells {
		lines[i] = d.lines(c, ws[i]-2*cellPad)
		n = max(n, len(lines[i]))
	}
	lh := d.lineHeight()
	draw := func(y float64, k int, centred bool) float64 { // the next k lines of every cell
		h := float64(k)*lh + 2*cellPad
		cx := x
		for i := range cells {
			a := "L"
			if i < len(align) {
				a = align[i]
			}
			m := min(k, len(lines[i]))
			d.cellLines(cx, y, ws[i], h, lines[i][:m], a, centred)
			lines[i] = lines[i][m:]
			cx += ws[i]
		}
		d.pdf.SetY(y + h)
		return y + h
	}
	h := float64(n)*lh + 2*cellPad
	if y+h <= bottom {
		return draw(y, n, true)
	}
	if h <= bottom-pageMargin-tableHeadRoom {
		return draw(d.newPage(), n, true)
	}
	for fresh := false; n > 0; fresh = true {
		fit := int((bottom - y - 2*cellPad) / lh)
		if fit < 1 && !fresh {
			y = d.newPage()
			continue
		}
		k := min(max(fit, 1), n)
		y = draw(y, k, false)
		if n -= k; n > 0 {
			y = d.newPage()
		}
	}
	return y
}

// tableHeadRoom is the most a table's header repeated on a new page takes.
const tableHeadRoom = 12.0

// newPage continues on a new page of the same size, repeating the table header; it returns
// the y below the header.
func (d *doc) newPage() float64 {
	w, h := d.pdf.GetPageSize()
	orient := "P"
	if w > h {
		orient = "L"
	}
	d.pdf.AddPageFormat(orient, gofpdf.SizeType{Wd: min(w, h), Ht: max(w, h)})
	d.pageNumber()
	d.pdf.SetY(pageMargin)
	if d.header != nil {
		d.header()
	}
	return d.pdf.GetY()
}

// pageNumber prints 第 n 页 共 m 页 at the foot of the current page.
func (d *doc) pageNumber() {
	w, h := d.pdf.GetPageSize()
	pt, _ := d.pdf.GetFontSize()
	d.size(9)
	d.centered(w/2, h-pageMargin+4, fmt.Sprintf("第 %d 页  共 {nb} 页", d.pdf.PageNo()))
	d.size(pt)
}

// substitutionNote says on the page which characters the font could not print.
func (d *doc) substitutionNote(x, y float64) {
	if len(d.replaced) == 0 {
		return
	}
	var codes string
	for _, r := range d.replaced {
		codes += fmt.Sprintf(" U+%X", r)
	}
	d.size(8)
	d.text(x, y, fmt.Sprintf("注：%d 个字符超出字库，以“%s”代替：%s", len(d.replaced), missingGlyph, codes))
}
