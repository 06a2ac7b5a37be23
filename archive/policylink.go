package archive

import (
	"fmt"
	"slices"
	"strings"
)

// A 政策解读 is published within 3 working days of the day the policy it interprets was issued.
// When that policy is itself an item of the store, the drafter links the 解读 to it at 提出
// instead of typing its date: the store reads the date (its 成文日期) from the linked item, so
// the clock starts on the date the office recorded for the policy, and the link shows on the
// item sheet and in 归档.

// PolicyLink is the policy document a 政策解读 interprets: the linked item's id, as the drafter
// chose it, and its 题名, 文号 and 成文日期 as they stood at 提出 (filled in by the store).
type PolicyLink struct {
	ID        string
	Title     string `json:",omitempty"`
	DocNumber string `json:",omitempty"`
	DocDate   string `json:",omitempty"`
}

// Label names the linked policy for a line: 《题名》（文号，2016-06-29 成文）.
func (p *PolicyLink) Label() string {
	var parts []string
	if p.DocNumber != "" {
		parts = append(parts, p.DocNumber)
	}
	if p.DocDate != "" {
		parts = append(parts, p.DocDate+" 成文")
	}
	if len(parts) == 0 {
		return "《" + p.Title + "》"
	}
	return "《" + p.Title + "》（" + strings.Join(parts, "，") + "）"
}

// linkPolicy completes it's link to the policy it interprets from the linked item as txn holds
// it, and takes that item's 成文日期 as the clock's start. An item without a link is left as it
// is. Errors: ErrInvalid (an item that is not a 政策解读, or a link to a 政策解读), ErrNotFound
// (no such item).
func linkPolicy(txn kvReader, it *Item) error {
	if it.Policy == nil {
		return nil
	}
	if !it.TimeLimited() {
		return fail(ErrInvalid, "只有政策解读可以关联所解读的政策；“%s”的主动公开目录是“%s”。", it.Title, it.Category)
	}
	p, err := loadItem(txn, it.Policy.ID)
	if err != nil {
		return fail(ErrNotFound, "找不到所解读的政策（编号 %s），可能已被删除；请重新选择。", it.Policy.ID)
	}
	if p.TimeLimited() {
		return fail(ErrInvalid, "“%s”本身是政策解读，不能作为所解读的政策；请选择政策文件本身。", p.Title)
	}
	it.Policy = &PolicyLink{ID: p.ID, Title: p.Title, DocNumber: p.DocNumber, DocDate: p.DocDate}
	it.PolicyDate = p.DocDate
	return nil
}

// PolicyCandidates returns the items a 政策解读 may be linked to whose 题名, 文号, 档号 or 索引号
// contain text (every item for ""): any item that is not itself a 政策解读, at most limit, those
// of the policy categories (policyCategory) first, each group in the order Items lists them.
// Errors: the store's.
func (s *Office) PolicyCandidates(text string, limit int) ([]Item, error) {
	st, err := s.Settings()
	if err != nil {
		return nil, fmt.Errorf("policy candidates: %w", err)
	}
	text = strings.TrimSpace(text)
	var out []Item
	seen := map[string]bool{}
	for _, c := range st.Categories() {
		if !policyCategory(c) {
			continue
		}
		_, leaf, _ := strings.Cut(c, "/") // an item may name the category by its last part alone
		for _, name := range slices.Compact([]string{c, leaf}) {
			if name == "" {
				continue
			}
			if out, err = s.appendCandidates(out, seen, Filter{Text: text, Category: name}, limit); err != nil {
				return nil, err
			}
		}
	}
	return s.appendCandidates(out, seen, Filter{Text: text}, limit)
}

// policyCategory reports whether items of the 主动公开目录 category are policy documents a
// 解读 interprets: the category or one above it is 政策法规, or it counts in table 二 as 规章 or
// 行政规范性文件 (RegulationKind).
func policyCategory(category string) bool {
	return slices.Contains(strings.Split(category, "/"), "政策法规") || RegulationKind(category) != ""
}

// appendCandidates appends to out the items f selects that may be linked to and are not in
// seen, until out holds limit.
func (s *Office) appendCandidates(out []Item, seen map[string]bool, f Filter, limit int) ([]Item, error) {
	for offset := 0; len(out) < limit; offset += 200 {
		page, total, err := s.Items(f, offset, 200)
		if err != nil {
			return nil, fmt.Errorf("policy candidates: %w", err)
		}
		for _, it := range page {
			if !it.TimeLimited() && !seen[it.ID] && len(out) < limit {
				seen[it.ID] = true
				out = append(out, it)
			}
		}
		if offset+len(page) >= total || len(page) == 0 {
			break
		}
	}
	return out, nil
}
