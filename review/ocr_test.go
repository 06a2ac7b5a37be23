package review

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/image/bmp"
)

// needOCR skips a test where Tesseract with chi_sim or pdftoppm is missing: `make test`
// installs them (tesseract-ocr, tesseract-ocr-chi-sim, poppler-utils), so a skip there is a
// broken machine, and the skip says so.
func needOCR(tb testing.TB) {
	tb.Helper()
	if _, err := findTesseract(context.Background(), ""); err != nil {
		tb.Skipf("OCR not installed (make test-deps installs tesseract-ocr tesseract-ocr-chi-sim): %v", err)
	}
	if _, err := findPoppler("", "pdftoppm"); err != nil {
		tb.Skipf("pdftoppm not installed (make test-deps installs poppler-utils): %v", err)
	}
}

// summary lists findings as category:severity:rule, plus where for those with a match.
func summary(found []Finding) []string {
	var out []string
	for _, f := range found {
		s := string(f.Category) + ":" + string(f.Severity) + ":" + f.Rule
		if f.Match != "" {
			s += "@" + f.Where()
		}
		out = append(out, s)
	}
	return out
}

// bmpFixture writes scan-mark.png again as a BMP into a temporary folder: Go encodes it, so no
// 300 KB bitmap is kept in the repository.
func bmpFixture(t *testing.T) string {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(mustReadFile(t, "testdata/scan-mark.png")))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := bmp.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "scan-mark.bmp")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCheckScans(t *testing.T) {
	needOCR(t)
	t.Parallel()
	markPage := func(page string) []string {
		return []string{
			"classification_mark:block:classification-mark@正文 第" + page + "页（图像识别，置信度",
			"mobile_phone:block:mobile-phone@正文 第" + page + "页（图像识别，置信度",
			"id_card:block:id-card@正文 第" + page + "页（图像识别，置信度",
		}
	}
	tests := []struct {
		name    string
		path    string
		verdict Verdict
		want    []string // prefixes of summary(found), in order
		context string   // the image-only finding's context has this
	}{
		{"PNG with a mark, a mobile and an ID", "testdata/scan-mark.png", VerdictBlock,
			append(markPage("1"), "image_only:warn:ocr"), "已用图像识别读出"},
		{"BMP of the same page", "", VerdictBlock, append(markPage("1"), "image_only:warn:ocr"), "已用图像识别读出"},
		{"JPEG of ordinary wording stays quiet", "testdata/scan-plain.jpg", VerdictWarn,
			[]string{"image_only:warn:ocr"}, "请对照原件核对"},
		{"TIFF list row with an ID", "testdata/scan-id.tif", VerdictBlock,
			[]string{"id_card:block:id-card@正文 第1页（图像识别", "image_only:warn:ocr"}, "已用图像识别读出"},
		{"a blank image says nothing was recognised", "testdata/blank.png", VerdictWarn,
			[]string{"image_only:warn:ocr-empty"}, "没有识别出任何文字"},
		{"scanned PDF: the mark on page 1, page 2 quiet", "testdata/scan-pages.pdf", VerdictBlock,
			append(markPage("1"), "image_only:warn:ocr", "image_only:warn:ocr"), "第2页没有文字层"},
		{"OFD page whose only content is the scan", "testdata/scan.ofd", VerdictBlock,
			append(markPage("1"), "image_only:warn:ocr"), "已用图像识别读出"},
		{"scanned PDF under page numbers: recognised all the same", "testdata/scan-numbered.pdf", VerdictBlock,
			append(markPage("1"), "image_only:warn:ocr", "image_only:warn:ocr"), "第2页是扫描件（文字层只有 3 个字"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := tt.path
			if path == "" {
				path = bmpFixture(t)
			}
			doc, found, err := NewReader().CheckFile(context.Background(), defaultRules(t), path)
			if err != nil {
				t.Fatal(err)
			}
			got := summary(found)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d findings %q,\nwant %q (text %q)", len(got), got, tt.want, doc.Text(PartBody))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("finding %d: got %q, want it to start %q", i, got[i], tt.want[i])
				}
			}
			last := found[len(found)-1]
			if !last.OCR || !strings.Contains(last.Context, tt.context) {
				t.Errorf("got page finding %+v, want OCR and context with %q", last, tt.context)
			}
			for _, f := range found {
				if f.Match != "" && (!f.OCR || f.Confidence < 0 || f.Confidence > 100) {
					t.Errorf("got %s with OCR %v confidence %d, want recognised text with a confidence", f.Match, f.OCR, f.Confidence)
				}
			}
			if got := Decide(found, nil); got != tt.verdict {
				t.Errorf("got verdict %s, want %s", got, tt.verdict)
			}
		})
	}
}

