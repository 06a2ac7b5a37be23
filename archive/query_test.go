package archive

import (
	"fmt"
	"strings"
	"testing"
)

func TestItemsFilterAndSearch(t *testing.T) {
	o := newOffice(t)
	other := seedDraft
	other.Title, other.DocNumber, other.Category = "关于律师事务所年度检查考核的公告", "厦司〔2016〕71号", "行政许可"
	a := o.propose(t, seedDraft)
	b := o.propose(t, other)
	o.through(t, a.ID)
	_, err := o.FileItem("archivist", a.ID, FilingRequest{Year: 2016, Pages: 3})
	must(t, err)

	tests := []struct {
		name string
		f    Filter
		want []string
	}{
		{"all, filed first", Filter{}, []string{a.ID, b.ID}},
		{"by state", Filter{State: StatePreliminary}, []string{b.ID}},
		{"by year", Filter{Year: 2016}, []string{a.ID}},
		{"by retention", Filter{Retention: Permanent}, []string{a.ID}},
		{"title substring", Filter{Text: "律师事务所"}, []string{b.ID}},
		{"文号 substring", Filter{Text: "〔2016〕59"}, []string{a.ID}},
		{"档号 substring", Filter{Text: "2016-Y-BGS-0001"}, []string{a.ID}},
		{"索引号", Filter{Text: "XM00103"}, []string{a.ID, b.ID}},
		{"category", Filter{Category: "行政许可"}, []string{b.ID}},
		{"nothing", Filter{Text: "不存在的标题"}, nil},
	}
	for _, tt := range tests {
		items, total, err := o.Items(tt.f, 0, 10)
		must(t, err)
		var got []string
		for _, it := range items {
			got = append(got, it.ID)
		}
		if total != len(tt.want) || strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("%s: got %v (total %d), want %v", tt.name, got, total, tt.want)
		}
	}
	page, total, err := o.Items(Filter{}, 1, 1)
	must(t, err)
	if total != 2 || len(page) != 1 || page[0].ID != b.ID {
		t.Errorf("second page: %d of %d", len(page), total)
	}
}

func TestGroups(t *testing.T) {
	o := newOffice(t)
	file := func(d Draft, req FilingRequest) {
		it := o.propose(t, d)
		o.through(t, it.ID)
		if req.Year != 0 {
			_, err := o.FileItem("archivist", it.ID, req)
			must(t, err)
		}
	}
	other := seedDraft
	other.Category = "人事信息"
	file(seedDraft, FilingRequest{Year: 2016, Pages: 1})              // 规范性文件: 永久
	file(seedDraft, FilingRequest{Year: 2016, Pages: 1})              // the same group
	file(other, FilingRequest{Year: 2016, Pages: 1})                  // default 定期10年
	file(other, FilingRequest{Year: 2015, Pages: 1, Division: "LSC"}) // filed under another 机构
	file(other, FilingRequest{})                                      // published, not filed
	gs, err := o.Groups(Filter{}, false)
	must(t, err)
	got := fmt.Sprint(gs)
	want := "[{2016 Y BGS  2} {2016 D10 BGS  1} {2015 D10 LSC  1} {0    1}]"
	if got != want {
		t.Errorf("filing groups %s, want %s", got, want)
	}
	gs, err = o.Groups(Filter{State: StateFiled}, true)
	must(t, err)
	if got := fmt.Sprint(gs); got != "[{0   人事信息 2} {0   规范性文件 2}]" {
		t.Errorf("category groups %s", got)
	}
	// The 机构 a filed item is listed and filtered under is the one it was filed under.
	items, n, err := o.Items(Filter{Division: "LSC"}, 0, 10)
	must(t, err)
	if n != 1 || items[0].Filing.Division != "LSC" || items[0].Division != "BGS" {
		t.Errorf("LSC has %d items: %+v", n, items)
	}
}
