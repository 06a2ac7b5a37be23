package review

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// redactXLSXFixture is a 补贴发放名单 workbook with identifiers in every place a workbook keeps
// text: shared strings (one split over two formatted runs), an inline string, a number cell
// holding an ID as Excel stores it (15 significant digits), a hidden row, a hidden column, a
// hidden sheet, a cell comment, a header, the properties. Built here rather than kept as a
// binary: what each place holds is the point of the test.
func redactXLSXFixture(t *testing.T) string {
	t.Helper()
	ns := `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	files := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/comments1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`,
		"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><workbook ` + ns + `><bookViews><workbookView activeTab="0"/></bookViews><sheets><sheet name="补贴名单" sheetId="1" r:id="rId1"/><sheet name="原始数据" sheetId="2" state="hidden" r:id="rId2"/></sheets>` +
			`<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="1" hidden="1">原始数据!$A$1:$B$2</definedName><definedName name="_xlnm.Print_Titles" localSheetId="0">补贴名单!$1:$1</definedName></definedNames></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
		"xl/sharedStrings.xml": `<?xml version="1.0" encoding="UTF-8"?><sst ` + ns + ` count="7" uniqueCount="7">` +
			`<si><t>姓名</t></si><si><t>身份证号</t></si><si><t>张三</t></si><si><t>11010519491231002X</t></si>` +
			`<si><r><t>4405241880</t></r><r><rPr><b/></rPr><t>01010014</t></r><rPh sb="0" eb="1"><t>x</t></rPh></si><si><t>李四</t></si><si><t>联系电话 13812345678 &amp; 备注</t></si><si><t>隐藏行 13712345678</t></si><si><t>原始 440524188001010014</t></si><si><t>隐藏列 13912345678</t></si></sst>`,
		"xl/worksheets/sheet1.xml": `<?xml version="1.0" encoding="UTF-8"?><worksheet ` + ns + `><cols><col min="4" max="4" hidden="1"/></cols><sheetData>` +
			`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>` +
			`<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c><c r="C2"><v>13812345678</v></c><c r="D2" t="s"><v>9</v></c></row>` +
			`<row r="3"><c r="A3" t="s"><v>5</v></c><c r="B3" t="s"><v>4</v></c><c r="C3" t="inlineStr"><is><t>卡号 4111111111111111</t></is></c></row>` +
			`<row r="4"><c r="A4" t="s"><v>6</v></c><c r="B4" s="0"><v>3.50203198506109E+17</v></c></row>` +
			`<row r="5" hidden="1"><c r="A5" t="s"><v>7</v></c></row>` +
			`</sheetData><headerFooter><oddHeader>&amp;C经办 13812345678</oddHeader></headerFooter><legacyDrawing r:id="rId1"/></worksheet>`,
		"xl/worksheets/_rels/sheet1.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing" Target="../drawings/vmlDrawing1.vml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="../comments1.xml"/></Relationships>`,
		"xl/comments1.xml":                    `<?xml version="1.0" encoding="UTF-8"?><comments ` + ns + `><authors><author>审核人</author></authors><commentList><comment ref="A2" authorId="0"><text><r><t>张三另一号码 13612345678</t></r></text></comment></commentList></comments>`,
		"xl/drawings/vmlDrawing1.vml":         `<xml xmlns:v="urn:schemas-microsoft-com:vml"></xml>`,
		"xl/worksheets/sheet2.xml":            `<?xml version="1.0" encoding="UTF-8"?><worksheet ` + ns + `><sheetData><row r="1"><c r="A1" t="s"><v>8</v></c></row></sheetData></worksheet>`,
		"docProps/core.xml":                   `<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>张科员</dc:creator><cp:lastModifiedBy>李科长</cp:lastModifiedBy></cp:coreProperties>`,
		"docProps/app.xml":                    `<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Company>某县民政局</Company></Properties>`,
	}
	path := filepath.Join(t.TempDir(), "补贴发放名单.xlsx")
	if err := os.WriteFile(path, zipOf(t, files), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestRedactXLSX(t *testing.T) {
	in := redactXLSXFixture(t)
	before, _ := os.ReadFile(in)
	rep, out, _ := redactedCopy(t, in, selectText(PartBody, "李四", MaskName))
	doc := assertNoIdentifiers(t, rep, out)
	all, entries := unzipAll(t, out)
	for _, v := range append(redactValues, "李四", "350203198506109", "13912345678", "13712345678", "13612345678", "张科员", "李科长", "某县民政局", "审核人") {
		if strings.Contains(all, v) {
			t.Errorf("unzip -p of the copy finds %q", v)
		}
	}
	for _, name := range []string{"xl/worksheets/sheet2.xml", "xl/comments1.xml", "xl/drawings/vmlDrawing1.vml"} {
		if _, ok := entries[name]; ok {
			t.Errorf("the copy still has %s", name)
		}
	}
	if s := entries["xl/workbook.xml"]; strings.Contains(s, "原始数据") || !strings.Contains(s, `localSheetId="0"`) {
		t.Errorf("workbook.xml: got %s, want the hidden sheet and its name gone, the other name kept", s)
	}
	for _, want := range []string{"<r><t>44********</t></r><r><rPr><b/></rPr><t>*****014</t></r>", "联系电话 138****5678 &amp; 备注", "<si><t>李*</t></si>"} {
		if !strings.Contains(entries["xl/sharedStrings.xml"], want) {
			t.Errorf("sharedStrings.xml: want %q in it, got %s", want, entries["xl/sharedStrings.xml"])
		}
	}
	if s := entries["xl/worksheets/sheet1.xml"]; !strings.Contains(s, `<c r="B4" s="0" t="inlineStr"><is><t xml:space="preserve">35*************000</t></is></c>`) {
		t.Errorf("sheet1.xml: want B4 a text cell with the masked ID, got %s", s)
	}
	if doc.Comments != 0 || len(doc.Hidden) != 0 {
		t.Errorf("re-read: got %d comments, hidden %q, want none", doc.Comments, doc.Hidden)
	}
	for _, p := range doc.Parts {
		if p.Kind == PartComment || p.Kind == PartMetadata {
			t.Errorf("re-read: got a %s part, want none", p.Kind)
		}
	}
	if got, _ := os.ReadFile(in); !bytes.Equal(got, before) {
		t.Errorf("the input was modified")
	}
}

// TestRedactXLSXRest masks without cleaning: every cell the plan does not touch reads as
// in the original, every cell it touches is masked.
func TestRedactXLSXRest(t *testing.T) {
	in := redactXLSXFixture(t)
	_, out, plan := redactedCopyWith(t, in, nil, CleanOptions{})
	orig, copied := mustRead(t, in), mustRead(t, out)
	cellTexts := func(doc *Document) map[string]string {
		m := map[string]string{}
		for _, p := range doc.Parts {
			for k, c := range p.Cells {
				end := len(p.Text)
				if k+1 < len(p.Cells) {
					end = p.Cells[k+1].Offset - 1
				}
				m[p.Sheet+"!"+c.Name()] = p.Text[c.Offset:end]
			}
		}
		return m
	}
	touched := map[string]bool{}
	for _, pp := range plan.Parts {
		for _, r := range pp.Replacements {
			touched[r.Where] = true
		}
	}
	a, b := cellTexts(orig), cellTexts(copied)
	if len(a) != len(b) {
		t.Errorf("cells: got %d, want %d", len(b), len(a))
	}
	for name, want := range a {
		switch got := b[name]; {
		case touched[name] && !strings.Contains(got, "*"):
			t.Errorf("%s: got %q, want it masked", name, got)
		case !touched[name] && got != want:
			t.Errorf("%s: got %q, want %q as it was", name, got, want)
		}
	}
}

// TestRedactXLSXFixtures cleans the workbook the reader's tests use, made by LibreOffice from
// testdata/src/book.fods: the copy reads with no identifier, comment, hidden content or property.
func TestRedactXLSXFixtures(t *testing.T) {
	rep, out, _ := redactedCopy(t, "testdata/book.xlsx", nil)
	doc := assertNoIdentifiers(t, rep, out)
	if doc.Comments != 0 || len(doc.Hidden) != 0 {
		t.Errorf("got %d comments, hidden %q, want none", doc.Comments, doc.Hidden)
	}
	for _, p := range doc.Parts {
		if p.Kind == PartComment || p.Kind == PartMetadata {
			t.Errorf("got a %s part, want none", p.Kind)
		}
	}
}

// TestRedactXLSXPicture masks the ID in the screenshot pasted into media-book.xlsx in the
// picture itself: the copy's pictures, recognised again, hold no identifier, and the picture
// keeps its size.
func TestRedactXLSXPicture(t *testing.T) {
	needOCR(t)
	rep, out, _ := redactedCopy(t, "testdata/media-book.xlsx", nil)
	assertNoIdentifiers(t, rep, out)
	assertMaskedInPicture(t, rep)
	_, before := unzipAll(t, "testdata/media-book.xlsx")
	_, after := unzipAll(t, out)
	for name, data := range before {
		if !strings.HasPrefix(name, "xl/media/") {
			continue
		}
		w0, h0, err0 := imageHeader(strings.NewReader(data), 1<<30)
		w1, h1, err1 := imageHeader(strings.NewReader(after[name]), 1<<30)
		if err0 != nil || err1 != nil || w0 != w1 || h0 != h1 {
			t.Errorf("%s: got %d × %d (%v), want %d × %d as before (%v)", name, w1, h1, err1, w0, h0, err0)
		}
	}
}

// subsidyList writes a 补贴发放名单 of n rows, each with a name, a valid ID as text, a mobile
// number as a number cell, an amount and an address, as offices publish them.
func subsidyList(b testing.TB, n int) string {
	b.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	if err := sw.SetRow("A1", []any{"序号", "姓名", "身份证号", "联系电话", "补贴金额（元）", "住址"}); err != nil {
		b.Fatal(err)
	}
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	for i := 1; i <= n; i++ {
		base := fmt.Sprintf("350203%04d%02d%02d%03d", 1940+i%60, 1+i%12, 1+i%28, i%1000)
		sum := 0
		for k, w := range weights {
			sum += int(base[k]-'0') * w
		}
		id := base + string("10X98765432"[sum%11])
		row := []any{i, "陈" + string(rune('一'+i%200)) + "国", id, 13800000000 + i, 1200 + i%7*100, "永安市燕西街道解放路" + fmt.Sprint(i) + "号"}
		if err := sw.SetRow(fmt.Sprintf("A%d", i+1), row); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "补贴发放名单.xlsx")
	if err := f.SaveAs(path); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkRedactSubsidyList masks a 5,000-row list: the check, the plan, the copy with its
// re-check. The issue asks for less than 3 s. cpu-s/op is the processor time per list, both
// processors together.
func BenchmarkRedactSubsidyList(b *testing.B) {
	in := subsidyList(b, 5000)
	out := filepath.Join(b.TempDir(), "脱敏稿.xlsx")
	r := NewReader()
	rules := NewRuleSet(nil, nil)
	cpu := cpuTime()
	for b.Loop() {
		doc, found, err := r.CheckFile(context.Background(), rules, in)
		if err != nil {
			b.Fatal(err)
		}
		plan, err := PlanRedaction(doc, found, PlanOptions{})
		if err != nil {
			b.Fatal(err)
		}
		rep, err := r.Redact(context.Background(), in, plan, RedactOptions{Clean: DefaultClean(), Rules: rules}, out)
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Masked) != 10000 || len(rep.Remaining) != 0 {
			b.Fatalf("got %d masked, %d remaining, want 10000 and 0", len(rep.Masked), len(rep.Remaining))
		}
	}
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
}

// FuzzRedactXLSX writes the copy of workbooks whose sheet data and shared strings are the
// fuzzer's: the writer never panics, and a copy it writes reads again with no identifier the
// check blocks.
func FuzzRedactXLSX(f *testing.F) {
	f.Add(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>3.50203198506109E+17</v></c><c r="C1" t="inlineStr"><is><t>13812345678</t></is></c></row>`,
		`<si><r><t>4405241880</t></r><r><t>01010014</t></r></si>`)
	f.Add(`<row r="2" hidden="1"><c r="A2" t="s"><v>0</v></c></row><row r="3"><c t="s"><v>0</v></c></row>`, `<si><t>卡号 4111111111111111</t></si>`)
	f.Add(`<row hidden="1"><c t="s"><v>0</v></c><c t="inlineStr"><is><t>13812345678</t></is></c></row>`, `<si><t>卡号 4111111111111111</t></si>`)
	f.Fuzz(func(t *testing.T, rows, strings string) {
		ns := `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
		data := zipOf(t, map[string]string{
			"[Content_Types].xml":        `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`,
			"_rels/.rels":                `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
			"xl/workbook.xml":            `<?xml version="1.0"?><workbook ` + ns + `><sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>`,
			"xl/_rels/workbook.xml.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
			"xl/worksheets/sheet1.xml":   `<?xml version="1.0"?><worksheet ` + ns + `><sheetData>` + rows + `</sheetData></worksheet>`,
			"xl/sharedStrings.xml":       `<?xml version="1.0"?><sst ` + ns + `>` + strings + `</sst>`,
		})
		fuzzRedact(t, "f.xlsx", FormatXLSX, data)
	})
}
