package review

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
)

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

// TestOFDScanGaps: an image-only page whose image the resources do not name, pages past the OCR
// budget and no Tesseract are gaps of the page or the document, never errors.
func TestOFDScanGaps(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		file  string
		setup func(*Reader)
		want  []string // the gaps' reasons contain these, in order
	}{
		{"image resource not named", "sample.ofd", nil, []string{"第2页的图像（资源 13）在文件的资源中找不到"}},
		{"past the OCR budget", "scan.ofd", func(r *Reader) { r.Limits.MaxOCRPages = 0 },
			[]string{"第1页起的 1 个扫描页未作文字识别（每个文件最多识别 0 页）"}},
		{"no Tesseract", "scan.ofd", func(r *Reader) { r.Tesseract = filepath.Join(t.TempDir(), "no-tesseract") },
			[]string{"本机没有找到文字识别程序"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReader()
			if tt.setup != nil {
				tt.setup(r)
			}
			doc, err := r.Read(context.Background(), filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			wantGaps(t, doc, tt.want)
			if len(doc.Recognised) != 0 {
				t.Errorf("got recognised pages %v, want none", doc.Recognised)
			}
		})
	}
}
