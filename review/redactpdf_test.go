package review

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"shendang.gov.cn/shendang/assets"
)

// idTargets are the four 身份证号 of testdata/src/redact-ids.fodt: two in a paragraph (one
// with the check digit X), two in a table; masked keeping the first 2 and last 3.
var idTargets = []PDFTarget{
	{Page: 1, Text: "350203198506150011", Replacement: "35*************011"},
	{Page: 1, Text: "11010519491231002X", Replacement: "11*************02X"},
	{Page: 1, Text: "440304198808080497", Replacement: "44*************497"},
	{Page: 1, Text: "350102197203041233", Replacement: "35*************233"},
}

// needRedactTools skips a test when poppler or qpdf is missing, except in CI, where `make
// test` installs them.
func needRedactTools(t *testing.T) {
	t.Helper()
	if _, err := findPDFTools(NewReader()); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%v; make test installs poppler-utils and qpdf", err)
		}
		t.Skip(err)
	}
}

func TestRedactPDF(t *testing.T) {
	needRedactTools(t)
	tests := []struct {
		name, file string
		ocr        bool // the targets are found by OCR, and the text layer is OCR's
	}{
		{"LibreOffice, subset font with ToUnicode", "redact-ids-lo.pdf", false},
		{"cairo, CID font Identity-H", "redact-ids-cid.pdf", false},
		{"Word 97 .doc through LibreOffice", "redact-ids.doc", false},
		{"font without ToUnicode", "redact-ids-nouni.pdf", true},
		{"scanned page", "redact-ids-scan.pdf", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if strings.HasSuffix(tt.file, ".doc") {
				needSoffice(t)
			}
			if tt.ocr && testing.Short() {
				t.Skip("-short: OCR of a page takes seconds")
			}
			in := filepath.Join("testdata", tt.file)
			before := fileHash(t, in)
			out := filepath.Join(t.TempDir(), "脱敏稿.pdf")
			rep, err := RedactPDF(context.Background(), in, out, idTargets, PDFOptions{Font: assets.FormFont(), Clean: true})
			if err != nil {
				t.Fatalf("RedactPDF: %v", err)
			}
			if got := fileHash(t, in); got != before {
				t.Errorf("input changed: got hash %x, want %x", got, before)
			}
			if len(rep.Pages) != 1 {
				t.Fatalf("got %d pages in the report, want 1: %+v", len(rep.Pages), rep.Pages)
			}
			p := rep.Pages[0]
			if p.Page != 1 || p.Masked != 4 || !p.Rasterised || !p.TextLayer || p.OCR != tt.ocr || p.Reason == "" {
				t.Errorf("got page report %+v, want page 1, 4 masked, rasterised with a text layer, OCR %v", p, tt.ocr)
			}
			assertGone(t, out, idTargets)
			if !tt.ocr {
				src := in
				if rep.Converted != "" {
					src = convertedCopy(t, in)
				}
				assertUntouched(t, src, out, idTargets)
			}
		})
	}
}

// assertGone checks that no target's text is in the output: not in pdftotext's text, not in
// any stream or object of the file uncompressed by qpdf (as ASCII or UTF-16), and that our own
// check finds no 身份证号 in it.
func assertGone(t *testing.T, out string, targets []PDFTarget) {
	t.Helper()
	text := foldText(pdftotext(t, out))
	qdf := filepath.Join(t.TempDir(), "qdf.pdf")
	if err := exec.Command("qpdf", "--qdf", "--object-streams=disable", out, qdf).Run(); err != nil {
		t.Fatalf("qpdf --qdf: %v", err)
	}
	raw := mustReadFile(t, qdf)
	for _, tg := range targets {
		if strings.Contains(text, foldText(tg.Text)) {
			t.Errorf("pdftotext of the output finds %s", tg.Text)
		}
		if holds(raw, tg.Text) {
			t.Errorf("the uncompressed file holds %s", tg.Text)
		}
	}
	doc, findings, err := NewReader().CheckFile(context.Background(), defaultRules(t), out)
	if err != nil {
		t.Fatalf("CheckFile(output): %v", err)
	}
	for _, id := range matchesOf(findings, CatIDCard) {
		for _, tg := range targets {
			if foldText(id) == foldText(tg.Text) {
				t.Errorf("the check of the output finds id_card %q, which was to be masked", id)
			}
		}
	}
	// The check of the copy means something only if it reads the copy's text: the same
	// characters as pdftotext, and each replacement whole, on one line (gofpdf's character
	// map once made our reader read every Chinese character wrongly, and a glyph a line, so
	// that the check of a copy found nothing whatever it held).
	ours := doc.Text(PartBody)
	if got, want := sortedRunes(foldText(ours)), sortedRunes(text); got != want {
		t.Errorf("our reading of the output has the characters %q, pdftotext's %q", got, want)
	}
	for _, tg := range targets {
		if !strings.Contains(ours, tg.Replacement) {
			t.Errorf("our reading of the output lacks the replacement %q whole: %q", tg.Replacement, ours)
		}
	}
	assertNotDrawn(t, out, targets)
}

