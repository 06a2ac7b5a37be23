package review

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// attachedPDF is a one-page PDF whose page carries a /FileAttachment annotation (a paper clip)
// holding a file named name with the given data; extra objects (from 7 on) and a catalogue
// addition (such as a /Names tree) can be given.
func attachedPDF(name, data, catalog string, extra ...string) []byte {
	objs := pdfObjects("政务公开")
	objs[0] = "<< /Type /Catalog /Pages 2 0 R " + catalog + " >>"
	objs[2] = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R /Annots [6 0 R] >>"
	objs = append(objs,
		"<< /Type /Annot /Subtype /FileAttachment /Rect [10 10 30 30] /FS << /Type /Filespec /F ("+name+") /EF << /F 7 0 R >> >> >>",
		pdfStreamObj("/Type /EmbeddedFile", data))
	return buildPDF(append(objs, extra...), "")
}

func TestReadAttachments(t *testing.T) {
	t.Parallel()
	list := "补贴名单\n李四 身份证号 11010519491231002X\n"
	tests := []struct {
		name string
		data []byte
		want []string // findings with a match, rule@where
		gaps []string // the gaps' reasons contain these, in order
	}{
		{"a workbook in the attachments pane (qpdf)", mustReadFile(t, "testdata/attached.pdf"), []string{
			"id-card@嵌入对象 补贴名单.xlsx › 补贴名单!D2", "id-card-rounded@嵌入对象 补贴名单.xlsx › 补贴名单!D4",
			"id-card@嵌入对象 补贴名单.xlsx › 补贴名单!C2", "mobile-phone@嵌入对象 补贴名单.xlsx › 补贴名单!B3",
			"internal-marking@嵌入对象 补贴名单.xlsx › 页脚 补贴名单", "id-card@嵌入对象 补贴名单.xlsx › 批注 补贴名单!E2",
			"classification-mark@嵌入对象 补贴名单.xlsx › 底稿!A1", "id-card@嵌入对象 补贴名单.xlsx › 底稿!B1",
			"internal-marking@嵌入对象 补贴名单.xlsx › 页脚 底稿",
		}, nil},
		{"a list on a paper clip", attachedPDF("list.txt", list, ""), []string{"id-card@嵌入对象 list.txt › 正文 第2行"}, nil},
		{"the same file in the name tree and on a clip, read once",
			attachedPDF("list.txt", list, "/Names << /EmbeddedFiles 8 0 R >>", "<< /Names [(list.txt) << /EF << /F 7 0 R >> /F (list.txt) >>] >>"),
			[]string{"id-card@嵌入对象 list.txt › 正文 第2行"}, nil},
		{"a name tree that loops", attachedPDF("list.txt", list, "/Names << /EmbeddedFiles 8 0 R >>", "<< /Kids [8 0 R] >>"),
			[]string{"id-card@嵌入对象 list.txt › 正文 第2行"}, nil},
		{"a program attached", attachedPDF("setup.exe", "MZ", ""), nil, []string{"附件“setup.exe”的类型无法识别，未能读取"}},
		{"a damaged workbook attached", attachedPDF("名单.xlsx", "PK\x03\x04broken", ""), nil, []string{"附件“名单.xlsx”已损坏，未能读取"}},
		{"a clip whose file is missing", attachedPDF("list.txt", list, "", ""), nil, nil},
	}
	tests[len(tests)-1].data = []byte(strings.Replace(string(tests[len(tests)-1].data), "/EF << /F 7 0 R >>", "/EF << /F 9 0 R >>", 1))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc, found, err := NewReader().CheckBytes(context.Background(), defaultRules(t), "draft.pdf", tt.data)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range found {
				if f.Match != "" && f.Embedded != "" {
					got = append(got, f.Rule+"@"+f.Where())
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q,\nwant %q", got, tt.want)
			}
			var gaps []string
			for _, g := range doc.Gaps {
				gaps = append(gaps, g.Reason)
			}
			if len(gaps) != len(tt.gaps) {
				t.Fatalf("got gaps %q, want %q", gaps, tt.gaps)
			}
			for i := range gaps {
				if !strings.Contains(gaps[i], tt.gaps[i]) {
					t.Errorf("gap %d: got %q, want it to contain %q", i, gaps[i], tt.gaps[i])
				}
			}
		})
	}
}
