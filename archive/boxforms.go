package archive

import (
	"fmt"
	"io"
	"strings"

	"github.com/jung-kurt/gofpdf"
)

// BoxForms is what the forms of one box show: the office, the box and its items in 件号 order.
type BoxForms struct {
	Settings Settings
	Box      Box
	Items    []Item
	// Arranger and Checker are the 整理人 and 检查人 of the 备考表, with their dates
	// (YYYY-MM-DD); empty leaves the lines blank to be filled in by hand.
	Arranger, ArrangeDate, Checker, CheckDate string
	Names                                     map[string]string
}

// boxForms gathers a box: its record and its filed items.
func (s *Office) boxForms(year int, r Retention, division string, number int) (*BoxForms, error) {
	bf := &BoxForms{Names: map[string]string{}}
	var err error
	if bf.Settings, err = s.Settings(); err != nil {
		return nil, err
	}
	boxes, err := s.Boxes()
	if err != nil {
		return nil, err
	}
	found := false
	for _, b := range boxes {
		if b.Year == year && b.Retention == r && b.Division == division && b.Number == number {
			bf.Box, found = b, true
		}
	}
	if !found {
		return nil, fmt.Errorf("box %d of %d-%s-%s: %w", number, year, r, division, ErrNotFound)
	}
	items, _, err := s.Items(Filter{Year: year, Retention: r, Division: division, State: StateFiled}, 0, 1<<30)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		if it.Filing.Number >= bf.Box.First && it.Filing.Number <= bf.Box.Last {
			bf.Items = append(bf.Items, it)
		}
	}
	return bf, nil
}

// BoxForm names one of the forms of a box.
type BoxForm string

// The forms of a box.
const (
	FormCatalogue BoxForm = "catalogue" // 归档文件目录
	FormRemarks   BoxForm = "remarks"   // 备考表
	FormCover     BoxForm = "cover"     // 档案盒封面
	FormSpine     BoxForm = "spine"     // 盒脊
	FormVolume    BoxForm = "volume"    // the whole volume: cover, 目录, each item's sheet, 备考表
)

// WriteBoxForm writes one form of the box as a PDF and returns the characters printed as 〓.
// Errors: ErrNotFound (no such box), ErrInvalid (unknown form).
func (s *Office) WriteBoxForm(w io.Writer, form BoxForm, year int, r Retention, division string, number int) ([]rune, error) {
	bf, err := s.boxForms(year, r, division, number)
	if err != nil {
		return nil, err
	}
	titles := map[BoxForm]string{FormCatalogue: "归档文件目录", FormRemarks: "备考表", FormCover: "档案盒封面", FormSpine: "盒脊", FormVolume: "案卷"}
	if titles[form] == "" {
		return nil, fail(ErrInvalid, "没有“%s”这种表单。", form)
	}
	d := newDoc(s.Now().UTC(), titles[form])
	switch form {
	case FormCatalogue:
		d.catalogue(bf)
	case FormRemarks:
		d.remarks(bf)
	case FormCover:
		d.cover(bf)
	case FormSpine:
		d.spine(bf)
	case FormVolume:
		d.cover(bf)
		d.catalogue(bf)
		for _, it := range bf.Items {
			sd, err := s.sheetData(it.ID)
			if err != nil {
				return nil, err
			}
			d.itemSheet(sd)
		}
		d.remarks(bf)
	}
	return d.replaced, d.output(w)
}

// catalogue draws the 归档文件目录: A4 landscape; 序号, 档号, 文号, 责任者, 题名, 日期, 密级, 页数,
// 备注; the header row on every page; 题名 wrapped inside its cell.
func (d *doc) catalogue(bf *BoxForms) {
	landscape := gofpdf.SizeType{Wd: 210, Ht: 297}
	d.pdf.AddPageFormat("L", landscape)
	d.pageNumber()
	d.size(16)
	d.centered(297/2, 12, "归档文件目录")
	d.size(10)
	b := bf.Box
	d.text(pageMargin, 22, fmt.Sprintf("全宗名称：%s    年度：%d    保管期限：%s    机构（问题）：%s    盒号：%d    件号：%04d—%04d",
		bf.Settings.FondsName, b.Year, b.Retention.Label(), divisionName(bf.Settings, b.Division), b.Number, b.First, b.Last))
	ws := []float64{12, 52, 36, 32, 76, 20, 12, 12, 15}
	head := []string{"序号", "档号", "文号", "责任者", "题名", "日期", "密级", "页数", "备注"}
	x := pageMargin
	d.header = func() { d.tableHead(x, ws, head) }
	d.pdf.SetY(29)
	d.header()
	y := d.pdf.GetY()
	bottom := 210 - pageMargin - 6
	for i, it := range bf.Items {
		f := it.Filing
		y = d.row(x, y, bottom, ws, []string{fmt.Sprint(i + 1), f.Code, it.DocNumber, it.Author, it.Title,
			strings.ReplaceAll(it.DocDate, "-", ""), "", fmt.Sprint(f.Pages), ""},
			[]string{"C", "L", "L", "L", "L", "C", "C", "C", "L"})
	}
	d.header = nil
}