// assertNotDrawn checks what the output's first page shows, not what its text says: the page
// rendered at 300 dpi is read by our own check (Tesseract), which must find no 身份证号, and
// no five digits in a row of a target (any five hold a hidden one: two are kept in front,
// three behind) may be read in one number on it. A mask box that
// missed the glyphs under it leaves them in the image, where no text extraction sees them.
func assertNotDrawn(t *testing.T, out string, targets []PDFTarget) {
	t.Helper()
	png := filepath.Join(t.TempDir(), "page")
	if err := exec.Command("pdftoppm", "-r", "300", "-gray", "-png", "-f", "1", "-l", "1", "-singlefile", out, png).Run(); err != nil {
		t.Fatalf("pdftoppm: %v", err)
	}
	doc, findings, err := NewReader().CheckFile(context.Background(), defaultRules(t), png+".png")
	if err != nil {
		t.Fatalf("CheckFile(rendered page): %v", err)
	}
	if got := matchesOf(findings, CatIDCard); len(got) > 0 {
		t.Errorf("OCR of the rendered output finds id_card %q, want none", got)
	}
	runs := strings.FieldsFunc(doc.Text(PartBody), func(r rune) bool { return (r < '0' || r > '9') && r != ' ' })
	for _, tg := range targets {
		for i := 0; i+5 <= len(tg.Text); i++ {
			for _, run := range runs {
				if w := tg.Text[i : i+5]; strings.Contains(strings.ReplaceAll(run, " ", ""), w) {
					t.Errorf("OCR of the rendered output reads %s, five digits of %s with a hidden one among them, in %q", w, tg.Text, run)
				}
			}
		}
	}
}

// assertUntouched checks that the output's text is the input's with each target replaced:
// the same characters, white space apart, in any order (a rasterised page's text layer is
// read back by poppler in an order of its own).
func assertUntouched(t *testing.T, in, out string, targets []PDFTarget) {
	t.Helper()
	want := foldText(pdftotext(t, in))
	for _, tg := range targets {
		want = strings.ReplaceAll(want, foldText(tg.Text), foldText(tg.Replacement))
	}
	got := foldText(pdftotext(t, out))
	if g, w := sortedRunes(got), sortedRunes(want); g != w {
		t.Errorf("characters of the output's text:\ngot  %s\nwant %s\n(text %s)", g, w, got)
	}
}

func sortedRunes(s string) string {
	r := []rune(s)
	slices.Sort(r)
	return string(r)
}

func pdftotext(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(out)
}

// convertedCopy converts a .doc to PDF as RedactPDF does, for the text to compare with.
func convertedCopy(t *testing.T, in string) string {
	t.Helper()
	j := &redactJob{in: in, reader: NewReader(), tmp: t.TempDir(), opt: PDFOptions{Font: assets.FormFont()}}
	path, err := j.convert(context.Background(), Format(strings.TrimPrefix(filepath.Ext(in), ".")))
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// holds says whether a PDF file uncompressed by qpdf holds s in any form a string takes in it:
// as it is, in UTF-16BE, or either written in hexadecimal, in lower or upper case.
func holds(raw []byte, s string) bool {
	for _, form := range [][]byte{[]byte(s), utf16BEBytes(s)} {
		h := hex.EncodeToString(form)
		if bytes.Contains(raw, form) || bytes.Contains(raw, []byte(h)) || bytes.Contains(raw, []byte(strings.ToUpper(h))) {
			return true
		}
	}
	return false
}

func utf16BEBytes(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u>>8), byte(u))
	}
	return b
}

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	return sha256.Sum256(mustReadFile(t, path))
}

