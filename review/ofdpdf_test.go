package review

import (
	"context"
	"errors"
	"flag"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/image/font/gofont/goregular"
	"shendang.gov.cn/shendang/assets"
)

var update = flag.Bool("update", false, "rewrite the golden rendered pages in testdata/ofdpdf")

// ofdTargets are the identifiers of testdata/redact-ids.ofd and what its copy shows instead
// (the default profiles), as assertGone takes them.
var ofdTargets = []PDFTarget{
	{Page: 1, Text: "350203198506150011", Replacement: "35*************011"},
	{Page: 1, Text: "13812345678", Replacement: "138****5678"},
	{Page: 1, Text: "13912345678", Replacement: "139****5678"},
	{Page: 2, Text: "11010519491231002X", Replacement: "11*************02X"},
}

// TestRedactOFDToPDF makes the copy of testdata/redact-ids.ofd, a text page with a template
// and a scanned page, all with identifiers: the copy is a PDF that re-checks with none of them,
// in which neither pdftotext nor the uncompressed file nor OCR of the rendered page finds any
// of the values, whose every page reads as the OFD's with the values replaced, and whose
// record says it was converted.
func TestRedactOFDToPDF(t *testing.T) {
	needOCR(t)
	needRedactTools(t)
	in := filepath.Join("testdata", "redact-ids.ofd")
	rep, out, plan := redactedCopy(t, in, nil)
	if filepath.Ext(out) != ".pdf" || rep.Format != FormatPDF || len(rep.NotMasked) > 0 {
		t.Errorf("got %s, format %s, not masked %+v; want a pdf with everything masked", filepath.Base(out), rep.Format, rep.NotMasked)
	}
	if !slices.Equal(rep.Notes, []string{ofdConverted}) {
		t.Errorf("notes %q: want only that the OFD was converted to PDF", rep.Notes)
	}
	if len(rep.Masked) != 4 {
		t.Errorf("masked: got %d %+v, want 4", len(rep.Masked), rep.Masked)
	}
	assertNoIdentifiers(t, rep, out)
	assertGone(t, out, ofdTargets)
	assertOFDTextKept(t, in, out, plan)
}

// assertOFDTextKept checks that each page of the PDF copy at out reads, white space apart, as
// the OFD's page at in (its template's text first) with the plan's values replaced.
func assertOFDTextKept(t *testing.T, in, out string, plan *Plan) {
	t.Helper()
	orig := mustRead(t, in)
	want := map[int]string{}
	for i, p := range orig.Parts {
		if p.Page == 0 || p.Kind != PartBody && p.Kind != PartHeader {
			continue
		}
		text := p.Text
		if pp := plan.part(i); pp != nil {
			for _, r := range slices.Backward(pp.Replacements) {
				text = text[:r.Start] + r.Masked + text[r.End:]
			}
		}
		if p.Kind == PartHeader {
			want[p.Page] = text + want[p.Page]
		} else {
			want[p.Page] += text
		}
	}
	for n := 1; n <= orig.Pages; n++ {
		got, err := exec.Command("pdftotext", "-enc", "UTF-8", "-f", strconv.Itoa(n), "-l", strconv.Itoa(n), out, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext page %d: %v", n, err)
		}
		if g, w := noSpace(string(got)), noSpace(want[n]); g != w {
			t.Errorf("page %d of the copy reads\n %s\nwant the OFD's page with the values replaced\n %s", n, g, w)
		}
	}
}

// noSpace is s without white space.
func noSpace(s string) string { return strings.Join(strings.Fields(s), "") }

