package archive

import (
	"fmt"
	"testing"
)

// TestSearchMatchesItemByItem: the haystack search gives exactly what comparing each item's
// fields gives, in the same order, for texts that match one field, several fields of one item,
// no item, or would match only across two fields.
func TestSearchMatchesItemByItem(t *testing.T) {
	dir := t.TempDir()
	must(t, FillSynthetic(dir, 3000, 40))
	s, err := Open(dir)
	must(t, err)
	defer s.Close()
	for _, f := range []Filter{
		{Text: "司法鉴定"}, {Text: "第1号"}, {Text: "2017-Y-LSC"}, {Text: "厦司〔2018〕"}, {Text: "号Z109"}, {Text: "）\x00"},
		{Text: "通知", State: StateFile}, {Text: "通知", Year: 2019, Retention: Years30}, {Text: "1"}, {Text: "不存在的题名"},
	} {
		got, total, err := s.Items(f, 0, 1<<20)
		must(t, err)
		var want []string
		s.idx.mu.Lock()
		for _, sm := range s.idx.sorted {
			if f.matchSummary(sm) {
				want = append(want, sm.ID)
			}
		}
		s.idx.mu.Unlock()
		var ids []string
		for _, it := range got {
			ids = append(ids, it.ID)
		}
		if total != len(want) || fmt.Sprint(ids) != fmt.Sprint(want) {
			t.Errorf("%+v: %d found, want %d", f, total, len(want))
		}
	}
	// Paging through a search gives the same items as one page.
	all, total, err := s.Items(Filter{Text: "通知（第1"}, 0, 1<<20)
	must(t, err)
	page, _, err := s.Items(Filter{Text: "通知（第1"}, 7, 5)
	must(t, err)
	idsOf := func(items []Item) (ids []string) {
		for _, it := range items {
			ids = append(ids, it.ID)
		}
		return ids
	}
	if total < 12 || fmt.Sprint(idsOf(page)) != fmt.Sprint(idsOf(all[7:12])) {
		t.Errorf("page 7–12 of %d differs from the whole list", total)
	}
}
