package archive

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// bigProgressReport is a progress report listing late 政策解读 in their thousands, as on
// 100,000 items of the synthetic year (10,300 rows, a 296-page PDF), built without a store.
func bigProgressReport(late int) *ProgressReport {
	from := time.Date(2024, 1, 1, 0, 0, 0, 0, OfficeZone)
	rep := &ProgressReport{FondsName: "厦门市司法局", Year: 2024, Span: WholeYear, From: from, To: from.AddDate(1, 0, -1),
		AsOf: from.AddDate(1, 0, 0), Due: "2024年11月15日", Total: DivisionProgress{Name: "合计"}}
	for i := range 12 {
		rep.Divisions = append(rep.Divisions, DivisionProgress{Code: fmt.Sprintf("D%02d", i), Name: fmt.Sprintf("第%d处", i+1),
			Proposed: 8000, Published: 7000, Filed: 6000, PolicyDue: 700, PolicyLate: late / 12})
	}
	for i := range late {
		rep.Late = append(rep.Late, LatePolicy{ID: fmt.Sprintf("%016x", i), Title: fmt.Sprintf("关于《第%d号规范性文件》的解读", i),
			Division: fmt.Sprintf("D%02d", i%12), Due: "2024-03-05", Published: "2024-03-08"})
	}
	return rep
}

// TestProgressXLSXAllocates: the workbook of a progress report listing 8,000 late 政策解读 is
// written in one pass over its rows (writeSheet). Set cell by cell through excelize's cell map
// and shared strings it allocated 74 MB and took 1.05 s here; streamed, 27 MB and 0.20 s.
func TestProgressXLSXAllocates(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector multiplies allocations (sync.Pool keeps nothing)")
	}
	rep := bigProgressReport(8000)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	must(t, rep.WriteProgressXLSX(io.Discard))
	runtime.ReadMemStats(&after)
	mb := float64(after.TotalAlloc-before.TotalAlloc) / 1e6
	t.Logf("allocated %.0f MB", mb)
	if mb > 40 {
		t.Errorf("writing the workbook allocated %.0f MB, want under 40 MB (streamed)", mb)
	}
}

// TestProgressXLSXColumns: streamed, the sheet still has its columns' widths in column order
// (A 24, then B–F 16), prints on A4 fitted to the width, and has the cells where they were.
func TestProgressXLSXColumns(t *testing.T) {
	var buf bytes.Buffer
	must(t, bigProgressReport(3).WriteProgressXLSX(&buf))
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	must(t, err)
	f, err := zr.Open("xl/worksheets/sheet1.xml")
	must(t, err)
	sheet, err := io.ReadAll(f)
	must(t, err)
	cols := regexp.MustCompile(`<col min="(\d+)" max="(\d+)" width="([\d.]+)"`).FindAllStringSubmatch(string(sheet), -1)
	var got []string
	for _, c := range cols {
		got = append(got, c[1]+"-"+c[2]+":"+c[3])
	}
	if want := "1-1:24 2-2:16 3-3:16 4-4:16 5-5:16 6-6:16"; strings.Join(got, " ") != want {
		t.Errorf("columns %q, want %q", strings.Join(got, " "), want)
	}
	for _, want := range []string{`<pageSetUpPr fitToPage="true">`, `fitToWidth="1"`, `paperSize="9"`, `orientation="portrait"`} {
		if !bytes.Contains(sheet, []byte(want)) {
			t.Errorf("the sheet lacks %s", want)
		}
	}
	x, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	must(t, err)
	defer x.Close()
	for ref, want := range map[string]string{"A1": "厦门市司法局各处室政务公开工作任务落实情况（2024年全年）", "B5": "8000", "A17": "合计",
		"A19": "逾期公开或超期未公开的政策解读（3 件）", "B21": "关于《第0号规范性文件》的解读", "C23": "第3处"} {
		if v, err := x.GetCellValue("落实情况", ref); err != nil || v != want {
			t.Errorf("%s holds %q (%v), want %q", ref, v, err, want)
		}
	}
}

// TestProgressPDFAllocates: the print copy of the same report compresses its pages with one
// writer (internal/pdfdeflate). With gofpdf's new writer for every page it allocated 350 MB
// here; with one, 88 MB.
func TestProgressPDFAllocates(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector multiplies allocations (sync.Pool keeps nothing)")
	}
	rep := bigProgressReport(8000)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := rep.WriteProgressPDF(io.Discard, time.Date(2025, 1, 5, 9, 0, 0, 0, OfficeZone))
	must(t, err)
	runtime.ReadMemStats(&after)
	mb := float64(after.TotalAlloc-before.TotalAlloc) / 1e6
	t.Logf("allocated %.0f MB", mb)
	if mb > 150 {
		t.Errorf("writing the print copy allocated %.0f MB, want under 150 MB (one compressor)", mb)
	}
}
