package review

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// squash removes all white space: PDF readers break lines at every font run.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func TestReadPDF(t *testing.T) {
	page1 := []string{"页眉：厦门市司法局政务公开", "正文第一段：为进一步推进政务公开工作，制订本方案。", "表格甲表格乙", "文本框内容", "页脚文字第1页"}
	tests := []struct {
		file      string
		pages     int
		imageOnly []int
		page1     []string
		producer  string
	}{
		{"full-lo.pdf", 2, nil, page1, "LibreOffice 7.4"},          // simple TrueType subsets + ToUnicode
		{"full-ttf.pdf", 2, nil, page1, "cairo"},                   // CID TrueType, Identity-H
		{"owner-aes256.pdf", 2, nil, page1, "cairo"},               // owner password only, AES-256; the producer is the original's
		{"owner-rc4.pdf", 2, nil, page1, "cairo"},                  // owner password only, RC4-128
		{"mixed.pdf", 2, []int{2}, page1, ""},                      // a text page, then a scan
		{"scan.pdf", 1, []int{1}, nil, ""},                         // image only
		{"scan-numbered.pdf", 2, []int{1, 2}, []string{"-1-"}, ""}, // scans under a page number: recognised too
		{"stamped.pdf", 1, []int{1}, []string{"秘密★1年"}, ""},        // a scan under a stamp of 55 characters
		{"underlaid.pdf", 1, nil, page1, ""},                       // a scan under a page of text: text
		{"cid-cff.pdf", 1, nil, []string{"秘密★1年", "内部资料注意保存", "除涉密信息外"}, "cairo"}, // CID CFF, Identity-H
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc := mustRead(t, filepath.Join("testdata", tt.file))
			if doc.Format != FormatPDF || doc.Pages != tt.pages {
				t.Errorf("format %s pages %d, want pdf %d", doc.Format, doc.Pages, tt.pages)
			}
			if !slices.Equal(doc.ImageOnlyPages, tt.imageOnly) {
				t.Errorf("image-only pages %v, want %v", doc.ImageOnlyPages, tt.imageOnly)
			}
			var first string
			for _, p := range doc.Parts {
				if p.Kind == PartBody && p.Page == 1 && p.OCR == nil {
					first = squash(p.Text)
				}
				if p.Kind == PartBody && (p.Page < 1 || p.Page > doc.Pages) {
					t.Errorf("body part on page %d of %d", p.Page, doc.Pages)
				}
			}
			for _, s := range tt.page1 {
				if !strings.Contains(first, s) {
					t.Errorf("page 1 lacks %q: %q", s, first)
				}
			}
			if !strings.Contains(doc.Meta.Producer, tt.producer) {
				t.Errorf("producer %q, want %q", doc.Meta.Producer, tt.producer)
			}
		})
	}
}

// TestPDFAgreesWithPdftotext compares, page by page, the hanzi our reader finds with those
// poppler's pdftotext finds: the same characters, the same number of times.
func TestPDFAgreesWithPdftotext(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext not found; make test installs poppler-utils")
		}
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	for _, file := range []string{"full-lo.pdf", "full-ttf.pdf", "cid-cff.pdf", "owner-rc4.pdf", "stamped.pdf", "long.pdf"} {
		t.Run(file, func(t *testing.T) {
			path := filepath.Join("testdata", file)
			doc := mustRead(t, path)
			for _, p := range doc.Parts {
				if p.Kind != PartBody || p.OCR != nil || (file == "long.pdf" && p.Page%50 != 1) {
					continue
				}
				out, err := exec.Command("pdftotext", "-q", "-f", strconv.Itoa(p.Page), "-l", strconv.Itoa(p.Page), path, "-").Output()
				if err != nil {
					t.Fatalf("pdftotext page %d: %v", p.Page, err)
				}
				if got, want := hanzi(p.Text), hanzi(string(out)); got != want {
					t.Errorf("page %d: hanzi differ\n ours:      %s\n pdftotext: %s", p.Page, got, want)
				}
			}
		})
	}
}

// hanzi returns the Han characters of s, sorted: a multiset in a comparable form.
func hanzi(s string) string {
	var rs []rune
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			rs = append(rs, r)
		}
	}
	slices.Sort(rs)
	return string(rs)
}

// TestReadPagesWhenTheSourceFails: once the read's time is up, every read of the file fails
// and the library panics walking the page tree; readPages recovers and reports a damaged page
// tree instead.
func TestReadPagesWhenTheSourceFails(t *testing.T) {
	data := buildPDF(pdfObjects("政务公开"), "")
	ctx, cancel := context.WithCancel(context.Background())
	src := &source{r: bytes.NewReader(data), size: int64(len(data)), ctx: ctx}
	f, err := openPDFFile(src, newBudget(DefaultLimits().MaxUnzipped))
	if err != nil {
		t.Fatal(err)
	}
	sv, err := f.survey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pr, err := newPDFReader(src)
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	_, err = readPages(context.Background(), pr, sv, &Document{})
	if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "page tree") {
		t.Errorf("got %v, want ErrMalformed naming the page tree", err)
	}
}

func TestScanUnderText(t *testing.T) {
	a4 := [2]float64{595, 842}
	tests := []struct {
		name string
		text string
		area float64
		size [2]float64
		want bool
	}{
		{"a page number over a whole-page scan", "- 1 -", 595 * 842, a4, true},
		{"a stamp's 55 characters", strings.Repeat("字", 55), 595 * 842, a4, true},
		{"64 characters", strings.Repeat("字", 64), 595 * 842, a4, true},
		{"65 characters", strings.Repeat("字", 65), 595 * 842, a4, false},
		{"white space is not text", "- 1 -" + strings.Repeat(" \n", 100), 595 * 842, a4, true},
		{"a seal on a text page's last lines", "特此通知。", 120 * 120, a4, false},
		{"half the page", "第1页", 595 * 421, a4, true},
		{"less than half", "第1页", 595 * 420, a4, false},
		{"no media box", "第1页", 595 * 842, [2]float64{}, false},
	}
	for _, tt := range tests {
		if got := scanUnderText(tt.text, tt.area, tt.size); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestPDFLinesAgreeWithPdftotext: a producer that writes each run of one font as a text object
// of its own (LibreOffice: 关于发放 / 2016 / 年度…) reads line for line as pdftotext -layout
// reads it, a table's row on one line; the library's GetPlainText broke such a line at every
// text object.
func TestPDFLinesAgreeWithPdftotext(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	for _, file := range []string{"redact-ids-lo.pdf", "full-lo.pdf", "marks-lo.pdf"} {
		t.Run(file, func(t *testing.T) {
			path := filepath.Join("testdata", file)
			var got string
			for _, p := range mustRead(t, path).Parts {
				if p.Kind == PartBody && p.OCR == nil {
					got += p.Text + "\n"
				}
			}
			out, err := exec.Command("pdftotext", "-q", "-layout", path, "-").Output() // a table's row on a line, as ours
			if err != nil {
				t.Fatal(err)
			}
			if g, w := lines(got), lines(string(out)); !slices.Equal(g, w) {
				t.Errorf("got lines\n%s\nwant\n%s", strings.Join(g, "\n"), strings.Join(w, "\n"))
			}
		})
	}
}
