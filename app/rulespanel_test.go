package main

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"shendang.gov.cn/shendang/review"
)

// TestRuleTermFoundOnRecheck: a term added in settings is found by the check of the draft open
// in the review view, at once.
func TestRuleTermFoundOnRecheck(t *testing.T) {
	s := publishedOffice(t)
	rv := newTestReviewView(t)
	rv.loadBytes("通知.txt", []byte("关于成立专案组的通知\n"))
	if len(rv.found) != 0 {
		t.Fatalf("%d findings before the term", len(rv.found))
	}
	v := newTestSettingsView(t, s, "office", rv.setRules)
	if v.rules.add.Disabled() {
		t.Fatal("the 公开办 cannot add a term")
	}
	v.showTab("关键词与豁免词")
	assertMarkup(t, "settings_rules.xml", v.win.Canvas())
	before := v.rules.version.Text
	test.Type(v.rules.term, "专案组")
	v.rules.severity.SetSelected("拦截")
	test.Tap(v.rules.add)
	if len(rv.found) != 1 || rv.found[0].Match != "专案组" || rv.found[0].Severity != review.Block || !strings.Contains(rv.verdict.Text, "不得公开") {
		t.Fatalf("re-check after adding 专案组: %+v, %q", rv.found, rv.verdict.Text)
	}
	if v.rules.version.Text == before || !strings.Contains(v.rules.version.Text, "本单位词表第 1 版（张三 修改）") {
		t.Errorf("version %q (was %q)", v.rules.version.Text, before)
	}
	if len(v.rules.office.Terms) != 1 || v.rules.line(0) != "专案组  [拦截]" {
		t.Errorf("office list %+v", v.rules.office.Terms)
	}
	// Import from a list file; a broken file changes nothing.
	v.rules.importList("本局词表.txt", []byte("# 本局\n内部讨论稿\tblock\n专案组\n"))
	if len(v.rules.office.Terms) != 2 {
		t.Errorf("after import: %+v", v.rules.office.Terms)
	}
	v.rules.importList("坏词表.txt", []byte("甲\thigh\n"))
	if len(v.rules.office.Terms) != 2 {
		t.Errorf("a broken list changed the office list: %+v", v.rules.office.Terms)
	}
	// Remove the selected term: the draft is clean again.
	v.rules.terms.Select(0)
	test.Tap(v.rules.remove)
	if len(rv.found) != 0 || len(v.rules.office.Terms) != 1 {
		t.Errorf("after removing 专案组: %d findings, office list %+v", len(rv.found), v.rules.office.Terms)
	}
	// The allow-list has no severity.
	v.rules.list.SetSelected(listAllow)
	if !v.rules.severity.Disabled() || !strings.Contains(v.rules.shipped.Text, "不涉及国家秘密") {
		t.Errorf("allow-list tab: severity enabled %v, shipped %q", !v.rules.severity.Disabled(), v.rules.shipped.Text[:40])
	}
}
