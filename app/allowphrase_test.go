package main

import (
	"testing"

	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/review"
)

func TestAllowFromFinding(t *testing.T) {
	store := memStore(t)
	st := archive.Settings{FondsName: "厦门市司法局", FondsCode: "Z109", Divisions: []archive.Division{{Code: "BGS", Name: "办公室"}}}
	admin := archive.User{Name: "admin", FullName: "管理员", Roles: []archive.Role{archive.RoleAdmin}}
	if err := store.SetUp(admin, "admin-password", st); err != nil {
		t.Fatal(err)
	}
	office := archive.User{Name: "office", FullName: "张三", Roles: []archive.Role{archive.RoleOffice}}
	drafter := archive.User{Name: "drafter", FullName: "王五", Roles: []archive.Role{archive.RoleDrafter}, Division: "BGS"}
	for _, u := range []archive.User{office, drafter} {
		if err := store.CreateUser("admin", u, "password-1"); err != nil {
			t.Fatal(err)
		}
	}
	v := newTestReviewView(t)
	v.store, v.user = store, &drafter
	draft := []byte("第五条 会议纪要的格式按本办法执行。\n第六条 会议纪要由办公室印发。\n")
	v.loadBytes("办法.txt", draft)
	if len(v.found) != 2 {
		t.Fatalf("%d findings, want 2 (会议纪要 twice)", len(v.found))
	}
	v.selectFinding(0)
	if !v.allow.Disabled() {
		t.Error("a drafter may change the office's allow-list")
	}

	v.user = &office
	var changed *review.RuleSet
	v.onRulesChanged = func(rs *review.RuleSet) { changed = rs }
	v.selectFinding(0)
	if v.allow.Disabled() {
		t.Fatal("the 公开办 cannot add to the allow-list")
	}
	if p := surroundingPhrase(v.doc.Parts[0].Text, v.found[0].Offset, len(v.found[0].Match)); p != "会议纪要的格式按本办" {
		t.Errorf("suggested phrase %q", p)
	}
	before := v.rules.Version
	v.addAllowed("格式按本办法", "会议纪要") // does not hold the match
	if r, _ := store.OfficeRules(); len(r.Allow) != 0 {
		t.Error("a phrase without the match was added")
	}
	v.addAllowed("会议纪要的格式", "会议纪要")
	r, err := store.OfficeRules()
	if err != nil || len(r.Allow) != 1 || r.Allow[0].Text != "会议纪要的格式" {
		t.Fatalf("office allow-list %+v, %v", r.Allow, err)
	}
	if len(v.found) != 1 || v.found[0].Line != 2 || v.rules.Version == before || changed != v.rules {
		t.Errorf("after allowing: %d findings, rules %s (was %s), told %v", len(v.found), v.rules.Version, before, changed != nil)
	}
	// The office's list applies to every draft checked from now on, from the store.
	rs, err := store.RuleSet()
	if err != nil || rs.Version != v.rules.Version {
		t.Errorf("rule set from the store %v, %v", rs, err)
	}
	// A mark, a personal number or a blocking term is never allowed away: the button is off,
	// and the store refuses the phrase anyway.
	v.loadBytes("请示.txt", []byte("秘密★1年\n本文件为内部资料。联系电话13812345678。\n"))
	for i := range v.found {
		v.selectFinding(i)
		if !v.allow.Disabled() {
			t.Errorf("加入豁免词 is offered for %s “%s”", v.found[i].Category.Label(), v.found[i].Match)
		}
	}
	v.addAllowed("本文件为内部资料", "内部资料")
	if r, _ := store.OfficeRules(); len(r.Allow) != 1 {
		t.Errorf("a phrase hiding a blocking term was added: %+v", r.Allow)
	}
	closeTop(v.win.Canvas())
}
