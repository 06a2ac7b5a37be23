package review

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shendang.gov.cn/shendang/assets"
)

const wNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"`

// redactDOCXFixture is a Word document with an identifier in every place a Word file keeps
// text: a number split over runs of different formatting, a table, a header, a footnote, a
// text box with its fallback rendering, a comment, a tracked deletion and insertion, hidden
// text, the properties, and an embedded object. The test builds it here rather than keep a
// binary: what each place holds is the point of the test.
func redactDOCXFixture(t *testing.T) string {
	t.Helper()
	body := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document ` + wNS + `><w:body>
<w:p><w:r><w:t>补贴发放名单</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">张三 身份证号：1101051949</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>1231002X</w:t></w:r><w:r><w:t xml:space="preserve"> 联系 &amp; 核对</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>李四</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>13812345678</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>王五</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r><w:del w:id="1" w:author="起草人"><w:r><w:delText>旧号 440524188001010014</w:delText></w:r></w:del><w:ins w:id="2" w:author="起草人"><w:r><w:t>（已核）</w:t></w:r></w:ins></w:p>
<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏 13912345678</w:t></w:r><w:r><w:t>可见</w:t></w:r></w:p>
<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>框内 440524188001010014</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>框内 440524188001010014</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>
<w:p><w:r><w:object><o:OLEObject r:id="rId9"/></w:object></w:r><w:r><w:t>银行卡号：4111111111111111</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>
<w:sectPr><w:headerReference w:type="default" r:id="rId3"/></w:sectPr>
</w:body></w:document>`
	files := map[string]string{
		"[Content_Types].xml":          `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.oleObject"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`,
		"_rels/.rels":                  `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`,
		"word/_rels/document.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject" Target="embeddings/oleObject1.bin"/></Relationships>`,
		"word/document.xml":            body,
		"word/header1.xml":             `<?xml version="1.0" encoding="UTF-8"?><w:hdr ` + wNS + `><w:p><w:r><w:t>经办人电话 13812345678</w:t></w:r></w:p></w:hdr>`,
		"word/footnotes.xml": `<?xml version="1.0" encoding="UTF-8"?><w:footnotes ` + wNS + `><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>` +
			`<w:footnote w:id="1"><w:p><w:r><w:t>持卡人身份证 11010519491231002X</w:t></w:r></w:p></w:footnote></w:footnotes>`,
		"word/comments.xml":                             `<?xml version="1.0" encoding="UTF-8"?><w:comments ` + wNS + `><w:comment w:id="0" w:author="审核人"><w:p><w:r><w:t>王五身份证 440524188001010014 请核对</w:t></w:r></w:p></w:comment></w:comments>`,
		"word/embeddings/oleObject1.bin":                "not an object",
		"word/embeddings/Microsoft_Excel_Worksheet.bin": "a chart's data",
		"word/charts/chart1.xml":                        `<?xml version="1.0" encoding="UTF-8"?><c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><c:chart/><c:externalData r:id="rId1"><c:autoUpdate val="0"/></c:externalData></c:chartSpace>`,
		"word/charts/_rels/chart1.xml.rels":             `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/package" Target="../embeddings/Microsoft_Excel_Worksheet.bin"/></Relationships>`,
		"docProps/core.xml":                             `<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>名单</dc:title><dc:creator>张科员</dc:creator><cp:lastModifiedBy>李科长</cp:lastModifiedBy></cp:coreProperties>`,
		"docProps/app.xml":                              `<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Template>Normal.dotm</Template><Company>某县民政局</Company></Properties>`,
	}
	path := filepath.Join(t.TempDir(), "名单.docx")
	if err := os.WriteFile(path, zipOf(t, files), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// unzipAll returns every entry of the package at path, concatenated: what `unzip -p` prints.
func unzipAll(t *testing.T, path string) (string, map[string]string) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var all strings.Builder
	entries := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
		entries[f.Name] = string(b)
	}
	return all.String(), entries
}

