package archive

import (
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// The annual report's workbook follows the tables of 国办公开办函〔2021〕30号's annex
// (《中华人民共和国政府信息公开工作年度报告格式》), headings word for word as the annex prints
// them (docs/domain.md §9). One sheet: table 二 in columns A–J, table 三 in A–J (three columns
// of row headings, then the seven applicant columns), table 四 in A–O, then notes saying what
// 审档 counted and how. Cells 审档 filled are white; cells left for the office are yellow.

const annualSheet = "年度报告"

// annualSheetWriter writes the sheet row by row, with the styles of its cells.
type annualSheetWriter struct {
	x                          *excelize.File
	row                        int
	title, head, label, number int // style ids
	blank                      int // a figure left for the office
	err                        error
}

// cellName is the reference of the column (1 = A) and row.
func cellName(col, row int) string {
	ref, _ := excelize.CoordinatesToCellName(col, row)
	return ref
}

// put writes v into the cells from column c1 to c2 of rows r1 to r2, merged when more than
// one, in style.
func (w *annualSheetWriter) put(c1, r1, c2, r2 int, v any, style int) {
	if w.err != nil {
		return
	}
	from, to := cellName(c1, r1), cellName(c2, r2)
	if v != nil {
		w.err = w.x.SetCellValue(annualSheet, from, v)
	}
	if w.err == nil && from != to {
		w.err = w.x.MergeCell(annualSheet, from, to)
	}
	if w.err == nil {
		w.err = w.x.SetCellStyle(annualSheet, from, to, style)
	}
}

// line writes a heading or a note across columns A–J of a row of its own, as high as its
// wrapped lines need.
func (w *annualSheetWriter) line(text string, style int) {
	w.row++
	w.put(1, w.row, 10, w.row, text, style)
	if n := len([]rune(text)); n > 60 {
		w.height(w.row, float64(15*((n+59)/60)))
	}
}

// figure writes a count into the cells, or leaves them yellow when there is none.
func (w *annualSheetWriter) figure(c1, r, c2 int, v *int) {
	if v == nil {
		w.put(c1, r, c2, r, nil, w.blank)
		return
	}
	w.put(c1, r, c2, r, *v, w.number)
}

func newAnnualSheetWriter(x *excelize.File) (*annualSheetWriter, error) {
	w := &annualSheetWriter{x: x}
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	left := &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}
	for _, s := range []struct {
		id    *int
		style excelize.Style
	}{
		{&w.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: left}},
		{&w.head, excelize.Style{Border: border, Alignment: center, Font: &excelize.Font{Bold: true}}},
		{&w.label, excelize.Style{Border: border, Alignment: left}},
		{&w.number, excelize.Style{Border: border, Alignment: center}},
		{&w.blank, excelize.Style{Border: border, Alignment: center, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}}},
	} {
		id, err := x.NewStyle(&s.style)
		if err != nil {
			return nil, err
		}
		*s.id = id
	}
	return w, nil
}

// WriteAnnualXLSX writes the year's annual report tables as a workbook. Errors: the workbook
// writer's.
func (r *AnnualReport) WriteAnnualXLSX(out io.Writer) error {
	x, err := newWorkbook(fmt.Sprintf("%s%d年政府信息公开工作年度报告", r.FondsName, r.Year), r.Made)
	if err != nil {
		return err
	}
	defer x.Close()
	if err := x.SetSheetName("Sheet1", annualSheet); err != nil {
		return err
	}
	w, err := newAnnualSheetWriter(x)
	if err != nil {
		return err
	}
	w.line(fmt.Sprintf("%s%d年政府信息公开工作年度报告（表二至表四）", r.FondsName, r.Year), w.title)
	w.line(fmt.Sprintf("本报告所列数据的统计期限自%d年1月1日起至%d年12月31日止。白底数字由审档统计或已由公开办填写，黄底单元格待公开办填写。", r.Year, r.Year), w.label)
	w.row++
	w.proactive(r)
	w.row++
	w.applications(r.Figures)
	w.row++
	w.appeals(r.Figures)
	w.row++
	w.notes(r)
	if w.err != nil {
		return fmt.Errorf("annual report workbook: %w", w.err)
	}
	for _, c := range []struct {
		from, to string
		width    float64
	}{{"A", "A", 16}, {"B", "B", 14}, {"C", "C", 30}, {"D", "O", 10}} {
		if err := x.SetColWidth(annualSheet, c.from, c.to, c.width); err != nil {
			return err
		}
	}
	if err := printOnA4(x, annualSheet, "landscape"); err != nil {
		return err
	}
	return writeWorkbook(x, out)
}

