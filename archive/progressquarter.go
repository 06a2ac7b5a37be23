package archive

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// The office's quarterly summary (季度统计): per division and per 主动公开目录 category, the
// items proposed, published, filed and returned to their drafters in a quarter. A return is
// counted once per 退回 decision in the quarter, so an item returned twice counts twice.

// QuarterRow is the figures of a division, or of one category of a division.
type QuarterRow struct {
	Division, DivisionName string
	Category               string // "" in a division's subtotal and the total
	Proposed, Published    int
	Filed, Returned        int
}

// QuarterlyReport is the quarterly summary.
type QuarterlyReport struct {
	FondsName     string
	Year, Quarter int
	From, To      time.Time // the quarter's first and last day at their start in OfficeZone
	AsOf          time.Time // counted up to this moment: the quarter's end, or now when earlier
	Divisions     []QuarterRow
	Categories    []QuarterRow // by division, then category; only those with a figure
	Total         QuarterRow
}

// noCategory names the category of an item that has none.
const noCategory = "（未分类）"

// Quarterly counts the quarter's summary up to the store's now. Errors: ErrInvalid (a
// quarter not 1–4, a year not of four digits), and the store's.
func (s *Office) Quarterly(year, quarter int) (*QuarterlyReport, error) {
	if year < 1900 || year > 9999 || quarter < 1 || quarter > 4 {
		return nil, fail(ErrInvalid, "年度“%d”或季度“%d”不正确：年度应为四位数，季度为 1 至 4。", year, quarter)
	}
	st, err := s.Settings()
	if err != nil {
		return nil, err
	}
	from := time.Date(year, time.Month(3*quarter-2), 1, 0, 0, 0, 0, OfficeZone)
	p := newPeriod(from, from.AddDate(0, 3, -1), s.Now().In(OfficeZone))
	rep := &QuarterlyReport{FondsName: st.FondsName, Year: year, Quarter: quarter, From: p.from, To: p.to, AsOf: p.asOf}
	rows := map[[2]string]*QuarterRow{}
	row := func(div, cat string) *QuarterRow {
		if cat == "" {
			cat = noCategory
		}
		k := [2]string{div, cat}
		if rows[k] == nil {
			rows[k] = &QuarterRow{Division: div, DivisionName: divisionName(st, div), Category: cat}
		}
		return rows[k]
	}
	all, err := s.facts()
	if err != nil {
		return nil, err
	}
	for _, f := range all {
		row(f.Division, f.Category).count(p, f)
	}
	rep.summarise(st, rows)
	return rep, nil
}

// count adds the item to the row for what of it happened in the period: it was proposed,
// published (on a day of the period), filed, returned (once a 退回 decision).
func (r *QuarterRow) count(p period, f *itemFacts) {
	if p.holds(f.Proposed) {
		r.Proposed++
	}
	if f.Publicized && p.holdsDay(f.Published) {
		r.Published++
	}
	if !f.Filed.IsZero() && p.holds(f.Filed) {
		r.Filed++
	}
	for _, e := range f.Events {
		if e.Decision == Return && p.holds(e.Time) {
			r.Returned++
		}
	}
}

// summarise orders the rows: divisions in the settings' order, then others by code; categories
// within a division by name; rows with no figure left out of Categories.
func (rep *QuarterlyReport) summarise(st Settings, rows map[[2]string]*QuarterRow) {
	rank := map[string]int{}
	for i, d := range st.Divisions {
		rank[d.Code] = i
		rep.Divisions = append(rep.Divisions, QuarterRow{Division: d.Code, DivisionName: d.Name})
	}
	var cats []QuarterRow
	for _, r := range rows {
		if r.Proposed+r.Published+r.Filed+r.Returned > 0 {
			cats = append(cats, *r)
		}
	}
	slices.SortFunc(cats, func(a, b QuarterRow) int {
		ra, oka := rank[a.Division]
		rb, okb := rank[b.Division]
		switch {
		case oka && okb && ra != rb:
			return ra - rb
		case oka != okb:
			if oka {
				return -1
			}
			return 1
		case a.Division != b.Division:
			return strings.Compare(a.Division, b.Division)
		}
		return strings.Compare(a.Category, b.Category)
	})
	rep.Categories = cats
	for _, c := range cats {
		i, ok := rank[c.Division]
		if !ok {
			rank[c.Division] = len(rep.Divisions)
			i = len(rep.Divisions)
			rep.Divisions = append(rep.Divisions, QuarterRow{Division: c.Division, DivisionName: c.DivisionName})
		}
		rep.Divisions[i].add(c)
		rep.Total.add(c)
	}
	rep.Total.DivisionName = "合计"
}