// remarks draws the 备考表: 盒内文件情况说明, 整理人, 整理日期, 检查人, 检查日期.
func (d *doc) remarks(bf *BoxForms) {
	d.header = nil
	d.pdf.AddPageFormat("P", a4)
	d.pageNumber()
	d.size(16)
	d.centered(105, 20, "备考表")
	d.size(11)
	x, width := 30.0, 150.0
	b := bf.Box
	note := fmt.Sprintf("本盒收%s %d 年度、保管期限%s、%s的归档文件 %d 件（件号 %04d—%04d），共 %d 页。",
		bf.Settings.FondsName, b.Year, b.Retention.Label(), divisionName(bf.Settings, b.Division), len(bf.Items), b.First, b.Last, pagesOf(bf.Items))
	d.pdf.Rect(x, 35, width, 170, "D")
	d.text(x+4, 39, "盒内文件情况说明：")
	for i, l := range d.lines(note, width-8) {
		d.text(x+4, 48+float64(i)*d.lineHeight(), l)
	}
	y := 215.0
	for _, f := range [][2]string{{"整理人：", bf.Arranger}, {"整理日期：", bf.ArrangeDate}, {"检查人：", bf.Checker}, {"检查日期：", bf.CheckDate}} {
		d.text(x+70, y, f[0]+f[1])
		d.pdf.Line(x+70+d.pdf.GetStringWidth(f[0]), y+6, x+width, y+6)
		y += 12
	}
}

// cover draws the front of the 档案盒 (310 × 220 mm): the 全宗名称.
func (d *doc) cover(bf *BoxForms) {
	d.header = nil
	d.pdf.AddPageFormat("P", boxFace)
	d.pdf.SetLineWidth(0.6)
	d.pdf.Rect(10, 10, boxFace.Wd-20, boxFace.Ht-20, "D")
	d.pdf.SetLineWidth(0.2)
	d.size(14)
	d.centered(boxFace.Wd/2, 80, "全宗名称")
	d.size(26)
	y := 100.0
	for _, l := range d.lines(bf.Settings.FondsName, boxFace.Wd-50) {
		d.centered(boxFace.Wd/2, y, l)
		y += d.lineHeight()
	}
	d.size(10)
}

// spineFields are the 盒脊 entries of DA/T 22-2015, top to bottom.
func spineFields(bf *BoxForms) [][2]string {
	b := bf.Box
	return [][2]string{{"全宗号", bf.Settings.FondsCode}, {"年度", fmt.Sprint(b.Year)}, {"保管期限", b.Retention.Label()},
		{"起止件号", fmt.Sprintf("%04d-%04d", b.First, b.Last)}, {"盒号", fmt.Sprint(b.Number)}, {"机构", divisionName(bf.Settings, b.Division)}}
}

// spine draws the 盒脊 label for the box's spine width (20, 30, 40 or 50 mm) and 310 mm height:
// each entry in a ruled cell, label above value, wrapped to the width.
func (d *doc) spine(bf *BoxForms) {
	d.header = nil
	w := float64(bf.Box.Spine)
	if w == 0 {
		w = 30
	}
	d.pdf.AddPageFormat("P", gofpdf.SizeType{Wd: w + 10, Ht: 320})
	d.pdf.SetLineWidth(0.4)
	d.pdf.Rect(5, 5, w, 310, "D")
	d.pdf.SetLineWidth(0.2)
	size := map[float64]float64{20: 8, 30: 9.5, 40: 11, 50: 12}[w]
	if size == 0 {
		size = 9.5
	}
	fields := spineFields(bf)
	cellH := 310.0 / float64(len(fields))
	for i, f := range fields {
		y := 5 + float64(i)*cellH
		if i > 0 {
			d.pdf.Line(5, y, 5+w, y)
		}
		d.size(size * 0.8)
		d.centered(5+w/2, y+4, f[0])
		d.size(size)
		for j, l := range d.lines(f[1], w-3) {
			d.centered(5+w/2, y+14+float64(j)*d.lineHeight(), l)
		}
	}
	d.size(10)
}

func divisionName(st Settings, code string) string {
	if dv, ok := st.division(code); ok {
		return dv.Name
	}
	return code
}

func pagesOf(items []Item) int {
	n := 0
	for _, it := range items {
		n += it.Filing.Pages
	}
	return n
}

// BoxLabel names the box a filed item is in, for file names and lists, in the 档号's own terms:
// Z109-WS·2016-Y-BGS-第1盒. The 盒号 is not part of the 档号 (DA/T 22-2015).
func (f Filing) BoxLabel() string {
	return fmt.Sprintf("%s-%s·%04d-%s-%s-第%d盒", f.Fonds, ClassCode, f.Year, f.Retention, f.Division, f.Box)
}
