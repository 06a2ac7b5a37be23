package review

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/jung-kurt/gofpdf"
	"shendang.gov.cn/shendang/assets"
)

func TestToUnicodeDecode(t *testing.T) {
	for _, tt := range []struct {
		name, cmap, raw, want string
		wide                  bool
	}{
		{"tFPDF's one range over every code", "1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0000> <FFFF> <0000> endbfrange",
			"\x96\x48\x5e\xfa\x56\xfd\x00\x31", "陈建国1", true},
		{"a conforming range", "1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0010> <001F> <4E00> endbfrange",
			"\x00\x10\x00\x1f", "一丏", false},
		{"a carry past the last byte", "1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0100> <02FF> <00F0> endbfrange",
			"\x01\x20", "Đ", true},
		{"an array destination", "1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfrange <01> <02> [<5BC6> <79D8>] endbfrange",
			"\x02\x01", "秘密", false},
		{"bfchar before ranges", "1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfchar <0003> <5BC6> endbfchar 1 beginbfrange <0000> <FFFF> <0000> endbfrange",
			"\x00\x03\x00\x41", "密A", true},
		{"a surrogate pair", "1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfchar <0001> <D840DC00> endbfchar",
			"\x00\x01", "𠀀", false},
		{"a code no range maps", "1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0010> <001F> <4E00> endbfrange",
			"\x00\x20", "\uFFFD", false},
		{"a byte outside every code space", "1 begincodespacerange <8140> <FEFE> endcodespacerange",
			"\x41", "\uFFFD", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m, wide := parseToUnicode([]byte(tt.cmap))
			if wide != tt.wide {
				t.Errorf("wide %v, want %v", wide, tt.wide)
			}
			if got := m.Decode(tt.raw); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestReadGofpdfChinese: gofpdf (like tFPDF and the other FPDF ports) writes a ToUnicode map
// of one range over every code, which the library decodes into the wrong characters; our
// reading of it gives the text back, so an ID and a name in such a file are found.
func TestReadGofpdfChinese(t *testing.T) {
	pdf := gofpdf.New("P", "pt", "A4", "")
	pdf.AddUTF8FontFromBytes("cjk", "", assets.FormFont())
	pdf.AddPage()
	pdf.SetFont("cjk", "", 12)
	pdf.Text(72, 100, "申请人陈建国，身份证号 350203198506150011。")
	pdf.Text(72, 130, "此件属机密文件")
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	doc, err := NewReader().ReadBytes(context.Background(), "gofpdf.pdf", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	text := doc.Text(PartBody)
	for _, want := range []string{"申请人陈建国，身份证号 350203198506150011。", "此件属机密文件"} {
		if !strings.Contains(text, want) {
			t.Errorf("text %q lacks %q", text, want)
		}
	}
}

// FuzzToUnicode: any CMap data and any codes decode without a panic into valid UTF-8, and
// only well-formed ranges are kept.
func FuzzToUnicode(f *testing.F) {
	f.Add([]byte("1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0000> <FFFF> <0000> endbfrange"), []byte("\x96\x48"))
	f.Add([]byte("1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfrange <01> <02> [<5BC6> <79D8>] endbfrange"), []byte("\x01\x02\x03"))
	f.Add([]byte("1 beginbfchar <0003> <D840DC00> endbfchar 2 beginbfrange <FF00> <00FF> <41> ] [ <00> endbfrange"), []byte("\x00"))
	f.Fuzz(func(t *testing.T, data, raw []byte) {
		m, _ := parseToUnicode(data)
		if got := m.Decode(string(raw)); !utf8.ValidString(got) {
			t.Errorf("Decode(%q) = %q, not UTF-8", raw, got)
		}
		for _, r := range m.ranges {
			if r.lo > r.hi || len(r.lo) != len(r.hi) {
				t.Errorf("range %q…%q kept", r.lo, r.hi)
			}
		}
	})
}