// height sets the row's height in points, for a label that wraps.
func (w *annualSheetWriter) height(row int, points float64) {
	if w.err == nil {
		w.err = w.x.SetRowHeight(annualSheet, row, points)
	}
}

// proactive writes table 二: 第二十条第（一）、（五）、（六）、（八）项.
func (w *annualSheetWriter) proactive(r *AnnualReport) {
	p := r.Figures.Proactive
	w.line("二、主动公开政府信息情况", w.title)
	w.block("第二十条第（一）项", []string{"本年制发件数", "本年废止件数", "现行有效件数"})
	for _, reg := range []struct {
		name   string
		issued int
		f      RegulationFigures
	}{{"规章", r.RulesIssued, p.Rules}, {"行政规范性文件", r.NormsIssued, p.Norms}} {
		w.row++
		w.put(1, w.row, 3, w.row, reg.name, w.label)
		issued := reg.issued
		w.figure(4, w.row, 5, &issued)
		w.figure(6, w.row, 7, reg.f.Repealed)
		w.figure(8, w.row, 10, reg.f.InForce)
	}
	w.block("第二十条第（五）项", []string{"本年处理决定数量"})
	w.decisions([]string{"行政许可"}, []*int{p.Licensing})
	w.block("第二十条第（六）项", []string{"本年处理决定数量"})
	w.decisions([]string{"行政处罚", "行政强制"}, []*int{p.Penalties, p.Enforcement})
	w.block("第二十条第（八）项", []string{"本年收费金额（单位：万元）"})
	w.row++
	w.put(1, w.row, 3, w.row, "行政事业性收费", w.label)
	if p.Fees == "" {
		w.put(4, w.row, 10, w.row, nil, w.blank)
	} else if v, err := strconv.ParseFloat(p.Fees, 64); err == nil {
		w.put(4, w.row, 10, w.row, v, w.number)
	}
}

// block writes a block's title row and its header row: 信息内容, then the columns, spread over
// D–J (three columns: D–E, F–G, H–J; one: D–J).
func (w *annualSheetWriter) block(title string, cols []string) {
	w.row++
	w.put(1, w.row, 10, w.row, title, w.head)
	w.row++
	w.put(1, w.row, 3, w.row, "信息内容", w.head)
	if len(cols) == 1 {
		w.put(4, w.row, 10, w.row, cols[0], w.head)
		return
	}
	w.put(4, w.row, 5, w.row, cols[0], w.head)
	w.put(6, w.row, 7, w.row, cols[1], w.head)
	w.put(8, w.row, 10, w.row, cols[2], w.head)
}

// decisions writes rows of one figure each (本年处理决定数量).
func (w *annualSheetWriter) decisions(names []string, figures []*int) {
	for i, n := range names {
		w.row++
		w.put(1, w.row, 3, w.row, n, w.label)
		w.figure(4, w.row, 10, figures[i])
	}
}