// TestRedactPDFOtherPagesCopied: only the page with targets is rasterised; the page before it
// keeps its own text and font.
func TestRedactPDFOtherPagesCopied(t *testing.T) {
	needRedactTools(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "two.pdf")
	if err := exec.Command("qpdf", "--empty", "--pages", "testdata/full-lo.pdf", "1", "testdata/redact-ids-lo.pdf", "1", "--", in).Run(); err != nil {
		t.Fatalf("qpdf: %v", err)
	}
	targets := []PDFTarget{{Page: 2, Text: "440304198808080497", Replacement: "44*************497"}}
	out := filepath.Join(dir, "out.pdf")
	rep, err := RedactPDF(context.Background(), in, out, targets, PDFOptions{Font: assets.FormFont()})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Pages) != 1 || rep.Pages[0].Page != 2 {
		t.Errorf("got pages %+v, want page 2 alone", rep.Pages)
	}
	page1 := func(path string) string {
		out, err := exec.Command("pdftotext", "-f", "1", "-l", "1", path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	if got, want := page1(out), page1(in); got != want {
		t.Errorf("page 1's text: got %q, want %q", got, want)
	}
	fonts, err := exec.Command("pdffonts", "-f", "1", "-l", "1", out).Output()
	if err != nil || !strings.Contains(string(fonts), "NotoSansSC") {
		t.Errorf("page 1's fonts: got %q (%v), want its own NotoSansSC", fonts, err)
	}
	assertGone(t, out, targets)
}

// TestRedactPDFClean: Clean takes the annotations away, a comment holding an ID and form
// fields holding a phone number among them; without it they stay.
func TestRedactPDFClean(t *testing.T) {
	needRedactTools(t)
	tests := []struct {
		file, secret string
		clean        bool
		wantSecret   bool
	}{
		{"comment-annot.pdf", "440304198808080497", true, false},
		{"comment-annot.pdf", "440304198808080497", false, true},
		{"form-fields.pdf", "13812345678", true, false},
	}
	for _, tt := range tests {
		out := filepath.Join(t.TempDir(), "out.pdf")
		rep, err := RedactPDF(context.Background(), filepath.Join("testdata", tt.file), out, nil, PDFOptions{Font: assets.FormFont(), Clean: tt.clean})
		if err != nil {
			t.Fatalf("%s: %v", tt.file, err)
		}
		qdf := filepath.Join(t.TempDir(), "qdf.pdf")
		if err := exec.Command("qpdf", "--qdf", "--object-streams=disable", out, qdf).Run(); err != nil {
			t.Fatal(err)
		}
		raw := mustReadFile(t, qdf)
		got := holds(raw, tt.secret)
		if got != tt.wantSecret {
			t.Errorf("%s, Clean %v: got secret in file %v, want %v", tt.file, tt.clean, got, tt.wantSecret)
		}
		if got := bytes.Contains(raw, []byte("/Annots")); got == tt.clean {
			t.Errorf("%s, Clean %v: got /Annots %v, want %v", tt.file, tt.clean, got, !tt.clean)
		}
		if tt.clean && len(rep.Removed) < 2 {
			t.Errorf("%s: got Removed %q, want the annotations named", tt.file, rep.Removed)
		}
	}
}

func TestRedactPDFErrors(t *testing.T) {
	needRedactTools(t)
	noOCR := NewReader()
	noOCR.Limits.MaxOCRPages = 0
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name    string
		ctx     context.Context
		in      string
		targets []PDFTarget
		opt     PDFOptions
		want    error
		wantZh  string
	}{
		{"not on the page", context.Background(), "redact-ids-lo.pdf", []PDFTarget{{Page: 1, Text: "999999999999999999", Replacement: "*"}},
			PDFOptions{Reader: noOCR}, ErrTargetNotFound, "第1页找不到要遮盖的文字"},
		{"page past the end", context.Background(), "redact-ids-lo.pdf", []PDFTarget{{Page: 2, Text: "350203198506150011", Replacement: "*"}},
			PDFOptions{}, ErrBadTarget, "文件只有 1 页"},
		{"empty text", context.Background(), "redact-ids-lo.pdf", []PDFTarget{{Page: 1, Text: " ", Replacement: "*"}}, PDFOptions{}, ErrBadTarget, "是空的"},
		{"OFD", context.Background(), "sample.ofd", idTargets, PDFOptions{}, ErrUnsupported, "OFD 文件的脱敏稿不在这里生成"},
		{"text file", context.Background(), "utf8.txt", idTargets, PDFOptions{}, ErrUnsupported, "只支持"},
		{"missing", context.Background(), "no-such.pdf", idTargets, PDFOptions{}, os.ErrNotExist, "文件不存在"},
		{"needs a password", context.Background(), "user-password.pdf", nil, PDFOptions{}, ErrEncrypted, "打开密码"},
		{"damaged", context.Background(), "truncated.pdf", idTargets, PDFOptions{}, ErrMalformed, "已损坏"},
		{"cancelled", cancelled, "redact-ids-lo.pdf", idTargets, PDFOptions{}, context.Canceled, "已取消"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "out.pdf")
			if err := os.WriteFile(out, []byte("the previous copy"), 0o600); err != nil {
				t.Fatal(err)
			}
			tt.opt.Font = assets.FormFont()
			_, err := RedactPDF(tt.ctx, filepath.Join("testdata", tt.in), out, tt.targets, tt.opt)
			var re *RedactError
			if !errors.Is(err, tt.want) || !errors.As(err, &re) {
				t.Fatalf("got %v, want a *RedactError wrapping %v", err, tt.want)
			}
			if !strings.Contains(re.Error(), tt.wantZh) || !strings.HasPrefix(re.Error(), tt.in) {
				t.Errorf("got message %q, want it to name %s and say %q", re.Error(), tt.in, tt.wantZh)
			}
			if got := string(mustReadFile(t, out)); got != "the previous copy" {
				t.Errorf("out after a failure: got %q, want the previous copy untouched", got)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("got %d files in the output folder, want 1 (no temporary left)", len(entries))
			}
		})
	}
}

