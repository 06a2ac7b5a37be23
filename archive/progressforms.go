package archive

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
)

// progressHead is the progress table's header row, in the PDF and the workbook alike.
var progressHead = []string{"处室", "提出（件）", "公开（件）", "建档（件）", "政策解读应公开（件）", "其中逾期（件）"}

// lateHead is the header row of the list of late 政策解读.
var lateHead = []string{"序号", "题名", "处室", "应公开日期", "公开日期"}

// Title is the report's title: 厦门市司法局各处室政务公开工作任务落实情况（2016年前三季度）.
func (r *ProgressReport) Title() string {
	return fmt.Sprintf("%s各处室政务公开工作任务落实情况（%d年%s）", r.FondsName, r.Year, r.Span.Label())
}

// Subtitle says the period, the day the figures were counted up to and the due day.
func (r *ProgressReport) Subtitle() string {
	return fmt.Sprintf("统计期间：%s至%s；统计截至%s；报送期限：%s前", chineseDate(r.From), chineseDate(r.To),
		r.AsOf.In(OfficeZone).Format("2006年1月2日 15:04"), r.Due)
}

func chineseDate(t time.Time) string { return t.In(OfficeZone).Format("2006年1月2日") }

// cells is a row's figures as table cells.
func (d DivisionProgress) cells() []string {
	return []string{d.Name, strconv.Itoa(d.Proposed), strconv.Itoa(d.Published), strconv.Itoa(d.Filed),
		strconv.Itoa(d.PolicyDue), strconv.Itoa(d.PolicyLate)}
}

// lateCells is a late 政策解读 as table cells, numbered n.
func (r *ProgressReport) lateCells(n int, l LatePolicy) []string {
	pub := l.Published
	if pub == "" {
		pub = "尚未公开"
	}
	name := l.Division
	for _, d := range r.Divisions {
		if d.Code == l.Division {
			name = d.Name
		}
	}
	return []string{strconv.Itoa(n), l.Title, name, l.Due, pub}
}

// WriteProgressPDF draws the report on A4 with the forms engine and returns the characters
// printed as 〓. Errors: the PDF writer's.
func (r *ProgressReport) WriteProgressPDF(w io.Writer, now time.Time) ([]rune, error) {
	d := newDoc(now, r.Title())
	d.pdf.AddPageFormat("P", a4)
	d.pageNumber()
	x, bottom := pageMargin, 297-pageMargin-8
	d.size(15)
	y := pageMargin + 2
	for _, l := range d.lines(r.Title(), 210-2*pageMargin) {
		d.centered(105, y, l)
		y += d.lineHeight()
	}
	d.size(10)
	for _, l := range d.lines(r.Subtitle(), 210-2*pageMargin) {
		d.text(x, y+2, l)
		y += d.lineHeight()
	}
	ws := []float64{50, 22, 22, 22, 34, 30}
	d.pdf.SetY(y + 4)
	d.header = func() { d.tableHead(x, ws, progressHead) }
	d.header()
	y = d.pdf.GetY()
	align := []string{"L", "C", "C", "C", "C", "C"}
	for _, row := range r.Divisions {
		y = d.row(x, y, bottom, ws, row.cells(), align)
	}
	y = d.row(x, y, bottom, ws, r.Total.cells(), align)
	d.header = nil
	y += 8
	if y+20 > bottom {
		y = d.newPage()
	}
	d.size(12)
	d.text(x, y, fmt.Sprintf("逾期公开或超期未公开的政策解读（%d 件）", len(r.Late)))
	d.size(10)
	y += 8
	if len(r.Late) == 0 {
		d.text(x, y, "无。")
		y += d.lineHeight()
	} else {
		lw := []float64{12, 86, 30, 26, 26}
		d.pdf.SetY(y)
		d.header = func() { d.tableHead(x, lw, lateHead) }
		d.header()
		y = d.pdf.GetY()
		for i, l := range r.Late {
			y = d.row(x, y, bottom, lw, r.lateCells(i+1, l), []string{"C", "L", "L", "C", "C"})
		}
		d.header = nil
	}
	d.substitutionNote(x, min(y+6, bottom))
	return d.replaced, d.output(w)
}

// WriteProgressXLSX writes the report as a workbook: one sheet with the table and the list of
// late 政策解读. Errors: the workbook writer's.
func (r *ProgressReport) WriteProgressXLSX(w io.Writer) error {
	x, err := newWorkbook(r.Title(), r.AsOf)
	if err != nil {
		return err
	}
	defer x.Close()
	const sheet = "落实情况"
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	rows := [][]string{{r.Title()}, {r.Subtitle()}, {}, progressHead}
	for _, d := range r.Divisions {
		rows = append(rows, d.cells())
	}
	rows = append(rows, r.Total.cells(), []string{}, []string{fmt.Sprintf("逾期公开或超期未公开的政策解读（%d 件）", len(r.Late))}, lateHead)
	for i, l := range r.Late {
		rows = append(rows, r.lateCells(i+1, l))
	}
	if err := writeSheet(x, sheet, "portrait", []colWidth{{"A", "A", 24}, {"B", "F", 16}}, rows); err != nil {
		return err
	}
	return writeWorkbook(x, w)
}

// printOnA4 has the sheet print on A4 in the orientation, scaled to the page's width.
func printOnA4(x *excelize.File, sheet, orientation string) error {
	fit, a4Paper, wide, tall := true, 9, 1, 0
	if err := x.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	return x.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &a4Paper, Orientation: &orientation, FitToWidth: &wide, FitToHeight: &tall})
}

// colWidth is the width of the columns from..to ("A", "B").
type colWidth struct {
	from, to string
	width    float64
}

// writeSheet writes rows into the workbook's sheet from A1 through excelize's stream writer,
// numbers as numbers (but a row's first cell), after the columns' widths, with the sheet set to
// print on A4 in the orientation. Streamed, a row costs its XML and nothing else (the text goes
// in each cell, not in shared strings): set cell by cell, the 10,300 rows of a progress report
// on 100,000 items cost 0.47 s of processor time, most of it excelize's cell map, shared strings
// and XML (TestProgressXLSXAllocates).
func writeSheet(x *excelize.File, sheet, orientation string, widths []colWidth, rows [][]string) error {
	// The settings go on the sheet before the stream writer, which copies them as they are.
	// excelize puts the columns of a later width before those already set and only sorts
	// them when it writes the sheet itself, which streaming skips: widths are set last
	// first, so that A comes before B–F as the format wants.
	for _, c := range slices.Backward(widths) {
		if err := x.SetColWidth(sheet, c.from, c.to, c.width); err != nil {
			return err
		}
	}
	if err := printOnA4(x, sheet, orientation); err != nil {
		return err
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	var values []any
	for i, row := range rows {
		values = values[:0]
		for j, c := range row {
			var v any = c
			if n, err := strconv.Atoi(c); err == nil && j > 0 {
				v = n
			}
			values = append(values, v)
		}
		ref, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			return err
		}
		if err := sw.SetRow(ref, values); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// writeWorkbook writes x to w.
func writeWorkbook(x *excelize.File, w io.Writer) error {
	if _, err := x.WriteTo(w); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	return nil
}
