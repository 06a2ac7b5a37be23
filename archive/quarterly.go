package archive

import (
	"fmt"
	"io"
	"strconv"
)

// The office's summary of a period (季度统计 for a quarter): the 统计 window's 另存为统计报告
// and `shendang report quarterly` write the same document from Statistics, as a PDF with bars
// (WriteSummaryPDF) or a workbook of the same tables (WriteSummaryXLSX): the totals, the
// divisions, the 主动公开目录 categories and each division's categories, the months, the six
// steps with the working days each took, returns by reason, findings by category, channels,
// and the 政策解读 published late. Each figure is counted once, by Statistics.

// Quarterly counts the office's summary of a quarter. Errors: ErrInvalid (a quarter not 1–4,
// a year not of four digits), and Statistics'.
func (s *Office) Quarterly(year, quarter int) (*Statistics, error) {
	if year < 1900 || year > 9999 || quarter < 1 || quarter > 4 {
		return nil, fail(ErrInvalid, "年度“%d”或季度“%d”不正确：年度应为四位数，季度为 1 至 4。", year, quarter)
	}
	return s.Statistics(QuarterPeriod(year, quarter), StatsFilter{})
}

// SummaryTitle is the summary's title: 厦门市司法局政务公开工作季度统计（2016年第二季度）, 月度统计
// or 年度统计 for a month or a year, 统计 for days chosen.
func (st *Statistics) SummaryTitle() string {
	kind := map[PeriodKind]string{PeriodMonth: "月度统计", PeriodQuarter: "季度统计", PeriodYear: "年度统计"}[st.Period.Kind]
	if kind == "" {
		kind = "统计"
	}
	return fmt.Sprintf("%s政务公开工作%s（%s）", st.Office, kind, st.Period.Label())
}

// SummarySubtitle says the period's days, the day the figures were made and, for a period
// not over then, the moment they count up to.
func (st *Statistics) SummarySubtitle() string {
	s := fmt.Sprintf("统计期间：%s至%s；制表日期：%s", chineseDate(st.Period.From), chineseDate(st.Period.Last()), st.Made.In(OfficeZone).Format("2006-01-02"))
	if st.Made.Before(st.Period.To) {
		s += "；统计截至" + st.Made.In(OfficeZone).Format("2006年1月2日 15:04")
	}
	return s
}

// WriteSummaryPDF writes the office's summary of st as an A4 PDF in the forms' font, for the
// leader. It is reproducible: its date is st.Made. It returns the characters the font lacks,
// printed as 〓. Errors: the writer's, or gofpdf's as an error.
func WriteSummaryPDF(w io.Writer, st *Statistics) ([]rune, error) {
	d := newDoc(st.Made, st.SummaryTitle())
	d.pdf.AddPageFormat("P", a4)
	d.pageNumber()
	r := summaryPage{doc: d, x: pageMargin, width: a4.Wd - 2*pageMargin, bottom: a4.Ht - pageMargin - 8}
	d.size(15)
	for i, l := range d.lines(st.SummaryTitle(), r.width) {
		d.centered(a4.Wd/2, pageMargin+float64(i)*8, l)
	}
	d.size(9)
	r.y = pageMargin + 10
	for _, l := range d.lines(st.SummarySubtitle(), r.width) {
		r.y += 5
		d.centered(a4.Wd/2, r.y, l)
	}
	r.y += 8
	r.overview(st)
	r.divisions(st)
	r.months(st)
	r.funnel(st)
	r.reasons(st)
	r.late(st)
	d.substitutionNote(r.x, a4.Ht-pageMargin-2)
	return d.replaced, d.output(w)
}

// summaryPage is the quarterly summary being drawn, top to bottom.
type summaryPage struct {
	*doc
	x, y, width, bottom float64
}

// need starts a new page when h millimetres do not fit.
func (r *summaryPage) need(h float64) {
	if r.y+h > r.bottom {
		r.y = r.newPage()
	}
}

// heading draws a section heading.
func (r *summaryPage) heading(s string) {
	r.y = r.section(r.x, r.y+3, r.bottom, s)
}

// paragraph draws wrapped text.
func (r *summaryPage) paragraph(s string) {
	r.size(10.5)
	for _, l := range r.lines(s, r.width) {
		r.need(r.lineHeight())
		r.text(r.x, r.y, l)
		r.y += r.lineHeight()
	}
}

// table draws a header and rows with the widths given as shares of the width.
func (r *summaryPage) table(shares []float64, head []string, rows [][]string) {
	ws := make([]float64, len(shares))
	align := make([]string, len(shares))
	for i, s := range shares {
		ws[i], align[i] = s*r.width, "C"
	}
	align[0] = "L"
	r.size(10)
	r.need(20)
	r.pdf.SetY(r.y)
	r.tableHead(r.x, ws, head)
	r.header = func() { r.tableHead(r.x, ws, head) }
	y := r.pdf.GetY()
	for _, row := range rows {
		y = r.row(r.x, y, r.bottom, ws, row, align)
	}
	r.header = nil
	r.y = y + 2
}