func (r *QuarterRow) add(o QuarterRow) {
	r.Proposed += o.Proposed
	r.Published += o.Published
	r.Filed += o.Filed
	r.Returned += o.Returned
}

// Title is the summary's title: 厦门市司法局政务公开工作季度统计（2016年第三季度）.
func (rep *QuarterlyReport) Title() string {
	return fmt.Sprintf("%s政务公开工作季度统计（%d年第%s季度）", rep.FondsName, rep.Year, []string{"一", "二", "三", "四"}[rep.Quarter-1])
}

// Subtitle says the quarter and the moment the figures were counted up to.
func (rep *QuarterlyReport) Subtitle() string {
	return fmt.Sprintf("统计期间：%s至%s；统计截至%s", chineseDate(rep.From), chineseDate(rep.To), rep.AsOf.In(OfficeZone).Format("2006年1月2日 15:04"))
}

var (
	quarterHead         = []string{"处室", "提出（件）", "公开（件）", "建档（件）", "退回（次）"}
	quarterCategoryHead = []string{"处室", "主动公开目录类别", "提出（件）", "公开（件）", "建档（件）", "退回（次）"}
)

func (r QuarterRow) cells(withCategory bool) []string {
	out := []string{r.DivisionName}
	if withCategory {
		out = append(out, r.Category)
	}
	return append(out, strconv.Itoa(r.Proposed), strconv.Itoa(r.Published), strconv.Itoa(r.Filed), strconv.Itoa(r.Returned))
}

// WriteQuarterlyPDF draws the summary on A4 with the forms engine: the divisions, then each
// division's categories; it returns the characters printed as 〓.
func (rep *QuarterlyReport) WriteQuarterlyPDF(w io.Writer, now time.Time) ([]rune, error) {
	d := newDoc(now, rep.Title())
	d.pdf.AddPageFormat("P", a4)
	d.pageNumber()
	x, bottom := pageMargin, 297-pageMargin-8
	d.size(15)
	d.centered(105, pageMargin+2, rep.Title())
	d.size(10)
	d.text(x, pageMargin+12, rep.Subtitle())
	d.pdf.SetY(pageMargin + 20)
	ws := []float64{60, 30, 30, 30, 30}
	d.header = func() { d.tableHead(x, ws, quarterHead) }
	d.header()
	y := d.pdf.GetY()
	for _, r := range append(slices.Clone(rep.Divisions), rep.Total) {
		y = d.row(x, y, bottom, ws, r.cells(false), []string{"L", "C", "C", "C", "C"})
	}
	d.header = nil
	y += 8
	if y+20 > bottom {
		y = d.newPage()
	}
	d.size(12)
	d.text(x, y, "按主动公开目录类别")
	d.size(10)
	d.pdf.SetY(y + 8)
	cw := []float64{36, 52, 23, 23, 23, 23}
	d.header = func() { d.tableHead(x, cw, quarterCategoryHead) }
	d.header()
	y = d.pdf.GetY()
	for _, r := range rep.Categories {
		y = d.row(x, y, bottom, cw, r.cells(true), []string{"L", "L", "C", "C", "C", "C"})
	}
	d.header = nil
	d.substitutionNote(x, min(y+6, bottom))
	return d.replaced, d.output(w)
}

// WriteQuarterlyXLSX writes the summary as a workbook of one sheet: the divisions, then each
// division's categories.
func (rep *QuarterlyReport) WriteQuarterlyXLSX(w io.Writer) error {
	x := excelize.NewFile()
	defer x.Close()
	const sheet = "季度统计"
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	rows := [][]string{{rep.Title()}, {rep.Subtitle()}, {}, quarterHead}
	for _, r := range append(slices.Clone(rep.Divisions), rep.Total) {
		rows = append(rows, r.cells(false))
	}
	rows = append(rows, []string{}, []string{"按主动公开目录类别"}, quarterCategoryHead)
	for _, r := range rep.Categories {
		rows = append(rows, r.cells(true))
	}
	for i, row := range rows {
		if err := setRow(x, sheet, i+1, row); err != nil {
			return err
		}
	}
	if err := x.SetColWidth(sheet, "A", "B", 24); err != nil {
		return err
	}
	if err := printOnA4(x, sheet, "portrait"); err != nil {
		return err
	}
	return writeWorkbook(x, w)
}
