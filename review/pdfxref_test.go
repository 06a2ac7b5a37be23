package review

import (
	"bytes"
	"context"
	"encoding/ascii85"
	"errors"
	"slices"
	"strings"
	"testing"
)

// openTestPDF reads the cross-reference chain of data, as the PDF reader does first.
func openTestPDF(data []byte) (*pdfFile, error) {
	src := &source{r: bytes.NewReader(data), size: int64(len(data)), ctx: context.Background()}
	return openPDFFile(src, newBudget(DefaultLimits().MaxUnzipped))
}

// pdfInObjectStream is the one-page PDF of pdfObjects with its font (object 5) kept only in an
// object stream (object 6), listed by a compressed cross-reference stream.
func pdfInObjectStream(text string) []byte {
	objs := pdfObjects(text)
	font := objs[4]
	objs[4] = ""
	objs = append(objs, objStmObj(map[int]string{5: font}, ""))
	return buildPDFXrefStream(objs, map[int]xrefRow{5: {2, 6, 0}}, "", "<< >>")
}

func TestOpenPDFFile(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		err  error // nil: objects 3 and 5 are the page and the font
		says string
	}{
		{"cross-reference table", buildPDF(pdfObjects("政务公开"), ""), nil, ""},
		{"cross-reference stream", buildPDFXrefStream(pdfObjects("政务公开"), nil, "", ""), nil, ""},
		{"object stream, compressed cross-reference stream", pdfInObjectStream("政务公开"), nil, ""},
		{"not a PDF", []byte("hello\nstartxref\n0\n%%EOF\n"), ErrMalformed, "header"},
		{"no %%EOF", []byte("%PDF-1.4\n1 0 obj\nnull\nendobj\n"), ErrMalformed, "%%EOF"},
		{"no startxref", []byte("%PDF-1.4\n1 0 obj\nnull\nendobj\n%%EOF\n"), ErrMalformed, "startxref"},
		{"Prev loops", buildPDF(pdfObjects("政务公开"), "/Prev XREF"), ErrMalformed, "loops"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := openTestPDF(tt.data)
			if tt.err != nil {
				if !errors.Is(err, tt.err) || !strings.Contains(err.Error(), tt.says) {
					t.Errorf("got %v, want %v saying %q", err, tt.err, tt.says)
				}
				return
			}
			if err != nil {
				t.Fatalf("got %v, want the file", err)
			}
			for ref, want := range map[pdfRef]pdfName{{3, 0}: "Page", {5, 0}: "Font"} {
				d, err := f.dictOf(ref)
				if err != nil || d["Type"] != want {
					t.Errorf("object %d: got %v, %v; want a /%s dictionary", ref.num, d, err, want)
				}
			}
		})
	}
}

func TestObjectGenerationMismatch(t *testing.T) {
	f, err := openTestPDF(buildPDF(pdfObjects("政务公开"), ""))
	if err != nil {
		t.Fatal(err)
	}
	// The library reads a reference whose generation is not the entry's as null; so do we.
	if got, err := f.object(pdfRef{3, 1}); got != nil || err != nil {
		t.Errorf("got %v, %v; want nil, nil", got, err)
	}
}

