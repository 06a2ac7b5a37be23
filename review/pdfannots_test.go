package review

import (
	"path/filepath"
	"testing"
)

func TestReadPDFAnnotationsAndForms(t *testing.T) {
	tests := []struct {
		file        string
		kind        PartKind
		label, text string
		page        int
	}{
		{"comment-annot.pdf", PartComment, "李四, 16年6月28日, ", "联系人身份证 440304198808080497", 1},
		{"form-fields.pdf", PartForm, "密级", "秘密★1年", 1},
		{"form-fields.pdf", PartForm, "applicant.phone", "13812345678", 1},
	}
	for _, tt := range tests {
		t.Run(tt.file+" "+tt.label, func(t *testing.T) {
			doc := mustRead(t, filepath.Join("testdata", tt.file))
			p := partWith(doc, tt.kind, tt.label, tt.text)
			if p == nil {
				t.Fatalf("no %s part %q holding %q in %+v", tt.kind, tt.label, tt.text, doc.Parts)
			}
			if p.Page != tt.page || p.Text != tt.text {
				t.Errorf("page %d, text %q; want %d, %q", p.Page, p.Text, tt.page, tt.text)
			}
		})
	}
}

func TestCheckPDFAnnotationsAndForms(t *testing.T) {
	tests := []struct {
		file, rule, match, where string
	}{
		{"comment-annot.pdf", "id-card", "440304198808080497", "批注 第1页 第1行"},
		{"comment-annot.pdf", "hidden-comments", "", "批注"},
		{"form-fields.pdf", "classification-mark", "秘密★1年", "表单域 第1页 第1行"},
		{"form-fields.pdf", "mobile-phone", "13812345678", "表单域 第1页 第1行"},
	}
	for _, tt := range tests {
		t.Run(tt.file+" "+tt.rule, func(t *testing.T) {
			found := NewRuleSet(nil, nil).Check(mustRead(t, filepath.Join("testdata", tt.file)))
			for _, f := range found {
				if f.Rule == tt.rule && f.Match == tt.match && f.Where() == tt.where {
					return
				}
			}
			t.Errorf("no %s finding %q at %s; got %v", tt.rule, tt.match, tt.where, wheres(found))
		})
	}
}

func TestPDFTextString(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"UTF-16BE with its mark", "\xfe\xff\x79\xd8\x5b\xc6\x26\x05", "秘密★"},
		{"UTF-16LE with its mark", "\xff\xfe\xd8\x79\xc6\x5b", "秘密"},
		{"UTF-8 with its mark (PDF 2.0)", "\xef\xbb\xbf秘密", "秘密"},
		{"UTF-8 without a mark", "秘密★1年", "秘密★1年"},
		{"PDFDocEncoding", "caf\xe9 \x93 \x84 \xa0", "café ﬁ — €"},
		{"PDFDocEncoding accents", "\x18\x1f", "˘˜"},
		{"odd UTF-16 byte dropped", "\xfe\xff\x00A\x00", "A"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		if got := pdfTextString(tt.in); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestXMLText(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{`<body xmlns="http://www.w3.org/1999/xhtml"><p>身份证</p><p>440304198808080497</p></body>`, "身份证\n440304198808080497"},
		{`<body><p>未闭合`, "未闭合"},
		{``, ""},
	}
	for _, tt := range tests {
		if got := xmlText([]byte(tt.in)); got != tt.want {
			t.Errorf("xmlText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzReadPDFAnnotations(f *testing.F) {
	for _, name := range []string{"comment-annot.pdf", "form-fields.pdf"} {
		f.Add(mustReadFile(f, filepath.Join("testdata", name)))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, "fuzz.pdf", data) })
}
