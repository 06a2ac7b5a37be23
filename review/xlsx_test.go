package review

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// The workbook of testdata/src/book.fods, as LibreOffice writes it in each spreadsheet format.
var workbookFixtures = []struct {
	file    string
	format  Format
	soffice bool
}{
	{"book.xlsx", FormatXLSX, false}, {"book.xls", FormatXLS, true},
	{"book.et", FormatET, true}, {"book.ods", FormatODS, true},
}

// partWith returns the first part of kind k whose label is label and whose text holds text.
func partWith(doc *Document, k PartKind, label, text string) *Part {
	for i := range doc.Parts {
		p := &doc.Parts[i]
		if p.Kind == k && p.Label == label && strings.Contains(p.Text, text) {
			return p
		}
	}
	return nil
}

func TestReadWorkbook(t *testing.T) {
	parts := []struct {
		kind        PartKind
		label, text string
	}{
		{PartBody, "补贴名单", "张三"},
		{PartBody, "补贴名单", "1.10105195907213E+17\n110105195907213000"}, // a number cell: as displayed, then as stored
		{PartBody, "补贴名单（隐藏的行、列）", "350203198506150492"},               // column C is hidden
		{PartBody, "补贴名单（隐藏的行、列）", "隐藏行 13812345678"},                  // row 3 is hidden
		{PartBody, "底稿（隐藏的工作表）", "110105195907211232"},
		{PartHeader, "补贴名单", "页眉：某某街道办事处"},
		{PartFooter, "补贴名单", "页脚：内部资料 注意保存"},
		{PartMetadata, "标题", "补贴发放名单"},
	}
	for _, fx := range workbookFixtures {
		t.Run(fx.file, func(t *testing.T) {
			if fx.soffice {
				needSoffice(t)
			}
			doc := mustRead(t, filepath.Join("testdata", fx.file))
			if doc.Format != fx.format || doc.Name != fx.file {
				t.Errorf("format %q, name %q; want %q, %q", doc.Format, doc.Name, fx.format, fx.file)
			}
			for _, want := range parts {
				if partWith(doc, want.kind, want.label, want.text) == nil {
					t.Errorf("no %s part %q holding %q", want.kind, want.label, want.text)
				}
			}
			if c := partWith(doc, PartComment, partCommentAuthor(doc), "440304198808080497"); c == nil || c.Sheet != "补贴名单" {
				t.Errorf("comment part %+v, want one on 补贴名单 holding the ID", c)
			}
			if len(doc.Hidden) != 2 || doc.Comments != 1 {
				t.Errorf("hidden %q, %d comments; want the hidden rows and columns, the hidden sheet, one comment", doc.Hidden, doc.Comments)
			}
		})
	}
}

// partCommentAuthor returns the label of the document's first comment part: the .xls
// LibreOffice writes keeps no author.
func partCommentAuthor(doc *Document) string {
	for _, p := range doc.Parts {
		if p.Kind == PartComment {
			return p.Label
		}
	}
	return ""
}

func TestCheckWorkbook(t *testing.T) {
	doc := mustRead(t, filepath.Join("testdata", "book.xlsx"))
	found := NewRuleSet([]Term{{Text: "内部资料", Category: CatInternalMarking, Severity: Block, Rule: "internal"}}, nil).Check(doc)
	tests := []struct {
		name, rule, match, cell string
		part                    PartKind
	}{
		{"ID in a number cell, as stored", "id-card", "110105195907213000", "补贴名单!D2", PartBody},
		{"ID in a hidden column", "id-card", "350203198506150492", "补贴名单!C2", PartBody},
		{"phone in a hidden row", "mobile-phone", "13812345678", "补贴名单!B3", PartBody},
		{"ID in a cell comment", "id-card", "440304198808080497", "补贴名单!E2", PartComment},
		{"ID in a hidden sheet", "id-card", "110105195907211232", "底稿!B1", PartBody},
		{"mark in a hidden sheet", "classification-mark", "秘密★1年", "底稿!A1", PartBody},
		{"marking in the footer", "internal", "内部资料", "补贴名单", PartFooter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, f := range found {
				if f.Rule == tt.rule && f.Match == tt.match && f.Cell == tt.cell && f.Part == tt.part {
					return
				}
			}
			t.Errorf("no %s finding %q at %s in %s; got %v", tt.rule, tt.match, tt.cell, tt.part, wheres(found))
		})
	}
	hidden := 0
	for _, f := range found {
		if f.Rule == "hidden-cells" {
			hidden++
		}
	}
	if hidden != 2 {
		t.Errorf("%d hidden-cells findings, want 2 (hidden rows and columns, hidden sheet)", hidden)
	}
}

// wheres lists findings as rule “match” where, for a failure message.
func wheres(found []Finding) []string {
	var out []string
	for _, f := range found {
		out = append(out, fmt.Sprintf("%s “%s” %s", f.Rule, f.Match, f.Where()))
	}
	return out
}

