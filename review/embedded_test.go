package review

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// wordWith returns a .docx whose body says body, with the given files under word/embeddings.
func wordWith(tb testing.TB, body string, embedded map[string][]byte) []byte {
	tb.Helper()
	files := map[string]string{
		"word/document.xml": `<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>` + body + `</w:t></w:r></w:p></w:body></w:document>`,
	}
	for name, data := range embedded {
		files["word/embeddings/"+name] = string(data)
	}
	return zipOf(tb, files)
}

func TestCheckEmbedded(t *testing.T) {
	book := mustReadFile(t, filepath.Join("testdata", "book.xlsx"))
	comment := mustReadFile(t, filepath.Join("testdata", "comment-annot.pdf"))
	tests := []struct {
		name        string
		file        string
		data        []byte
		rule, where string
	}{
		{"a workbook LibreOffice embedded in a letter", "letter-embedded.docx", nil,
			"id-card", "嵌入对象 oleObject1.xlsx › 补贴名单!C2"},
		{"its hidden sheet", "letter-embedded.docx", nil,
			"id-card", "嵌入对象 oleObject1.xlsx › 底稿!B1"},
		{"its cell comment", "letter-embedded.docx", nil,
			"id-card", "嵌入对象 oleObject1.xlsx › 批注 补贴名单!E2"},
		{"a PDF comment in an embedded PDF", "通知.docx", wordWith(t, "通知", map[string][]byte{"附件.pdf": comment}),
			"id-card", "嵌入对象 附件.pdf › 批注 第1页 第1行"},
		{"a workbook in a letter in a letter", "通知.docx",
			wordWith(t, "通知", map[string][]byte{"inner.docx": wordWith(t, "附件", map[string][]byte{"Microsoft_Excel_Worksheet.xlsx": book})}),
			"id-card", "嵌入对象 inner.docx › Microsoft_Excel_Worksheet.xlsx › 补贴名单!C2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.data
			if data == nil {
				data = mustReadFile(t, filepath.Join("testdata", tt.file))
			}
			_, found, err := NewReader().CheckBytes(context.Background(), NewRuleSet(nil, nil), tt.file, data)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range found {
				if f.Rule == tt.rule && f.Where() == tt.where {
					return
				}
			}
			t.Errorf("no %s finding at %s; got %v", tt.rule, tt.where, wheres(found))
		})
	}
}

func TestEmbeddedGaps(t *testing.T) {
	deep := []byte("身份证 350203198506150492")
	nested := wordWith(t, "第4层", map[string][]byte{"x.txt": deep})
	for _, level := range []string{"第3层", "第2层", "第1层"} {
		nested = wordWith(t, level, map[string][]byte{"inner.docx": nested})
	}
	tests := []struct {
		name, gap string
		data      []byte
	}{
		{"nested four deep", "嵌入对象“x.txt”嵌套超过 3 层，未读取", nested},
		{"an object of no known kind", "嵌入对象“oleObject1.bin”的类型无法识别", wordWith(t, "通知", map[string][]byte{"oleObject1.bin": []byte("not OLE")})},
		{"a damaged workbook", "嵌入对象“book.xlsx”已损坏", wordWith(t, "通知", map[string][]byte{"book.xlsx": []byte("PK not a zip")})},
		{"an OLE object of another kind", "嵌入对象“oleObject2.bin”的类型无法识别", wordWith(t, "通知", map[string][]byte{"oleObject2.bin": cfbOf(t, struct {
			name string
			data []byte
		}{"Contents", []byte("x")})})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := NewReader().ReadBytes(context.Background(), "通知.docx", tt.data)
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range doc.Gaps {
				if strings.Contains(g.Reason, tt.gap) {
					return
				}
			}
			t.Errorf("gaps %v, want one saying %q", doc.Gaps, tt.gap)
		})
	}
}

// TestEmbeddedShareTheBudget: what embedded objects unpack counts against the file's one
// budget, so a bomb inside a harmless letter ends the reading of the letter.
func TestEmbeddedShareTheBudget(t *testing.T) {
	r := NewReader()
	r.Limits.MaxUnzipped = 8 << 20
	big := wordWith(t, strings.Repeat("政务公开", 1<<20/4), nil) // 3 MiB of text, compressed to little
	data := wordWith(t, "通知", map[string][]byte{"a.docx": big, "b.docx": big, "c.docx": big})
	_, err := r.ReadBytes(context.Background(), "通知.docx", data)
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("error %v, want ErrTooLarge: three objects of 3 MiB each pass a budget of 8 MiB", err)
	}
}
