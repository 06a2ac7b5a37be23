package archive

import (
	"testing"

	"shendang.gov.cn/shendang/review"
)

func TestShippedLists(t *testing.T) {
	terms, allow, err := ShippedLists()
	if err != nil {
		t.Fatalf("got %v, want the shipped lists to parse", err)
	}
	if len(terms) == 0 || len(allow) == 0 {
		t.Errorf("got %d terms and %d allowed phrases, want both lists non-empty", len(terms), len(allow))
	}
}

func TestComposeRuleSetVersion(t *testing.T) {
	shipped, err := ComposeRuleSet(OfficeRules{}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	own := review.Term{Text: "内部讨论稿", Severity: review.Warn}
	tests := []struct {
		name        string
		office      OfficeRules
		terms       []review.Term
		allow       []review.Term
		wantShipped bool
	}{
		{"nothing added", OfficeRules{}, nil, nil, true},
		{"the office's term", OfficeRules{Terms: []review.Term{own}}, nil, nil, false},
		{"an extra term", OfficeRules{}, []review.Term{own}, nil, false},
		{"an extra allowed phrase", OfficeRules{}, nil, []review.Term{{Text: "讨论稿件"}}, false},
	}
	for _, tt := range tests {
		rs, err := ComposeRuleSet(tt.office, tt.terms, tt.allow)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if got := rs.Version == shipped.Version; got != tt.wantShipped {
			t.Errorf("%s: got version %s (shipped %s), want same=%v", tt.name, rs.Version, shipped.Version, tt.wantShipped)
		}
	}
}

func TestRuleSetFollowsTheOfficeRules(t *testing.T) {
	o := newOffice(t)
	before, err := o.RuleSet()
	must(t, err)
	again, err := o.RuleSet()
	must(t, err)
	if again != before {
		t.Errorf("RuleSet twice: got a new set, want the kept one")
	}
	_, err = o.AddRuleTerms("office", TermList, []review.Term{{Text: "内部讨论稿", Severity: review.Warn}})
	must(t, err)
	after, err := o.RuleSet()
	must(t, err)
	if after.Version == before.Version {
		t.Errorf("after AddRuleTerms: got version %s, want another than %s", after.Version, before.Version)
	}
}
