package review

import (
	"path/filepath"
	"testing"
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
