package archive

import (
	"errors"
	"strings"
	"testing"

	"shendang.gov.cn/shendang/review"
)

func TestOfficeRules(t *testing.T) {
	o := newOffice(t)
	r, err := o.OfficeRules()
	must(t, err)
	if r.Revision != 0 || len(r.Terms)+len(r.Allow) != 0 {
		t.Fatalf("fresh store has office rules %+v", r)
	}

	added, err := o.AddRuleTerms("office", TermList, []review.Term{{Text: "  专案组 ", Severity: review.Block}, {Text: "内部讨论稿", Severity: review.Warn}})
	must(t, err)
	if added != 2 {
		t.Errorf("added %d, want 2", added)
	}
	// The same term again, spaced differently and with another severity: a change, not a copy.
	added, err = o.AddRuleTerms("admin", TermList, []review.Term{{Text: "内部 讨论稿", Severity: review.Block}})
	must(t, err)
	if added != 0 {
		t.Errorf("re-adding a term counted as new")
	}
	_, err = o.AddRuleTerms("office", AllowList, []review.Term{{Text: "会议纪要的格式", Severity: review.Warn}})
	must(t, err)
	must(t, o.RemoveRuleTerm("admin", TermList, "专案组"))

	r, err = o.OfficeRules()
	must(t, err)
	if r.Revision != 4 || r.By != "admin" {
		t.Errorf("revision %d by %q, want 4 by admin", r.Revision, r.By)
	}
	if len(r.Terms) != 1 || r.Terms[0].Text != "内部讨论稿" || r.Terms[0].Severity != review.Block ||
		r.Terms[0].Category != review.CatSensitiveTerm || r.Terms[0].Basis != review.BasisUser {
		t.Errorf("terms %+v", r.Terms)
	}
	if len(r.Allow) != 1 || r.Allow[0].Text != "会议纪要的格式" {
		t.Errorf("allow %+v", r.Allow)
	}

	log, err := o.Audit(1, 1000)
	must(t, err)
	var lines []string
	for _, e := range log {
		if e.Action == "rules" {
			lines = append(lines, e.Actor+" "+e.Detail)
		}
	}
	want := []string{
		"office 第1版：关键词表 添加 专案组（拦截）",
		"office 第1版：关键词表 添加 内部讨论稿（提示）",
		"admin 第2版：关键词表 修改 内部讨论稿（提示 → 拦截）",
		"office 第3版：豁免词表 添加 会议纪要的格式",
		"admin 第4版：关键词表 删除 专案组",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

func TestOfficeRulesRefused(t *testing.T) {
	o := newOffice(t)
	must2 := func(_ int, err error) error { return err }
	wantErr(t, "drafter adds", must2(o.AddRuleTerms("drafter", TermList, []review.Term{{Text: "甲", Severity: review.Warn}})), ErrPermission)
	wantErr(t, "archivist removes", o.RemoveRuleTerm("archivist", AllowList, "甲"), ErrPermission)
	wantErr(t, "remove a shipped term", o.RemoveRuleTerm("admin", TermList, "绝密"), ErrNotFound)
	// The office's allow-list quiets warn terms only: not a mark, an identifier, a blocking term.
	for _, phrase := range []string{"秘密★1年", "电话13812345678", "本文件为内部资料", "身份证号11010519491231002X", "一句平常的话"} {
		err := must2(o.AddRuleTerms("office", AllowList, []review.Term{{Text: phrase}}))
		if msg, _ := Message(err); !errors.Is(err, ErrInvalid) || !strings.Contains(msg, "“"+phrase+"”") {
			t.Errorf("allow %q: %v", phrase, err)
		}
	}
	for _, bad := range []review.Term{
		{Text: "  ", Severity: review.Warn},
		{Text: "甲\n乙", Severity: review.Warn},
		{Text: "甲#", Severity: review.Warn},
		{Text: strings.Repeat("长", maxTermRunes+1), Severity: review.Warn},
		{Text: "甲", Severity: "high"},
	} {
		wantErr(t, "bad term "+bad.Text, must2(o.AddRuleTerms("admin", TermList, []review.Term{{Text: "好词", Severity: review.Warn}, bad})), ErrInvalid)
	}
	wantErr(t, "unknown list", must2(o.AddRuleTerms("admin", "other", []review.Term{{Text: "甲", Severity: review.Warn}})), ErrInvalid)
	// Nothing refused was stored, not even the good term in a batch with a bad one.
	r, err := o.OfficeRules()
	must(t, err)
	if r.Revision != 0 || len(r.Terms) != 0 {
		t.Errorf("refused changes stored: %+v", r)
	}
}
