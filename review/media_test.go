package review

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckMediaImages(t *testing.T) {
	needOCR(t)
	t.Parallel()
	tests := []struct {
		name string
		path string
		want []string // prefixes of summary(found), in order
	}{
		{"letter: the screenshot's mark and ID; the rule and the photo add nothing", "testdata/media-letter.docx", []string{
			"classification_mark:block:classification-mark@嵌入图片 image1.png › 正文（图像识别，置信度",
			"id_card:block:id-card@嵌入图片 image1.png › 正文（图像识别，置信度",
		}},
		{"workbook: the screenshot pasted on a sheet", "testdata/media-book.xlsx", []string{
			"classification_mark:block:classification-mark@嵌入图片 image1.png › 正文（图像识别，置信度",
			"id_card:block:id-card@嵌入图片 image1.png › 正文（图像识别，置信度",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc, found, err := NewReader().CheckFile(context.Background(), defaultRules(t), tt.path)
			if err != nil {
				t.Fatal(err)
			}
			got := summary(found)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d findings %q,\nwant %q (text %q)", len(got), got, tt.want, doc.Text(PartBody))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("finding %d: got %q, want it to start %q", i, got[i], tt.want[i])
				}
				if f := found[i]; !f.OCR || f.Image != "image1.png" || f.Confidence <= 0 {
					t.Errorf("finding %d: got OCR %v image %q confidence %d, want recognised in image1.png", i, f.OCR, f.Image, f.Confidence)
				}
			}
			if got := Decide(found, nil); got != VerdictBlock {
				t.Errorf("got verdict %s, want block", got)
			}
		})
	}
}

// TestMediaImagesBounded: past Limits.MaxOCRPages, without Tesseract, too many pixels, or
// damaged, an image is a gap naming it; a decorative one is skipped; nothing is an error.
func TestMediaImagesBounded(t *testing.T) {
	t.Parallel()
	letter := mustReadFile(t, "testdata/media-letter.docx")
	huge := pngOf(t, 4000, 4000)
	tests := []struct {
		name  string
		data  []byte
		setup func(*Reader)
		want  []string // the gaps' reasons contain these, in order
	}{
		// image2.png is the rule, skipped; image3.png the photo, recognised to nothing.
		{"no OCR budget", letter, func(r *Reader) { r.Limits.MaxOCRPages = 0 },
			[]string{"另有 2 张嵌入图片未作文字识别（每个文件最多识别 0 页或张），请人工查看：image1.png、image3.png"}},
		{"no Tesseract", letter, func(r *Reader) { r.Tesseract = filepath.Join(t.TempDir(), "no-tesseract") },
			[]string{"本机没有找到文字识别程序（Tesseract 及其简体中文语言包），2 张嵌入图片中的文字未作审查，请人工查看：image1.png、image3.png"}},
		{"too many pixels", wordWithMedia(t, map[string][]byte{"word/media/image1.png": huge}),
			func(r *Reader) { r.Limits.MaxImagePixels = 1_000_000 }, []string{"嵌入图片“image1.png”的像素过多"}},
		{"damaged", wordWithMedia(t, map[string][]byte{"word/media/image1.png": huge[:20]}), nil,
			[]string{"嵌入图片“image1.png”已损坏或格式无法识别"}},
		{"decorative and unread formats skipped", wordWithMedia(t, map[string][]byte{
			"word/media/image1.png": pngOf(t, 600, 9), "word/media/image2.png": pngOf(t, 31, 31),
			"word/media/image3.emf": []byte("not read"), "word/media/image4.gif": []byte("GIF89a"),
		}), func(r *Reader) { r.Tesseract = filepath.Join(t.TempDir(), "no-tesseract") }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := NewReader()
			if tt.setup != nil {
				tt.setup(r)
			}
			doc, err := r.ReadBytes(context.Background(), "letter.docx", tt.data)
			if err != nil {
				t.Fatal(err)
			}
			wantGaps(t, doc, tt.want)
			for _, p := range doc.Parts {
				if p.Image != "" {
					t.Errorf("got a part of image %s, want none recognised", p.Image)
				}
			}
		})
	}
}

func TestDecorative(t *testing.T) {
	tests := []struct {
		w, h int
		want bool
	}{
		{600, 4, true},   // a rule
		{31, 31, true},   // an icon
		{600, 9, true},   // a thin band
		{130, 12, false}, // the smallest line of an ID that Tesseract read
		{163, 16, false}, // a screenshot's line
		{32, 32, false},  // at the bound
		{2480, 3508, false},
	}
	for _, tt := range tests {
		if got := decorative(tt.w, tt.h); got != tt.want {
			t.Errorf("decorative(%d, %d): got %v, want %v", tt.w, tt.h, got, tt.want)
		}
	}
}

func TestNaturalLess(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"image2.png", "image10.png", true},
		{"image10.png", "image2.png", false},
		{"image1.png", "image1.jpeg", false},
		{"a.png", "image1.png", true},
	}
	for _, tt := range tests {
		if got := naturalLess(tt.a, tt.b); got != tt.want {
			t.Errorf("naturalLess(%q, %q): got %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// pngOf encodes a white w × h PNG.
func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// wordWithMedia is a minimal Word document with the given media entries.
func wordWithMedia(t *testing.T, media map[string][]byte) []byte {
	t.Helper()
	files := map[string]string{"word/document.xml": `<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>见图</w:t></w:r></w:p></w:body></w:document>`}
	for name, data := range media {
		files[name] = string(data)
	}
	return zipOf(t, files)
}

// wantGaps fails unless doc's gaps are, in order, ones whose reasons contain want.
func wantGaps(t *testing.T, doc *Document, want []string) {
	t.Helper()
	var got []string
	for _, g := range doc.Gaps {
		got = append(got, g.Reason)
	}
	if len(got) != len(want) {
		t.Fatalf("got gaps %q, want %q", got, want)
	}
	for i := range got {
		if !strings.Contains(got[i], want[i]) {
			t.Errorf("gap %d: got %q, want it to contain %q", i, got[i], want[i])
		}
	}
}
