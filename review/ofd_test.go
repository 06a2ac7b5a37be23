package review

import (
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
