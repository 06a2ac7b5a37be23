package main

import (
	"strings"
	"testing"

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
