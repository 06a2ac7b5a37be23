package archive

import (
	"encoding/json"
	"fmt"
	"sort"
)

// Item returns the item with id. Errors: ErrNotFound.
func (s *Office) Item(id string) (*Item, error) {
	var it *Item
	err := s.view(func(txn kvReader) (err error) { it, err = loadItem(txn, id); return })
	return it, err
}

// ItemByCode returns the filed item with the 档号 code. Errors: ErrNotFound.
func (s *Office) ItemByCode(code string) (*Item, error) {
	var it *Item
	err := s.view(func(txn kvReader) error {
		id, err := txn.get(keyFiled(code))
		if err != nil {
			return fmt.Errorf("档号 %s: %w", code, ErrNotFound)
		}
		it, err = loadItem(txn, string(id))
		return err
	})
	return it, err
}

// Records returns an item's steps in order; Notes its 备考 annotations.
func (s *Office) Records(id string) ([]Record, error) { return listJSON[Record](s, "rec/"+id+"/") }

// Notes returns a filed item's 备考 annotations in order.
func (s *Office) Notes(id string) ([]Note, error) { return listJSON[Note](s, "note/"+id+"/") }

// Boxes returns every box in key order (年度, 保管期限, 机构, 盒号).
func (s *Office) Boxes() ([]Box, error) { return listJSON[Box](s, "box/") }

func listJSON[T any](s *Office, prefix string) ([]T, error) {
	var out []T
	err := s.view(func(txn kvReader) (err error) {
		out, err = listIn[T](txn, prefix)
		return err
	})
	return out, err
}

// listIn decodes every record under prefix, in key order, as txn sees them.
func listIn[T any](txn kvReader, prefix string) ([]T, error) {
	var out []T
	err := txn.scan(keyRange{prefix: []byte(prefix)}, func(key, value []byte) (bool, error) {
		var v T
		if err := json.Unmarshal(value, &v); err != nil {
			return false, fmt.Errorf("%s: %w", key, err)
		}
		out = append(out, v)
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Filter selects items; zero fields select all.
type Filter struct {
	State         State
	Year          int // filing year
	Retention     Retention
	Division      string
	Category      string
	Text          string // substring of 题名, 文号, 档号 or 索引号
	Unfiled       bool   // only items not yet filed
	Uncategorised bool   // only items with no 主动公开目录 category
}

// Items returns one page of the items f selects, ordered by 档号 for filed items and by
// creation time otherwise, and the number selected in all.
func (s *Office) Items(f Filter, offset, limit int) ([]Item, int, error) {
	s.idx.mu.Lock()
	if err := s.current(); err != nil {
		s.idx.mu.Unlock()
		return nil, 0, err
	}
	if s.idx.sorted == nil {
		s.idx.sort()
	}
	var ids []string
	total := 0
	s.idx.each(f, func(e entry) bool {
		if total >= offset && len(ids) < limit {
			ids = append(ids, e.id())
		}
		total++
		return true
	})
	s.idx.mu.Unlock()
	page := make([]Item, 0, len(ids))
	err := s.view(func(txn kvReader) error {
		for _, id := range ids {
			it, err := loadItem(txn, id)
			if err != nil {
				return err
			}
			page = append(page, *it)
		}
		return nil
	})
	return page, total, err
}

// Group is a set of items with a count: a filing group (年度, 保管期限, 机构) of the archive, or
// a 主动公开目录 category.
type Group struct {
	Year      int
	Retention Retention
	Division  string
	Category  string
	Count     int
}

// Groups counts the items f selects by filing group (byCategory false: 年度, 保管期限, 机构,
// with unfiled items in a group of year 0) or by category, in order.
func (s *Office) Groups(f Filter, byCategory bool) ([]Group, error) {
	s.idx.mu.Lock()
	defer s.idx.mu.Unlock()
	if err := s.current(); err != nil {
		return nil, err
	}
	counts := map[Group]int{}
	for e := range s.idx.entries() {
		if !f.matchEntry(e) {
			continue
		}
		g := Group{Category: e.field(eCategory)}
		if !byCategory {
			g = Group{Year: e.year(), Retention: Retention(e.field(eRetention)), Division: e.field(eDivision)}
			if e.code() == "" {
				g = Group{}
			}
		}
		counts[g]++
	}
	out := make([]Group, 0, len(counts))
	for g, n := range counts {
		g.Count = n
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Year != b.Year {
			return a.Year > b.Year // the newest year first, as archivists work
		}
		if a.Retention != b.Retention {
			return retentionRank[a.Retention] < retentionRank[b.Retention]
		}
		if a.Division != b.Division {
			return a.Division < b.Division
		}
		return a.Category < b.Category
	})
	return out, nil
}

// retentionRank orders retentions as DA/T 22 lists them: 永久, 定期30年, 定期10年.
var retentionRank = map[Retention]int{Permanent: 0, Years30: 1, Years10: 2}