// TestStoredNumberForTheRecogniser: an 18-digit ID typed into a number cell comes back rounded
// to 15 significant digits; the part holds its digits, where the recognisers can see them.
func TestStoredNumberForTheRecogniser(t *testing.T) {
	doc := mustRead(t, filepath.Join("testdata", "book.xlsx"))
	p := partWith(doc, PartBody, "补贴名单", "王五")
	if p == nil {
		t.Fatal("no part of 补贴名单")
	}
	at := strings.Index(p.Text, "110105195907211000")
	if at < 0 {
		t.Fatalf("text %q lacks the stored digits 110105195907211000 of 110105195907210491", p.Text)
	}
	if k := p.cellAt(at); k < 0 || p.Cells[k].Name() != "D4" {
		t.Errorf("the digits are in cell %d of %v, want D4", k, p.Cells)
	}
}

// workbookOf writes a workbook with excelize: rows of cells on Sheet1.
func workbookOf(tb testing.TB, rows [][]any) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		tb.Fatal(err)
	}
	for i, row := range rows {
		if err := sw.SetRow(fmt.Sprintf("A%d", i+1), row); err != nil {
			tb.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// listRows returns n rows of a 补贴发放名单: number, name, ID, phone, amount.
func listRows(n int) [][]any {
	rows := make([][]any, n)
	for i := range rows {
		rows[i] = []any{i + 1, fmt.Sprintf("张%d", i), "350203198506150492", "13812345678", 1200.5}
	}
	return rows
}

func TestWorkbookCellLimit(t *testing.T) {
	r := NewReader()
	r.Limits.MaxCells = 1000
	doc, err := r.ReadBytes(context.Background(), "名单.xlsx", workbookOf(t, listRows(500)))
	if err != nil {
		t.Fatal(err)
	}
	cells := 0
	for _, p := range doc.Parts {
		cells += len(p.Cells)
	}
	if cells != 1000 || len(doc.Gaps) != 1 || !strings.Contains(doc.Gaps[0].Reason, "第201行起") {
		t.Errorf("%d cells read, gaps %v; want 1000 and one gap from row 201", cells, doc.Gaps)
	}
}

func TestWorkbookErrors(t *testing.T) {
	quick := NewReader()
	quick.Limits.Timeout = 300 * time.Millisecond
	tests := []struct {
		name   string
		reader *Reader
		data   []byte
		want   error
	}{
		{"not a ZIP", NewReader(), []byte("not a workbook"), ErrMalformed},
		{"no workbook part", NewReader(), zipOf(t, map[string]string{"a.txt": "x"}), ErrMalformed},
		{"encrypted", NewReader(), append(append([]byte{}, oleMagic...), make([]byte, 504)...), ErrEncrypted},
		{"a ZIP bomb", NewReader(), zipBomb(t, 20<<20), ErrTooLarge},
		{"200,000 rows past the time limit", quick, workbookOf(t, listRows(200_000)), ErrTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.reader.ReadBytes(context.Background(), "名单.xlsx", tt.data)
			var re *ReadError
			if !errors.Is(err, tt.want) || !errors.As(err, &re) || !strings.Contains(err.Error(), "名单.xlsx") {
				t.Errorf("error %v, want a *ReadError naming the file and wrapping %v", err, tt.want)
			}
		})
	}
}

// BenchmarkCheckWorkbook reads and checks a 5,000-row list (25,000 cells), the size of a
// county's 补贴发放名单.
func BenchmarkCheckWorkbook(b *testing.B) {
	data := workbookOf(b, listRows(5000))
	r, rs := NewReader(), defaultRules(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, _, err := r.CheckBytes(context.Background(), rs, "名单.xlsx", data); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzReadXLSX(f *testing.F) {
	seedFixtures(f, "xlsx")
	f.Add(workbookOf(f, listRows(3)))
	f.Add(zipOf(f, map[string]string{"xl/workbook.xml": `<workbook><sheets><sheet name="a" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml":   `<worksheet><cols><col min="1" max="3" hidden="1"/></cols><sheetData><row r="2"><c r="B2"><v>1.1E+17</v></c></row></sheetData><headerFooter><oddHeader>&amp;C页眉</oddHeader></headerFooter></worksheet>`}))
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, "fuzz.xlsx", data) })
}

// TestCellContext: a finding in a cell shows that cell's text, not its neighbours'.
func TestCellContext(t *testing.T) {
	doc := &Document{Parts: []Part{{Kind: PartBody, Sheet: "名单", Text: "张三\n身份证 350203198506150492\n13812345678",
		Cells: []Cell{{Offset: 0, Row: 1, Col: 1}, {Offset: 7, Row: 1, Col: 2}, {Offset: 36, Row: 1, Col: 3}}}}}
	found := NewRuleSet(nil, nil).Check(doc)
	want := map[string][2]string{"350203198506150492": {"名单!B1", "身份证 350203198506150492"}, "13812345678": {"名单!C1", "13812345678"}}
	for _, f := range found {
		if w, ok := want[f.Match]; ok && (f.Cell != w[0] || f.Context != w[1]) {
			t.Errorf("%s: cell %q, context %q; want %q, %q", f.Match, f.Cell, f.Context, w[0], w[1])
		}
		delete(want, f.Match)
	}
	if len(want) > 0 {
		t.Errorf("not found: %v", want)
	}
}
