package main

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"shendang.gov.cn/shendang/assets"
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
	for _, want := range []string{"【页眉 · header1.xml】", "【批注 · 张三】", "秘密★1年", "[拦截] 密级标志 “秘密★1年” 正文 第11行"} {
		if !strings.Contains(markup, want) {
			t.Errorf("the screen does not show %q", want)
		}
	}
	assertMarkup(t, "review_marks.xml", v.win.Canvas())

	// 误报 needs a reason; 确认 does not.
	v.findings.Select(0)
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
		v.findings.Select(i)
		test.Type(v.reason, "样张，非真实文件")
		test.Tap(v.dismiss)
	}
	if !strings.Contains(v.verdict.Text, "未发现问题") {
		t.Errorf("verdict after dismissing all: %q", v.verdict.Text)
	}
}

func TestReviewViewSeedAndBrokenFile(t *testing.T) {
	v := newTestReviewView(t)
	v.loadAndWait(t, seed)
	if len(v.found) != 0 || !strings.Contains(v.verdict.Text, "未发现问题") {
		t.Errorf("seed: %d findings, verdict %q", len(v.found), v.verdict.Text)
	}
	v.loadAndWait(t, "../review/testdata/broken.docx")
	if v.doc != nil {
		t.Error("a broken file was shown as a document")
	}
	if !strings.Contains(v.file.Text, "尚未导入") {
		t.Errorf("file label %q after a broken file", v.file.Text)
	}
}

func TestBundledSamples(t *testing.T) {
	v := newTestReviewView(t)
	for name, data := range assets.Samples() {
		v.doc = nil
		v.loadBytes(name, data)
		want := "未发现问题"
		if strings.Contains(name, "密级") {
			want = "不得公开"
		}
		if v.doc == nil || !strings.Contains(v.verdict.Text, want) {
			t.Errorf("%s: verdict %q, want %s", name, v.verdict.Text, want)
		}
	}
}
