package pdfdeflate

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"testing"
	"time"

	"github.com/jung-kurt/gofpdf"

	"shendang.gov.cn/shendang/assets"
)

// sample draws a document with what gofpdf writes streams for: pages of text in a core font
// and in the bundled CJK face (a subset font program and its maps), lines, a link between
// pages, and a paletted image (its palette is a stream of its own).
func sample(t testing.TB, pages int, compress bool) []byte {
	t.Helper()
	when := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(when)
	pdf.SetModificationDate(when)
	pdf.SetCompression(compress)
	pdf.AddUTF8FontFromBytes("song", "", bytes.Clone(assets.FormFont()))
	pal := image.NewPaletted(image.Rect(0, 0, 8, 8), color.Palette{color.White, color.RGBA{200, 0, 0, 255}})
	for i := range 8 {
		pal.SetColorIndex(i, i, 1)
	}
	var img bytes.Buffer
	if err := png.Encode(&img, pal); err != nil {
		t.Fatal(err)
	}
	pdf.RegisterImageOptionsReader("seal", gofpdf.ImageOptions{ImageType: "PNG"}, &img)
	link := pdf.AddLink()
	for p := range pages {
		pdf.AddPage()
		if p == pages-1 {
			pdf.SetLink(link, 0, 1)
		}
		pdf.SetFont("Helvetica", "", 11)
		pdf.Text(20, 20, "page")
		pdf.SetFont("song", "", 10.5)
		for l := range 40 {
			pdf.Text(20, 30+float64(l)*6, "政务信息公开保密审查及归档单 第"+string(rune('0'+l%10))+"行")
			pdf.Line(20, 31+float64(l)*6, 190, 31+float64(l)*6)
		}
		pdf.Link(20, 20, 30, 5, link)
		pdf.ImageOptions("seal", 150, 250, 20, 20, false, gofpdf.ImageOptions{}, 0, "")
	}
	var out bytes.Buffer
	if err := pdf.Output(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestDeflateIsGofpdfsCompression: a document written uncompressed and deflated is, byte for
// byte, the document gofpdf writes compressed.
func TestDeflateIsGofpdfsCompression(t *testing.T) {
	for _, pages := range []int{1, 3, 40} {
		plain, want := sample(t, pages, false), sample(t, pages, true)
		if bytes.Equal(plain, want) {
			t.Fatal("the sample has no stream compression would change")
		}
		got, err := Deflate(plain)
		if err != nil {
			t.Fatalf("%d pages: %v", pages, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%d pages: deflated %d bytes differ from gofpdf's compressed %d bytes", pages, len(got), len(want))
		}
		again, err := Deflate(got)
		if err != nil || !bytes.Equal(again, got) {
			t.Errorf("%d pages: deflating a compressed document changed it (%v)", pages, err)
		}
	}
}

// tiny is a document of one stream object holding data, its dictionary saying length.
func tiny(length, data string) []byte {
	obj := "1 0 obj\n<</Length " + length + ">>\nstream\n" + data + "\nendstream\nendobj\n"
	xref := len("%PDF-1.3\n") + len(obj)
	return fmt.Appendf(nil, "%%PDF-1.3\n%sxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<</Size 2>>\nstartxref\n%d\n%%%%EOF\n", obj, xref)
}

// TestDeflateTiny: the one stream of a tiny document is compressed and reads back as it was.
func TestDeflateTiny(t *testing.T) {
	got, err := Deflate(tiny("3", "abc"))
	if err != nil {
		t.Fatal(err)
	}
	var n int
	at := bytes.Index(got, []byte("<</Filter /FlateDecode /Length "))
	if _, err := fmt.Sscanf(string(got[at:]), "<</Filter /FlateDecode /Length %d>>\nstream\n", &n); err != nil {
		t.Fatalf("no compressed stream in %q: %v", got, err)
	}
	start := bytes.Index(got, []byte("stream\n")) + len("stream\n")
	r, err := zlib.NewReader(bytes.NewReader(got[start : start+n]))
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(r)
	if string(data) != "abc" || err != nil {
		t.Errorf("the stream reads %q, %v; want abc", data, err)
	}
	xref := bytes.Index(got, []byte("\nxref\n")) + 1
	if !bytes.HasSuffix(got, fmt.Appendf(nil, "startxref\n%d\n%%%%EOF\n", xref)) {
		t.Errorf("startxref does not name the table at %d: %q", xref, got[xref:])
	}
}

// TestDeflateRefuses: a document not laid out as gofpdf writes one is an ErrLayout, never a
// panic or a wrong document.
func TestDeflateRefuses(t *testing.T) {
	plain := sample(t, 2, false)
	stream := bytes.Index(plain, []byte("<</Length "))
	tests := []struct {
		name string
		pdf  []byte
	}{
		{"empty", nil},
		{"not a PDF", []byte("政务公开\n")},
		{"cut short", plain[:len(plain)/2]},
		{"no end", bytes.TrimSuffix(plain, []byte("%%EOF\n"))},
		{"startxref past the end", bytes.Replace(plain, []byte("startxref\n"), []byte("startxref\n9"), 1)},
		{"table moved", bytes.Replace(plain, []byte("\nxref\n"), []byte("\n\nxref\n"), 1)},
		{"object moved", bytes.Replace(plain, []byte("3 0 obj"), []byte(" 3 0 obj"), 1)},
		{"stream length wrong", append(append(bytes.Clone(plain[:stream]), "<</Length 1>>"...),
			plain[bytes.IndexByte(plain[stream:], '\n')+stream:]...)},
		{"stream length past the end", tiny("9223372036854775807", "abc")},
		{"stream length short", tiny("2", "abc")},
		{"table entry broken", bytes.Replace(plain, []byte(" 00000 n \n"), []byte(" 00000 f \n"), 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := bytes.Clone(tt.pdf)
			got, err := Deflate(tt.pdf)
			if !errors.Is(err, ErrLayout) || got != nil {
				t.Errorf("got %d bytes, %v; want ErrLayout", len(got), err)
			}
			if !bytes.Equal(before, tt.pdf) {
				t.Error("the input was changed")
			}
		})
	}
}

// FuzzDeflate: any input is deflated or refused with ErrLayout, never a panic; what is
// deflated deflates again to itself.
func FuzzDeflate(f *testing.F) {
	for _, compress := range []bool{false, true} { // a core font: the CJK face is slow to embed under coverage
		pdf := gofpdf.New("P", "mm", "A4", "")
		pdf.SetCompression(compress)
		pdf.AddPage()
		pdf.SetFont("Helvetica", "", 11)
		pdf.Text(20, 20, "page")
		var out bytes.Buffer
		if err := pdf.Output(&out); err != nil {
			f.Fatal(err)
		}
		f.Add(out.Bytes())
	}
	f.Add(tiny("3", "abc"))
	f.Fuzz(func(t *testing.T, pdf []byte) {
		got, err := Deflate(pdf)
		if err != nil {
			if !errors.Is(err, ErrLayout) {
				t.Fatalf("error %v is not ErrLayout", err)
			}
			return
		}
		again, err := Deflate(got)
		if err != nil || !bytes.Equal(again, got) {
			t.Fatalf("deflated output does not deflate to itself: %v", err)
		}
	})
}

// BenchmarkDeflate compares writing a 300-page document compressed by gofpdf with writing it
// uncompressed and deflating it.
func BenchmarkDeflate(b *testing.B) {
	b.Run("gofpdf", func(b *testing.B) {
		for b.Loop() {
			sample(b, 300, true)
		}
	})
	b.Run("deflate", func(b *testing.B) {
		for b.Loop() {
			if _, err := Deflate(sample(b, 300, false)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
