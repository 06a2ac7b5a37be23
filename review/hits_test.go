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

func TestSplitPieces(t *testing.T) {
	tests := []struct {
		name         string
		text         string
		size, margin int
		want         []piece
	}{
		{"short text is one piece", "政务公开", 64, 2, []piece{{0, 0, 12, 12}}},
		{"cut at a character's start, with margins of kept characters", "甲乙丙丁", 4, 1,
			[]piece{{0, 0, 6, 9}, {3, 6, 12, 12}}},
		{"spaces are not kept: the margin reaches past them", "甲  乙丙", 3, 1,
			[]piece{{0, 0, 3, 8}, {0, 3, 8, 11}, {5, 8, 11, 11}}},
	}
	for _, tt := range tests {
		if got := splitPieces(tt.text, tt.size, tt.margin); !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

// TestFindingCaps: past maxPerRule findings of one rule, the rest is one summary finding that
// counts them.
func TestFindingCaps(t *testing.T) {
	rs := NewRuleSet([]Term{{Text: "内部资料", Category: CatInternalMarking, Severity: Warn, Rule: "m"}}, nil)
	fs := rs.Check(textDoc(strings.Repeat("内部资料。", maxPerRule+5)))
	if got, want := len(fs), maxPerRule+1; got != want {
		t.Fatalf("got %d findings, want %d", got, want)
	}
	last := fs[len(fs)-1]
	if last.Match != "" || !strings.Contains(last.Context, "另有 5 处内部标识") || last.Severity != Warn {
		t.Errorf("got summary %+v, want a warn finding counting 5 more", last)
	}
}
