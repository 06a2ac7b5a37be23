package archive

import (
	"slices"
	"strings"
	"unicode"
)

// A 文号 (发文字号) names one document: 思司〔2026〕15号. Two items under one 文号 are most
// often the same document proposed twice, so 提出 asks before making a second. The year is
// written with 〔〕 by GB/T 9704, but drafts carry [], ［］, 【】 or () as well, and spaces and
// full-width digits slip in: those are one 文号.

// docNumberKey is the form two ways of writing one 文号 share: no spaces, the year's brackets as
// 〔〕, full-width letters and digits as ASCII. "" for no 文号.
func docNumberKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			continue
		case strings.ContainsRune("[［【(（", r):
			r = '〔'
		case strings.ContainsRune("]］】)）", r):
			r = '〕'
		case r >= '！' && r <= '～': // full-width ASCII forms
			r -= '！' - '!'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// SameDocNumber returns the items whose 文号 is docNo however it is written (see
// docNumberKey), oldest first; none for an empty docNo.
func (s *Office) SameDocNumber(docNo string) ([]Item, error) {
	key := docNumberKey(docNo)
	if key == "" {
		return nil, nil
	}
	s.idx.mu.Lock()
	if err := s.current(); err != nil {
		s.idx.mu.Unlock()
		return nil, err
	}
	var ids []string
	for e := range s.idx.entries() {
		if docNumberKey(e.field(eDocNumber)) == key {
			ids = append(ids, e.id())
		}
	}
	s.idx.mu.Unlock()
	var same []Item
	err := s.view(func(txn kvReader) error {
		for _, id := range ids {
			it, err := loadItem(txn, id)
			if err != nil {
				return err
			}
			same = append(same, *it)
		}
		return nil
	})
	slices.SortFunc(same, func(a, b Item) int { return a.Created.Compare(b.Created) })
	return same, err
}