func TestOCRMissing(t *testing.T) {
	t.Parallel()
	r := NewReader()
	r.Tesseract = filepath.Join(t.TempDir(), "no-tesseract")
	_, err := r.Read(context.Background(), "testdata/scan-mark.png")
	if !errors.Is(err, ErrOCRMissing) {
		t.Fatalf("image: got %v, want ErrOCRMissing", err)
	}
	doc, found, err := r.CheckFile(context.Background(), defaultRules(t), "testdata/scan-pages.pdf")
	if err != nil {
		t.Fatalf("scanned PDF: got %v, want it read without OCR", err)
	}
	var got []string
	for _, f := range found {
		got = append(got, f.Rule+":"+f.Context)
	}
	if len(found) != 3 || found[0].Rule != "image-only" || found[1].Rule != "image-only" ||
		found[2].Rule != "unreadable" || !strings.Contains(found[2].Context, "没有找到文字识别程序") {
		t.Errorf("got %q, want two image-only pages and one gap saying OCR is missing", got)
	}
	if len(doc.Recognised) != 0 {
		t.Errorf("got recognised pages %v, want none", doc.Recognised)
	}
}

func TestOCRMissingLanguage(t *testing.T) {
	t.Parallel()
	// A tesseract that lists no chi_sim: the language pack is missing.
	dir := t.TempDir()
	fake := filepath.Join(dir, "tesseract")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\necho 'List of available languages (2):'\necho eng\necho osd\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	r := NewReader()
	r.Tesseract = fake
	_, err := r.Read(context.Background(), "testdata/scan-mark.png")
	if !errors.Is(err, ErrOCRMissing) || !strings.Contains(err.Error(), "chi_sim") {
		t.Errorf("got %v, want ErrOCRMissing naming chi_sim", err)
	}
}

func TestOCRPageLimit(t *testing.T) {
	needOCR(t)
	t.Parallel()
	r := NewReader()
	r.Limits.MaxOCRPages = 1
	var progress []string
	ctx := WithProgress(context.Background(), func(done, total int) {
		progress = append(progress, strconv.Itoa(done)+"/"+strconv.Itoa(total)) // one page: one goroutine
	})
	doc, found, err := r.CheckFile(ctx, defaultRules(t), "testdata/scan-pages.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"0/1", "1/1"}; !slices.Equal(progress, want) {
		t.Errorf("got progress %q, want %q", progress, want)
	}
	if got := len(doc.Recognised); got != 1 {
		t.Errorf("got %d recognised pages, want 1", got)
	}
	var rules []string
	for _, f := range found {
		if f.Match == "" {
			rules = append(rules, f.Rule)
		}
	}
	if want := []string{"ocr", "image-only", "unreadable"}; !slices.Equal(rules, want) {
		t.Errorf("got page findings %q, want %q", rules, want)
	}
}

// TestOCRTimeBudget: when the reader's time limit leaves OCR no time, the scanned pages are
// gaps and the file is still read and checked, not a timeout.
func TestOCRTimeBudget(t *testing.T) {
	needOCR(t)
	t.Parallel()
	r := NewReader()
	r.Limits.Timeout = 5*time.Second + 300*time.Millisecond // OCR gets 0.3 s: no page is done in that
	doc, found, err := r.CheckFile(context.Background(), defaultRules(t), "testdata/scan-pages.pdf")
	if err != nil {
		t.Fatalf("got %v, want the file read with its pages left to a person", err)
	}
	gaps := 0
	for _, f := range found {
		if f.Category == CatUnreadable && strings.Contains(f.Context, "未在审查时限内完成文字识别") {
			gaps++
		}
	}
	if gaps+len(doc.Recognised) != 2 || gaps == 0 {
		t.Errorf("got %d pages out of time and %d recognised, want 2 in all and some out of time", gaps, len(doc.Recognised))
	}
}

