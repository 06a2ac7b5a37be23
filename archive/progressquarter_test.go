package archive

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// countQuarter is the straightforward count the quarterly summary must agree with: every item
// read through the listing, its steps through Records, each date compared by hand.
func countQuarter(t *testing.T, s *Office, from, through time.Time) map[[2]string]QuarterRow {
	t.Helper()
	items, _, err := s.Items(Filter{}, 0, 1<<30)
	must(t, err)
	in := func(tm time.Time) bool {
		tm = tm.In(OfficeZone)
		return !tm.Before(from) && !tm.After(through)
	}
	out := map[[2]string]QuarterRow{}
	for _, it := range items {
		k := [2]string{it.Division, it.Category}
		r := out[k]
		if in(it.Created) {
			r.Proposed++
		}
		if p := it.Publication; p != nil {
			day, err := time.ParseInLocation("2006-01-02", p.Date, OfficeZone)
			must(t, err)
			if in(day) {
				r.Published++
			}
		}
		if it.Filing != nil && in(it.Filing.Filed) {
			r.Filed++
		}
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
			from := time.Date(tt.year, time.Month(3*tt.quarter-2), 1, 0, 0, 0, 0, OfficeZone)
			want := countQuarter(t, o.Office, from, rep.AsOf)
			got := map[[2]string]QuarterRow{}
			for _, r := range rep.Categories {
				cat := r.Category
				if cat == noCategory {
					cat = ""
				}
				got[[2]string{r.Division, cat}] = QuarterRow{Proposed: r.Proposed, Published: r.Published, Filed: r.Filed, Returned: r.Returned}
			}
			for k, w := range want {
				if w != (QuarterRow{}) && got[k] != w {
					t.Errorf("%v: got %+v, want %+v", k, got[k], w)
				}
			}
			if len(got) > len(want) {
				t.Errorf("rows %v, want those of %v", got, want)
			}
			total := 0
			for _, d := range rep.Divisions {
				total += d.Proposed
			}
			if rep.Total.Proposed != total || len(rep.Divisions) != 2 {
				t.Errorf("total %+v over divisions %+v", rep.Total, rep.Divisions)
			}
		})
	}
	o.clock = time.Date(2016, 6, 30, 9, 0, 0, 0, time.UTC)
	rep, err := o.Quarterly(2016, 2)
	must(t, err)
	if lsc := rep.Divisions[1]; lsc.Returned != 2 {
		t.Errorf("律师工作处 returned %d times, want 2", lsc.Returned)
	}
	var pdf, xlsx bytes.Buffer
	_, err = rep.WriteQuarterlyPDF(&pdf, o.Now())
	must(t, err)
	if dir := os.Getenv("SHENDANG_REPORT_OUT"); dir != "" { // to look at it: pdftoppm -r 60
		must(t, os.WriteFile(filepath.Join(dir, "quarterly.pdf"), pdf.Bytes(), 0o644))
	}
	text := pdfText(t, pdf.Bytes())
	must(t, rep.WriteQuarterlyXLSX(&xlsx))
	csv := xlsxCSV(t, xlsx.Bytes())
	lsc := rep.Divisions[1]
	for _, want := range []string{"厦门市司法局政务公开工作季度统计（2016年第二季度）", "规划计划", "退回（次）"} {
		if !strings.Contains(text, want) || !strings.Contains(csv, want) {
			t.Errorf("the PDF or the workbook lacks %q", want)
		}
	}
	row := strings.Join([]string{"律师工作处", strconv.Itoa(lsc.Proposed), strconv.Itoa(lsc.Published), strconv.Itoa(lsc.Filed), "2"}, ",")
	if !strings.Contains(csv, row) || !strings.Contains(csv, "律师工作处,规划计划,1,0,0,2") {
		t.Errorf("the workbook lacks %q or the 规划计划 row:\n%s", row, csv)
	}
	if !strings.Contains(text, "律师工作处规划计划1002") {
		t.Errorf("pdftotext lacks the 规划计划 row:\n%s", text)
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
