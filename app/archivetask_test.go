package main

import (
	"testing"

	"shendang.gov.cn/shendang/archive"
)

// TestArchiveOpensOnWork: an archivist with items waiting sees 待建档 first; others the filed
// archive. A boxing task opens 装盒 on its group.
func TestArchiveOpensOnWork(t *testing.T) {
	s := busyOffice(t)
	for _, tt := range []struct {
		user, want string
	}{{"archivist", statePending}, {"office", stateFiled}} {
		v := newTestArchiveView(t, s, tt.user)
		v.openOnWork()
		if v.state.Selected != tt.want {
			t.Errorf("%s: 归档 opens on %q, want %q", tt.user, v.state.Selected, tt.want)
		}
	}
	v := newTestArchiveView(t, s, "archivist")
	tasks, err := s.Tasks("archivist")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range tasks {
		if k.Kind != archive.TaskBox {
			continue
		}
		v.showTask(k)
		if v.node != "y2016/D10/BGS" || v.win.Canvas().Overlays().Top() == nil || !containsText(shown(v.win.Canvas()), "起件号") {
			t.Errorf("a boxing task: node %q, dialog %v", v.node, v.win.Canvas().Overlays().Top() != nil)
		}
		return
	}
	t.Fatal("no boxing task in the busy office")
}
