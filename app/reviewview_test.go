package main

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/review"
)

func newTestReviewView(t *testing.T) *reviewView {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	rules, err := loadRuleSet(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, nil)
	v := newReviewView(w, rules)
	w.SetContent(v.content)
	w.Resize(fyne.NewSize(1100, 700))
	return v
}

func (v *reviewView) loadAndWait(t *testing.T, path string) {
	t.Helper()
	v.doc = nil
	v.load(path) // synchronous in tests: see TestMain
}

func TestReviewViewFindingsAndDecisions(t *testing.T) {
	v := newTestReviewView(t)
	v.loadAndWait(t, "../review/testdata/marks.docx")
	if v.doc == nil || len(v.found) < 12 {
		t.Fatalf("read %v with %d findings", v.doc != nil, len(v.found))
	}
	if !strings.Contains(v.verdict.Text, "不得公开") {
		t.Errorf("verdict %q, want 不得公开", v.verdict.Text)
	}
	markup := test.RenderToMarkup(v.win.Canvas())
	for _, want := range []string{"【页眉】", "【批注 · 张三】", "秘密★1年", "拦截 · 密级标志", "“秘密★1年”", "正文 第11行"} {
		if !strings.Contains(markup, want) {
			t.Errorf("the screen does not show %q", want)
		}
	}
	assertMarkup(t, "review_marks.xml", v.win.Canvas())

	// A draft imported here is read: 误报 and 确认 are the 公开办's, at 保密审查.
	v.selectFinding(0)
	if !v.dismiss.Disabled() || !v.confirm.Disabled() {
		t.Error("findings of a draft imported in 审查 can be marked, where nothing keeps the marks")
	}
	data, err := os.ReadFile("../review/testdata/marks.docx")
	if err != nil {
		t.Fatal(err)
	}
	v = reviewerOn(t, "marks.docx", data)

	// 误报 needs a reason; 确认 does not.
	v.selectFinding(0)
	v.reason.SetText("")
	test.Tap(v.dismiss)
	if len(v.disp) != 0 {
		t.Fatal("a dismissal without a reason was recorded")
	}
	test.Tap(v.confirm)
	if d := v.disp[v.found[0].Fingerprint]; d.Kind != review.Confirmed || !strings.Contains(v.findingLine(0), "✓确认") {
		t.Errorf("confirm: %+v, row %q", d, v.findingLine(0))
	}
	// Dismissing every finding with a reason makes the verdict clean, live.
	for i := range v.found {
		v.selectFinding(i)
		test.Type(v.reason, "样张，非真实文件")
		test.Tap(v.dismiss)
	}
	if !strings.Contains(v.verdict.Text, "问题已全部排除") {
		t.Errorf("verdict after dismissing all: %q", v.verdict.Text)
	}
}

func TestFindingNavigation(t *testing.T) {
	v := newTestReviewView(t)
	v.loadBytes("marks.txt", []byte("秘密★1年\n内部资料\n身份证号11010519491231002X"))
	if len(v.found) != 3 {
		t.Fatalf("%d findings, want 3", len(v.found))
	}
	var seen []int
	for range 4 {
		v.step(1)
		seen = append(seen, v.selected)
	}
	v.step(-1)
	seen = append(seen, v.selected)
	if got := fmt.Sprint(seen); got != "[0 1 2 0 2]" {
		t.Errorf("F3 ×4 then Shift+F3 visit %s, want [0 1 2 0 2]", got)
	}
}

// reviewerOn is the 审查 screen of the 公开办's reviewer with a draft opened from 待办 at its
// 保密审查, where findings are marked: the draft file name with data, proposed and approved at
// 初审 in a small office.
func reviewerOn(t *testing.T, name string, data []byte) *reviewView {
	t.Helper()
	s := publishedOffice(t)
	it, err := s.Propose("drafter", archive.Draft{Title: "待审查的请示", Author: "厦门市司法局", Division: "BGS", DocDate: "2016-06-29",
		Disclosure: archive.Proactive}, archive.SourceFile{Name: name, Data: data}, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Decide("head", it.ID, archive.Review{Approve: true}); err != nil {
		t.Fatal(err)
	}
	v := newTestReviewView(t)
	u, _ := s.GetUser("office")
	v.store, v.user = s, u
	q := newQueueView(v.win, s, u, v)
	if err := q.refresh(); err != nil {
		t.Fatal(err)
	}
	q.list.Select(0)
	if v.item == nil || !v.mayDispose {
		t.Fatal("the draft did not open for 保密审查")
	}
	return v
}

func TestPartTitle(t *testing.T) {
	tests := []struct {
		name string
		part review.Part
		want string
	}{
		{"a page", review.Part{Kind: review.PartBody, Page: 2}, "【正文 · 第2页】"},
		{"a comment", review.Part{Kind: review.PartComment, Label: "张三"}, "【批注 · 张三】"},
		{"a scanned page read by OCR", review.Part{Kind: review.PartBody, Page: 1, Label: "图像识别", OCR: &review.Recognition{Confidence: 91}},
			"【正文 · 图像识别（置信度 91%，请对照原件核对） · 第1页】"},
		{"an embedded sheet", review.Part{Kind: review.PartBody, Embedded: "a.xlsx", Label: "补贴名单"}, "【嵌入对象 a.xlsx › 正文 · 补贴名单】"},
	}
	for _, tt := range tests {
		if got := partTitle(&tt.part); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestFindingsShowWhole: at 1366 × 768 each finding of a scanned list shows whole, in the list
// or, selected, under it: on one line a long one ran past the pane's right edge.
func TestFindingsShowWhole(t *testing.T) {
	v := newTestReviewView(t)
	v.win.Resize(fyne.NewSize(1366, 768))
	v.loadAndWait(t, "../review/testdata/redact-ids-scan.png")
	if len(v.found) == 0 {
		t.Fatal("the scanned list: got no findings, want its ID numbers")
	}
	const indent = 60 // a finding stands under its group, after the branch's arrow
	room := v.findings.Size().Width - indent
	for i, f := range v.found {
		fits := true
		for _, line := range strings.Split(v.findingLine(i), "\n") {
			fits = fits && widget.NewLabel(line).MinSize().Width <= room
		}
		v.selectFinding(i)
		what := strings.Join(strings.Fields(f.Match), " ")
		if what == "" {
			what = f.Context
		}
		if !fits && (v.chosen == nil || !strings.Contains(v.chosen.Text, what) || !strings.Contains(v.chosen.Text, f.Where())) {
			t.Errorf("finding %d is cut short in the list, and selected it shows %v; want %q and %q whole", i, v.chosen, what, f.Where())
		}
	}
	v.clear() // as signing out does: the next person sees nothing of it
	if v.chosen.Text != "" {
		t.Errorf("after clear the selected finding still reads %q", v.chosen.Text)
	}
}
