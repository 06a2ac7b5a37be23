package archive

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// rowOf is the position of the row named name (ApplicationRow.Name) in ApplicationRows.
func rowOf(t testing.TB, name string) int {
	t.Helper()
	for i, r := range ApplicationRows {
		if r.Name() == name {
			return i
		}
	}
	t.Fatalf("no row %q", name)
	return -1
}

// goodTable is a filled-in table 三 that keeps every rule: 自然人 10 new and 2 carried, 9
// answered and 3 carried on; 商业企业 3 new, all published.
func goodTable(t testing.TB) ApplicationTable {
	tab := NewApplicationTable()
	set := func(row string, col, v int) {
		tab[rowOf(t, row)][col] += v
		tab[rowOf(t, row)][totalColumn] += v
	}
	set("一、本年新收政府信息公开申请数量", 0, 10)
	set("二、上年结转政府信息公开申请数量", 0, 2)
	set("三（一）予以公开", 0, 5)
	set("三（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 0, 2)
	set("三（三）1.属于国家秘密", 0, 1)
	set("三（四）1.本机关不掌握相关政府信息", 0, 1)
	set("三（七）总计", 0, 9)
	set("四、结转下年度继续办理", 0, 3)
	set("一、本年新收政府信息公开申请数量", 1, 3)
	set("三（一）予以公开", 1, 3)
	set("三（七）总计", 1, 3)
	return tab
}

func TestApplicationRows(t *testing.T) {
	if got, want := len(ApplicationRows), 25; got != want {
		t.Errorf("table 三 has %d rows, want %d", got, want)
	}
	for i, want := range map[int]string{0: "一、本年新收政府信息公开申请数量", 4: "三（三）1.属于国家秘密", 15: "三（五）1.信访举报投诉类申请",
		22: "三（六）3.其他", 23: "三（七）总计", 24: "四、结转下年度继续办理"} {
		if got := ApplicationRows[i].Name(); got != want {
			t.Errorf("row %d: got %q, want %q", i, got, want)
		}
	}
}

func TestApplicationCheck(t *testing.T) {
	tests := []struct {
		name   string
		change func(ApplicationTable)
		want   []string // each problem's message, in part
	}{
		{"empty: not yet filled in", nil, nil},
		{"good figures", func(ApplicationTable) {}, nil},
		{"one more carried on, its 总计 kept", func(tab ApplicationTable) {
			tab[rowOf(t, "四、结转下年度继续办理")][0]++
			tab[rowOf(t, "四、结转下年度继续办理")][totalColumn]++
		}, []string{
			"表三“自然人”列不符合“一＋二＝三（七）总计＋四”： 一、本年新收 10＋二、上年结转 2≠三（七）总计 9＋四、结转下年度 4。",
			"表三“总计”列不符合“一＋二＝三（七）总计＋四”： 一、本年新收 13＋二、上年结转 2≠三（七）总计 12＋四、结转下年度 4。"}},
		{"a row's 总计 wrong", func(tab ApplicationTable) { tab[rowOf(t, "三（一）予以公开")][totalColumn] = 7 }, []string{
			"表三“三（一）予以公开”行“总计”列：总计 7 应等于前六列之和 8。",
			"表三“三（七）总计”行“总计”列：（七）总计 12 应等于（一）至（六）各项之和 11。"}},
		{"（七）总计 not the sum, balance kept", func(tab ApplicationTable) {
			tab[rowOf(t, "三（三）1.属于国家秘密")][0], tab[rowOf(t, "三（三）1.属于国家秘密")][totalColumn] = 0, 0
		}, []string{"表三“三（七）总计”行“自然人”列：（七）总计 9 应等于（一）至（六）各项之和 8。",
			"表三“三（七）总计”行“总计”列：（七）总计 12 应等于（一）至（六）各项之和 11。"}},
		{"a negative figure", func(tab ApplicationTable) {
			tab[rowOf(t, "三（五）2.重复申请")][2], tab[rowOf(t, "三（五）2.重复申请")][3] = -1, 1
		}, []string{"表三“三（五）2.重复申请”行“科研机构”列：数字 -1 不能为负数。",
			"表三“三（七）总计”行“科研机构”列：（七）总计 0 应等于（一）至（六）各项之和 -1。",
			"表三“三（七）总计”行“社会公益组织”列：（七）总计 0 应等于（一）至（六）各项之和 1。"}},
		{"a row missing", func(tab ApplicationTable) {}, []string{"表三应有 25 行数字，收到 24 行。"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tab ApplicationTable
			if tt.change != nil {
				tab = goodTable(t)
				tt.change(tab)
			}
			if tt.name == "a row missing" {
				tab = tab[:len(tab)-1]
			}
			got := tab.Check()
			if len(got) != len(tt.want) {
				t.Fatalf("got %d problems %+v, want %d", len(got), got, len(tt.want))
			}
			for i, p := range got {
				if !strings.HasPrefix(p.Message, tt.want[i]) {
					t.Errorf("problem %d: got %q, want it to start %q", i, p.Message, tt.want[i])
				}
			}
		})
	}
}

func TestAppealAndProactiveCheck(t *testing.T) {
	neg := -2
	tests := []struct {
		name string
		f    AnnualFigures
		want []string
	}{
		{"good", AnnualFigures{Year: 2016, Appeals: &AppealTable{{1, 0, 0, 1, 2}}, Proactive: ProactiveFigures{Fees: "12.35"}}, nil},
		{"appeal total", AnnualFigures{Year: 2016, Appeals: &AppealTable{{}, {1, 1, 0, 0, 1}}}, []string{
			"表四“行政诉讼：未经复议直接起诉”的总计 1 应等于结果维持、结果纠正、其他结果、尚未审结之和 2。"}},
		{"negative count and fees not an amount", AnnualFigures{Year: 2016, Proactive: ProactiveFigures{Licensing: &neg, Fees: "十二万"}}, []string{
			"表二“行政许可”的“本年处理决定数量”：数字 -2 不能为负数。", "表二“行政事业性收费”的本年收费金额“十二万”不正确"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.f.Check()
			if len(got) != len(tt.want) {
				t.Fatalf("got %+v, want %d problems", got, len(tt.want))
			}
			for i, p := range got {
				if !strings.HasPrefix(p.Message, tt.want[i]) {
					t.Errorf("got %q, want it to start %q", p.Message, tt.want[i])
				}
			}
		})
	}
}

func TestSaveAnnualFigures(t *testing.T) {
	o := newOffice(t)
	f, err := o.AnnualFigures(2016)
	must(t, err)
	if f.Year != 2016 || len(f.Applications) != 0 || f.Appeals != nil {
		t.Fatalf("figures before any were saved: %+v", f)
	}
	bad := AnnualFigures{Year: 2016, Applications: goodTable(t)}
	bad.Applications[rowOf(t, "二、上年结转政府信息公开申请数量")][5] = 1
	bad.Applications[rowOf(t, "二、上年结转政府信息公开申请数量")][totalColumn]++
	err = o.SaveAnnualFigures("office", bad)
	if msg, _ := Message(err); !errors.Is(err, ErrInvalid) || !strings.Contains(msg, "表三“其他”列不符合“一＋二＝三（七）总计＋四”： 一、本年新收 0＋二、上年结转 1≠三（七）总计 0＋四、结转下年度 0。") {
		t.Errorf("saving unbalanced figures: got %v, want ErrInvalid naming 三（七）总计 and 其他", err)
	}
	good := AnnualFigures{Year: 2016, Applications: goodTable(t), Appeals: &AppealTable{{1, 0, 0, 0, 1}}}
	wantErr(t, "a drafter saving the figures", o.SaveAnnualFigures("drafter", good), ErrPermission)
	must(t, o.SaveAnnualFigures("office", good))
	got, err := o.AnnualFigures(2016)
	must(t, err)
	if got.By != "office" || !slices.Equal(got.Applications, good.Applications) || *got.Appeals != *good.Appeals {
		t.Errorf("figures read back %+v, want %+v by office", got, good)
	}
	if other, err := o.AnnualFigures(2017); err != nil || len(other.Applications) != 0 {
		t.Errorf("another year's figures: %+v, %v; want none", other, err)
	}
	if p := problems(t, o.Office); p != "" {
		t.Errorf("verify after saving the figures: %s", p)
	}
}

func TestAnnualAgainstCount(t *testing.T) {
	o, _ := reportOffice(t, 200, 30)
	rule := o.propose(t, Draft{Title: "厦门市律师执业管理办法", Author: "厦门市人民政府", Division: "BGS", DocDate: "2016-05-10",
		Disclosure: Proactive, Category: "政策法规/规章"})
	must(t, o.Decide("head", rule.ID, Review{Approve: true}))
	must(t, o.Decide("office", rule.ID, Review{Approve: true}))
	must(t, o.Decide("leader", rule.ID, Review{Approve: true}))
	must(t, o.Publish("office", rule.ID, Publication{Channels: []string{"门户网站"}, Date: "2016-06-30"}))
	items, _, err := o.Items(Filter{}, 0, 1<<30)
	must(t, err)
	want := map[int][2]int{}
	for _, it := range items {
		if it.Publication == nil && it.Filing == nil {
			continue
		}
		year, _ := strconv.Atoi(it.DocDate[:4])
		w := want[year]
		switch {
		case strings.HasSuffix(it.Category, "规章"):
			w[0]++
		case strings.HasSuffix(it.Category, "规范性文件"):
			w[1]++
		}
		want[year] = w
	}
	for _, year := range []int{2015, 2016} {
		rep, err := o.Annual(year)
		must(t, err)
		if got := [2]int{rep.RulesIssued, rep.NormsIssued}; got != want[year] {
			t.Errorf("%d: got 规章, 行政规范性文件 %v, want %v", year, got, want[year])
		}
	}
	if want[2016] != [2]int{1, 201} {
		t.Errorf("the straightforward count %v, want 1 规章 and 201 规范性文件 (200 synthetic)", want[2016])
	}
}

func TestRegulationKind(t *testing.T) {
	for _, tt := range []struct{ category, want string }{
		{"政策法规/规范性文件", "行政规范性文件"}, {"规范性文件", "行政规范性文件"}, {"政策法规/行政规范性文件", "行政规范性文件"},
		{"政策法规/规章", "规章"}, {"政府规章", "规章"}, {"政策法规/部门文件", ""}, {"政策解读", ""}, {"", ""},
	} {
		if got := RegulationKind(tt.category); got != tt.want {
			t.Errorf("RegulationKind(%q): got %q, want %q", tt.category, got, tt.want)
		}
	}
}

// csvRows parses LibreOffice's CSV.
func csvRows(t *testing.T, text string) [][]string {
	t.Helper()
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	must(t, err)
	return rows
}

// rowStarting returns the first row whose first cell is first, after the row holding after.
func rowStarting(rows [][]string, after, first string) []string {
	seen := after == ""
	for _, r := range rows {
		if len(r) > 0 && r[0] == after {
			seen = true
		}
		if seen && len(r) > 0 && r[0] == first {
			return r
		}
	}
	return nil
}

func TestAnnualXLSX(t *testing.T) {
	o, _ := reportOffice(t, 30, 0)
	fees := "3.5"
	lic := 12
	f := AnnualFigures{Year: 2016, Applications: goodTable(t), Appeals: &AppealTable{{1, 0, 0, 1, 2}, {}, {0, 1, 0, 0, 1}},
		Proactive: ProactiveFigures{Licensing: &lic, Fees: fees}}
	must(t, o.SaveAnnualFigures("office", f))
	rep, err := o.Annual(2016)
	must(t, err)
	var buf bytes.Buffer
	must(t, rep.WriteAnnualXLSX(&buf))
	if dir := os.Getenv("SHENDANG_REPORT_OUT"); dir != "" { // to look at it in LibreOffice
		must(t, os.WriteFile(filepath.Join(dir, "annual.xlsx"), buf.Bytes(), 0o644))
	}
	text := xlsxCSV(t, buf.Bytes())
	for _, want := range []string{"厦门市司法局2016年政府信息公开工作年度报告（表二至表四）", "二、主动公开政府信息情况",
		"三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", "第二十条第（一）项", "第二十条第（五）项",
		"第二十条第（六）项", "第二十条第（八）项", "本年收费金额（单位：万元）", "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
		"申请人情况", "法人或其他组织", "未经复议直接起诉", "复议后起诉", "核对结果：公开办填写的数字符合填报要求"} {
		if !strings.Contains(text, want) {
			t.Errorf("LibreOffice's CSV does not hold %q", want)
		}
	}
	rows := csvRows(t, text)
	tests := []struct {
		after, first string
		col          int
		want         string
	}{
		{"第二十条第（一）项", "行政规范性文件", 3, "31"}, // 30 synthetic and one published
		{"第二十条第（一）项", "规章", 3, "0"},
		{"第二十条第（一）项", "规章", 5, ""}, // left for the office
		{"第二十条第（五）项", "行政许可", 3, "12"},
		{"第二十条第（六）项", "行政处罚", 3, ""},
		{"第二十条第（八）项", "行政事业性收费", 3, "3.5"},
		{"", "一、本年新收政府信息公开申请数量", 3, "10"},
		{"", "一、本年新收政府信息公开申请数量", 4, "3"},
		{"", "一、本年新收政府信息公开申请数量", 9, "13"},
		{"", "四、结转下年度继续办理", 3, "3"},
		{"四、政府信息公开行政复议、行政诉讼情况", "1", 4, "2"},
		{"四、政府信息公开行政复议、行政诉讼情况", "1", 11, "1"},
	}
	for _, tt := range tests {
		r := rowStarting(rows, tt.after, tt.first)
		if len(r) <= tt.col || r[tt.col] != tt.want {
			t.Errorf("row %q after %q, column %d: got row %q, want %q", tt.first, tt.after, tt.col, r, tt.want)
		}
	}
	row := rowStarting(rows, "", "三、本年度办理结果")
	if len(row) < 10 || row[1] != "（一）予以公开" || row[3] != "5" || row[9] != "8" {
		t.Errorf("三（一）予以公开: got %q, want 5 自然人 and 8 in all", row)
	}
}

// annualRows is the annual report's sheet for year as the office's workbook holds it.
func annualRows(t *testing.T, o *Office, year int) [][]string {
	t.Helper()
	rep, err := o.Annual(year)
	must(t, err)
	var buf bytes.Buffer
	must(t, rep.WriteAnnualXLSX(&buf))
	x, err := excelize.OpenReader(&buf)
	must(t, err)
	defer x.Close()
	rows, err := x.GetRows(annualSheet)
	must(t, err)
	return rows
}

func TestAnnualXLSXNotFilledIn(t *testing.T) {
	rows := annualRows(t, newOffice(t).Office, 2016)
	var notes []string
	for _, r := range rows {
		if len(r) > 0 && strings.HasPrefix(r[0], "一、本年新收") && len(r) > 3 {
			t.Errorf("table 三 not filled in: row %q has figures", r)
		}
		if len(r) > 0 && strings.HasPrefix(r[0], "3. ") {
			notes = append(notes, r[0])
		}
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "表三尚未填写") {
		t.Errorf("notes %q, want one saying table 三 is not filled in", notes)
	}
}

// TestAnnualXLSXBlanks: once the office's figures are saved and pass the check, a field left
// blank in a table it filled in is written 0, as the check counted it, not as a yellow cell still
// to fill (before, the workbook read 待公开办填写 where the window had accepted 0); a table it
// typed nothing into keeps its cells to fill.
func TestAnnualXLSXBlanks(t *testing.T) {
	o := newOffice(t)
	blank := [3][5]bool{{false, true, false, false, false}, {true, true, true, true, true}, {true, true, true, true, true}}
	f := AnnualFigures{Year: 2016, Appeals: &AppealTable{{1, 0, 0, 0, 1}}, AppealsBlank: &blank}
	must(t, o.SaveAnnualFigures("office", f))
	rep, err := o.Annual(2016)
	must(t, err)
	if !rep.Figures.Settled() {
		t.Fatalf("figures saved with no problem are not settled: %+v", rep.Problems)
	}
	rows := annualRows(t, o.Office, 2016)
	var got []string
	for i, r := range rows {
		if i > 0 && len(rows[i-1]) > 0 && rows[i-1][0] == AppealColumns[0] {
			got = r
		}
		if len(r) > 0 && strings.HasPrefix(r[0], "一、本年新收") && len(r) > 3 {
			t.Errorf("table 三, nothing typed in it: row %q has figures", r)
		}
	}
	if want := []string{"1", "0", "0", "0", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"}; len(got) < len(want) || !slices.Equal(got[:len(want)], want) {
		t.Errorf("table 四: got %q, want %q (the blanks written 0)", got, want)
	}
	if unsaved := (AnnualFigures{Year: 2016, Appeals: f.Appeals, AppealsBlank: &blank}); unsaved.Settled() {
		t.Error("figures never saved are settled")
	}
}

func TestAnnualReportYear(t *testing.T) {
	for _, tt := range []struct {
		now  time.Time
		want int
	}{
		{time.Date(2027, 1, 31, 23, 0, 0, 0, OfficeZone), 2026}, // the last day of January: 2026's is due today
		{time.Date(2027, 1, 31, 16, 30, 0, 0, time.UTC), 2027},  // 2月1日 00:30 in the office: 2027's is next
		{time.Date(2027, 1, 31, 15, 30, 0, 0, time.UTC), 2026},  // 23:30 in the office
		{time.Date(2026, 12, 2, 9, 0, 0, 0, OfficeZone), 2026},
		{time.Date(2026, 2, 1, 0, 0, 0, 0, OfficeZone), 2026},
	} {
		if got := AnnualReportYear(tt.now); got != tt.want {
			t.Errorf("AnnualReportYear(%s): got %d, want %d", tt.now, got, tt.want)
		}
	}
}
