package review

import (
	"slices"
	"strings"
	"testing"
)

func TestAllowListSuppresses(t *testing.T) {
	terms := []Term{{Text: "涉密", Category: CatSensitiveTerm, Severity: Block, Rule: "t"}}
	allow := []Term{{Text: "除涉密信息外"}}
	rs := NewRuleSet(terms, allow)
	fs := rs.Check(textDoc("除涉密信息外，部门预决算应当公开。涉密文件不得公开。"))
	if got := matchesOf(fs, CatSensitiveTerm); !slices.Equal(got, []string{"涉密"}) || !strings.Contains(fs[0].Context, "涉密文件") {
		t.Errorf("findings %+v, want only the second 涉密", fs)
	}
	// An office's own published number, allowed, is not a finding.
	rs = NewRuleSet(nil, []Term{{Text: "13812345678"}})
	if fs := rs.Check(textDoc("监督电话：138 1234 5678")); len(fs) != 0 {
		t.Errorf("allowed number still found: %+v", fs)
	}
}

func TestFindingLocation(t *testing.T) {
	rs := defaultRules(t)
	doc := &Document{Parts: []Part{
		{Kind: PartBody, Page: 3, Text: "第一行\n第二行有内部资料字样，请注意"},
		{Kind: PartRevision, Label: "删除（李四）", Anchor: 7, Text: "机密★5年"},
	}}
	fs := rs.Check(doc)
	if len(fs) < 2 {
		t.Fatalf("findings %+v", fs)
	}
	f := fs[0]
	if f.Match != "内部资料" || f.Part != PartBody || f.Page != 3 || f.Line != 2 || f.Context != "第一行 第二行有内部资料字样，请注意" {
		t.Errorf("body finding %+v", f)
	}
	if f.Basis == "" || f.Rule != "internal-marking" || f.Severity != Block {
		t.Errorf("rule fields %+v", f)
	}
	if r := fs[1]; r.Part != PartRevision || r.Line != 7 || r.Category != CatClassificationMark {
		t.Errorf("revision finding %+v, want line 7 of the body", r)
	}
}

// TestWarnOnlyAllowHidesOnlyWarnTerms: an office's allow-list phrase hides the warn terms in it,
// never a mark, an identifier or a term that blocks.
func TestWarnOnlyAllowHidesOnlyWarnTerms(t *testing.T) {
	terms := []Term{{Text: "会议纪要", Category: CatSensitiveTerm, Severity: Warn, Rule: "t"},
		{Text: "内部资料", Category: CatInternalMarking, Severity: Block, Rule: "m"}}
	office := func(phrase string) *RuleSet {
		return NewRuleSet(terms, []Term{{Text: phrase, WarnOnly: true}})
	}
	tests := []struct {
		phrase, text string
		want         []Category
	}{
		{"会议纪要的格式", "按会议纪要的格式报送。", nil},
		{"本文件为内部资料", "本文件为内部资料。", []Category{CatInternalMarking}},
		{"秘密★1年", "秘密★1年\n正文。", []Category{CatClassificationMark}},
		{"电话13812345678", "电话13812345678", []Category{CatMobilePhone}},
	}
	for _, tt := range tests {
		var got []Category
		for _, f := range office(tt.phrase).Check(textDoc(tt.text)) {
			got = append(got, f.Category)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("allowing %q in %q: findings %v, want %v", tt.phrase, tt.text, got, tt.want)
		}
	}
	if office("甲").Version == NewRuleSet(terms, []Term{{Text: "甲"}}).Version {
		t.Error("a phrase that hides less gives the same rule version")
	}
}
