package review

import (
	"context"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestSurvey(t *testing.T) {
	tests := []struct {
		name  string
		data  []byte
		pages int
		gap   string // a word of the document's gaps; "" wants none
	}{
		{"one page", buildPDF(pdfObjects("政务公开"), ""), 1, ""},
		{"a page listed twice is read once", pdfWith("政务公开", map[int]string{2: "<< /Type /Pages /Kids [3 0 R 3 0 R] /Count 1 >>"}, "")(t), 1, ""},
		{"count that lies", pdfWith("政务公开", map[int]string{2: "<< /Type /Pages /Kids [3 0 R] /Count 3 >>"}, "")(t), 1, "文件声明共 3 页，实际找到 1 页"},
		{"kids that loop", pdfWith("政务公开", map[int]string{2: "<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>"}, "")(t), 1, "循环引用"},
		{"a kid of another type", pdfWith("政务公开", map[int]string{2: "<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>"}, "")(t), 1, "类型为 /Font"},
		{"kids that are no array", pdfWith("政务公开", map[int]string{2: "<< /Type /Pages /Kids 3 /Count 1 >>"}, "")(t), 0, "结构异常"},
		{"a missing kid", pdfWith("政务公开", map[int]string{2: "<< /Type /Pages /Kids [3 0 R 9 0 R] /Count 2 >>"}, "")(t), 1, "缺失或损坏的节点"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := openTestPDF(tt.data)
			if err != nil {
				t.Fatal(err)
			}
			sv, err := f.survey(context.Background())
			if err != nil {
				t.Fatalf("got %v, want a survey", err)
			}
			if got := len(sv.pages); got != tt.pages {
				t.Errorf("got %d pages, want %d", got, tt.pages)
			}
			got := strings.Join(sv.gaps, "；")
			if (tt.gap == "") != (got == "") || !strings.Contains(got, tt.gap) {
				t.Errorf("got gaps %q, want one saying %q", got, tt.gap)
			}
		})
	}
}

func TestSurveyNoCatalog(t *testing.T) {
	f, err := openTestPDF(buildPDF(pdfObjects("政务公开"), "/Root 9 0 R"))
	if err != nil {
		t.Fatal(err)
	}
	// A dictionary keeps the last value of a key: the trailer's /Root is object 9, which is missing.
	if _, err := f.survey(context.Background()); err == nil || !strings.Contains(err.Error(), "/Root") {
		t.Errorf("got %v, want an error naming /Root", err)
	}
}

func TestScanCMap(t *testing.T) {
	tests := []struct {
		name            string
		data            string
		entries, spaces int64
		bad             string
	}{
		{"usual", "begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange 2 beginbfchar <0001> <4E00> <0002> <4E01> endbfchar endcmap",
			3, 1, ""},
		{"ranges", "1 beginbfrange <0000> <00FF> <4E00> endbfrange", 1, 0, ""},
		{"a block of no count", "beginbfchar <0001> <4E00> endbfchar", 0, 0, "条目数异常"},
		{"a block past the bound", "100001 beginbfchar", 0, 0, "条目数异常"},
		{"too many in all", strings.Repeat("100000 beginbfchar ", 3), 200_000, 0, "条目过多"},
		{"begin after begin", strings.Repeat("begin ", maxBegins+1), 0, 0, "结构异常"},
		{"open hex string at the end", "1 beginbfchar <0001> <4E", 1, 0, "以未闭合的十六进制字符串结尾"},
	}
	for _, tt := range tests {
		entries, spaces, bad := scanCMap([]byte(tt.data))
		if bad != tt.bad || (bad == "" && (entries != tt.entries || spaces != tt.spaces)) {
			t.Errorf("%s: got %d entries, %d spaces, %q; want %d, %d, %q", tt.name, entries, spaces, bad, tt.entries, tt.spaces, tt.bad)
		}
	}
}