func TestDecodeFilters(t *testing.T) {
	tests := []struct {
		name   string
		filter pdfDict // /Filter and /DecodeParms
		data   string
		want   string
		err    error
	}{
		{"none", pdfDict{}, "BT ET", "BT ET", nil},
		{"FlateDecode", pdfDict{"Filter": pdfName("FlateDecode")}, zlibString("BT (甲) Tj ET"), "BT (甲) Tj ET", nil},
		{"ASCII85Decode", pdfDict{"Filter": pdfName("ASCII85Decode")}, "87cURD]i,\"Ebo80~>", "Hello World!", nil},
		{"ASCII85 then Flate", pdfDict{"Filter": pdfArray{pdfName("ASCII85Decode"), pdfName("FlateDecode")}},
			ascii85String(zlibString("BT ET")), "BT ET", nil},
		{"PNG Up predictor", pdfDict{"Filter": pdfName("FlateDecode"), "DecodeParms": pdfDict{"Predictor": int64(12), "Columns": int64(2)}},
			zlibString("\x02ab\x02\x01\x01"), "abbc", nil},
		{"another predictor", pdfDict{"Filter": pdfName("FlateDecode"), "DecodeParms": pdfDict{"Predictor": int64(2)}},
			zlibString("ab"), "", ErrMalformed},
		{"columns past reason", pdfDict{"Filter": pdfName("FlateDecode"), "DecodeParms": pdfDict{"Predictor": int64(12), "Columns": int64(1 << 30)}},
			zlibString("ab"), "", errUnsafe},
		{"a filter the library lacks", pdfDict{"Filter": pdfName("LZWDecode")}, "ab", "", ErrMalformed},
		{"a filter that is a number", pdfDict{"Filter": int64(3)}, "ab", "", ErrMalformed},
		{"damaged Flate data", pdfDict{"Filter": pdfName("FlateDecode")}, "not zlib", "", ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &pdfFile{src: &source{r: strings.NewReader(tt.data), size: int64(len(tt.data)), ctx: context.Background()},
				budget: newBudget(1 << 20), objects: map[int]any{}, failed: map[int]error{}, loading: map[int]bool{}}
			d := pdfDict{"Length": int64(len(tt.data))}
			for k, v := range tt.filter {
				d[k] = v
			}
			got, err := f.decode(&pdfStream{dict: d}, 0)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Errorf("got %q, %v; want %v", got, err, tt.err)
				}
				return
			}
			if err != nil || string(got) != tt.want {
				t.Errorf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

// ascii85String encodes s as an ASCII85Decode stream's data, ending in ~>.
func ascii85String(s string) string {
	var b bytes.Buffer
	w := ascii85.NewEncoder(&b)
	w.Write([]byte(s))
	w.Close()
	return b.String() + "~>"
}

func TestXrefWidths(t *testing.T) {
	tests := []struct {
		name  string
		w     any
		want  [3]int
		total int
		err   bool
	}{
		{"usual", pdfArray{int64(1), int64(4), int64(2)}, [3]int{1, 4, 2}, 7, false},
		{"no type field", pdfArray{int64(0), int64(3), int64(1)}, [3]int{0, 3, 1}, 4, false},
		{"a fourth field widens the row", pdfArray{int64(1), int64(2), int64(1), int64(2)}, [3]int{1, 2, 1}, 6, false},
		{"too few", pdfArray{int64(1), int64(2)}, [3]int{}, 0, true},
		{"missing", nil, [3]int{}, 0, true},
		{"too wide", pdfArray{int64(1), int64(9), int64(1)}, [3]int{}, 0, true},
		{"negative", pdfArray{int64(1), int64(-1), int64(1)}, [3]int{}, 0, true},
	}
	for _, tt := range tests {
		w, total, err := xrefWidths(pdfDict{"W": tt.w})
		if (err != nil) != tt.err || (!tt.err && (w != tt.want || total != tt.total)) {
			t.Errorf("%s: got %v %d %v, want %v %d (error %v)", tt.name, w, total, err, tt.want, tt.total, tt.err)
		}
	}
}

func TestBigEndian(t *testing.T) {
	tests := []struct {
		in   []byte
		want int64
	}{
		{nil, 0}, {[]byte{7}, 7}, {[]byte{1, 0}, 256}, {[]byte{0, 0, 0x12, 0x34}, 0x1234},
	}
	for _, tt := range tests {
		if got := bigEndian(tt.in); got != tt.want {
			t.Errorf("bigEndian(%v): got %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestObjStmPairs(t *testing.T) {
	tests := []struct {
		name string
		data string
		n    int64
		want [][2]int
		err  error
	}{
		{"two objects", "5 0 9 14 << /A 1 >>", 2, [][2]int{{5, 0}, {9, 14}}, nil},
		{"none", "", 0, nil, nil},
		{"fewer pairs than /N", "5 0", 2, nil, errUnsafe},
		{"a hex string open in them", "5 <00", 1, nil, errUnsafe},
	}
	for _, tt := range tests {
		got, err := objStmPairs([]byte(tt.data), tt.n, 6)
		if !errors.Is(err, tt.err) || !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %v, %v; want %v, %v", tt.name, got, err, tt.want, tt.err)
		}
	}
}

func TestHasRef(t *testing.T) {
	tests := []struct {
		v    any
		want bool
	}{
		{int64(1), false},
		{pdfRef{1, 0}, true},
		{pdfArray{int64(1), pdfArray{pdfRef{2, 0}}}, true},
		{pdfDict{"A": pdfDict{"B": pdfRef{2, 0}}}, true},
		{pdfDict{"A": pdfArray{int64(1)}}, false},
	}
	for _, tt := range tests {
		if got := hasRef(tt.v); got != tt.want {
			t.Errorf("hasRef(%v): got %v, want %v", tt.v, got, tt.want)
		}
	}
}
