package archive

import (
	"bytes"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"shendang.gov.cn/shendang/review"
)

// A list of the kind offices publish: one person per line with a full 身份证号 (a valid test
// number: area 110105, born 1949-12-31, check digit X) and a phone.
const (
	listID    = "11010519491231002X"
	listPhone = "13812345678"
)

var listDraft = Draft{Title: "2016年第二季度困难群众补贴发放名单", DocNumber: "厦司〔2016〕60号", Author: "厦门市司法局",
	Division: "BGS", DocDate: "2016-06-29", Disclosure: Proactive, Channels: []string{"门户网站"}, Category: "财政资金"}

func proposeList(t *testing.T, o *office) *Item {
	t.Helper()
	text := "序号 姓名 身份证号 联系电话 金额\n1 陈小明 " + listID + " " + listPhone + " 600元\n"
	it, err := o.Propose("drafter", listDraft, SourceFile{Name: "补贴发放名单.txt", Data: []byte(text)}, "建议主动公开")
	must(t, err)
	must(t, o.Decide("head", it.ID, Review{Approve: true, Opinion: "同意"}))
	return it
}

var maskedList = SourceFile{Name: "补贴发放名单（脱敏稿）.txt",
	Data: []byte("序号 姓名 身份证号 联系电话 金额\n1 陈小明 11*************02X 138****5678 600元\n")}

var listDone = []RedactionLine{
	{What: "身份证号（保留前2位和后3位）", Count: 1, Where: "第2行"},
	{What: "手机号（保留前3位和后4位）", Count: 1, Where: "第2行"},
}