// applications writes table 三: the three header rows, then a row per ApplicationRows; its
// figures are t's, or yellow cells when t is empty. A field left blank is yellow too until the
// figures are Settled: then it is the 0 the check counted.
func (w *annualSheetWriter) applications(fig AnnualFigures) {
	t := fig.Applications
	w.line("三、收到和处理政府信息公开申请情况", w.title)
	top := w.row + 1
	w.put(1, top, 3, top+2, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", w.head)
	w.put(4, top, 10, top, "申请人情况", w.head)
	w.put(4, top+1, 4, top+2, ApplicantColumns[0], w.head)
	w.put(5, top+1, 9, top+1, "法人或其他组织", w.head)
	for c := 1; c < totalColumn; c++ {
		w.put(4+c, top+2, 4+c, top+2, ApplicantColumns[c], w.head)
	}
	w.put(10, top+1, 10, top+2, ApplicantColumns[totalColumn], w.head)
	w.row = top + 2
	first := w.row + 1
	settled := fig.Settled()
	for i, row := range ApplicationRows {
		w.row++
		switch {
		case row.Group == "":
			w.put(1, w.row, 3, w.row, row.Label, w.label)
		case row.SubGroup == "":
			w.put(2, w.row, 3, w.row, row.Label, w.label)
		default:
			w.put(3, w.row, 3, w.row, row.Label, w.label)
		}
		if n := len([]rune(row.Label)); n > 16 {
			w.height(w.row, float64(15*((n+15)/16)))
		}
		for c := range applicantColumns {
			if len(t) == len(ApplicationRows) && (settled || !fig.ApplicationBlank(i, c)) {
				v := t[i][c]
				w.figure(4+c, w.row, 4+c, &v)
			} else {
				w.figure(4+c, w.row, 4+c, nil)
			}
		}
	}
	w.mergeGroups(first)
}

// mergeGroups merges the cells of 三、本年度办理结果 down column A and of each （三）–（六）
// down column B, the rows of ApplicationRows starting at first.
func (w *annualSheetWriter) mergeGroups(first int) {
	spans := map[string][2]int{}
	var order []string
	for i, row := range ApplicationRows {
		for col, name := range map[int]string{1: row.Group, 2: row.SubGroup} {
			if name == "" {
				continue
			}
			key := strconv.Itoa(col) + name
			sp, ok := spans[key]
			if !ok {
				sp = [2]int{first + i, first + i}
				order = append(order, key)
			}
			sp[1] = first + i
			spans[key] = sp
		}
	}
	for _, key := range order {
		col, name := int(key[0]-'0'), key[1:]
		sp := spans[key]
		w.put(col, sp[0], col, sp[1], name, w.label)
	}
}

// appeals writes table 四 across columns A–O: 行政复议 (A–E), 行政诉讼 (F–O) split into 未经复议直接起诉
// (F–J) and 复议后起诉 (K–O), each with 结果维持, 结果纠正, 其他结果, 尚未审结, 总计.
func (w *annualSheetWriter) appeals(fig AnnualFigures) {
	t, settled := fig.Appeals, fig.Settled()
	w.line("四、政府信息公开行政复议、行政诉讼情况", w.title)
	top := w.row + 1
	w.put(1, top, 5, top+1, "行政复议", w.head)
	w.put(6, top, 15, top, "行政诉讼", w.head)
	w.put(6, top+1, 10, top+1, "未经复议直接起诉", w.head)
	w.put(11, top+1, 15, top+1, "复议后起诉", w.head)
	for g := range AppealGroups {
		for c, name := range AppealColumns {
			w.put(1+g*5+c, top+2, 1+g*5+c, top+2, name, w.head)
			if t == nil || !settled && fig.AppealBlank(g, c) {
				w.figure(1+g*5+c, top+3, 1+g*5+c, nil)
			} else {
				v := t[g][c]
				w.figure(1+g*5+c, top+3, 1+g*5+c, &v)
			}
		}
	}
	w.row = top + 3
}

// notes says where 审档's figures come from, and how the office's figures check.
func (w *annualSheetWriter) notes(r *AnnualReport) {
	w.line("说明：", w.title)
	w.line(fmt.Sprintf("1. 表二“本年制发件数”由审档统计：成文日期在%d年、已公开或已建档的条目中（公开属性标为不公开的除外），主动公开目录类别为“规章”（或“政府规章”）的计入规章，类别为“规范性文件”（或“行政规范性文件”）的计入行政规范性文件。", r.Year), w.label)
	w.line("2. 表二其余各项、表三、表四的数字由公开办填写（审档不办理依申请公开和复议诉讼）；表格样式依照国办公开办函〔2021〕30号《中华人民共和国政府信息公开工作年度报告格式》。", w.label)
	switch {
	case len(r.Figures.Applications) == 0:
		w.line("3. 表三尚未填写；填写后应满足：每一列 一＋二＝三（七）总计＋四。", w.label)
	case len(r.Problems) == 0:
		w.line("3. 核对结果：公开办填写的数字符合填报要求，表三每一列 一＋二＝三（七）总计＋四。", w.label)
	default:
		w.line(fmt.Sprintf("3. 核对结果：有 %d 处不符合填报要求：", len(r.Problems)), w.label)
		for _, p := range r.Problems {
			w.line(p.Message, w.label)
		}
	}
}
