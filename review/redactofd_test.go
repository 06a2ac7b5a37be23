package review

import (
	"context"
	"image"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"shendang.gov.cn/shendang/assets"
)

// ofdValues are the identifiers of testdata/redact-ids.ofd, in its pages, its template, its
// scanned page and the places the copy leaves out.
var ofdValues = []string{"350203198506150011", "13812345678", "13912345678", "11010519491231002X"}

// maskedOFD is the first stage of the copy of the OFD draft at in: the OFD redactOFD writes
// with every identifier the check finds masked, at a temporary path, with what it did and the
// plan.
func maskedOFD(t *testing.T, in string) (*redacted, string, *Plan) {
	t.Helper()
	r := NewReader()
	data, doc, err := r.readWhole(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := PlanRedaction(doc, NewRuleSet(nil, nil).Check(doc), PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.redactOFD(context.Background(), data, doc, plan, assets.UIFont())
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "masked.ofd")
	if err := os.WriteFile(out, res.data, 0o600); err != nil {
		t.Fatal(err)
	}
	return res, out, plan
}

// TestRedactOFD masks testdata/redact-ids.ofd in the OFD, the first stage of its copy: an ID
// split over two TextCodes, a mobile in a TextObject with a CGTransform, a mobile in the
// template, an ID on a scanned page. The masked OFD re-reads with none of them, holds none of
// the original values in any entry, keeps only what its pages need, and reads as the original
// but for the masks.
func TestRedactOFD(t *testing.T) {
	needOCR(t)
	in := filepath.Join("testdata", "redact-ids.ofd")
	res, out, plan := maskedOFD(t, in)
	doc, found, err := NewReader().CheckFile(context.Background(), NewRuleSet(nil, nil), out)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range found {
		if f.Category == CatIDCard || f.Category == CatMobilePhone || f.Category == CatBankCard {
			t.Errorf("re-check of the masked OFD: got %s %s at %s, want none", f.Rule, f.Severity, f.Where())
		}
	}
	if len(res.notMasked) > 0 {
		t.Errorf("got not masked %+v; want everything masked", res.notMasked)
	}
	rep := &RedactReport{Masked: res.masked}
	all, entries := unzipAll(t, out)
	for _, v := range ofdValues {
		if strings.Contains(all, v) {
			t.Errorf("an entry of the copy holds %s", v)
		}
	}
	var names []string
	for n := range entries {
		names = append(names, n)
	}
	slices.Sort(names)
	want := []string{"Doc_0/Document.xml", "Doc_0/DocumentRes.xml", "Doc_0/Pages/Page_0/Content.xml", "Doc_0/Pages/Page_1/Content.xml",
		"Doc_0/PublicRes.xml", "Doc_0/Res/scan_21.tif", "Doc_0/Res/seal.png", "Doc_0/Tpls/Tpl_0/Content.xml", "OFD.xml"}
	if !slices.Equal(names, want) {
		t.Errorf("entries: got %q, want %q", names, want)
	}
	page := entries["Doc_0/Pages/Page_0/Content.xml"]
	for _, s := range []string{`DeltaX="g 8 4.2">陈建国 身份证号 35********</ofd:TextCode>`, `DeltaX="g 7 2.1">*****011</ofd:TextCode>`, "138****5678", "公示期为七个工作日。"} {
		if !strings.Contains(page, s) {
			t.Errorf("page 1: want %q in it:\n%s", s, page)
		}
	}
	if strings.Contains(page, "CGTransform") {
		t.Errorf("page 1 keeps the CGTransform of the masked TextObject:\n%s", page)
	}
	if got := entries["OFD.xml"]; strings.Contains(got, "Title") || strings.Contains(got, "Signatures") || !strings.Contains(got, "<ofd:DocID>7a1b") {
		t.Errorf("OFD.xml: want DocInfo with DocID only and no Signatures:\n%s", got)
	}
	if got := entries["Doc_0/Document.xml"]; strings.Contains(got, "Annotations") || strings.Contains(got, "Attachments") || strings.Contains(got, "CustomTags") {
		t.Errorf("Document.xml still names what was left out:\n%s", got)
	}
	var masked []string
	for _, m := range rep.Masked {
		masked = append(masked, m.Where+" "+m.Masked)
	}
	inPages := 0 // the plan's replacements but DocInfo's, which is left out whole
	for _, pp := range plan.Parts {
		if doc := mustRead(t, in); doc.Parts[pp.Index].Kind != PartMetadata {
			inPages += len(pp.Replacements)
		}
	}
	if len(rep.Masked) != inPages || inPages != 4 {
		t.Errorf("masked: got %d %q, want the plan's %d in the pages, 4", len(rep.Masked), masked, inPages)
	}
	for _, p := range doc.Parts {
		if p.Kind == PartBody && p.Page == 1 && !strings.Contains(p.Text, "2016年困难群众补贴发放名单\n陈建国 身份证号 35*************011") {
			t.Errorf("page 1 re-read: %q", p.Text)
		}
	}
	assertOFDScanMasked(t, rep, doc, entries)
}

// assertOFDScanMasked checks the copy's scanned page (page 2 of redact-ids.ofd, whose ID
// 11010519491231002X the preview masks as 11*************02X): the record names the
// replacement, the page carries the masked text as an invisible layer that the re-read takes,
// and the replacement is painted into the image where the value was.
func assertOFDScanMasked(t *testing.T, rep *RedactReport, doc *Document, entries map[string]string) {
	t.Helper()
	const want = "11*************02X"
	var got []string
	for _, m := range rep.Masked {
		got = append(got, m.Masked)
	}
	if !slices.Contains(got, want) {
		t.Errorf("masked: got %q, want %s among them (the preview's replacement)", got, want)
	}
	page2 := ""
	for _, p := range doc.Parts {
		if p.Kind == PartBody && p.Page == 2 {
			page2 += p.Text
		}
	}
	if !strings.Contains(page2, want) {
		t.Errorf("page 2 re-read: got %q, want %s in it", page2, want)
	}
	if c := entries["Doc_0/Pages/Page_1/Content.xml"]; !strings.Contains(c, `Fill="false"`) || !strings.Contains(c, want) {
		t.Errorf("page 2's content: want an invisible text layer with %s:\n%s", want, c)
	}
	assertScanPainted(t, entries["Doc_0/Res/scan_21.tif"])
}

// assertScanPainted checks the copy's scanned page image against the original's: each line's
// ink spans the rows it spanned, and the value's line has the replacement's characters.
func assertScanPainted(t *testing.T, tif string) {
	t.Helper()
	img, err := decodeImage([]byte(tif), 1<<26)
	if err != nil {
		t.Fatal(err)
	}
	_, orig := unzipAll(t, filepath.Join("testdata", "redact-ids.ofd"))
	was, err := decodeImage([]byte(orig["Doc_0/Res/scan_21.tif"]), 1<<26)
	if err != nil {
		t.Fatal(err)
	}
	// The replacement stands on the value's line, no taller and no lower: each line's ink
	// spans the rows it spanned (a face larger or lower than the line's would reach below).
	rows, wantRows := inkBands(img), inkBands(was)
	if len(rows) != len(wantRows) {
		t.Fatalf("the scan's lines: got %v, want %v", rows, wantRows)
	}
	for i := range rows {
		if abs(rows[i][0]-wantRows[i][0]) > 3 || abs(rows[i][1]-wantRows[i][1]) > 3 {
			t.Errorf("line %d of the scan: got rows %v, want %v (±3)", i+1, rows[i], wantRows[i])
		}
	}
	// …and has ink where the value was: the value's line has its words' marks and the
	// replacement's characters'.
	line := rows[len(rows)-1]
	if ink := inkBands(transpose(img, line)); len(ink) < 15 {
		t.Errorf("the value's line: got %d marks, want the line's words and the replacement's 18 characters", len(ink))
	}
}

func abs(n int) int { return max(n, -n) }

// inkBands returns the bands [first, last] of rows of img holding a dark pixel.
func inkBands(img image.Image) [][2]int {
	b := img.Bounds()
	var out [][2]int
	in := false
	for y := b.Min.Y; y < b.Max.Y; y++ {
		dark := false
		for x := b.Min.X; x < b.Max.X && !dark; x++ {
			r, _, _, _ := img.At(x, y).RGBA()
			dark = r < 0x6000
		}
		switch {
		case dark && !in:
			out = append(out, [2]int{y, y})
		case dark:
			out[len(out)-1][1] = y
		}
		in = dark
	}
	return out
}

// transpose returns the rows band of img turned on its side, so that inkBands counts its
// marks from left to right.
func transpose(img image.Image, band [2]int) image.Image {
	b := img.Bounds()
	out := image.NewGray(image.Rect(0, 0, band[1]-band[0]+1, b.Dx()))
	for x := b.Min.X; x < b.Max.X; x++ {
		for y := band[0]; y <= band[1]; y++ {
			out.Set(y-band[0], x-b.Min.X, img.At(x, y))
		}
	}
	return out
}

// TestRedactOFDSample masks nothing in sample.ofd: the masked OFD reads with the same text.
func TestRedactOFDSample(t *testing.T) {
	orig := mustRead(t, "testdata/sample.ofd")
	_, out, _ := maskedOFD(t, "testdata/sample.ofd")
	got := mustRead(t, out)
	if a, b := got.Text(PartBody), orig.Text(PartBody); a != b {
		t.Errorf("body: got %q, want %q", a, b)
	}
	if a, b := got.Text(PartHeader), orig.Text(PartHeader); a != b {
		t.Errorf("header: got %q, want %q", a, b)
	}
}

// FuzzRedactOFD writes the copy of OFD documents whose first page's content is the fuzzer's:
// the writer never panics, and a copy it writes reads again with no identifier the check
// blocks.
func FuzzRedactOFD(f *testing.F) {
	f.Add(`<ofd:TextObject ID="9"><ofd:TextCode X="0" Y="6">陈建国 3502031985</ofd:TextCode><ofd:TextCode X="70" Y="6">06150011</ofd:TextCode></ofd:TextObject>`)
	f.Add(`<ofd:TextObject ID="10"><ofd:CGTransform CodePosition="0" CodeCount="11" GlyphCount="11"><ofd:Glyphs>1 2</ofd:Glyphs></ofd:CGTransform><ofd:TextCode>13812345678</ofd:TextCode></ofd:TextObject>`)
	f.Add(`<ofd:TextObject><ofd:TextCode>1381234&#53;678 &amp; <![CDATA[13912345678]]></ofd:TextCode></ofd:TextObject><ofd:TextCode>11010519491231002X</ofd:TextCode>`)
	f.Fuzz(func(t *testing.T, content string) {
		data := zipOf(t, map[string]string{
			"OFD.xml":                        `<?xml version="1.0" encoding="UTF-8"?><ofd:OFD ` + ofdNS + `><ofd:DocBody><ofd:DocInfo><ofd:DocID>1</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`,
			"Doc_0/Document.xml":             `<?xml version="1.0" encoding="UTF-8"?><ofd:Document ` + ofdNS + `><ofd:Pages><ofd:Page ID="3" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>`,
			"Doc_0/Pages/Page_0/Content.xml": `<?xml version="1.0" encoding="UTF-8"?><ofd:Page ` + ofdNS + `><ofd:Content><ofd:Layer ID="7">` + content + `</ofd:Layer></ofd:Content></ofd:Page>`,
		})
		fuzzRedact(t, "f.ofd", FormatOFD, data)
	})
}

const ofdNS = `xmlns:ofd="http://www.ofdspec.org/2016"`
