package archive

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/dgraph-io/badger/v4"
)

// Item returns the item with id. Errors: ErrNotFound.
func (s *BadgerStore) Item(id string) (*Item, error) {
	var it *Item
	err := s.db.View(func(txn *badger.Txn) (err error) { it, err = loadItem(txn, id); return })
	return it, err
}

// Records returns an item's steps in order; Notes its 备考 annotations.
func (s *BadgerStore) Records(id string) ([]Record, error) { return listJSON[Record](s, "rec/"+id+"/") }

// Notes returns a filed item's 备考 annotations in order.
func (s *BadgerStore) Notes(id string) ([]Note, error) { return listJSON[Note](s, "note/"+id+"/") }

// Boxes returns every box in key order (年度, 保管期限, 机构, 盒号).
func (s *BadgerStore) Boxes() ([]Box, error) { return listJSON[Box](s, "box/") }

func listJSON[T any](s *BadgerStore, prefix string) ([]T, error) {
	var out []T
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefix), PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var v T
			if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &v) }); err != nil {
				return fmt.Errorf("%s: %w", it.Item().Key(), err)
			}
			out = append(out, v)
		}
		return nil
	})
	return out, err
}

// Filter selects items; zero fields select all.
type Filter struct {
	State     State
	Year      int // filing year
	Retention Retention
	Division  string
	Category  string
	Text      string // substring of 题名, 文号, 档号 or 索引号
}

func (f Filter) match(it *Item) bool {
	switch {
	case f.State != "" && it.State != f.State,
		f.Division != "" && it.Division != f.Division,
		f.Category != "" && it.Category != f.Category:
		return false
	case f.Year != 0 && (it.Filing == nil || it.Filing.Year != f.Year),
		f.Retention != "" && (it.Filing == nil || it.Filing.Retention != f.Retention):
		return false
	}
	if f.Text == "" {
		return true
	}
	code := ""
	if it.Filing != nil {
		code = it.Filing.Code
	}
	for _, field := range []string{it.Title, it.DocNumber, code, it.IndexNo} {
		if strings.Contains(field, f.Text) {
			return true
		}
	}
	return false
}

// Items returns one page of the items f selects, ordered by 档号 for filed items and by
// creation time otherwise, and the number selected in all.
func (s *BadgerStore) Items(f Filter, offset, limit int) ([]Item, int, error) {
	var all []Item
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte("item/"), PrefetchValues: true, PrefetchSize: 256})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var item Item
			if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &item) }); err != nil {
				return fmt.Errorf("%s: %w", it.Item().Key(), err)
			}
			if f.match(&item) {
				all = append(all, item)
			}
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	sort.SliceStable(all, func(i, j int) bool {
		a, b := all[i].Filing, all[j].Filing
		switch {
		case a != nil && b != nil:
			return a.Code < b.Code
		case a != nil || b != nil:
			return a != nil
		}
		return all[i].Created.Before(all[j].Created)
	})
	total := len(all)
	if offset > total {
		offset = total
	}
	return all[offset:min(total, offset+limit)], total, nil
}
