package review

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
	"unicode/utf8"
)

// fuzzReader keeps each input cheap: small unpacking budget, short timeout.
func fuzzReader() *Reader {
	r := NewReader()
	r.Limits.MaxUnzipped = 32 << 20
	r.Limits.Timeout = 5 * time.Second
	return r
}

// seedFixtures adds every fixture with the given extension to the corpus.
func seedFixtures(f *testing.F, ext string) {
	paths, err := filepath.Glob(filepath.Join("testdata", "*."+ext))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range paths {
		if filepath.Base(p) == "long.pdf" {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

// checkRead is the property every reader keeps: a document or a *ReadError, never a panic, and
// a document's parts lie on its pages.
func checkRead(t *testing.T, name string, data []byte) {
	doc, err := fuzzReader().ReadBytes(context.Background(), name, data)
	if err != nil {
		var re *ReadError
		if !errors.As(err, &re) {
			t.Fatalf("error %T %v, want *ReadError", err, err)
		}
		return
	}
	for _, p := range doc.Parts {
		if p.Page < 0 || p.Page > doc.Pages {
			t.Fatalf("part on page %d of %d", p.Page, doc.Pages)
		}
		if !utf8.ValidString(p.Text) && doc.Format == FormatTXT {
			t.Fatalf("invalid UTF-8 from a text file: %q", p.Text)
		}
	}
}

func FuzzReadTXT(f *testing.F) {
	seedFixtures(f, "txt")
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, "draft.txt", data) })
}

func FuzzReadDOCX(f *testing.F) {
	seedFixtures(f, "docx")
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, "draft.docx", data) })
}

func FuzzReadPDF(f *testing.F) {
	seedFixtures(f, "pdf")
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, "draft.pdf", data) })
}

func FuzzReadOFD(f *testing.F) {
	seedFixtures(f, "ofd")
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, "draft.ofd", data) })
}
