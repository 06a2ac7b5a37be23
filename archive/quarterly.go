package archive

import (
	"fmt"
	"io"
	"strconv"
)

// WriteQuarterlyReport writes the office's summary of st (for a quarter, or any period) as an
// A4 PDF in the forms' font, for the leader: the totals, a table and bars by division, bars by
// month, the six steps as a funnel with the working days each took, returns by reason,
// findings by category, channels and the 政策解读 published late. It is reproducible: its date is
// st.Made. Errors: the writer's, or gofpdf's as an error.
func WriteQuarterlyReport(w io.Writer, st *Statistics) error {
	title := st.Office + "政务公开工作统计"
	d := newDoc(st.Made, title+" "+st.Period.Label())
	d.pdf.AddPageFormat("P", a4)
	d.pageNumber()
	r := summaryPage{doc: d, x: pageMargin, width: a4.Wd - 2*pageMargin, bottom: a4.Ht - pageMargin - 8}
	d.size(18)
	d.centered(a4.Wd/2, pageMargin, title)
	d.size(12)
	d.centered(a4.Wd/2, pageMargin+10, st.Period.Label()+"（"+st.Period.From.Format("2006-01-02")+" 至 "+st.Period.Last().Format("2006-01-02")+"）")
	d.size(9)
	d.centered(a4.Wd/2, pageMargin+17, "制表日期："+st.Made.In(OfficeZone).Format("2006-01-02"))
	r.y = pageMargin + 26
	r.overview(st)
	r.divisions(st)
	r.months(st)
	r.funnel(st)
	r.reasons(st)
	r.late(st)
	d.substitutionNote(r.x, a4.Ht-pageMargin-2)
	return d.output(w)
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

// bars draws one horizontal bar a line for each label, its length n of most, with n after it.
func (r *summaryPage) bars(labels []string, ns []int, red, green, blue int) {
	most := 1
	for _, n := range ns {
		most = max(most, n)
	}
	labelW, barW := 38.0, r.width-38-16
	r.size(9)
	r.pdf.SetFillColor(red, green, blue)
	for i, l := range labels {
		r.need(6)
		r.text(r.x, r.y, l)
		w := barW * float64(ns[i]) / float64(most)
		if w > 0 {
			r.pdf.Rect(r.x+labelW, r.y+0.8, w, 3.6, "F")
		}
		r.text(r.x+labelW+w+1.5, r.y, strconv.Itoa(ns[i]))
		r.y += 5.5
	}
	r.y += 2
}

func (r *summaryPage) overview(st *Statistics) {
	r.heading("一、总体情况")
	t := st.Total
	s := fmt.Sprintf("本期提出拟公开信息 %d 件，公开 %d 件，建档 %d 件；退回 %d 次（涉及 %d 件），其中保密审查因发现问题退回 %d 次。",
		t.Proposed.N, t.Published.N, t.Filed.N, t.Returned.N, len(t.Returned.IDs), t.Blocked.N)
	if rate, ok := st.OnTimeRate(); ok {
		s += fmt.Sprintf("公开政策解读 %d 件，按期 %d 件，逾期 %d 件，按期公开率 %.1f%%。", st.Policy.N, st.OnTime.N, st.Late.N, 100*rate)
	} else {
		s += "本期未公开政策解读。"
	}
	r.paragraph(s)
}

func (r *summaryPage) divisions(st *Statistics) {
	r.heading("二、各处室情况")
	var rows [][]string
	var labels []string
	var ns []int
	for _, row := range append(append([]Row{}, st.ByDivision...), st.Total) {
		rows = append(rows, []string{row.Label, strconv.Itoa(row.Proposed.N), strconv.Itoa(row.Published.N),
			strconv.Itoa(row.Filed.N), strconv.Itoa(row.Returned.N), strconv.Itoa(row.Blocked.N)})
	}
	r.table([]float64{0.3, 0.14, 0.14, 0.14, 0.14, 0.14}, []string{"处室", "提出", "公开", "建档", "退回（次）", "保密审查退回"}, rows)
	for _, row := range st.ByDivision {
		labels, ns = append(labels, row.Label), append(ns, row.Published.N)
	}
	r.paragraph("各处室公开件数：")
	r.bars(labels, ns, 178, 34, 34)
	rows = nil
	for _, row := range st.ByCategory {
		rows = append(rows, []string{row.Label, strconv.Itoa(row.Proposed.N), strconv.Itoa(row.Published.N), strconv.Itoa(row.Filed.N)})
	}
	r.heading("三、按主动公开目录")
	r.table([]float64{0.46, 0.18, 0.18, 0.18}, []string{"主动公开目录", "提出", "公开", "建档"}, rows)
}

func (r *summaryPage) months(st *Statistics) {
	r.heading("四、逐月情况")
	var labels []string
	var ns []int
	for _, m := range st.Months {
		labels, ns = append(labels, m.Label+" 公开"), append(ns, m.Published.N)
	}
	r.bars(labels, ns, 178, 34, 34)
}

func (r *summaryPage) funnel(st *Statistics) {
	r.heading("五、办理环节")
	var labels []string
	var ns []int
	for i, f := range st.Funnel {
		labels, ns = append(labels, Step(i+1).String()), append(ns, f.N)
	}
	r.paragraph("本期提出的事项已办结各环节的件数：")
	r.bars(labels, ns, 60, 110, 170)
	var rows [][]string
	for _, t := range st.Steps {
		rows = append(rows, []string{t.Label(), strconv.Itoa(t.Decisions.N), strconv.FormatFloat(t.Median, 'f', -1, 64), strconv.Itoa(t.Worst)})
	}
	r.table([]float64{0.31, 0.23, 0.23, 0.23}, []string{"环节（工作日）", "办理次数", "中位数", "最长"}, rows)
}

func (r *summaryPage) reasons(st *Statistics) {
	r.heading("六、退回原因、发现问题与公开渠道")
	rows := [][]string{}
	for _, x := range st.Returns {
		rows = append(rows, []string{"退回：" + x.Text, strconv.Itoa(x.Returns.N)})
	}
	for _, f := range st.Findings {
		rows = append(rows, []string{"发现问题：" + f.Category.Label(), strconv.Itoa(f.Findings.N)})
	}
	for _, c := range st.Channels {
		rows = append(rows, []string{"公开渠道：" + c.Name, strconv.Itoa(c.Items.N)})
	}
	if len(rows) == 0 {
		r.paragraph("本期无。")
		return
	}
	r.table([]float64{0.8, 0.2}, []string{"项目", "次数/件数"}, rows)
}

func (r *summaryPage) late(st *Statistics) {
	r.heading("七、逾期公开的政策解读")
	if len(st.LateItems) == 0 {
		r.paragraph("本期无逾期公开的政策解读。")
		return
	}
	var rows [][]string
	for _, it := range st.LateItems {
		rows = append(rows, []string{it.Title, it.DocNumber, it.Due, it.Published})
	}
	r.table([]float64{0.46, 0.22, 0.16, 0.16}, []string{"题名", "文号", "应公开日", "公开日期"}, rows)
}
