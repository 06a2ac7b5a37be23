package archive

import (
	"testing"
)

// otherDesk is a second Office over the same engine as o: another workstation of the office,
// as far as the rules can tell (each Office has its own index and caches). The engine stays
// o's to close.
func otherDesk(o *office) *Office {
	return &Office{e: o.e, Now: o.Now}
}

// TestOtherDesksWrites acts at one desk and reads at another after each step: the other desk's
// lists, searches, counts and 待办 follow, and Changed moves exactly when something was written.
func TestOtherDesksWrites(t *testing.T) {
	o := newOffice(t)
	other := otherDesk(o)
	first := o.propose(t, seedDraft)
	// The other desk builds its index now, then hears of everything below only from the log.
	if _, total, err := other.Items(Filter{}, 0, 10); err != nil || total != 1 {
		t.Fatalf("other desk's first list: got %d items (%v), want 1", total, err)
	}
	seq, err := other.Changed(0)
	must(t, err)
	if again, err := other.Changed(seq); err != nil || again != seq {
		t.Fatalf("Changed with nothing written: got %d (%v), want %d", again, err, seq)
	}
	var second *Item
	steps := []struct {
		name   string
		do     func()
		filter Filter
		want   int
		tasks  string // a user whose 待办 the step changes
		nTasks int
	}{
		{"a second proposal", func() {
			second = o.propose(t, Draft{Title: "关于律师事务所年度检查考核的通知", Author: "厦门市司法局", Division: "BGS", DocDate: "2016-06-29", Disclosure: Proactive})
		},
			Filter{}, 2, "head", 2},
		{"初审 passed", func() { must(t, o.Decide("head", first.ID, Review{Approve: true, Opinion: "同意"})) },
			Filter{State: StateSecrecy}, 1, "head", 1},
		{"searched by title", func() {}, Filter{Text: "律师事务所"}, 1, "office", 1},
		{"returned", func() { must(t, o.Decide("head", second.ID, Review{Opinion: "请补充依据"})) },
			Filter{State: StateReturned}, 1, "drafter", 1},
		{"through to 待建档", func() {
			must(t, o.Decide("office", first.ID, Review{Approve: true}))
			must(t, o.Decide("leader", first.ID, Review{Approve: true}))
			must(t, o.Publish("office", first.ID, Publication{Channels: []string{"门户网站"}, Date: "2016-07-01"}))
		}, Filter{State: StateFile}, 1, "archivist", 1},
		{"filed", func() {
			if _, err := o.FileItem("archivist", first.ID, FilingRequest{Year: 2016, Pages: 3}); err != nil {
				t.Fatal(err)
			}
		}, Filter{Year: 2016, Retention: Permanent, Division: "BGS"}, 1, "archivist", 1}, // the box to make
	}
	for _, st := range steps {
		before, err := other.Changed(seq)
		must(t, err)
		st.do()
		if seq, err = other.Changed(before); err != nil || (seq == before) != (st.name == "searched by title") {
			t.Errorf("%s: Changed(%d) got %d (%v): want it to move exactly when something was written", st.name, before, seq, err)
		}
		if _, total, err := other.Items(st.filter, 0, 10); err != nil || total != st.want {
			t.Errorf("%s: other desk lists %d items for %+v (%v), want %d", st.name, total, st.filter, err, st.want)
		}
		tasks, err := other.Tasks(st.tasks)
		if err != nil || len(tasks) != st.nTasks {
			t.Errorf("%s: other desk's 待办 of %s: got %d (%v), want %d", st.name, st.tasks, len(tasks), err, st.nTasks)
		}
	}
	groups, err := other.Groups(Filter{}, false)
	must(t, err)
	if len(groups) != 2 || groups[0].Year != 2016 || groups[0].Count != 1 {
		t.Errorf("other desk's groups: got %+v, want the 2016 group with 1 item and the unfiled one", groups)
	}
}

// TestOwnWritesAreNotReadTwice: the index moves past this process's own entries when they
// follow the ones it accounts for, so a catch-up after them reads nothing.
func TestOwnWritesAreNotReadTwice(t *testing.T) {
	o := newOffice(t)
	it := o.propose(t, seedDraft)
	_, _, err := o.Items(Filter{}, 0, 1)
	must(t, err)
	must(t, o.Decide("head", it.ID, Review{Approve: true}))
	head, err := o.LastAudit()
	must(t, err)
	o.idx.mu.Lock()
	seen := o.idx.seen
	o.idx.mu.Unlock()
	if seen != head.Seq {
		t.Errorf("after its own decision the index accounts for entry %d, want %d", seen, head.Seq)
	}
}
