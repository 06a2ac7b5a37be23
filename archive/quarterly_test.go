package archive

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"shendang.gov.cn/shendang/review"
)

func TestWriteSummary(t *testing.T) {
	s := openTestOffice(t)
	must(t, s.fillSyntheticYear(2024, 600))
	s.Now = func() time.Time { return time.Date(2024, 7, 5, 9, 0, 0, 0, OfficeZone) }
	st, err := s.Statistics(QuarterPeriod(2024, 2), StatsFilter{})
	must(t, err)
	var buf, xlsx bytes.Buffer
	_, err = WriteSummaryPDF(&buf, st)
	must(t, err)
	text := pdfText(t, buf.Bytes())
	must(t, WriteSummaryXLSX(&xlsx, st))
	csv := xlsxCSV(t, xlsx.Bytes())
	if os.Getenv("SHENDANG_KEEP_REPORT") != "" { // to look at it: pdftoppm -r 60 -png
		must(t, os.WriteFile(os.Getenv("SHENDANG_KEEP_REPORT"), buf.Bytes(), 0o644))
	}
	bgs := st.ByDivision[0]
	idCards := 0
	for _, f := range st.Findings {
		if f.Category == review.CatIDCard {
			idCards = f.Findings.N
		}
	}
	tests := []string{
		"厦门市司法局政务公开工作季度统计（2024年第二季度）", "制表日期：2024-07-05",
		"一、总体情况", "二、各处室情况", "三、按主动公开目录", "四、各处室按主动公开目录", "五、逐月情况", "六、办理环节",
		"七、退回原因、发现问题与公开渠道", "八、逾期公开的政策解读",
		fmt.Sprintf("本期提出拟公开信息 %d 件，公开 %d 件，建档 %d 件", st.Total.Proposed.N, st.Total.Published.N, st.Total.Filed.N),
		fmt.Sprintf("办公室 %d %d %d %d %d", bgs.Proposed.N, bgs.Published.N, bgs.Filed.N, bgs.Returned.N, bgs.Blocked.N),
		fmt.Sprintf("发现问题：身份证号 %d", idCards),
		"2024年4月 公开", "保密审查",
	}
	if len(st.LateItems) > 0 {
		tests = append(tests, st.LateItems[0].DocNumber)
	}
	for _, want := range tests {
		if want = strings.ReplaceAll(want, " ", ""); !strings.Contains(text, want) {
			t.Errorf("report text lacks %q; it reads:\n%s", want, text)
		}
	}
	row := fmt.Sprintf("办公室,%d,%d,%d,%d,%d", bgs.Proposed.N, bgs.Published.N, bgs.Filed.N, bgs.Returned.N, bgs.Blocked.N)
	if !strings.Contains(csv, row) || !strings.Contains(csv, "一、总体情况") || !strings.Contains(csv, "2024年4月,") {
		t.Errorf("the workbook lacks %q, the overview or the months:\n%s", row, csv)
	}
}

// quarterCounts are the figures of a division's category the quarterly summary prints.
type quarterCounts struct{ Proposed, Published, Filed, Returned int }

// inPeriod says whether a moment falls on a day from..through, on the office's clock.
func inPeriod(from, through time.Time) func(time.Time) bool {
	return func(tm time.Time) bool {
		tm = tm.In(OfficeZone)
		return !tm.Before(from) && !tm.After(through)
	}
}

// stepsIn counts, by hand, whether an item was proposed, published (by its 公开日期) and
// filed in the period.
func stepsIn(t *testing.T, it Item, in func(time.Time) bool) (proposed, published, filed int) {
	t.Helper()
	if in(it.Created) {
		proposed = 1
	}
	if p := it.Publication; p != nil {
		day, err := time.ParseInLocation("2006-01-02", p.Date, OfficeZone)
		must(t, err)
		if in(day) {
			published = 1
		}
	}
	if it.Filing != nil && in(it.Filing.Filed) {
		filed = 1
	}
	return proposed, published, filed
}

// countQuarter is the straightforward count the quarterly summary must agree with: every item
// read through the listing, its steps through Records, each date compared by hand.
func countQuarter(t *testing.T, s *Office, from, through time.Time) map[[2]string]quarterCounts {
	t.Helper()
	items, _, err := s.Items(Filter{}, 0, 1<<30)
	must(t, err)
	in := inPeriod(from, through)
	out := map[[2]string]quarterCounts{}
	for _, it := range items {
		k := [2]string{it.Division, it.Category}
		r := out[k]
		p, pub, f := stepsIn(t, it, in)
		r.Proposed += p
		r.Published += pub
		r.Filed += f
		recs, err := s.Records(it.ID)
		must(t, err)
		for _, rec := range recs {
			if rec.Decision == Return && in(rec.Time) {
				r.Returned++
			}
		}
		out[k] = r
	}
	return out
}

