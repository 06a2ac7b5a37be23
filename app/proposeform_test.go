package main

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/assets"
)

func TestProposeFromReview(t *testing.T) {
	store := memStore(t)
	st := archive.Settings{FondsName: "厦门市司法局", FondsCode: "Z109", Divisions: []archive.Division{{Code: "BGS", Name: "办公室"}, {Code: "LSC", Name: "律师工作处"}}}
	if err := store.SetUp(archive.User{Name: "admin", FullName: "管理员", Roles: []archive.Role{archive.RoleAdmin}}, "admin-password", st); err != nil {
		t.Fatal(err)
	}
	drafter := archive.User{Name: "wangwu", FullName: "王五", Roles: []archive.Role{archive.RoleDrafter}, Division: "LSC"}
	head := archive.User{Name: "lichu", FullName: "李处长", Roles: []archive.Role{archive.RoleDivisionHead}, Division: "LSC"}
	for _, u := range []archive.User{drafter, head} {
		if err := store.CreateUser("admin", u, "password-1"); err != nil {
			t.Fatal(err)
		}
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
	f.opinion.SetText("建议依申请公开")
	v.propose(f)
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

// TestProposeSameDocNumber: a second 提出 under a 文号 already used asks first, naming the item
// and where it stands; 返回修改 reopens the form as it was, 仍要提出 proposes.
func TestProposeSameDocNumber(t *testing.T) {
	m := officeWindow(t)
	c := m.win.Canvas()
	files := t.TempDir()
	write(t, filepath.Join(files, "通知.txt"), "思司〔2026〕15号\n关于开展法律援助进社区活动的通知\n各律师事务所：\n请按时报送材料。\n厦门市司法局\n2026年3月18日\n")
	signIn(t, m, "wangwu")
	rv := m.reviewView
	propose := func() {
		t.Helper()
		pressShortcut(t, c, openShortcut)
		answerChooser(t, rv.chooser, files, "打开", "通知.txt")
		test.Tap(rv.proposeBtn)
		tapButton(t, c, "提出")
	}
	propose()
	first := rv.proposed
	if first == nil || first.DocNumber != "思司〔2026〕15号" {
		t.Fatalf("the first 提出: %+v", first)
	}
	propose()
	if got := shown(c); !strings.Contains(got, "文号“思司〔2026〕15号”已用于") || !strings.Contains(got, "“关于开展法律援助进社区活动的通知”") || !strings.Contains(got, "现处于初审环节") {
		t.Fatalf("the second 提出 under one 文号 asked nothing: %s", got)
	}
	assertNoEnglish(t, "the question on a 文号 used before", c, dataWords...)
	tapButton(t, c, "返回修改")
	if !strings.Contains(shown(c), "提出：拟公开政务信息") {
		t.Fatalf("返回修改 did not reopen the form: %s", shown(c))
	}
	tapButton(t, c, "提出")
	tapButton(t, c, "仍要提出")
	if rv.proposed == nil || rv.proposed.ID == first.ID {
		t.Fatal("仍要提出 did not propose the second item")
	}
	if same, err := m.store.SameDocNumber("思司〔2026〕15号"); err != nil || len(same) != 2 {
		t.Errorf("items under the 文号: %d, %v; want 2", len(same), err)
	}
}
