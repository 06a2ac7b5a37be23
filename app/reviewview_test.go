package main

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"shendang.gov.cn/shendang/archive"
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
	for _, want := range []string{"【页眉】", "【批注 · 张三】", "秘密★1年", "拦截 · 密级标志", "“秘密★1年” 正文 第11行"} {
		if !strings.Contains(markup, want) {
			t.Errorf("the screen does not show %q", want)
		}
	}
	assertMarkup(t, "review_marks.xml", v.win.Canvas())

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
	if !strings.Contains(v.verdict.Text, "未发现问题") {
		t.Errorf("verdict after dismissing all: %q", v.verdict.Text)
	}
}

func TestReviewViewNoticeAndBrokenFile(t *testing.T) {
	v := newTestReviewView(t)
	v.loadAndWait(t, notice)
	if len(v.found) != 0 || !strings.Contains(v.verdict.Text, "未发现问题") {
		t.Errorf("notice: %d findings, verdict %q", len(v.found), v.verdict.Text)
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

func TestProposeFromReview(t *testing.T) {
	store := memStore(t)
	st := archive.Settings{FondsName: "厦门市司法局", FondsCode: "Z109", Divisions: []archive.Division{{Code: "BGS", Name: "办公室"}, {Code: "LSC", Name: "律师工作处"}}}
	if err := store.SetUp(archive.User{Name: "admin", FullName: "管理员", Roles: []archive.Role{archive.RoleAdmin}}, "admin-password", st); err != nil {
		t.Fatal(err)
	}
	drafter := archive.User{Name: "wangwu", FullName: "王五", Roles: []archive.Role{archive.RoleDrafter}, Division: "LSC"}
	if err := store.CreateUser("admin", drafter, "password-1"); err != nil {
		t.Fatal(err)
	}
	v := newTestReviewView(t)
	v.store, v.user = store, &drafter
	var name string
	var data []byte
	for n, d := range assets.Samples() {
		if strings.Contains(n, "密级") {
			name, data = n, d
		}
	}
	v.loadBytes(name, data)
	if v.proposeBtn.Disabled() {
		t.Fatal("a drafter cannot propose the draft on screen")
	}
	f := newProposeForm(v.doc, st, v.user)
	if f.title.Text != "厦门市司法局关于调整律师事务所年度检查考核工作安排的请示" || f.date.Text != "2016-06-29" || f.division.Selected != "LSC 律师工作处" {
		t.Errorf("prefilled: title %q date %q division %q", f.title.Text, f.date.Text, f.division.Selected)
	}
	if len(f.category.Options) < 14 || f.author.Text != "厦门市司法局" {
		t.Errorf("categories %d, author %q", len(f.category.Options), f.author.Text)
	}
	f.category.SetSelected("人事信息")
	v.propose(f.draft(), "建议依申请公开")
	if v.proposed == nil {
		t.Fatal("nothing proposed")
	}
	it, err := store.Item(v.proposed.ID)
	if err != nil || it.State != archive.StatePreliminary || it.Drafter != "wangwu" || it.Division != "LSC" || it.Current().Size != int64(len(data)) {
		t.Errorf("stored item %+v, %v", it, err)
	}
	if !v.proposeBtn.Disabled() || !strings.Contains(v.file.Text, "已提出") {
		t.Errorf("after 提出: button enabled %v, label %q", !v.proposeBtn.Disabled(), v.file.Text)
	}
	v.setRules(v.rules) // the office's lists changed: the draft is checked again, not proposed again
	if !v.proposeBtn.Disabled() || v.proposed == nil {
		t.Error("a re-check made the proposed draft proposable again")
	}

	office := archive.User{Name: "office", FullName: "张三", Roles: []archive.Role{archive.RoleOffice}}
	v.user = &office
	v.loadBytes(name, data)
	if !v.proposeBtn.Disabled() {
		t.Error("a reviewer who is not a drafter can propose")
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