// TestOFDToPDFPages draws the OFD fixtures as they are, no value masked: every page at its
// physical size, the template's text on each page that uses it, every TextCode's text in
// pdftotext's reading, and the page as the golden rendering in testdata/ofdpdf shows it
// (-update rewrites them; look at them).
func TestOFDToPDFPages(t *testing.T) {
	needRedactTools(t)
	tests := []struct {
		file  string
		sizes []string // pdfinfo's page sizes, in points
		text  []string // each page's text, white space apart
		notes []string
	}{
		{"sample.ofd", []string{"595.28 x 841.89 pts (A4)", "595.28 x 841.89 pts (A4)"},
			[]string{"政务公开专用页眉厦司〔2016〕59号内部资料严格执行信息公开保密审查制度。", "政务公开专用页眉"},
			[]string{"转为 PDF 时第2页图像（资源在文件中找不到） 1 处未能画出，请对照原稿查看"}},
		{"redact-ids.ofd", []string{"595.28 x 841.89 pts (A4)", "595.28 x 841.89 pts (A4)"},
			[]string{"补贴发放咨询电话139123456782016年困难群众补贴发放名单陈建国身份证号350203198506150011林美华联系电话13812345678公示期为七个工作日。", ""}, nil},
		{"scan.ofd", []string{"425.2 x 212.6 pts"}, []string{""}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data := mustReadFile(t, filepath.Join("testdata", tt.file))
			pdf, notes, err := NewReader().ofdToPDF(context.Background(), data, assets.FormFont())
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(notes, tt.notes) {
				t.Errorf("notes: got %q, want %q", notes, tt.notes)
			}
			out := filepath.Join(t.TempDir(), "copy.pdf")
			if err := os.WriteFile(out, pdf, 0o600); err != nil {
				t.Fatal(err)
			}
			info, err := exec.Command("pdfinfo", "-f", "1", "-l", "99", out).Output()
			if err != nil {
				t.Fatalf("pdfinfo: %v", err)
			}
			for n, size := range tt.sizes {
				if want := "Page " + strconv.Itoa(n+1) + " size: " + size; !strings.Contains(strings.Join(strings.Fields(string(info)), " "), want) {
					t.Errorf("pdfinfo: want %q in\n%s", want, info)
				}
			}
			for n, want := range tt.text {
				got, err := exec.Command("pdftotext", "-enc", "UTF-8", "-f", strconv.Itoa(n+1), "-l", strconv.Itoa(n+1), out, "-").Output()
				if err != nil {
					t.Fatal(err)
				}
				if noSpace(string(got)) != want {
					t.Errorf("page %d reads %q, want %q", n+1, noSpace(string(got)), want)
				}
			}
			for n := range tt.sizes {
				assertRendered(t, out, n+1, filepath.Join("testdata", "ofdpdf", strings.TrimSuffix(tt.file, ".ofd")+"-"+strconv.Itoa(n+1)+".png"))
			}
		})
	}
}

// assertRendered renders page n of the PDF at path at 36 dpi in gray and compares it with the
// golden image: at most 1 pixel in 200 may differ by more than a quarter of the scale (fonts
// and anti-aliasing vary a little between poppler versions).
func assertRendered(t *testing.T, path string, n int, golden string) {
	t.Helper()
	base := filepath.Join(t.TempDir(), "page")
	if err := exec.Command("pdftoppm", "-r", "36", "-gray", "-png", "-f", strconv.Itoa(n), "-l", strconv.Itoa(n), "-singlefile", path, base).Run(); err != nil {
		t.Fatalf("pdftoppm: %v", err)
	}
	got := mustReadFile(t, base+".png")
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	a, b := decodePNG(t, got), decodePNG(t, mustReadFile(t, golden))
	if a.Bounds() != b.Bounds() {
		t.Fatalf("page %d rendered %v, golden %s %v", n, a.Bounds(), golden, b.Bounds())
	}
	diff := 0
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			p, q := a.At(x, y), b.At(x, y)
			pr, _, _, _ := p.RGBA()
			qr, _, _, _ := q.RGBA()
			if abs(int(pr)-int(qr)) > 0x4000 {
				diff++
			}
		}
	}
	if total := a.Bounds().Dx() * a.Bounds().Dy(); diff*200 > total {
		t.Errorf("page %d: %d of %d pixels differ from %s (rendered at %s.png)", n, diff, total, golden, base)
	}
}

