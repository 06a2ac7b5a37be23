package review

import (
	"errors"
	"slices"
	"testing"
)

// TestDefaultListParses: the shipped keyword and allow lists parse, and every term has a basis,
// a rule and a known category.
func TestDefaultListParses(t *testing.T) {
	rs := defaultRules(t)
	if len(rs.Terms) < 40 || len(rs.Allow) < 10 || len(rs.Version) != 12 {
		t.Errorf("%d terms, %d allowed, version %q", len(rs.Terms), len(rs.Allow), rs.Version)
	}
	for _, term := range rs.Terms {
		if term.Basis == "" || term.Rule == "" || !categories[term.Category] {
			t.Errorf("term %q from %s lacks a basis, rule or category", term.Text, term.Source)
		}
	}
}

func TestParseList(t *testing.T) {
	data := []byte("\ufeff# 本局关键词\n内部资料\tblock\n  \n征求意见稿  # 过程稿\n@category internal_marking\n@basis 条例第十六条\n内部通报\twarn\n专案组\t拦截\n")
	terms, err := ParseList("office.txt", data)
	if err != nil {
		t.Fatal(err)
	}
	want := []Term{
		{Text: "内部资料", Category: CatSensitiveTerm, Severity: Block, Basis: BasisUser, Rule: "sensitive_term", Source: "office.txt:2"},
		{Text: "征求意见稿", Category: CatSensitiveTerm, Severity: Warn, Basis: BasisUser, Rule: "sensitive_term", Source: "office.txt:4"},
		{Text: "内部通报", Category: CatInternalMarking, Severity: Warn, Basis: "条例第十六条", Rule: "internal_marking", Source: "office.txt:7"},
		{Text: "专案组", Category: CatInternalMarking, Severity: Block, Basis: "条例第十六条", Rule: "internal_marking", Source: "office.txt:8"},
	}
	if !slices.Equal(terms, want) {
		t.Errorf("got %+v\nwant %+v", terms, want)
	}
	for name, bad := range map[string]string{
		"bad severity":  "内部资料\tstop\n",
		"bad category":  "@category secrets\n",
		"bad directive": "@colour red\n",
		"empty term":    "\u3000\tblock\n",
	} {
		if _, err := ParseList("bad.txt", []byte(bad)); !errors.Is(err, ErrRuleList) {
			t.Errorf("%s: %v, want ErrRuleList", name, err)
		}
	}
	if _, err := ParseList("bad.txt", []byte("a\nb\tstop\n")); err == nil || err.Error() != `invalid keyword list: bad.txt:2: severity "stop", want block or warn` {
		t.Errorf("error %v does not name file and line", err)
	}
}

func TestRuleSetVersion(t *testing.T) {
	a := NewRuleSet([]Term{{Text: "甲", Severity: Warn}}, nil)
	b := NewRuleSet([]Term{{Text: "甲", Severity: Block}}, nil)
	c := NewRuleSet([]Term{{Text: "甲", Severity: Warn}}, nil)
	d := NewRuleSet([]Term{{Text: "甲", Severity: Warn}}, []Term{{Text: "甲乙"}})
	if a.Version == b.Version || a.Version != c.Version || a.Version == d.Version {
		t.Errorf("versions %s %s %s %s: want a change for a changed severity or allow-list only", a.Version, b.Version, c.Version, d.Version)
	}
	if e := NewRuleSet([]Term{{Text: "甲", Severity: Warn}, {Text: "甲", Severity: Block}}, nil); len(e.Terms) != 1 || e.Terms[0].Severity != Block {
		t.Errorf("duplicate terms %+v, want one, block", e.Terms)
	}
}