// TestRedactPDFOneOccurrence: a target at one occurrence masks that one only; the others stay
// and the copy passes its check; an occurrence past the last is not found.
func TestRedactPDFOneOccurrence(t *testing.T) {
	needRedactTools(t)
	// 身份证号 is three times on the page: in the first paragraph, starting the next line,
	// and heading the table.
	tests := []struct {
		name       string
		occurrence []int
		want       []string // the lines of the copy, in part, that start so
		left       int      // how many 身份证号 the copy keeps
		err        error
	}{
		{"the second", []int{2}, []string{"经审核，申请人陈建国（身份证号", "****"}, 2, nil},
		{"the first and the third", []int{1, 3}, []string{"经审核，申请人陈建国（****", "身份证号"}, 1, nil},
		{"past the last", []int{4}, nil, 0, ErrTargetNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var targets []PDFTarget
			for _, n := range tt.occurrence {
				targets = append(targets, PDFTarget{Page: 1, Text: "身份证号", Replacement: "****", Occurrence: n})
			}
			out := filepath.Join(t.TempDir(), "out.pdf")
			_, err := RedactPDF(context.Background(), "testdata/redact-ids-lo.pdf", out, targets, PDFOptions{Font: assets.FormFont()})
			if tt.err != nil || err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("got %v, want %v", err, tt.err)
				}
				return
			}
			text, err := exec.Command("pdftotext", "-layout", out, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Count(string(text), "身份证号"); got != tt.left {
				t.Errorf("got %d 身份证号 left, want %d:\n%s", got, tt.left, text)
			}
			var lines []string
			for _, l := range strings.Split(string(text), "\n") {
				if l = strings.Join(strings.Fields(l), ""); l != "" { // pdftotext spaces the stars
					lines = append(lines, l)
				}
			}
			for i, want := range tt.want {
				if i+2 >= len(lines) || !strings.HasPrefix(lines[i+2], want) {
					t.Errorf("line %d: got %q, want it to start %q:\n%s", i+3, lines[min(i+2, len(lines)-1)], want, text)
				}
			}
		})
	}
}

// TestRedactPDFLinesWhole: our reader of the copy reads each line of the page as one line,
// the values replaced in it, as pdftotext reads the original's lines.
func TestRedactPDFLinesWhole(t *testing.T) {
	needRedactTools(t)
	in := "testdata/redact-ids-lo.pdf"
	out := filepath.Join(t.TempDir(), "out.pdf")
	if _, err := RedactPDF(context.Background(), in, out, idTargets, PDFOptions{Font: assets.FormFont()}); err != nil {
		t.Fatal(err)
	}
	orig, err := exec.Command("pdftotext", "-layout", in, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	want := string(orig)
	for _, tg := range idTargets {
		want = strings.ReplaceAll(want, tg.Text, tg.Replacement)
	}
	doc, err := NewReader().Read(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	var got string
	for _, p := range doc.Parts {
		if p.Kind == PartBody {
			got += p.Text + "\n"
		}
	}
	if g, w := lines(got), lines(want); !slices.Equal(g, w) {
		t.Errorf("got lines\n%s\nwant\n%s", strings.Join(g, "\n"), strings.Join(w, "\n"))
	}
}

// lines returns text's lines that are not blank, each without its spaces.
func lines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.Join(strings.Fields(l), ""); l != "" {
			out = append(out, l)
		}
	}
	return out
}