// TestDecideRedacted: 脱敏后通过 at 保密审查 makes the reviewer's masked copy the item's current
// revision, which goes on to 审核, 公开 and 建档; the original stays stored and hashed, and the
// record and the item sheet say what was done without a masked value.
func TestDecideRedacted(t *testing.T) {
	o := newOffice(t)
	it := proposeList(t, o)
	chk, err := o.CheckItem(t.Context(), it.ID)
	must(t, err)
	if v := chk.Verdict(nil); v != review.VerdictBlock {
		t.Fatalf("the list's check: %s, want block", v)
	}

	good := Redaction{File: maskedList, Done: listDone}
	wantErr(t, "the drafter", o.DecideRedacted("drafter", it.ID, Review{}, good), ErrPermission)
	wantErr(t, "no statement of what was done", o.DecideRedacted("office", it.ID, Review{}, Redaction{File: maskedList}), ErrInvalid)
	wantErr(t, "an empty copy", o.DecideRedacted("office", it.ID, Review{}, Redaction{File: SourceFile{Name: "x.txt"}, Done: listDone}), ErrInvalid)
	half := Redaction{File: SourceFile{Name: "名单.txt", Data: []byte("1 陈小明 " + listID + " 138****5678\n")}, Done: listDone[1:]}
	err = o.DecideRedacted("office", it.ID, Review{}, half)
	wantErr(t, "a copy that still holds the ID", err, ErrBlocked)
	if err != nil && !strings.Contains(err.Error(), "身份证") {
		t.Errorf("the refusal says %q, want it to name the 身份证号", err)
	}
	if got, _ := o.Item(it.ID); got.State != StateSecrecy || len(got.Revisions) != 1 {
		t.Fatalf("after the refusals: %s with %d revisions, want 待保密审查 with 1", got.State, len(got.Revisions))
	}

	must(t, o.DecideRedacted("office", it.ID, Review{Opinion: "名单公开，身份信息脱敏"}, good))
	got, err := o.Item(it.ID)
	must(t, err)
	cur := got.Current()
	if got.State != StateApproval || cur.N != 2 || cur.By != "office" || cur.Redacted == nil || cur.Redacted.Of != 1 || !got.Partial() {
		t.Fatalf("after 脱敏后通过: %s, current revision %+v", got.State, cur)
	}
	if orig, err := o.Blob(got.Revisions[0].SHA256); err != nil || !bytes.Contains(orig, []byte(listID)) {
		t.Errorf("the original is no longer stored: %v", err)
	}
	recs, err := o.Records(it.ID)
	must(t, err)
	last := recs[len(recs)-1]
	if last.Decision != ApproveRedacted || last.Action() != "脱敏后通过" || last.Revision != 2 || last.Check == nil || last.Check.Verdict == review.VerdictBlock {
		t.Errorf("the record: %+v", last)
	}
	if !strings.Contains(last.Opinion, "身份证号（保留前2位和后3位） 1 处（第2行）") || strings.Contains(last.Opinion, listID) {
		t.Errorf("the record's opinion: %q", last.Opinion)
	}
	chk, err = o.CheckItem(t.Context(), it.ID)
	must(t, err)
	if chk.Revision != 2 || chk.Verdict(got.Dispositions) == review.VerdictBlock {
		t.Errorf("审核 sees revision %d, verdict %s", chk.Revision, chk.Verdict(got.Dispositions))
	}

	must(t, o.Decide("leader", it.ID, Review{Approve: true, Opinion: "同意公开"}))
	must(t, o.Publish("office", it.ID, Publication{Channels: []string{"门户网站"}, Date: "2016-07-01"}))
	if _, err := o.FileItem("archivist", it.ID, FilingRequest{Year: 2016, Pages: 1}); err != nil {
		t.Fatal(err)
	}
	var sheet bytes.Buffer
	if _, err := o.WriteItemSheet(&sheet, it.ID); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, sheet.Bytes())
	for _, want := range []string{"主动公开，部分公开（脱敏处理）", "脱敏后通过", "身份证号（保留前2位和后3位）", "原稿（不公开）", got.Revisions[0].SHA256[:16]} {
		if !strings.Contains(text, want) {
			t.Errorf("the item sheet lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, listID) || strings.Contains(text, listPhone) {
		t.Errorf("the item sheet prints a masked value:\n%s", text)
	}
	if p := problems(t, o.Office); p != "" {
		t.Errorf("verify after filing a 脱敏稿: %s", p)
	}
	st, err := o.Statistics(YearPeriod(2016), StatsFilter{})
	must(t, err)
	if got := st.Funnel[StepSecrecy-1].N; got != 1 {
		t.Errorf("the statistics' funnel has %d item past 保密审查, want the one approved 脱敏后通过", got)
	}
}

// TestDecideRedactedCarriesDismissals: a finding dismissed in the original (ordinary wording
// the check flags) stays dismissed in the copy, and a dismissal may be given for a finding of
// the copy itself.
func TestDecideRedactedCarriesDismissals(t *testing.T) {
	o := newOffice(t)
	text := "本名单为征求意见稿。\n1 陈小明 " + listID + "\n"
	it, err := o.Propose("drafter", listDraft, SourceFile{Name: "名单.txt", Data: []byte(text)}, "")
	must(t, err)
	must(t, o.Decide("head", it.ID, Review{Approve: true}))
	chk, err := o.CheckItem(t.Context(), it.ID)
	must(t, err)
	disp := map[string]review.Disposition{}
	for _, f := range chk.Findings {
		if f.Severity == review.Warn {
			disp[f.Fingerprint] = review.Disposition{Kind: review.Dismissed, Reason: "已定稿"}
		}
	}
	if len(disp) == 0 {
		t.Fatalf("no warn finding in %+v", chk.Findings)
	}
	red := Redaction{File: SourceFile{Name: "名单（脱敏稿）.txt", Data: []byte("本名单为征求意见稿。\n1 陈小明 11*************02X\n")}, Done: listDone[:1]}
	must(t, o.DecideRedacted("office", it.ID, Review{Dispositions: disp}, red))
	recs, err := o.Records(it.ID)
	must(t, err)
	if v := recs[len(recs)-1].Check.Verdict; v != review.VerdictClean && v != review.VerdictWarn {
		t.Errorf("the copy's verdict %s", v)
	}
	for _, f := range recs[len(recs)-1].Check.Findings {
		if f.Severity == review.Warn && strings.Contains(f.Match, "征求意见稿") && recs[len(recs)-1].Check.Dispositions[f.Fingerprint].Kind != review.Dismissed {
			t.Errorf("the dismissal of %q did not carry over to the copy", f.Match)
		}
	}
}

// TestItemSheetLongRedaction: an item sheet whose rows run past the page goes on to a new page
// with the table's head again, a row taller than a page split at a line; no text is drawn over
// the page number or off the page (the rows after 办理过程 once never broke the page, and a
// long 清理 row was cut off at its foot).
func TestItemSheetLongRedaction(t *testing.T) {
	o := newOffice(t)
	it := proposeList(t, o)
	var done []RedactionLine
	for i := range 30 {
		done = append(done, RedactionLine{What: fmt.Sprintf("姓名（保留姓氏）第%d组", i+1), Count: 3,
			Where: fmt.Sprintf("正文 第1页 第%d行、正文 第1页 第%d行、正文 第1页 第%d行", 3*i+1, 3*i+2, 3*i+3)})
	}
	done = append(done, RedactionLine{What: "清理：文档属性（标题、作者等）、XMP 元数据、附件、书签和结构树未带入脱敏文件——最后一行"})
	must(t, o.DecideRedacted("office", it.ID, Review{}, Redaction{File: maskedList, Done: done}))
	var sheet bytes.Buffer
	if _, err := o.WriteItemSheet(&sheet, it.ID); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, sheet.Bytes())
	if strings.Count(text, "最后一行") != 2 || strings.Count(text, "位置") < 2 || strings.Count(text, "办理人（角色）") < 2 {
		t.Errorf("the sheet lacks its last rows, or a table's head on the next page:\n%s", text)
	}
	cmd := exec.Command("pdftotext", "-q", "-bbox", "-", "-")
	cmd.Stdin = bytes.NewReader(sheet.Bytes())
	out, err := cmd.Output()
	must(t, err)
	// Words stand above the foot of the page, where 第 n 页 共 m 页 is printed.
	const mm = 72 / 25.4
	limit := (297 - pageMargin) * mm
	word := regexp.MustCompile(`<word xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>`)
	for _, m := range word.FindAllStringSubmatch(string(out), -1) {
		y, _ := strconv.ParseFloat(m[1], 64)
		if y > limit && !strings.ContainsAny(m[2], "第页共0123456789") {
			t.Errorf("%q ends at %.0f pt, below the body of the page (%.0f pt)", m[2], y, limit)
		}
	}
}

// TestItemSheetsAtOnce: two desks' forms written at the same moment are both whole (gofpdf
// writes into the font it is given; under -race, a shared font was a data race).
func TestItemSheetsAtOnce(t *testing.T) {
	o := newOffice(t)
	it := proposeList(t, o)
	var wg sync.WaitGroup
	sheets := make([]bytes.Buffer, 4)
	errs := make([]error, len(sheets))
	for i := range sheets {
		wg.Go(func() { _, errs[i] = o.WriteItemSheet(&sheets[i], it.ID) })
	}
	wg.Wait()
	for i := range sheets {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if text := pdfText(t, sheets[i].Bytes()); !strings.Contains(text, listDraft.Title) {
			t.Errorf("sheet %d lacks the title:\n%s", i, text)
		}
	}
}