// bars draws one horizontal bar a line for each label, its length n of most, with n after it;
// a label wider than its column is wrapped, the bar beside its first line.
func (r *summaryPage) bars(labels []string, ns []int, red, green, blue int) {
	most := 1
	for _, n := range ns {
		most = max(most, n)
	}
	labelW, barW := 38.0, r.width-38-16
	r.size(9)
	r.pdf.SetFillColor(red, green, blue)
	for i, l := range labels {
		ls := r.lines(l, labelW-2)
		r.need(5.5 * float64(len(ls)))
		w := barW * float64(ns[i]) / float64(most)
		if w > 0 {
			r.pdf.Rect(r.x+labelW, r.y+0.8, w, 3.6, "F")
		}
		r.text(r.x+labelW+w+1.5, r.y, strconv.Itoa(ns[i]))
		for _, l := range ls {
			r.text(r.x, r.y, l)
			r.y += 5.5
		}
	}
	r.y += 2
}

func (r *summaryPage) overview(st *Statistics) {
	r.heading("一、总体情况")
	r.paragraph(overviewText(st))
}

// overviewText is the summary's first paragraph.
func overviewText(st *Statistics) string {
	t := st.Total
	s := fmt.Sprintf("本期提出拟公开信息 %d 件，公开 %d 件，建档 %d 件；退回 %d 次（涉及 %d 件），其中保密审查因发现问题退回 %d 次。",
		t.Proposed.N, t.Published.N, t.Filed.N, t.Returned.N, t.Returned.Items(), t.Blocked.N)
	if rate, ok := st.OnTimeRate(); ok {
		s += fmt.Sprintf("公开政策解读 %d 件，按期 %d 件，逾期 %d 件，按期公开率 %.1f%%。", st.Policy.N, st.OnTime.N, st.Late.N, 100*rate)
	} else {
		s += "本期未公开政策解读。"
	}
	return s
}

// The summary's tables, as both the PDF and the workbook print them.
var (
	divisionHead         = []string{"处室", "提出（件）", "公开（件）", "建档（件）", "退回（次）", "保密审查退回（次）"}
	categoryHead         = []string{"主动公开目录", "提出（件）", "公开（件）", "建档（件）", "退回（次）", "保密审查退回（次）"}
	divisionCategoryHead = []string{"处室", "主动公开目录", "提出（件）", "公开（件）", "建档（件）", "退回（次）"}
	monthHead            = []string{"月份", "提出（件）", "公开（件）", "建档（件）", "退回（次）"}
	funnelHead           = []string{"环节", "本期办结（件）"}
	stepHead             = []string{"环节（工作日）", "办理次数", "中位数", "最长"}
	reasonHead           = []string{"项目", "次数/件数"}
	lateSummaryHead      = []string{"题名", "文号", "应公开日", "公开日期"}
)

// figureRows are the rows of table 二 (by division, the total last) or 三 (by category): a
// row's label, then its 提出, 公开, 建档, 退回 and 保密审查退回, as the 统计 window's tables.
func figureRows(rows []Row) [][]string {
	var out [][]string
	for _, row := range rows {
		out = append(out, []string{row.Label, strconv.Itoa(row.Proposed.N), strconv.Itoa(row.Published.N),
			strconv.Itoa(row.Filed.N), strconv.Itoa(row.Returned.N), strconv.Itoa(row.Blocked.N)})
	}
	return out
}

func divisionRows(st *Statistics) [][]string {
	return figureRows(append(append([]Row{}, st.ByDivision...), st.Total))
}

func categoryRows(st *Statistics) [][]string { return figureRows(st.ByCategory) }

func divisionCategoryRows(st *Statistics) [][]string {
	var rows [][]string
	for _, row := range st.ByDivisionCategory {
		rows = append(rows, []string{row.DivisionLabel, row.Label, strconv.Itoa(row.Proposed.N), strconv.Itoa(row.Published.N),
			strconv.Itoa(row.Filed.N), strconv.Itoa(row.Returned.N)})
	}
	return rows
}

func monthRows(st *Statistics) [][]string {
	var rows [][]string
	for _, m := range st.Months {
		rows = append(rows, []string{m.Label, strconv.Itoa(m.Proposed.N), strconv.Itoa(m.Published.N), strconv.Itoa(m.Filed.N), strconv.Itoa(m.Returned.N)})
	}
	return rows
}

func funnelRows(st *Statistics) [][]string {
	var rows [][]string
	for _, f := range st.Funnel {
		rows = append(rows, []string{f.DateLabel(), strconv.Itoa(f.N)})
	}
	return rows
}

func stepRows(st *Statistics) [][]string {
	var rows [][]string
	for _, t := range st.Steps {
		rows = append(rows, []string{t.Label(), strconv.Itoa(t.Decisions.N), strconv.FormatFloat(t.Median, 'f', -1, 64), strconv.Itoa(t.Worst)})
	}
	return rows
}