func TestScanContent(t *testing.T) {
	tests := []struct {
		name     string
		data     string
		openHex  bool
		selected []string
		shown    map[string]int64
		maxRun   int
	}{
		{"text in two fonts", "BT /F1 12 Tf (ab) Tj /F2 10 Tf [(c) 5 (de)] TJ ET", false, []string{"F1", "F2"}, map[string]int64{"F1": 2, "F2": 3}, 4},
		{"text before any font", "BT (abc) Tj ET", false, nil, map[string]int64{"": 3}, 1},
		{"Tf with a number for a name", "BT 3 12 Tf (a) Tj ET", false, []string{""}, map[string]int64{"": 1}, 2},
		{"Tf without its operands ends the scan", "BT 12 Tf /F1 12 Tf (a) Tj ET", false, nil, map[string]int64{}, 1},
		{"a hex string open at the end", "BT /F1 12 Tf <00", true, []string{"F1"}, map[string]int64{}, 2},
		// /P, /MCID, 0, and the dictionary itself once it closes.
		{"dictionary values count toward the run", "/P << /MCID 0 >> BDC EMC", false, nil, map[string]int64{}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := scanContent([]byte(tt.data))
			if cs.openHex != tt.openHex {
				t.Errorf("got openHex %v, want %v", cs.openHex, tt.openHex)
			}
			if got := slices.Sorted(maps.Keys(cs.selected)); !slices.Equal(got, tt.selected) {
				t.Errorf("got fonts selected %q, want %q", got, tt.selected)
			}
			if !maps.Equal(cs.shown, tt.shown) {
				t.Errorf("got bytes shown %v, want %v", cs.shown, tt.shown)
			}
			if cs.maxRun != tt.maxRun {
				t.Errorf("got a longest run of %d values, want %d", cs.maxRun, tt.maxRun)
			}
		})
	}
}

func TestAppendOnceAndSortedKeys(t *testing.T) {
	var list []string
	for _, s := range []string{"乙", "甲", "乙", "丙", "甲"} {
		list = appendOnce(list, s)
	}
	if want := []string{"乙", "甲", "丙"}; !slices.Equal(list, want) {
		t.Errorf("appendOnce: got %q, want %q", list, want)
	}
	if got, want := sortedKeys(map[string]int{"F2": 1, "F10": 2, "F1": 3}), []string{"F1", "F10", "F2"}; !slices.Equal(got, want) {
		t.Errorf("sortedKeys: got %q, want %q", got, want)
	}
}

func TestScanContentDrawn(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    map[string]float64
	}{
		{"img2pdf's scan", "q\n595.28 0 0 841.89 0 0 cm\n/Im0 Do\nQ", map[string]float64{"Im0": 595.28 * 841.89}},
		{"matrices compose", "q 2 0 0 2 0 0 cm q 100 0 0 50 10 10 cm /Im0 Do Q Q", map[string]float64{"Im0": 20000}},
		{"Q restores", "q 100 0 0 100 0 0 cm Q /Im0 Do", map[string]float64{"Im0": 1}},
		{"rotated", "0 100 -50 0 0 0 cm /Im0 Do", map[string]float64{"Im0": 5000}},
		{"drawn twice", "q 10 0 0 10 0 0 cm /Im0 Do Q q 10 0 0 10 0 0 cm /Im0 Do Q", map[string]float64{"Im0": 200}},
		{"cm with too few operands is ignored", "q 10 0 0 cm /Im0 Do Q", map[string]float64{"Im0": 1}},
		{"Q with nothing saved", "Q Q 3 0 0 3 0 0 cm /Im0 Do", map[string]float64{"Im0": 9}},
		{"text only", "BT /F1 12 Tf (a) Tj ET", map[string]float64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scanContent([]byte(tt.content)).drawn
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for k, v := range tt.want {
				if math.Abs(got[k]-v) > 1e-6*v {
					t.Errorf("%s: got %v, want %v", k, got[k], v)
				}
			}
		})
	}
}
