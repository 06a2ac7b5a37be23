package main

import (
	"slices"
	"testing"
)

func TestFileTypes(t *testing.T) {
	draftTypes := []fileType{
		{label: "TXT、DOCX、PDF、OFD、DOC、WPS、XLSX、XLS、ET、ODS、PPTX、PNG、JPG、JPEG、TIF、TIFF、BMP 文件", patterns: []string{"*.txt", "*.docx", "*.pdf", "*.ofd", "*.doc", "*.wps", "*.xlsx", "*.xls", "*.et", "*.ods",
			"*.pptx", "*.png", "*.jpg", "*.jpeg", "*.tif", "*.tiff", "*.bmp"}},
		{label: "所有文件", patterns: []string{"*"}},
	}
	cases := []struct {
		name string
		req  chooserRequest
		want []fileType
	}{
		{"drafts to import", chooserRequest{mode: chooseFiles, exts: draftExts}, draftTypes},
		{"one revised draft", chooserRequest{mode: chooseFile, exts: draftExts}, draftTypes},
		{"a word list", chooserRequest{mode: chooseFile, exts: []string{".TXT"}},
			[]fileType{{label: "TXT 文件", patterns: []string{"*.txt"}}, {label: "所有文件", patterns: []string{"*"}}}},
		{"any file", chooserRequest{mode: chooseFile}, nil},
		{"a form saved", chooserRequest{mode: chooseSave, name: "归档文件目录.PDF", exts: draftExts},
			[]fileType{{label: "PDF 文件", patterns: []string{"*.pdf"}}}},
		{"a name without extension", chooserRequest{mode: chooseSave, name: "备份"}, nil},
		{"a folder", chooserRequest{mode: chooseFolder, exts: draftExts}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := fileTypes(c.req)
			if !slices.EqualFunc(got, c.want, func(a, b fileType) bool {
				return a.label == b.label && slices.Equal(a.patterns, b.patterns)
			}) {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestWithExt(t *testing.T) {
	cases := []struct{ name, proposed, want string }{
		{"周五", "审档备份-20260318.zip", "周五.zip"},
		{"周五.ZIP", "审档备份-20260318.zip", "周五.ZIP"},
		{"目录.v2", "目录.pdf", "目录.v2.pdf"},
		{"说明", "说明", "说明"},
	}
	for _, c := range cases {
		if got := withExt(c.name, c.proposed); got != c.want {
			t.Errorf("withExt(%q, %q): got %q, want %q", c.name, c.proposed, got, c.want)
		}
	}
}
