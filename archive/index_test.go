package archive

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// itemsByHand selects from every stored item record what f selects, in listing order, without
// the index: the reference the index's answers are compared with.
func itemsByHand(t *testing.T, s *Office, f Filter) []string {
	t.Helper()
	all, err := listJSON[Item](s, "item/")
	must(t, err)
	var sel []Item
	for _, it := range all {
		code, year, retention, division := "", 0, Retention(""), it.Division
		if fl := it.Filing; fl != nil {
			code, year, retention, division = fl.Code, fl.Year, fl.Retention, fl.Division
		}
		text := f.Text == "" || strings.Contains(it.Title, f.Text) || strings.Contains(it.DocNumber, f.Text) ||
			strings.Contains(code, f.Text) || strings.Contains(it.IndexNo, f.Text)
		if !text || f.State != "" && it.State != f.State || f.Year != 0 && year != f.Year ||
			f.Retention != "" && retention != f.Retention || f.Division != "" && division != f.Division ||
			f.Category != "" && it.Category != f.Category || f.Unfiled && code != "" || f.Uncategorised && it.Category != "" {
			continue
		}
		sel = append(sel, it)
	}
	codeOf := func(it Item) string {
		if it.Filing == nil {
			return ""
		}
		return it.Filing.Code
	}
	slices.SortFunc(sel, func(a, b Item) int {
		ca, cb := codeOf(a), codeOf(b)
		switch {
		case ca != "" && cb != "":
			return strings.Compare(ca, cb)
		case ca != "":
			return -1
		case cb != "":
			return 1
		}
		if c := a.Created.Compare(b.Created); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	ids := make([]string, len(sel))
	for i, it := range sel {
		ids[i] = it.ID
	}
	return ids
}

// TestItemsMatchRecords: the index's selection is what the item records themselves give, in
// the same order, for texts that match one field, several fields of one item, no item, or would
// match only across two fields, with and without the other parts of a filter.
func TestItemsMatchRecords(t *testing.T) {
	dir := t.TempDir()
	must(t, FillSynthetic(dir, 3000, 40))
	s, err := Open(dir)
	must(t, err)
	defer s.Close()
	for _, f := range []Filter{
		{}, {Text: "司法鉴定"}, {Text: "第1号"}, {Text: "2017-Y-LSC"}, {Text: "厦司〔2018〕"}, {Text: "号Z109"}, {Text: "）\x00"},
		{Text: "通知", State: StateFile}, {Text: "通知", Year: 2019, Retention: Years30}, {Text: "1"}, {Text: "不存在的题名"},
		{Unfiled: true}, {Year: 2018, Division: "办公室"},
	} {
		got, total, err := s.Items(f, 0, 1<<20)
		must(t, err)
		want := itemsByHand(t, s, f)
		var ids []string
		for _, it := range got {
			ids = append(ids, it.ID)
		}
		if total != len(want) || fmt.Sprint(ids) != fmt.Sprint(want) {
			t.Errorf("%+v: got %d items (total %d), want %d", f, len(ids), total, len(want))
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

// TestIndexMemory: the sorted index holds an item in an entry and its position in id order,
// without a map by id, under 420 bytes (about 231 run alone, 234 under the race detector, up
// to 284 after other tests whose stores still work in the background); with the map beside
// it, 282 alone; decoded summaries with a search haystack took 555.
func TestIndexMemory(t *testing.T) {
	const n = 3000
	dir := t.TempDir()
	must(t, FillSynthetic(dir, n, 0))
	s, err := Open(dir)
	must(t, err)
	defer s.Close()
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	_, total, err := s.Items(Filter{Text: "通知"}, 0, 10) // builds, sorts and searches the index
	must(t, err)
	s.idx.mu.Lock()
	if s.idx.byID != nil {
		t.Errorf("got a map of %d entries by id beside the sorted index, want none", len(s.idx.byID))
	}
	s.idx.mu.Unlock()
	with := heap()
	s.idx.mu.Lock()
	s.idx.built, s.idx.byID, s.idx.sorted, s.idx.packed, s.idx.starts, s.idx.idOrder = false, nil, nil, "", nil, nil // what the index holds, and nothing else, is freed
	s.idx.mu.Unlock()
	perItem := float64(int64(with)-int64(heap())) / n
	t.Logf("%.0f bytes an item", perItem)
	if total == 0 || perItem > 420 {
		t.Errorf("got %.0f bytes an item held after a search of %d items (%d found), want at most 420", perItem, n, total)
	}
}

// TestEntry: an entry gives back every field of the summary it was laid out from, reading one
// allocates nothing, and a text matches within one searchable field, never across two.
func TestEntry(t *testing.T) {
	for _, sm := range []summary{
		{ID: "01J0000000000000000000000A", Title: "关于印发《2016年政务公开工作要点》的通知", DocNumber: "厦司〔2016〕1号",
			IndexNo: "ABC-2016-00001", Category: "规划计划", Division: "办公室", State: StateFile, Code: "Z109-2016-Y-BGS-0001",
			Year: 2016, Retention: Permanent, Created: time.Date(2016, 3, 1, 9, 30, 0, 123, time.UTC)},
		{ID: "x", Created: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)},
		{ID: "y", Title: strings.Repeat("长", 30000), Year: -1, Created: time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		e := newEntry(sm)
		if got := e.summary(); got != sm {
			t.Errorf("got %+v, want %+v", got, sm)
		}
	}
	e := newEntry(summary{ID: "01J", Title: "通知", DocNumber: "厦司〔2016〕1号", Code: "Z109", IndexNo: "ABC", Division: "办公室", Year: 2016})
	if allocs := testing.AllocsPerRun(100, func() { _ = e.summary() }); allocs != 0 {
		t.Errorf("got %.0f allocations reading an entry, want 0", allocs)
	}
	for _, c := range []struct {
		f    Filter
		want bool
	}{
		{Filter{}, true},
		{Filter{Text: "通知"}, true},
		{Filter{Text: "1号"}, true},
		{Filter{Text: "Z109"}, true},
		{Filter{Text: "ABC"}, true},
		{Filter{Text: "01J"}, false},      // the id is not searched
		{Filter{Text: "办公室"}, false},      // nor the division
		{Filter{Text: "知厦"}, false},       // across 题名 and 文号
		{Filter{Text: "通知\x00厦司"}, false}, // across, spelt with the separator
		{Filter{Text: "\x00"}, false},
		{Filter{Text: "通知", Year: 2016, Division: "办公室"}, true},
		{Filter{Text: "通知", Year: 2017}, false},
		{Filter{Unfiled: true}, false},
		{Filter{Uncategorised: true}, true},
	} {
		if got := c.f.matchEntry(e); got != c.want {
			t.Errorf("%+v: got %v, want %v", c.f, got, c.want)
		}
	}
}

// TestIndexAfterSort: once sorted, the index finds an item by id, counts and lists its items
// without a map by id. (Changes after a sort, which bring the map back until the next sort, are
// changes_test.go's and the workflow tests'.)
func TestIndexAfterSort(t *testing.T) {
	const n = 50
	dir := t.TempDir()
	must(t, FillSynthetic(dir, n, 0))
	s, err := Open(dir)
	must(t, err)
	defer s.Close()
	items, total, err := s.Items(Filter{}, 0, n)
	must(t, err)
	if total != n {
		t.Fatalf("got %d items, want %d", total, n)
	}
	s.idx.mu.Lock()
	listed := 0
	for range s.idx.entries() {
		listed++
	}
	if got := s.idx.count(); got != n || listed != n {
		t.Errorf("got count %d and %d entries listed, want %d", got, listed, n)
	}
	for _, it := range items {
		if !s.idx.has(it.ID) {
			t.Errorf("has(%s): got false, want true", it.ID)
		}
	}
	for _, id := range []string{"", "0", "zzzz", items[0].ID + "0"} {
		if s.idx.has(id) {
			t.Errorf("has(%q): got true, want false", id)
		}
	}
	s.idx.mu.Unlock()
}