func TestQuarterlyAgainstCount(t *testing.T) {
	o, _ := reportOffice(t, 120, 20)
	back := o.propose(t, Draft{Title: "关于人民调解员培训计划的通知", Author: "厦门市司法局", Division: "LSC", DocDate: "2016-06-29",
		Disclosure: Proactive, Category: "规划计划"})
	must(t, o.Decide("otherhead", back.ID, Review{Opinion: "请补充培训经费来源后重新提出。"}))
	must(t, o.Resubmit("drafter", back.ID, SourceFile{Name: "计划.txt", Data: []byte("修改稿")}, "已补充", nil))
	must(t, o.Decide("otherhead", back.ID, Review{Opinion: "仍缺经费来源。"}))
	tests := []struct {
		name          string
		year, quarter int
		now           time.Time
	}{
		{"the quarter under way", 2016, 2, time.Date(2016, 6, 30, 9, 0, 0, 0, time.UTC)},
		{"a quarter over", 2016, 1, time.Date(2016, 7, 1, 9, 0, 0, 0, time.UTC)},
		{"a quarter with nothing", 2016, 4, time.Date(2017, 1, 3, 9, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o.clock = tt.now
			rep, err := o.Quarterly(tt.year, tt.quarter)
			must(t, err)
			want := countQuarter(t, o.Office, rep.Period.From, rep.Period.To.Add(-time.Nanosecond))
			got := map[[2]string]quarterCounts{}
			for _, r := range rep.ByDivisionCategory {
				got[[2]string{r.Division, r.Key}] = quarterCounts{r.Proposed.N, r.Published.N, r.Filed.N, r.Returned.N}
			}
			for k, w := range want {
				if w != (quarterCounts{}) && got[k] != w {
					t.Errorf("%v: got %+v, want %+v", k, got[k], w)
				}
			}
			if len(got) > len(want) {
				t.Errorf("rows %v, want those of %v", got, want)
			}
			total := 0
			for _, d := range rep.ByDivision {
				total += d.Proposed.N
			}
			if rep.Total.Proposed.N != total || len(rep.ByDivision) != 2 {
				t.Errorf("total %+v over divisions %+v", rep.Total, rep.ByDivision)
			}
		})
	}
	o.clock = time.Date(2016, 6, 30, 9, 0, 0, 0, time.UTC)
	rep, err := o.Quarterly(2016, 2)
	must(t, err)
	lsc := rep.ByDivision[1]
	if lsc.Returned.N != 2 {
		t.Errorf("律师工作处 returned %d times, want 2", lsc.Returned.N)
	}
	var pdf, xlsx bytes.Buffer
	_, err = WriteSummaryPDF(&pdf, rep)
	must(t, err)
	if dir := os.Getenv("SHENDANG_REPORT_OUT"); dir != "" { // to look at it: pdftoppm -r 60
		must(t, os.WriteFile(filepath.Join(dir, "quarterly.pdf"), pdf.Bytes(), 0o644))
	}
	text := pdfText(t, pdf.Bytes())
	must(t, WriteSummaryXLSX(&xlsx, rep))
	csv := xlsxCSV(t, xlsx.Bytes())
	for _, want := range []string{"厦门市司法局政务公开工作季度统计（2016年第二季度）", "规划计划", "退回（次）", "四、各处室按主动公开目录"} {
		if !strings.Contains(text, want) || !strings.Contains(csv, want) {
			t.Errorf("the PDF or the workbook lacks %q", want)
		}
	}
	row := strings.Join([]string{"律师工作处", strconv.Itoa(lsc.Proposed.N), strconv.Itoa(lsc.Published.N), strconv.Itoa(lsc.Filed.N), "2", "0"}, ",")
	if !strings.Contains(csv, row) || !strings.Contains(csv, "律师工作处,规划计划,1,0,0,2") {
		t.Errorf("the workbook lacks %q or the 规划计划 row:\n%s", row, csv)
	}
	if !strings.Contains(text, "律师工作处规划计划1002") {
		t.Errorf("pdftotext lacks the 规划计划 row:\n%s", text)
	}
}