func TestOCRCancel(t *testing.T) {
	needOCR(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var calls atomic.Int32
	ctx = WithProgress(ctx, func(done, total int) {
		if calls.Add(1) == 1 {
			time.AfterFunc(300*time.Millisecond, cancel) // 取消, pressed while Tesseract reads
		}
	})
	start := time.Now()
	_, err := NewReader().Read(ctx, "testdata/scan-pages.pdf")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
	if took := time.Since(start); took > 1500*time.Millisecond {
		t.Errorf("took %v to stop, want well under the two seconds and more two pages take", took)
	}
	// Read returns as soon as the context is done (Reader.bounded); the reading goroutine removes
	// its temporary folder as it ends, a moment later.
	var left []os.DirEntry
	for wait := time.Now(); time.Since(wait) < 5*time.Second; time.Sleep(20 * time.Millisecond) {
		if left, _ = os.ReadDir(tmp); len(left) == 0 {
			break
		}
	}
	if len(left) != 0 {
		t.Errorf("got %s left in the temporary folder, want nothing", left[0].Name())
	}
}

func TestImageHeader(t *testing.T) {
	t.Parallel()
	// bmpHeader is the 54-byte header of an 8-bit BMP of w × h pixels with no pixels after it.
	bmpHeader := func(w, h uint32) []byte {
		b := make([]byte, 54+1024)
		copy(b, "BM")
		le := func(off int, v uint32) {
			b[off], b[off+1], b[off+2], b[off+3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
		}
		le(10, 54+1024)
		le(14, 40)
		le(18, w)
		le(22, h)
		b[26], b[28] = 1, 8
		return b
	}
	tests := []struct {
		name string
		data []byte
		want error // nil: read
	}{
		{"the PNG fixture", mustReadFile(t, "testdata/scan-mark.png"), nil},
		{"the TIFF fixture", mustReadFile(t, "testdata/scan-id.tif"), nil},
		{"the JPEG fixture", mustReadFile(t, "testdata/scan-plain.jpg"), nil},
		{"30,000 × 30,000 pixels", bmpHeader(30000, 30000), ErrTooLarge},
		{"a text file named .png", []byte("秘密★1年"), ErrMalformed},
		{"a truncated PNG", mustReadFile(t, "testdata/scan-mark.png")[:20], ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := imageHeader(bytes.NewReader(tt.data), DefaultLimits().MaxImagePixels)
			if (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
	// Read refuses the huge image before Tesseract is looked for.
	r := NewReader()
	r.Tesseract = filepath.Join(t.TempDir(), "no-tesseract")
	if _, err := r.ReadBytes(context.Background(), "huge.bmp", bmpHeader(30000, 30000)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ReadBytes of a huge image: got %v, want ErrTooLarge", err)
	}
}

func TestImageFormats(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		want Format
	}{
		{"a.png", FormatPNG}, {"A.JPG", FormatJPEG}, {"a.jpeg", FormatJPEG}, {"a.tif", FormatTIFF},
		{"a.TIFF", FormatTIFF}, {"a.bmp", FormatBMP},
	}
	for _, tt := range tests {
		if got, err := formatOf(tt.name); err != nil || got != tt.want {
			t.Errorf("formatOf(%q): got %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
}

// BenchmarkOCRDPI is the measure behind ocrDPI: scan-pages.pdf's pages rendered by pdftoppm at
// 200 and 300 dpi and read by Tesseract, each page on one thread (go test -run '^$' -bench
// OCRDPI ./review/). It reports the seconds a page takes and how many of the characters drawn
// on the pages came back (chars), and logs the text.
func BenchmarkOCRDPI(b *testing.B) {
	needOCR(b)
	tools, _ := findTesseract(context.Background(), "")
	pdftoppm, _ := findPoppler("", "pdftoppm")
	for _, dpi := range []int{200, 300} {
		b.Run(strconv.Itoa(dpi)+"dpi", func(b *testing.B) {
			dir := b.TempDir()
			var got string
			for b.Loop() {
				var text strings.Builder
				for n := 1; n <= 2; n++ {
					root := filepath.Join(dir, "p")
					out, err := exec.Command(pdftoppm, "-gray", "-r", strconv.Itoa(dpi), "-f", strconv.Itoa(n), "-l", strconv.Itoa(n), "-singlefile", "testdata/scan-pages.pdf", root).CombinedOutput()
					if err != nil {
						b.Fatalf("pdftoppm: %v: %s", err, out)
					}
					pages, err := tools.run(context.Background(), root+".pgm", dpi)
					if err != nil {
						b.Fatal(err)
					}
					for _, p := range pages {
						text.WriteString(p.text)
					}
				}
				got = Normalize(text.String()).Text
			}
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)/2, "s/page")
			b.ReportMetric(float64(len([]rune(got))), "chars")
			b.Logf("%d dpi: %s", dpi, got)
		})
	}
}

// BenchmarkOCRScannedPDF reads and checks the scanned PDF SHENDANG_OCR_BENCH names (made by
// testdata/mkscans.sh bench DIR: 20 dense A4 pages), with a ten-minute time limit, and reports
// the seconds a page takes. Compare it with pdftoppm and tesseract run by hand on the same pages.
func BenchmarkOCRScannedPDF(b *testing.B) {
	path := os.Getenv("SHENDANG_OCR_BENCH")
	if path == "" {
		b.Skip("SHENDANG_OCR_BENCH is not set (testdata/mkscans.sh bench DIR makes DIR/bench.pdf)")
	}
	needOCR(b)
	r := NewReader()
	r.Limits.Timeout = 10 * time.Minute
	rs := defaultRules(b)
	var doc *Document
	for b.Loop() {
		var err error
		if doc, _, err = r.CheckFile(context.Background(), rs, path); err != nil {
			b.Fatal(err)
		}
	}
	if len(doc.Recognised) != doc.Pages {
		b.Errorf("recognised %d of %d pages", len(doc.Recognised), doc.Pages)
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)/float64(doc.Pages), "s/page")
}
