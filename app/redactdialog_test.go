package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/review"
)

// listOffice is publishedOffice with a 补贴发放名单 waiting for 保密审查: a list with a full
// 身份证号 and a mobile number on each line.
func listOffice(t *testing.T) (*archive.Office, string) {
	t.Helper()
	s := publishedOffice(t)
	text := "2016年第二季度困难群众补贴发放名单\n序号 姓名 身份证号 联系电话\n1 陈小明 11010519491231002X 13812345678\n2 林小红 350203198506150011 13912345678\n"
	return s, atSecrecy(t, s, "补贴发放名单", "名单.txt", []byte(text))
}

// atSecrecy has the drafter propose the file name (data) as title and the 处室负责人 approve it
// at 初审, and returns the item's ID: it waits for 保密审查.
func atSecrecy(t *testing.T, s *archive.Office, title, name string, data []byte) string {
	t.Helper()
	it, err := s.Propose("drafter", archive.Draft{Title: title, Author: "厦门市司法局", Division: "BGS", DocDate: "2016-06-29",
		Disclosure: archive.Proactive}, archive.SourceFile{Name: name, Data: data}, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Decide("head", it.ID, archive.Review{Approve: true}); err != nil {
		t.Fatal(err)
	}
	return it.ID
}

// officeQueue shows the 公开办's 待办 in a window of its own.
func officeQueue(t *testing.T, s *archive.Office) (*queueView, fyne.Window) {
	t.Helper()
	rv := newTestReviewView(t)
	u, _ := s.GetUser("office")
	q := newQueueView(rv.win, s, u, rv)
	rv.win.SetContent(q.content)
	if err := q.refresh(); err != nil {
		t.Fatal(err)
	}
	return q, rv.win
}

// openRedact selects the task titled title in q and presses 脱敏后通过…: the dialog.
func openRedact(t *testing.T, q *queueView, title string) *redactForm {
	t.Helper()
	taskNamed(t, q, title)
	test.Tap(q.redactBtn)
	if q.redacting == nil {
		t.Fatal("no 脱敏后通过 dialog")
	}
	return q.redacting
}

// TestRedactAtSecrecy: the 公开办 reviewer presses 脱敏后通过… on a list the check blocks, sees
// every replacement, chooses another ID profile, and approves with the copy: the item goes on
// to 审核 with the 脱敏稿 as its current revision, and the notice says what was done. Other
// steps and other roles have no such button.
func TestRedactAtSecrecy(t *testing.T) {
	s, id := listOffice(t)
	rv := newTestReviewView(t)
	head, _ := s.GetUser("head")
	hq := newQueueView(rv.win, s, head, rv)
	mustPropose(t, s, "另一份通知")
	if err := hq.refresh(); err != nil {
		t.Fatal(err)
	}
	taskNamed(t, hq, "另一份通知")
	if !hq.approve.Visible() || hq.redactBtn.Visible() {
		t.Errorf("at 初审 the 处室负责人 sees 通过 %v, 脱敏后通过 %v", hq.approve.Visible(), hq.redactBtn.Visible())
	}

	q, win := officeQueue(t, s)
	c := win.Canvas()
	taskNamed(t, q, "补贴发放名单")
	if !q.redactBtn.Visible() {
		t.Fatal("no 脱敏后通过 at 保密审查")
	}
	test.Tap(q.approve)
	if !strings.Contains(shown(c), "不能通过") {
		t.Fatalf("通过 over the IDs: %s", shown(c))
	}
	closeTop(c)

	test.Tap(q.redactBtn)
	f := q.redacting
	if f == nil {
		t.Fatal("no dialog")
	}
	got := shown(c)
	for _, want := range []string{"将替换 4 处", "11*************02X", "138****5678", "没有需要清理的隐藏内容", "生成脱敏稿并通过"} {
		if !strings.Contains(got, want) {
			t.Errorf("the dialog lacks %q:\n%s", want, got)
		}
	}
	for _, secret := range []string{"11010519491231002X", "13812345678"} { // the draft's text beside it does
		if strings.Contains(f.preview.Text, secret) || strings.Contains(f.summary.Text, secret) {
			t.Errorf("the preview shows the original %s", secret)
		}
	}
	assertMarkup(t, "redact_dialog.xml", c)
	assertNoEnglish(t, "the 脱敏后通过 dialog", c, "BGS")
	pick(t, f.idChoice, "身份证号 保留前6位、后4位（较弱）")
	if got := shown(c); !strings.Contains(got, "110105********002X") || !strings.Contains(got, "只隐藏了出生日期") {
		t.Errorf("after choosing 6+4:\n%s", got)
	}
	pick(t, f.idChoice, f.idChoice.Options[0])
	test.Type(f.chosenText, "王大锤")
	test.Tap(f.add)
	if got := f.summary.Text; got != "文件中没有“王大锤”，请核对后再添加。" {
		t.Errorf("adding a name the file lacks: %q", got)
	}
	f.chosenText.SetText("")
	test.Type(f.chosenText, "陈小明")
	test.Tap(f.add)
	if got := shown(c); !strings.Contains(got, "姓名　正文 第3行　→　陈*明") || !strings.Contains(got, "将替换 5 处") {
		t.Errorf("after adding 陈小明:\n%s", got)
	}
	q.opinion.SetText("名单公开，身份信息脱敏")
	tapButton(t, c, "生成脱敏稿并通过")

	it, err := s.Item(id)
	if err != nil {
		t.Fatal(err)
	}
	cur := it.Current()
	if it.State != archive.StateApproval || cur.Redacted == nil || cur.By != "office" || cur.Name != "名单（脱敏稿）.txt" {
		t.Fatalf("after 脱敏后通过: %s, %+v (notice %q, screen %s)", it.State.Label(), cur, q.notice.Text, shown(c))
	}
	data, err := s.Blob(cur.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("11010519491231002X")) || !bytes.Contains(data, []byte("1 陈*明 11*************02X 138****5678")) {
		t.Errorf("the 脱敏稿:\n%s", data)
	}
	if q.notice.Text != "已脱敏后通过“补贴发放名单”（脱敏 5 处），脱敏稿为第 2 稿，现待审核。" {
		t.Errorf("the notice: %q", q.notice.Text)
	}
	recs, _ := s.Records(id)
	if last := recs[len(recs)-1]; last.Action() != "脱敏后通过" || !strings.Contains(last.Opinion, "名单公开，身份信息脱敏") || strings.Contains(last.Opinion, "13812345678") {
		t.Errorf("the record: %s %q", last.Action(), last.Opinion)
	}

	// The archivist sees which file is published and which is the original kept back.
	if err := s.Decide("leader", id, archive.Review{Approve: true}); err != nil {
		t.Fatal(err)
	}
	if err := s.Publish("office", id, archive.Publication{Channels: []string{"门户网站"}, Date: "2016-07-02"}); err != nil {
		t.Fatal(err)
	}
	v := newTestArchiveView(t, s, "archivist")
	v.state.SetSelected(statePending)
	v.table.Select(cellAt(0, 0))
	for _, want := range []string{"公开属性：主动公开，部分公开（脱敏处理）", "第 1 稿 名单.txt（原稿，不公开；", "第 2 稿 名单（脱敏稿）.txt（脱敏稿，由第 1 稿脱敏：姓名（脱敏） 1 处", "脱敏后通过"} {
		if !strings.Contains(v.detail.Text, want) {
			t.Errorf("the archive's detail lacks %q:\n%s", want, v.detail.Text)
		}
	}
	// Filed, its 归档章与文件处理表 says so and lists what was done, never a masked value.
	test.Tap(v.fileOne)
	tapButton(t, v.win.Canvas(), "建档")
	var opened string
	v.open = func(path string) error { opened = path; return nil }
	v.form.SetSelected("归档章与文件处理表")
	test.Tap(v.openForm)
	sheet := strings.ReplaceAll(pdfText(t, opened), "\n", "")
	for _, want := range []string{"部分公开（脱敏处理）", "脱敏处理", "身份证号（脱敏）", "原稿（不公开）"} {
		if !strings.Contains(sheet, want) {
			t.Errorf("the item sheet %s lacks %q:\n%s", opened, want, sheet)
		}
	}
	for _, secret := range []string{"11010519491231002X", "13812345678", "陈小明"} {
		if strings.Contains(sheet, secret) {
			t.Errorf("the item sheet shows %s", secret)
		}
	}
}

// mustPropose proposes a plain notice by the drafter and returns its ID.
func mustPropose(t *testing.T, s *archive.Office, title string) string {
	t.Helper()
	it, err := s.Propose("drafter", archive.Draft{Title: title, Author: "厦门市司法局", Division: "BGS", DocDate: "2016-06-29",
		Disclosure: archive.Proactive}, archive.SourceFile{Name: "n.txt", Data: []byte("正文")}, "")
	if err != nil {
		t.Fatal(err)
	}
	return it.ID
}

// TestRedactPDFAtSecrecy: 脱敏后通过 on a PDF list, and on a scanned list saved as a PNG, gives
// a PDF 脱敏稿 whose pages with an ID were made images with the IDs painted out (located by OCR
// on the scan), and the record says so; on an OFD list, the masked OFD drawn as a PDF, which the
// dialog announces and the record states. The item moves on to 审核 with the 脱敏稿.
func TestRedactPDFAtSecrecy(t *testing.T) {
	if testing.Short() {
		t.Skip("rasterises a page with poppler and qpdf, or recognises a scan")
	}
	tests := []struct {
		name, file, draft, wantName string
		preview                     string   // in the dialog's preview
		says, lacks                 []string // what the dialog shows and does not
		wantNote                    []string
	}{
		{"PDF list", "redact-ids-lo.pdf", "公示.pdf", "公示（脱敏稿）.pdf", "44*************497",
			[]string{pdfCommentsLabel}, []string{"删除批注", "接受修订", "从扫描图像识别", "放大查看原件…"}, []string{"第 1 页转为图像后遮盖"}},
		{"scanned list, PNG", "redact-ids-scan.png", "公示扫描件.png", "公示扫描件（脱敏稿）.pdf", "44*************497",
			[]string{imageCleanSay, "从扫描图像识别的，可能有错", "放大查看原件…"}, []string{"没有需要清理的隐藏内容", "删除批注", "接受修订", "清除文档属性", pdfCommentsLabel},
			[]string{"由 png 图像转为 PDF", "第 1 页转为图像后遮盖（遮盖位置由文字识别定出）", scanNote}},
		{"OFD list", "redact-ids.ofd", "公示.ofd", "公示（脱敏稿）.pdf", "139****5678",
			[]string{"脱敏稿为 PDF 文件（OFD 遮盖后转为 PDF）", "文档信息、签名、注释、附件和书签不带入脱敏稿", "文档属性 第1行　→　不带入脱敏稿", "从扫描图像识别的，可能有错", "原件第 2 页（扫描页）：", "放大查看原件…"},
			[]string{"删除批注", "清除文档属性"}, []string{"由 OFD 转为 PDF（各页按原样绘制，文字可检索、复制）。", scanNote}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.HasSuffix(tt.file, ".pdf") {
				needTesseract(t)
			}
			s := publishedOffice(t)
			data, err := os.ReadFile("../review/testdata/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			id := atSecrecy(t, s, "困难群众补贴公示", tt.draft, data)
			q, win := officeQueue(t, s)
			if f := openRedact(t, q, "困难群众补贴公示"); !strings.Contains(f.preview.Text, tt.preview) {
				t.Fatalf("the preview: %+v; screen %s", f, shown(win.Canvas()))
			}
			if text := q.redacting.text.Text; strings.Contains(text, ".xml") || strings.Contains(text, "Tpls") {
				t.Errorf("the draft's text names a file inside the package:\n%s", text)
			}
			dialogText := shown(win.Canvas())
			for _, want := range tt.says {
				if !strings.Contains(dialogText, want) {
					t.Errorf("the dialog lacks %q:\n%s", want, dialogText)
				}
			}
			for _, not := range tt.lacks {
				if strings.Contains(dialogText, not) {
					t.Errorf("the dialog offers %q:\n%s", not, dialogText)
				}
			}
			if !strings.HasSuffix(tt.file, ".pdf") {
				readScan(t, q.redacting)
			}
			var planned int
			fmt.Sscanf(q.redacting.summary.Text, "将替换 %d 处", &planned)
			tapButton(t, win.Canvas(), "生成脱敏稿并通过")
			if want := fmt.Sprintf("脱敏 %d 处", planned); !strings.Contains(q.notice.Text, want) {
				t.Errorf("the dialog said %q, the notice %q: want %q in it", q.redacting.summary.Text, q.notice.Text, want)
			}
			// A notice that counts a 清理 follows a dialog that said something is left out.
			if strings.Contains(q.notice.Text, "清理") && strings.Contains(dialogText, "没有需要清理") {
				t.Errorf("the dialog said there is nothing to clean, the notice %q", q.notice.Text)
			}
			got, _ := s.Item(id)
			cur := got.Current()
			if got.State != archive.StateApproval || cur.Name != tt.wantName || cur.Redacted == nil {
				t.Fatalf("after 脱敏后通过: got %s %+v, want 审核 with %s; notice %q; screen %s", got.State.Label(), cur, tt.wantName, q.notice.Text, shown(win.Canvas()))
			}
			for _, want := range tt.wantNote {
				if !strings.Contains(cur.Redacted.Note, want) {
					t.Errorf("the record's note: got %q, want %q in it", cur.Redacted.Note, want)
				}
			}
			copyData, err := s.Blob(cur.SHA256)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(copyData, []byte("%PDF-")) {
				t.Fatalf("the 脱敏稿 is not a PDF")
			}
			if tt.file == "redact-ids.ofd" {
				// 审核 reads the PDF's text, the scanned page's masked text layer with it, as the
				// preview showed it; the re-check read it as a PDF.
				doc, err := review.NewReader().ReadBytes(context.Background(), tt.wantName, copyData)
				if err != nil {
					t.Fatal(err)
				}
				if text := doc.Text(review.PartBody); doc.Format != review.FormatPDF || !strings.Contains(text, "11*************02X") || !strings.Contains(text, "35*************011") {
					t.Errorf("the OFD's 脱敏稿 reads as %s %q, want a PDF with 35*************011 and the scanned page's 11*************02X in it", doc.Format, text)
				}
				if chk, err := s.CheckItem(context.Background(), id); err != nil || chk.Document.Format != review.FormatPDF {
					t.Errorf("the stored check of the 脱敏稿: %v, %v; want one of a PDF", chk, err)
				}
			}
			path := filepath.Join(t.TempDir(), "copy.pdf")
			if err := os.WriteFile(path, copyData, 0o600); err != nil {
				t.Fatal(err)
			}
			if text := pdfText(t, path); strings.Contains(text, "440304198808080497") || strings.Contains(text, "11010519491231002X") {
				t.Errorf("pdftotext finds an ID in the 脱敏稿:\n%s", text)
			}
		})
	}
}

// readScan opens the image draft's page from the dialog f and zooms in on it: the window shows
// the page larger at each step, up to the largest.
func readScan(t *testing.T, f *redactForm) {
	t.Helper()
	if f.scan == nil || f.scan.size.IsZero() {
		t.Fatal("no page beside the text of a scan")
	}
	test.Tap(f.scan.open)
	w := f.scan.zoomed
	if w == nil {
		t.Fatal("放大查看原件… opened nothing")
	}
	// Over the window, in front of the 脱敏 dialog, not in a window of its own.
	if got := shown(f.win.Canvas()); !strings.Contains(got, "原件图像（对照核对姓名）") || f.win.Canvas().Overlays().Top() == nil {
		t.Fatalf("the page is not shown over the window:\n%s", got)
	}
	if got := w.img.MinSize().Width; got > 900 || got < 300 {
		t.Errorf("the page opens %v wide, want it to fit the window's 900", got)
	}
	for !w.in.Disabled() {
		before := w.img.MinSize().Width
		test.Tap(w.in)
		if got := w.img.MinSize().Width; got <= before {
			t.Fatalf("放大: got %v wide, want more than %v", got, before)
		}
	}
	if got, want := w.img.MinSize().Width, f.scan.size.Width*2; got != want {
		t.Errorf("at the largest: got %v wide, want %v (twice the image)", got, want)
	}
	test.Tap(w.out)
	if got := w.label.Text; got != "原图的 140%" {
		t.Errorf("缩小 from the largest: got %q", got)
	}
	test.Tap(w.close)
	if f.scan.zoomed != nil || strings.Contains(shown(f.win.Canvas()), "原件图像（对照核对姓名）") {
		t.Error("关闭 left the page open")
	}
}

// TestRedactBusy: while the copy is made, the window shows that it is and the task's buttons
// are disabled; afterwards they are back and the progress is gone.
func TestRedactBusy(t *testing.T) {
	s, _ := listOffice(t)
	q, win := officeQueue(t, s)
	c := win.Canvas()
	openRedact(t, q, "补贴发放名单")
	var work, then func()
	synchronous := offUI
	offUI = func(w, t func()) { work, then = w, t }
	defer func() { offUI = synchronous }()
	tapButton(t, c, "生成脱敏稿并通过")
	if work == nil {
		t.Fatal("the copy is made on the UI goroutine")
	}
	busy := []string{"正在生成脱敏稿并复查…", "正在生成脱敏稿并复查…"} // the notice and the progress
	if got := strings.Count(shown(c), busy[0]); got != len(busy) || !q.approve.Disabled() || !q.redactBtn.Disabled() || !q.ret.Disabled() {
		t.Errorf("while the copy is made: %d times %q, 通过 disabled %v, 脱敏后通过 %v, 退回 %v; want %d times and all disabled",
			got, busy[0], q.approve.Disabled(), q.redactBtn.Disabled(), q.ret.Disabled(), len(busy))
	}
	work()
	then()
	if got := shown(c); strings.Contains(got, busy[0]) || q.approve.Disabled() || q.redactBtn.Disabled() || q.ret.Disabled() {
		t.Errorf("after the copy: 通过 disabled %v, 脱敏后通过 %v, 退回 %v; screen:\n%s", q.approve.Disabled(), q.redactBtn.Disabled(), q.ret.Disabled(), got)
	}
}

// TestRedactPDFSelectedOnce: on a PDF, 仅选中的这一处 masks the occurrence selected and no
// other on the page: 身份证号 starting the list's second line, of the three on the page.
func TestRedactPDFSelectedOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("rasterises a page with poppler and qpdf")
	}
	s := publishedOffice(t)
	data, err := os.ReadFile("../review/testdata/redact-ids-lo.pdf")
	if err != nil {
		t.Fatal(err)
	}
	id := atSecrecy(t, s, "困难群众补贴公示", "公示.pdf", data)
	q, win := officeQueue(t, s)
	c := win.Canvas()
	f := openRedact(t, q, "困难群众补贴公示")
	row := -1 // the line 身份证号 11010519491231002X 。
	for i, l := range strings.Split(f.text.Text, "\n") {
		if strings.HasPrefix(l, "身份证号 1101") {
			row = i
		}
	}
	if row < 0 {
		t.Fatalf("no line 身份证号 1101… in:\n%s", f.text.Text)
	}
	click(f.text, fyne.NewPos(1, 1))
	press(t, c, append(append(repeat("down", row), "home"), repeat("shift+right", 4)...)...)
	pick(t, f.chosenKind, "其他")
	test.Tap(f.maskSel)
	tapButton(t, c, "仅选中的这一处")
	tapButton(t, c, "生成脱敏稿并通过")
	got, _ := s.Item(id)
	if got.State != archive.StateApproval {
		t.Fatalf("after 脱敏后通过: %s; notice %q", got.State.Label(), q.notice.Text)
	}
	copyData, err := s.Blob(got.Current().SHA256)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "copy.pdf")
	if err := os.WriteFile(path, copyData, 0o600); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, path)
	if n := strings.Count(text, "身份证号"); n != 2 || strings.Contains(text, "身份证号 11*") {
		t.Errorf("got %d 身份证号 in the copy, want the two not selected:\n%s", n, text)
	}
}

// TestRedactDocxPreviewHeight: a Word file's dialog offers five 清理 options, and the preview
// of the replacements keeps the larger part of the pane's height under them (a walker saw
// three lines of it).
func TestRedactDocxPreviewHeight(t *testing.T) {
	s := publishedOffice(t)
	data, err := os.ReadFile("../review/testdata/full.docx")
	if err != nil {
		t.Fatal(err)
	}
	atSecrecy(t, s, "补贴发放通知", "通知.docx", data)
	q, win := officeQueue(t, s)
	win.Resize(fyne.NewSize(1366, 740))
	f := openRedact(t, q, "补贴发放通知")
	if got := len(f.clean); got != 5 {
		t.Errorf("got %d 清理 options, want 5", got)
	}
	if got := f.previewPane.Size().Height; got < 200 {
		t.Errorf("the preview is %v high, want at least 200 (ten lines)", got)
	}
}