// TestSummaryCategoriesReturned: table 三 (按主动公开目录) says, as the 统计 window's table by
// category does and as the issue asks, how often each category's items were returned and how
// often 保密审查 returned them, in the PDF and in the workbook. A walker found no 退回 column there.
func TestSummaryCategoriesReturned(t *testing.T) {
	s := openTestOffice(t)
	must(t, s.fillSyntheticYear(2024, 200))
	s.Now = func() time.Time { return time.Date(2024, 7, 5, 9, 0, 0, 0, OfficeZone) }
	st, err := s.Statistics(QuarterPeriod(2024, 2), StatsFilter{})
	must(t, err)
	var pdf, xlsx bytes.Buffer
	_, err = WriteSummaryPDF(&pdf, st)
	must(t, err)
	must(t, WriteSummaryXLSX(&xlsx, st))
	text, csv := pdfText(t, pdf.Bytes()), xlsxCSV(t, xlsx.Bytes())
	from, to := strings.Index(text, "三、按主动公开目录"), strings.Index(text, "四、各处室按主动公开目录")
	if from < 0 || to < from {
		t.Fatalf("the PDF lacks table 三 or 四:\n%s", text)
	}
	three := text[from:to]
	if want := "主动公开目录提出（件）公开（件）建档（件）退回（次）保密审查退回（次）"; !strings.Contains(three, want) {
		t.Errorf("table 三's head: got %q, want %q", three, want)
	}
	if want := "主动公开目录,提出（件）,公开（件）,建档（件）,退回（次）,保密审查退回（次）"; !strings.Contains(csv, want) {
		t.Errorf("the workbook lacks table 三's head %q:\n%s", want, csv)
	}
	returned := 0
	for _, r := range st.ByCategory {
		returned += r.Returned.N
		figures := []int{r.Proposed.N, r.Published.N, r.Filed.N, r.Returned.N, r.Blocked.N}
		cells := []string{r.Label}
		for _, n := range figures {
			cells = append(cells, strconv.Itoa(n))
		}
		if row := strings.Join(cells, ""); !strings.Contains(three, row) {
			t.Errorf("table 三 lacks the row %q:\n%s", row, three)
		}
		if row := strings.Join(cells, ","); !strings.Contains(csv, row) {
			t.Errorf("the workbook lacks the row %q", row)
		}
	}
	if returned == 0 || returned != st.Total.Returned.N {
		t.Errorf("got %d returns by category, want some, and the total's %d", returned, st.Total.Returned.N)
	}
}

func TestQuarterlyRefuses(t *testing.T) {
	o := newOffice(t)
	for _, q := range []int{0, 5} {
		if _, err := o.Quarterly(2016, q); err == nil {
			t.Errorf("quarter %d: got no error", q)
		}
	}
}

// pdfLines is the PDF's text as pdftotext lays it out, line by line, blank lines left out.
func pdfLines(t *testing.T, data []byte) []string {
	t.Helper()
	pdfText(t, data) // skips when pdftotext is missing
	cmd := exec.Command("pdftotext", "-q", "-", "-")
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	must(t, err)
	var lines []string
	for _, l := range strings.Split(string(out), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// TestSummaryBreaksAndWords: the summary's lines follow the rules of Chinese line breaking
// (the head 保密审查退回（次） broke after its bracket), and its funnel names each bar as the
// 统计 window does (初审通过, not 初审).
func TestSummaryBreaksAndWords(t *testing.T) {
	s := openTestOffice(t)
	must(t, s.fillSyntheticYear(2024, 200))
	s.Now = func() time.Time { return time.Date(2024, 7, 5, 9, 0, 0, 0, OfficeZone) }
	st, err := s.Statistics(QuarterPeriod(2024, 2), StatsFilter{})
	must(t, err)
	var buf, xlsx bytes.Buffer
	_, err = WriteSummaryPDF(&buf, st)
	must(t, err)
	lines := pdfLines(t, buf.Bytes())
	for _, l := range lines {
		first, last := []rune(l)[0], []rune(l)[len([]rune(l))-1]
		if strings.ContainsRune(NoLineEnd, last) || strings.ContainsRune(NoLineStart, first) && !strings.ContainsRune(".%", first) {
			t.Errorf("line %q breaks against the rules; the report reads:\n%s", l, strings.Join(lines, "\n"))
		}
	}
	text := pdfText(t, buf.Bytes())
	must(t, WriteSummaryXLSX(&xlsx, st))
	csv := xlsxCSV(t, xlsx.Bytes())
	for _, want := range []string{"初审通过", "保密审查通过", "审核通过"} {
		if !strings.Contains(text, want) || !strings.Contains(csv, want+",") {
			t.Errorf("the funnel lacks %q as the window names it", want)
		}
	}
}
