package archive

import (
	"context"
	"slices"
	"sync"

	"shendang.gov.cn/shendang/review"
)

// StoredCheck is the secrecy check of an item's current revision as the store computes it: the
// document read from the stored file and the findings of the rule set in force. It is what the
// 保密审查 gate decides on, and what the window shows the reviewer, so the two never differ.
type StoredCheck struct {
	ItemID       string
	Revision     int
	SHA256       string
	RulesVersion string
	Document     *review.Document
	Findings     []review.Finding
}

// Verdict is the check's verdict with the dispositions given.
func (c *StoredCheck) Verdict(disp map[string]review.Disposition) review.Verdict {
	return review.Decide(c.Findings, disp)
}

// has reports whether the check holds a finding with the fingerprint.
func (c *StoredCheck) has(fp string) bool {
	return slices.ContainsFunc(c.Findings, func(f review.Finding) bool { return f.Fingerprint == fp })
}

// CheckItem reads the item's current revision as stored and checks it with the office's rule
// set in force. The result is kept for the same file and rule set, so the gate at 保密审查 does
// not read the file again after the window has shown it.
// Errors: ErrNotFound; a *review.ReadError when the stored file cannot be read.
func (s *Office) CheckItem(ctx context.Context, id string) (*StoredCheck, error) {
	it, err := s.Item(id)
	if err != nil {
		return nil, err
	}
	rules, err := s.RuleSet()
	if err != nil {
		return nil, err
	}
	cur := it.Current()
	key := checkKey{sha: cur.SHA256, name: cur.Name, rules: rules.Version}
	if c := s.checks.get(key); c != nil {
		return &StoredCheck{ItemID: id, Revision: cur.N, SHA256: cur.SHA256, RulesVersion: rules.Version, Document: c.doc, Findings: c.findings}, nil
	}
	data, err := s.Blob(cur.SHA256)
	if err != nil {
		return nil, err
	}
	doc, found, err := review.NewReader().CheckBytes(ctx, rules, cur.Name, data)
	if err != nil {
		return nil, err
	}
	s.checks.put(key, &checked{doc: doc, findings: found})
	return &StoredCheck{ItemID: id, Revision: cur.N, SHA256: cur.SHA256, RulesVersion: rules.Version, Document: doc, Findings: found}, nil
}

// checkKey names one check: a stored file, under its name (the name gives the format), and a
// rule set.
type checkKey struct{ sha, name, rules string }

type checked struct {
	doc      *review.Document
	findings []review.Finding
}

// checkCache keeps the last few checks; a document is read once however often the reviewer
// opens it and decides on it.
type checkCache struct {
	mu    sync.Mutex
	order []checkKey
	by    map[checkKey]*checked
}

// checksKept bounds the cache: a draft's text can be megabytes.
const checksKept = 8

func (c *checkCache) get(k checkKey) *checked {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.by[k]
}

func (c *checkCache) put(k checkKey, v *checked) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.by == nil {
		c.by = map[checkKey]*checked{}
	}
	if _, ok := c.by[k]; !ok {
		c.order = append(c.order, k)
	}
	c.by[k] = v
	for len(c.order) > checksKept {
		delete(c.by, c.order[0])
		c.order = c.order[1:]
	}
}