func TestRedactDOCX(t *testing.T) {
	in := redactDOCXFixture(t)
	before, _ := os.ReadFile(in)
	rep, out, _ := redactedCopy(t, in, selectText(PartBody, "李四", MaskName))
	doc := assertNoIdentifiers(t, rep, out)
	all, entries := unzipAll(t, out)
	for _, v := range append(redactValues, "13912345678", "张科员", "李科长", "某县民政局", "Normal.dotm", "审核人", "李四") {
		if strings.Contains(all, v) {
			t.Errorf("unzip -p of the copy finds %q", v)
		}
	}
	for _, name := range []string{"word/comments.xml", "word/embeddings/oleObject1.bin"} {
		if _, ok := entries[name]; ok {
			t.Errorf("the copy still has %s", name)
		}
	}
	for _, s := range []string{"comments.xml", "oleObject1.bin", "Microsoft_Excel_Worksheet", "externalData"} {
		if strings.Contains(entries["word/_rels/document.xml.rels"]+entries["[Content_Types].xml"]+entries["word/charts/chart1.xml"]+entries["word/charts/_rels/chart1.xml.rels"], s) {
			t.Errorf("a relationship or content type still names %s", s)
		}
	}
	if doc.Comments+doc.Insertions+doc.Deletions != 0 || len(doc.Hidden) != 0 {
		t.Errorf("re-read: got %d comments, %d insertions, %d deletions, want none", doc.Comments, doc.Insertions, doc.Deletions)
	}
	for _, p := range doc.Parts {
		if p.Kind == PartComment || p.Kind == PartRevision || p.Kind == PartMetadata {
			t.Errorf("re-read: got a %s part %q, want none", p.Kind, p.Text)
		}
	}
	for _, want := range []string{`<w:b/></w:rPr><w:t>*****02X</w:t>`, `身份证号：11********</w:t>`, "<w:t>李*</w:t>", "联系 &amp; 核对", "（已核）", "可见", "框内 44*************014"} {
		if !strings.Contains(entries["word/document.xml"], want) {
			t.Errorf("document.xml: want %q in it", want)
		}
	}
	if got, _ := os.ReadFile(in); !bytes.Equal(got, before) {
		t.Errorf("the input was modified")
	}
	if len(rep.Removed) < 4 {
		t.Errorf("removed: got %q, want comments, revisions, hidden text, properties, objects", rep.Removed)
	}
}

// TestRedactDOCXRest masks without cleaning: every part of the copy reads as the original's,
// but for the masked spans.
func TestRedactDOCXRest(t *testing.T) {
	in := redactDOCXFixture(t)
	rep, out, plan := redactedCopyWith(t, in, nil, CleanOptions{})
	assertRestUnchanged(t, in, out, plan)
	if len(rep.NotMasked) == 0 {
		t.Errorf("not masked: got none, want the tracked deletion's ID")
	}
	if len(rep.Remaining) == 0 {
		t.Errorf("remaining: got none, want the tracked deletion's ID")
	}
}

// TestRedactDOCXFixtures cleans the Word files the reader's tests use, made by Word and
// LibreOffice: each copy is written and reads with no comment, tracked change or property.
func TestRedactDOCXFixtures(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.docx")
	for _, in := range files {
		if filepath.Base(in) == "broken.docx" {
			continue
		}
		t.Run(filepath.Base(in), func(t *testing.T) {
			rep, out, _ := redactedCopy(t, in, nil)
			if filepath.Base(in) == "media-letter.docx" {
				assertMaskedInPicture(t, rep)
			}
			doc := assertNoIdentifiers(t, rep, out)
			if doc.Comments+doc.Insertions+doc.Deletions != 0 {
				t.Errorf("got %d comments, %d insertions, %d deletions, want none", doc.Comments, doc.Insertions, doc.Deletions)
			}
			for _, p := range doc.Parts {
				if p.Kind == PartComment || p.Kind == PartRevision || p.Kind == PartMetadata || p.Embedded != "" {
					t.Errorf("got a %s part (%s), want none", p.Kind, p.Embedded)
				}
			}
		})
	}
}