func decodePNG(t *testing.T, data []byte) image.Image {
	t.Helper()
	img, err := png.Decode(strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// TestOFDToPDFObjects draws what the fixtures lack: a path (lines, a curve, a filled and
// stroked rectangle in colours), a rotated TextObject (CTM), a TextCode outside any
// TextObject, a foreground template, a page of its own size; and counts what it cannot draw.
func TestOFDToPDFObjects(t *testing.T) {
	needRedactTools(t)
	page := `<ofd:Area><ofd:PhysicalBox>0 0 100 50</ofd:PhysicalBox></ofd:Area>
<ofd:Template TemplateID="2" ZOrder="Foreground"/>
<ofd:Content><ofd:Layer ID="7">
<ofd:PathObject ID="8" Boundary="10 10 80 30" LineWidth="0.5" Fill="true"><ofd:StrokeColor Value="200 0 0"/><ofd:FillColor Value="0 0 200"/><ofd:AbbreviatedData>M 0 0 L 80 0 L 80 30 L 0 30 C</ofd:AbbreviatedData></ofd:PathObject>
<ofd:PathObject ID="9" Boundary="0 0 100 50"><ofd:AbbreviatedData>M 5 45 B 20 35 40 55 60 45 A 5 5 0 0 1 70 45</ofd:AbbreviatedData></ofd:PathObject>
<ofd:TextObject ID="10" Boundary="50 5 40 40" CTM="0 1 -1 0 10 0" Font="1" Size="4"><ofd:FillColor Value="255 255 255"/><ofd:TextCode X="0" Y="4">竖排文字</ofd:TextCode></ofd:TextObject>
<ofd:TextCode X="5" Y="48">无对象的文字</ofd:TextCode>
<ofd:CompositeObject ID="11" Boundary="0 0 10 10" ResourceID="99"/>
</ofd:Layer></ofd:Content>`
	tpl := `<ofd:Content><ofd:Layer ID="5"><ofd:TextObject ID="6" Boundary="5 1 90 6" Font="1" Size="3"><ofd:TextCode X="0" Y="3">前景模板</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content>`
	data := zipOf(t, map[string]string{
		"OFD.xml":                      `<?xml version="1.0" encoding="UTF-8"?><ofd:OFD ` + ofdNS + `><ofd:DocBody><ofd:DocInfo><ofd:DocID>1</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`,
		"Doc_0/Document.xml":           `<?xml version="1.0" encoding="UTF-8"?><ofd:Document ` + ofdNS + `><ofd:CommonData><ofd:MaxUnitID>20</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:TemplatePage ID="2" BaseLoc="Tpl.xml"/></ofd:CommonData><ofd:Pages><ofd:Page ID="3" BaseLoc="Page.xml"/></ofd:Pages></ofd:Document>`,
		"Doc_0/Page.xml":               `<?xml version="1.0" encoding="UTF-8"?><ofd:Page ` + ofdNS + `>` + page + `</ofd:Page>`,
		"Doc_0/Tpl.xml":                `<?xml version="1.0" encoding="UTF-8"?><ofd:Page ` + ofdNS + `>` + tpl + `</ofd:Page>`,
		"Doc_0/Pages/Page_0/Extra.xml": `<x/>`,
	})
	pdf, notes, err := NewReader().ofdToPDF(context.Background(), data, assets.FormFont())
	if err != nil {
		t.Fatal(err)
	}
	wantNotes := []string{"转为 PDF 时第1页圆弧（按直线画出） 1 处未能画出，请对照原稿查看", "转为 PDF 时第1页复合图元 1 处未能画出，请对照原稿查看"}
	if !slices.Equal(notes, wantNotes) {
		t.Errorf("notes: got %q, want %q", notes, wantNotes)
	}
	out := filepath.Join(t.TempDir(), "objects.pdf")
	if err := os.WriteFile(out, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	text := noSpace(pdftotext(t, out))
	for _, s := range []string{"竖排文字", "无对象的文字", "前景模板"} {
		if !strings.Contains(text, s) && !strings.Contains(text, reverse(s)) {
			t.Errorf("pdftotext: want %s in %q", s, text)
		}
	}
	assertRendered(t, out, 1, filepath.Join("testdata", "ofdpdf", "objects-1.png"))
}

func reverse(s string) string {
	r := []rune(s)
	slices.Reverse(r)
	return string(r)
}

// FuzzOFDToPDF draws every OFD the reader accepts, FuzzReadOFD's corpus first, into a PDF:
// it never panics, and the PDF it makes reads again. It writes in the Go font, a Latin face of
// 130 kB (the Chinese characters are then counted as not drawn): gofpdf takes seconds to parse
// the 10 MB bundled face, which would leave the fuzzer a few inputs a minute.
func FuzzOFDToPDF(f *testing.F) {
	seedFixtures(f, "ofd")
	seedHostile(f, "ofd")
	font := goregular.TTF
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewReader()
		r.Limits.Timeout = 10 * time.Second
		r.Limits.MaxOCRPages = 0
		ctx := context.Background()
		if _, err := r.ReadBytes(ctx, "draft.ofd", data); err != nil {
			return
		}
		pdf, _, err := r.ofdToPDF(ctx, data, font)
		if err != nil {
			drawing := strings.Contains(err.Error(), "drawing the OFD as PDF") // gofpdf's fault or panic
			if (errors.Is(err, ErrMalformed) || errors.Is(err, ErrTooLarge)) && !drawing {
				return
			}
			t.Fatalf("an OFD the reader accepts: %v", err)
		}
		if _, err := r.ReadBytes(ctx, "copy.pdf", pdf); err != nil {
			t.Fatalf("the PDF does not read: %v", err)
		}
	})
}

// BenchmarkOFDToPDF draws redact-ids.ofd (two pages, a template, a TIFF scan) as a PDF in the
// bundled face; BenchmarkOFDToPDFRead, the reference, reads it without OCR.
func BenchmarkOFDToPDF(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "redact-ids.ofd"))
	if err != nil {
		b.Fatal(err)
	}
	font := assets.FormFont()
	for b.Loop() {
		if _, _, err := NewReader().ofdToPDF(context.Background(), data, font); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOFDToPDFRead(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "redact-ids.ofd"))
	if err != nil {
		b.Fatal(err)
	}
	r := NewReader()
	r.Limits.MaxOCRPages = 0
	for b.Loop() {
		if _, err := r.ReadBytes(context.Background(), "a.ofd", data); err != nil {
			b.Fatal(err)
		}
	}
}
