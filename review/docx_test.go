package review

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

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
