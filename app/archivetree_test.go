package main

import (
	"regexp"
	"strconv"
	"testing"
)

// TestTreeCountsEqualTheirLists: every node of the archive tree, in both groupings and under
// every state, counts exactly the items its list shows.
func TestTreeCountsEqualTheirLists(t *testing.T) {
	s := busyOffice(t)
	v := newTestArchiveView(t, s, "archivist")
	count := regexp.MustCompile(`（(\d+)）$`)
	var walk func(uid string) int
	nodes := 0
	walk = func(uid string) int {
		n := 0
		for _, child := range v.childNodes(uid) {
			nodes++
			label := v.nodeLabel(child)
			m := count.FindStringSubmatch(label)
			if m == nil {
				t.Fatalf("node %s reads %q: no count", child, label)
			}
			want, _ := strconv.Atoi(m[1])
			v.onNode(child)
			if v.total != want {
				t.Errorf("%s / %s: node %q counts %d, its list shows %d", v.state.Selected, v.byCategory.Selected, label, want, v.total)
			}
			if v.isBranch(child) {
				walk(child)
			}
			n += want
		}
		return n
	}
	for _, grouping := range v.byCategory.Options {
		for _, state := range v.state.Options {
			v.byCategory.SetSelected(grouping)
			v.state.SetSelected(state)
			v.node = ""
			if err := v.reload(); err != nil {
				t.Fatal(err)
			}
			total := v.total
			if sum := walk(""); sum != total {
				t.Errorf("%s / %s: the top nodes count %d, the whole list %d", state, grouping, sum, total)
			}
		}
	}
	if nodes < 8 {
		t.Errorf("only %d nodes walked: the office is too empty to mean anything", nodes)
	}
}