// assertMaskedInPicture checks that the report has an ID of a pasted picture masked in the
// picture itself, and nothing left unmasked.
func assertMaskedInPicture(t *testing.T, rep *RedactReport) {
	t.Helper()
	found := false
	for _, m := range rep.Masked {
		found = found || (strings.Contains(m.Where, "嵌入图片") && m.Masked == maskedInPicture)
	}
	if !found || len(rep.NotMasked) > 0 {
		t.Errorf("got masked %+v, not masked %+v; want the picture's ID painted out in the picture", rep.Masked, rep.NotMasked)
	}
}

// FuzzRedactDOCX writes the copy of Word documents whose body is the fuzzer's: the writer
// never panics, and a copy it writes reads again with no identifier the check blocks.
func FuzzRedactDOCX(f *testing.F) {
	f.Add(`<w:p><w:r><w:t>张三 1101051949</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>1231002X</w:t></w:r></w:p>`)
	f.Add(`<w:p><w:del><w:r><w:delText>13812345678</w:delText></w:r></w:del><w:ins><w:r><w:t>13812345678</w:t></w:r></w:ins></w:p>`)
	f.Add(`<w:tbl><w:tr><w:tc><w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>李四</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`)
	f.Add(`<w:p><w:r><w:t>1101051949&#49;231002X</w:t><w:tab/><w:t><![CDATA[13812345678]]></w:t></w:r></w:p>`)
	f.Add(`<w:p><w:r><mc:AlternateContent><mc:Choice><w:t>13812345678</w:t></mc:Choice><mc:Fallback><w:t>13812345678</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>`)
	f.Fuzz(func(t *testing.T, body string) {
		data := zipOf(t, map[string]string{
			"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
			"word/document.xml":   `<?xml version="1.0" encoding="UTF-8"?><w:document ` + wNS + `><w:body>` + body + `</w:body></w:document>`,
		})
		fuzzRedact(t, "f.docx", FormatDOCX, data)
	})
}

// fuzzRedact reads, plans and writes the copy of data, failing on a writer's panic or on a
// copy that does not read or still holds a blocked identifier.
func fuzzRedact(t *testing.T, name string, format Format, data []byte) {
	r := NewReader()
	r.Limits.Timeout = 10 * time.Second
	ctx := context.Background()
	doc, err := r.ReadBytes(ctx, name, data)
	if err != nil {
		return
	}
	rules := NewRuleSet(nil, nil)
	plan, err := PlanRedaction(doc, rules.Check(doc), PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.write(ctx, format, data, doc, plan, RedactOptions{Clean: DefaultClean(), Font: assets.FormFont()})
	if err != nil {
		if strings.Contains(err.Error(), "writing the copy") {
			t.Fatal(err)
		}
		return
	}
	_, found, err := r.CheckBytes(ctx, rules, "copy."+string(CopyFormat(format)), res.data) // an OFD's copy is a PDF
	if err != nil && wellFormed(t, data) {
		t.Fatalf("the copy does not read: %v", err)
	}
	if err != nil {
		return // the source's XML is not well formed (the reader is lenient); Redact's re-check refuses such a copy
	}
	for _, f := range found {
		if f.Severity == Block && (f.Category == CatIDCard || f.Category == CatMobilePhone || f.Category == CatBankCard) {
			t.Fatalf("the copy still holds %s at %s", f.Category, f.Where())
		}
	}
}

// wellFormed says whether every XML entry of the package data parses strictly.
func wellFormed(t *testing.T, data []byte) bool {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".xml") && !strings.HasSuffix(f.Name, ".rels") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return false
		}
		dec := xml.NewDecoder(rc)
		for err == nil {
			_, err = dec.Token()
		}
		rc.Close()
		if err != io.EOF {
			return false
		}
	}
	return true
}

// selectText returns the reviewer's selection of the first occurrence of s in a part of kind k.
func selectText(k PartKind, s string, kind MaskKind) func(*Document) []Selection {
	return func(doc *Document) []Selection {
		for i, p := range doc.Parts {
			if at := strings.Index(p.Text, s); p.Kind == k && at >= 0 {
				return []Selection{{Part: i, Start: at, End: at + len(s), Kind: kind}}
			}
		}
		return nil
	}
}
