package review

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestReadEmptyFiles(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"empty.txt", "empty.docx", "empty.pdf", "empty.ofd", "empty.doc"} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		doc, err := Read(context.Background(), path)
		if err != nil {
			t.Errorf("%s: %v, want an empty document", name, err)
			continue
		}
		if len(doc.Parts) != 0 || doc.Name != name {
			t.Errorf("%s: %d parts, name %q; want none and the file's name", name, len(doc.Parts), doc.Name)
		}
	}
}

func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	small := DefaultLimits()
	small.MaxFileSize = 1000
	quick := DefaultLimits()
	quick.Timeout = 10 * time.Second
	tests := []struct {
		name   string
		path   string
		reader *Reader
		want   error
		says   string
	}{
		{"binary named .txt", "testdata/binary.txt", NewReader(), ErrEncoding, "binary.txt"},
		{"not a zip", "testdata/broken.docx", NewReader(), ErrMalformed, "broken.docx"},
		{"truncated pdf", "testdata/truncated.pdf", NewReader(), ErrMalformed, "truncated.pdf"},
		{"user password", "testdata/user-password.pdf", NewReader(), ErrEncrypted, "user-password.pdf"},
		{"hex string open at the end (a lexer hang)", "testdata/open-hex.pdf", &Reader{Limits: quick}, ErrMalformed, "hex string"},
		{"unsupported", write("演示.key", []byte("x")), NewReader(), ErrUnsupported, ".key"},
		{"no extension", write("README", []byte("x")), NewReader(), ErrUnsupported, "README"},
		{"missing", filepath.Join(dir, "无此文件.txt"), NewReader(), fs.ErrNotExist, "无此文件.txt"},
		{"directory", mkdir(t, dir, "folder.pdf"), NewReader(), nil, "is a directory"},
		{"too large", "testdata/full-lo.pdf", &Reader{Limits: small}, ErrTooLarge, "full-lo.pdf"},
		{"word without document.xml", write("empty-zip.docx", zipOf(t, map[string]string{"a.txt": "x"})), NewReader(), ErrMalformed, "word/document.xml"},
		{"encrypted docx", write("locked.docx", append(append([]byte{}, oleMagic...), make([]byte, 504)...)), NewReader(), ErrEncrypted, "locked.docx"},
		{"ofd without OFD.xml", write("x.ofd", zipOf(t, map[string]string{"Doc_0/Document.xml": "<a/>"})), NewReader(), ErrMalformed, "OFD.xml"},
		{"no soffice", "testdata/full.doc", &Reader{Limits: DefaultLimits(), Soffice: "/nonexistent/soffice"}, ErrConverterMissing, "full.doc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := tt.reader.Read(context.Background(), tt.path)
			if err == nil {
				t.Fatalf("read %d parts, want an error", len(doc.Parts))
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
			var re *ReadError
			if !errors.As(err, &re) {
				t.Errorf("error %T, want *ReadError", err)
			}
			if !strings.Contains(err.Error(), tt.says) {
				t.Errorf("error %q does not say %q", err, tt.says)
			}
		})
	}
}

func TestReadTimeout(t *testing.T) {
	r := NewReader()
	r.Limits.Timeout = time.Millisecond
	_, err := r.Read(context.Background(), filepath.Join("testdata", "long.pdf"))
	if !errors.Is(err, ErrTimeout) {
		t.Errorf("got %v, want ErrTimeout", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := NewReader().Read(ctx, filepath.Join("testdata", "long.pdf")); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v, want context.Canceled", err)
	}
}

// TestTimeoutStopsTheParser: when the time is up, Read returns, and the parser it gave up on
// stops soon after instead of running on unseen: every read of its file now fails.
func TestTimeoutStopsTheParser(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "long.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	before := runtime.NumGoroutine()
	r := NewReader()
	r.Limits.Timeout = 20 * time.Millisecond
	if _, err := r.ReadBytes(context.Background(), "long.pdf", data); !errors.Is(err, ErrTimeout) {
		t.Fatalf("got %v, want ErrTimeout", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if got := runtime.NumGoroutine(); got > before {
		t.Errorf("%d goroutines 5 s after the timeout, want %d: the parser runs on", got, before)
	}
}

func TestSupported(t *testing.T) {
	for name, want := range map[string]bool{"a.TXT": true, "b.docx": true, "c.Pdf": true, "d.ofd": true,
		"e.doc": true, "f.wps": true, "g.xlsx": true, "g.pptx": true, "g.key": false, "h": false, "i.docx.bak": false} {
		if got := Supported(name); got != want {
			t.Errorf("Supported(%q) = %v, want %v", name, got, want)
		}
	}
}

func mkdir(t *testing.T, dir, name string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.Mkdir(path, 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}
