package review

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestReadZipLimits(t *testing.T) {
	files := map[string]string{"word/document.xml": `<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>` +
		strings.Repeat("政务公开", 20000) + `</w:t></w:r></w:p></w:body></w:document>`}
	for i := range 20 {
		files["word/media/x"+string(rune('a'+i))] = "x"
	}
	data := zipOf(t, files)
	tests := []struct {
		name  string
		limit func(*Limits)
		want  error
	}{
		{"within limits", func(*Limits) {}, nil},
		{"unpacks too large (zip bomb)", func(l *Limits) { l.MaxUnzipped = 64 << 10 }, ErrTooLarge},
		{"too many entries", func(l *Limits) { l.MaxZipEntries = 10 }, ErrTooLarge},
		{"nested too deep", func(l *Limits) { l.MaxXMLDepth = 4 }, ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReader()
			tt.limit(&r.Limits)
			_, err := r.ReadBytes(context.Background(), "bomb.docx", data)
			if !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
}