func reasonRows(st *Statistics) [][]string {
	var rows [][]string
	for _, x := range st.Returns {
		rows = append(rows, []string{"退回：" + x.Text, strconv.Itoa(x.Returns.N)})
	}
	for _, f := range st.Findings {
		rows = append(rows, []string{"发现问题：" + f.Category.Label(), strconv.Itoa(f.Findings.N)})
	}
	for _, c := range st.Channels {
		rows = append(rows, []string{"公开渠道：" + c.Name, strconv.Itoa(c.Items.N)})
	}
	return rows
}

func lateRows(st *Statistics) [][]string {
	var rows [][]string
	for _, it := range st.LateItems {
		rows = append(rows, []string{it.Title, it.DocNumber, it.Due, it.Published})
	}
	return rows
}

func (r *summaryPage) divisions(st *Statistics) {
	r.heading("二、各处室情况")
	r.table([]float64{0.3, 0.13, 0.13, 0.13, 0.13, 0.18}, divisionHead, divisionRows(st))
	var labels []string
	var ns []int
	for _, row := range st.ByDivision {
		labels, ns = append(labels, row.Label), append(ns, row.Published.N)
	}
	r.paragraph("各处室公开件数：")
	r.bars(labels, ns, 178, 34, 34)
	r.heading("三、按主动公开目录")
	r.table([]float64{0.3, 0.13, 0.13, 0.13, 0.13, 0.18}, categoryHead, categoryRows(st))
	r.heading("四、各处室按主动公开目录")
	r.table([]float64{0.2, 0.32, 0.12, 0.12, 0.12, 0.12}, divisionCategoryHead, divisionCategoryRows(st))
}

func (r *summaryPage) months(st *Statistics) {
	r.heading("五、逐月情况")
	var labels []string
	var ns []int
	for _, m := range st.Months {
		labels, ns = append(labels, m.Label+" 公开"), append(ns, m.Published.N)
	}
	r.bars(labels, ns, 178, 34, 34)
}

func (r *summaryPage) funnel(st *Statistics) {
	r.heading("六、办理环节")
	var labels []string
	var ns []int
	for _, f := range st.Funnel {
		labels, ns = append(labels, f.DateLabel()), append(ns, f.N)
	}
	r.paragraph("本期各环节办结的件数（与上文提出、公开、建档的件数同一口径）：")
	r.bars(labels, ns, 60, 110, 170)
	r.table([]float64{0.31, 0.23, 0.23, 0.23}, stepHead, stepRows(st))
}

func (r *summaryPage) reasons(st *Statistics) {
	r.heading("七、退回原因、发现问题与公开渠道")
	rows := reasonRows(st)
	if len(rows) == 0 {
		r.paragraph("本期无。")
		return
	}
	r.table([]float64{0.8, 0.2}, reasonHead, rows)
}

func (r *summaryPage) late(st *Statistics) {
	r.heading("八、逾期公开的政策解读")
	if len(st.LateItems) == 0 {
		r.paragraph("本期无逾期公开的政策解读。")
		return
	}
	r.table([]float64{0.46, 0.22, 0.16, 0.16}, lateSummaryHead, lateRows(st))
}

// WriteSummaryXLSX writes the office's summary of st as a workbook of one sheet with the
// PDF's tables, the numbers as numbers. Errors: the writer's, or excelize's.
func WriteSummaryXLSX(w io.Writer, st *Statistics) error {
	x, err := newWorkbook(st.SummaryTitle(), st.Made)
	if err != nil {
		return err
	}
	defer x.Close()
	const sheet = "统计"
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	rows := [][]string{{st.SummaryTitle()}, {st.SummarySubtitle()}, {}, {"一、总体情况"}, {overviewText(st)}}
	for _, t := range []struct {
		heading    string
		head       []string
		rows       [][]string
		whenAbsent string
	}{
		{"二、各处室情况", divisionHead, divisionRows(st), ""},
		{"三、按主动公开目录", categoryHead, categoryRows(st), ""},
		{"四、各处室按主动公开目录", divisionCategoryHead, divisionCategoryRows(st), ""},
		{"五、逐月情况", monthHead, monthRows(st), ""},
		{"六、办理环节", funnelHead, funnelRows(st), ""},
		{"", stepHead, stepRows(st), ""},
		{"七、退回原因、发现问题与公开渠道", reasonHead, reasonRows(st), "本期无。"},
		{"八、逾期公开的政策解读", lateSummaryHead, lateRows(st), "本期无逾期公开的政策解读。"},
	} {
		rows = append(rows, []string{})
		if t.heading != "" {
			rows = append(rows, []string{t.heading})
		}
		if len(t.rows) == 0 && t.whenAbsent != "" {
			rows = append(rows, []string{t.whenAbsent})
			continue
		}
		rows = append(append(rows, t.head), t.rows...)
	}
	if err := writeSheet(x, sheet, "portrait", []colWidth{{"A", "B", 28}}, rows); err != nil {
		return err
	}
	return writeWorkbook(x, w)
}
