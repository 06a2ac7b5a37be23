package archive

import (
	"sync"

	"shendang.gov.cn/shendang/assets"
	"shendang.gov.cn/shendang/review"
)

// ShippedLists returns the keyword list and allow-list that come with 审档. They are part of
// the program: an error here is a build defect.
func ShippedLists() (terms, allow []review.Term, err error) {
	terms, err = review.ParseList("默认关键词表", assets.DefaultRules())
	if err != nil {
		return nil, nil, err
	}
	allow, err = review.ParseList("默认豁免词表", assets.AllowList())
	return terms, allow, err
}

// ComposeRuleSet is the rule set of an office: the shipped lists, then the office's own lists,
// then any extra lists (the command line's --rules and --allow). Its Version is the same on
// every workstation that has the same lists, and changes with any of them; a check records it.
//
// An allow-list phrase of the office's own, or an extra one, hides only the warn keyword terms
// inside it (review.Term.WarnOnly): it is added in a moment, for the whole office and every
// later draft, so it may quiet ordinary wording that cries wolf, never a classification mark, a
// personal identifier or a term that blocks; those a reviewer dismisses draft by draft, with a
// reason, at 保密审查 (docs/domain.md §3).
func ComposeRuleSet(office OfficeRules, extraTerms, extraAllow []review.Term) (*review.RuleSet, error) {
	terms, allow, err := ShippedLists()
	if err != nil {
		return nil, err
	}
	terms = append(append(terms, office.Terms...), extraTerms...)
	for _, list := range [][]review.Term{office.Allow, extraAllow} {
		for _, t := range list {
			t.WarnOnly = true
			allow = append(allow, t)
		}
	}
	return review.NewRuleSet(terms, allow), nil
}

// ruleCache keeps the rule set built for the office's lists at one revision: building it
// compiles every term, which a 保密审查 should not pay for again and again.
type ruleCache struct {
	mu       sync.Mutex
	revision int
	set      *review.RuleSet
}

// RuleSet returns the rule set in force: the shipped lists with the office's lists as the
// store holds them now.
func (s *Office) RuleSet() (*review.RuleSet, error) {
	office, err := s.OfficeRules()
	if err != nil {
		return nil, err
	}
	return s.rules.get(office)
}

func (c *ruleCache) get(office OfficeRules) (*review.RuleSet, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.set != nil && c.revision == office.Revision {
		return c.set, nil
	}
	set, err := ComposeRuleSet(office, nil, nil)
	if err != nil {
		return nil, err
	}
	c.set, c.revision = set, office.Revision
	return set, nil
}
