package review

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
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

// wordFixtures are the same draft as LibreOffice writes it in each Word format.
var wordFixtures = []struct {
	file   string
	format Format
}{{"full.docx", FormatDOCX}, {"full.doc", FormatDOC}, {"full.wps", FormatWPS}}

func TestReadWordAllParts(t *testing.T) {
	for _, fx := range wordFixtures {
		t.Run(fx.file, func(t *testing.T) {
			if fx.format != FormatDOCX {
				needSoffice(t)
			}
			doc := mustRead(t, filepath.Join("testdata", fx.file))
			if doc.Format != fx.format {
				t.Errorf("format %s, want %s", doc.Format, fx.format)
			}
			body := doc.Text(PartBody)
			for _, s := range []string{"正文第一段：为进一步推进政务公开工作，制订本方案。", "第二段开头第二段结尾。",
				"插入的文字", "表格甲\n表格乙", "文本框内容", "正文结束。"} {
				if !strings.Contains(body, s) {
					t.Errorf("body lacks %q:\n%s", s, body)
				}
			}
			if n := strings.Count(body, "文本框内容"); n != 1 {
				t.Errorf("text box read %d times, want once (its mc:Fallback copy is skipped)", n)
			}
			if strings.Contains(body, "删除的文字") {
				t.Error("deleted text is in the body; it belongs in a revision part")
			}
			if strings.Contains(body, "PAGE") || strings.Contains(doc.Text(PartFooter), "PAGE") {
				t.Error("a field instruction (PAGE) was read as text")
			}
			want := map[PartKind]string{
				PartHeader: "页眉：厦门市司法局政务公开", PartFooter: "页脚文字 第1页", PartFootnote: "脚注内容",
				PartEndnote: "尾注内容", PartComment: "批注内容", PartRevision: "删除的文字",
			}
			for kind, s := range want {
				if got := partsOf(doc, kind); len(got) != 1 || !strings.Contains(got[0], s) {
					t.Errorf("%s parts %q, want one containing %q", kind, got, s)
				}
			}
			for _, p := range doc.Parts {
				switch {
				case p.Kind == PartComment && p.Label != "张三":
					t.Errorf("comment label %q, want its author 张三", p.Label)
				case p.Kind == PartRevision && (!strings.Contains(p.Label, "李四") || p.Anchor != 2):
					t.Errorf("revision label %q anchor %d, want author 李四 at body line 2", p.Label, p.Anchor)
				}
			}
			m := doc.Meta
			if m.Title != "政务公开测试标题" || m.Author != "王五" || m.LastModifiedBy != "赵六" {
				t.Errorf("metadata %+v", m)
			}
			if got := kindsContaining(doc, "王五"); !slices.Equal(got, []PartKind{PartMetadata}) {
				t.Errorf("author found in %v, want a metadata part", got)
			}
			if doc.Comments != 1 || doc.Insertions < 1 || doc.Deletions < 1 {
				t.Errorf("comments/insertions/deletions %d/%d/%d, want 1 and at least 1 and 1", doc.Comments, doc.Insertions, doc.Deletions)
			}
		})
	}
}

// TestSensitiveTextOnlyInHiddenPart: drafts whose only sensitive text sits where a reader that
// looks at the body alone would miss it.
func TestSensitiveTextOnlyInHiddenPart(t *testing.T) {
	tests := []struct {
		file, text string
		kind       PartKind
	}{
		{"header-only.docx", "秘密★1年", PartHeader},
		{"comment-only.docx", "内部资料 注意保存", PartComment},
		{"deletion-only.docx", "机密★5年", PartRevision}, // Word splits it into three w:del runs
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc := mustRead(t, filepath.Join("testdata", tt.file))
			if got := kindsContaining(doc, tt.text); !slices.Equal(got, []PartKind{tt.kind}) {
				t.Errorf("%q found in %v, want only in %s", tt.text, got, tt.kind)
			}
		})
	}
}

func TestReadOFD(t *testing.T) {
	doc := mustRead(t, filepath.Join("testdata", "sample.ofd"))
	if doc.Format != FormatOFD || doc.Pages != 2 {
		t.Errorf("format %s pages %d, want ofd 2", doc.Format, doc.Pages)
	}
	var body1, headers []string
	for _, p := range doc.Parts {
		switch {
		case p.Kind == PartBody && p.Page == 1:
			body1 = append(body1, p.Text)
		case p.Kind == PartHeader:
			headers = append(headers, p.Text)
			if p.Page < 1 || p.Page > 2 {
				t.Errorf("header on page %d", p.Page)
			}
		}
	}
	if want := []string{"厦司〔2016〕59号\n内部资料\n严格执行信息公开保密审查制度。"}; !slices.Equal(body1, want) {
		t.Errorf("page 1 body %q, want %q", body1, want)
	}
	if want := []string{"政务公开专用页眉", "政务公开专用页眉"}; !slices.Equal(headers, want) {
		t.Errorf("template headers %q, want %q", headers, want)
	}
	if !slices.Equal(doc.ImageOnlyPages, []int{2}) {
		t.Errorf("image-only pages %v, want [2]", doc.ImageOnlyPages)
	}
	if doc.Meta.Title != "关于印发政务公开工作实施方案的通知" || doc.Meta.Author != "厦门市司法局办公室" {
		t.Errorf("metadata %+v", doc.Meta)
	}
}

func TestPartPosition(t *testing.T) {
	p := &Part{Text: "第一行\n第二行abc\n\n末行"}
	tests := []struct {
		sub             string
		line, col       int
		occurrenceAfter int
	}{
		{"第一行", 1, 1, 0}, {"二", 2, 2, 0}, {"abc", 2, 4, 0}, {"末", 4, 1, 0},
	}
	for _, tt := range tests {
		off := strings.Index(p.Text, tt.sub)
		if line, col := p.Position(off); line != tt.line || col != tt.col {
			t.Errorf("Position(%q at %d) = %d:%d, want %d:%d", tt.sub, off, line, col, tt.line, tt.col)
		}
	}
	if line, _ := p.Position(len(p.Text) + 10); line != 4 {
		t.Errorf("past the end: line %d, want 4", line)
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
		{"unsupported", write("表格.xlsx", []byte("x")), NewReader(), ErrUnsupported, ".xlsx"},
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

// TestSourceFailsOnceDone: the reads of a library that takes no context fail once the read's
// context is done, so its own loops end with an error.
func TestSourceFailsOnceDone(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	src := &source{r: strings.NewReader("%PDF-1.4"), size: 8, ctx: ctx}
	buf := make([]byte, 4)
	if n, err := src.ReadAt(buf, 0); n != 4 || err != nil {
		t.Fatalf("before: got %d %v, want 4 nil", n, err)
	}
	cancel()
	if n, err := src.ReadAt(buf, 0); n != 0 || !errors.Is(err, context.Canceled) {
		t.Errorf("after: got %d %v, want 0 and context.Canceled", n, err)
	}
}

func TestConvertLeavesNoTempFiles(t *testing.T) {
	needSoffice(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	mustRead(t, filepath.Join("testdata", "full.doc"))
	left, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) > 0 {
		t.Errorf("left behind in TMPDIR: %v", left)
	}
}

func TestSupported(t *testing.T) {
	for name, want := range map[string]bool{"a.TXT": true, "b.docx": true, "c.Pdf": true, "d.ofd": true,
		"e.doc": true, "f.wps": true, "g.xlsx": false, "h": false, "i.docx.bak": false} {
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
