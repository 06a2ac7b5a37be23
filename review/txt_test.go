package review

import (
	"io"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestReadTXT(t *testing.T) {
	const want = "厦门市司法局\n内部资料 注意保存\n政务公开。\n"
	tests := []struct {
		file, encoding, text string
	}{
		{"utf8.txt", "UTF-8", want},
		{"utf8-bom.txt", "UTF-8", want},
		{"utf16le.txt", "UTF-16LE", want},
		{"utf16be.txt", "UTF-16BE", want},
		{"gbk.txt", "GB18030", want},
		{"gb18030.txt", "GB18030", "𠀀生僻字：䶮，欧元€\n"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc := mustRead(t, filepath.Join("testdata", tt.file))
			if doc.Format != FormatTXT || doc.Encoding != tt.encoding {
				t.Errorf("format %s encoding %s, want txt %s", doc.Format, doc.Encoding, tt.encoding)
			}
			if got := doc.Text(PartBody); got != tt.text {
				t.Errorf("text %q, want %q", got, tt.text)
			}
			if doc.Name != tt.file {
				t.Errorf("name %q, want %q", doc.Name, tt.file)
			}
		})
	}
}

// TestCheckUTF8 holds checkUTF8, for any number of slices, to utf8.Valid and badRunes over the
// whole: cuts that would fall inside a character move to its start.
func TestCheckUTF8(t *testing.T) {
	tests := []struct {
		name  string
		b     string
		valid bool
		bad   int
	}{
		{"empty", "", true, 0},
		{"ascii", "plain text\n", true, 0},
		{"hanzi", "政务公开，注意保存。", true, 0},
		{"four-byte", "𠀀生僻字䶮𠀀𠀀", true, 0},
		{"controls", "a\x00b\x7fc\u0085d\ufffd\t\r\n\f", true, 4},
		{"stray continuation", "政务\x80公开", false, 0},
		{"cut lead", "政务\xe5\x85", false, 0},
		{"four continuations", "ab\x80\x80\x80\x80cd", false, 0},
		{"overlong", "ab\xc0\xafcd", false, 0},
	}
	for _, tt := range tests {
		for workers := 1; workers <= 7; workers++ {
			valid, bad := checkUTF8([]byte(tt.b), workers)
			if valid != tt.valid || (valid && bad != tt.bad) {
				t.Errorf("%s over %d: valid %v, %d bad; want %v, %d", tt.name, workers, valid, bad, tt.valid, tt.bad)
			}
		}
	}
}

// TestReadUTF8 reads texts around probeSize, the part checked before the rest is read: a
// character cut by it, a bad byte before it and after it.
func TestReadUTF8(t *testing.T) {
	pad := func(n int) string { return strings.Repeat("a", n) }
	tests := []struct {
		name string
		text string
		ok   bool
		bad  int
	}{
		{"short", "政务公开", true, 0},
		{"hanzi cut by the probe", pad(probeSize-1) + "政务", true, 0},
		{"control after the probe", pad(probeSize+5) + "\x01", true, 1},
		{"control in the probe", "\x01" + pad(probeSize+5), true, 1},
		{"invalid after the probe", pad(probeSize+5) + "\xff", false, 0},
		{"invalid in the probe", "\xff" + pad(probeSize+5), false, 0},
		{"long hanzi", strings.Repeat("政务公开。", 3*probeSize/15), true, 0},
	}
	for _, tt := range tests {
		text, ok, bad, err := readUTF8(io.NewSectionReader(strings.NewReader(tt.text), 0, int64(len(tt.text))))
		if err != nil || ok != tt.ok || bad != tt.bad || (ok && text != tt.text) {
			t.Errorf("%s: ok %v, %d bad, %v, same text %v; want ok %v, %d bad", tt.name, ok, bad, err, text == tt.text, tt.ok, tt.bad)
		}
	}
}

// FuzzCheckUTF8 holds checkUTF8 over two to five slices to utf8.Valid and badRunes over the whole.
func FuzzCheckUTF8(f *testing.F) {
	for _, s := range []string{"", "政务\x80公开", "a\x00b\u0085\ufffd", "ab\x80\x80\x80\x80cd", "𠀀生僻字"} {
		f.Add([]byte(s), uint8(3))
	}
	f.Fuzz(func(t *testing.T, b []byte, workers uint8) {
		valid, bad := checkUTF8(b, 2+int(workers)%4)
		if want := utf8.Valid(b); valid != want {
			t.Fatalf("valid %v, want %v", valid, want)
		}
		if want := badRunes(b); valid && bad != want {
			t.Fatalf("%d bad, want %d", bad, want)
		}
	})
}
