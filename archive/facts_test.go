package archive

import (
	"bytes"
	"fmt"
	"testing"
	"time"
)

// storedFacts reads the facts stored under stat/, by item id; a value that does not decode is
// stored as nil.
func storedFacts(t *testing.T, s *Office) map[string]*itemFacts {
	t.Helper()
	out := map[string]*itemFacts{}
	must(t, s.view(func(r kvReader) error {
		return r.scan(keyRange{prefix: []byte("stat/")}, func(key, value []byte) (bool, error) {
			f, _ := decodeFacts(value)
			out[string(bytes.TrimPrefix(key, []byte("stat/")))] = f
			return true, nil
		})
	}))
	return out
}

// TestFactsKeptWithItems: every item's stored facts are those of its record and steps, for
// items written in bulk and items taken through the procedure.
func TestFactsKeptWithItems(t *testing.T) {
	o, _ := reportOffice(t, 6, 3)
	items, _, err := o.Items(Filter{}, 0, 1<<30)
	must(t, err)
	stored := storedFacts(t, o.Office)
	for i := range items {
		it := &items[i]
		recs, err := o.Records(it.ID)
		must(t, err)
		if got, want := fmt.Sprintf("%+v", stored[it.ID]), fmt.Sprintf("%+v", factsOf(it, recs)); got != want {
			t.Errorf("%s (%s): got facts %s, want %s", it.ID, it.Title, got, want)
		}
	}
	if len(stored) != len(items) {
		t.Errorf("got %d facts, want one for each of %d items", len(stored), len(items))
	}
}

// versionTwo encodes f as version 2 did: without what the reports read.
func versionTwo(f *itemFacts) []byte {
	b := encodeFacts(f)
	var tail factsWriter
	tail.str(f.DocDate)
	tail.str(f.PolicyDate)
	tail.str(f.ItemDue)
	tail.b = append(tail.b, boolByte(f.Publicized), byte(f.RecordedOnTime))
	tail.str(string(f.Disclosure))
	tail.str(string(f.State))
	b = b[:len(b)-len(tail.b)]
	b[0] = 2
	return b
}

// reportFigures are the figures of 2016 every report and the statistics give, as text.
func reportFigures(t *testing.T, s *Office) string {
	t.Helper()
	st, err := s.Statistics(YearPeriod(2016), StatsFilter{})
	must(t, err)
	progress, err := s.Progress(2016, WholeYear)
	must(t, err)
	quarter, err := s.Quarterly(2016, 2)
	must(t, err)
	annual, err := s.Annual(2016)
	must(t, err)
	return fmt.Sprintf("%+v\n%+v\n%+v\n%d %d", *st, *progress, *quarter, annual.RulesIssued, annual.NormsIssued)
}

// TestFactsUpgrade: a store whose facts an earlier version wrote, or that has none, gives the
// same statistics and reports, and its first statistics store every item's facts again in the
// current version, in the ledger.
func TestFactsUpgrade(t *testing.T) {
	tests := []struct {
		name   string
		change func(key, value []byte, w kvWriter) error
	}{
		{"facts of version 2", func(key, value []byte, w kvWriter) error {
			f, err := decodeFacts(value)
			if err != nil {
				return err
			}
			return w.put(key, versionTwo(f))
		}},
		{"no facts (a store from before statistics)", func(key, _ []byte, w kvWriter) error { return w.del(key) }},
		{"damaged facts", func(key, value []byte, w kvWriter) error { return w.put(key, value[:len(value)/2]) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, _ := reportOffice(t, 6, 3)
			now := func() time.Time { return time.Date(2016, 7, 1, 9, 0, 0, 0, OfficeZone) }
			want := reportFigures(t, &Office{e: o.e, Now: now}) // as a process that has read nothing yet sees it
			stored := storedFacts(t, o.Office)
			raw(t, o.Office, func(w kvWriter) error {
				for id := range stored {
					value := encodeFacts(stored[id])
					if err := tt.change(keyFacts(id), value, w); err != nil {
						return err
					}
				}
				return nil
			})
			if got := storedFacts(t, o.Office); len(got) == len(stored) && got[firstKeyOf(stored)] != nil {
				t.Fatalf("the change left the facts readable")
			}
			upgraded := &Office{e: o.e, Now: now}
			if got := reportFigures(t, upgraded); got != want {
				t.Errorf("got figures\n%s\nwant\n%s", got, want)
			}
			for id, f := range storedFacts(t, o.Office) {
				if f == nil || f.ID != id {
					t.Errorf("%s: got facts %+v after the upgrade, want them stored again", id, f)
				}
			}
			if got := problems(t, upgraded); got != "" {
				t.Errorf("Verify after the upgrade: got\n%s\nwant no problems", got)
			}
		})
	}
}

// firstKeyOf is one key of m.
func firstKeyOf[V any](m map[string]V) string {
	for k := range m {
		return k
	}
	return ""
}

// TestDecodeBatch: a batch's facts decode as each alone does, those that do not decode left
// out without taking the events of the next.
func TestDecodeBatch(t *testing.T) {
	counts := map[string]int{}
	var want []*itemFacts
	var b factsRun
	for i := range 6 {
		it, recs := syntheticRun(i, 6, 2024, syntheticEnd(2024, time.Now()), fixityOf([]byte("x")), counts)
		f := factsOf(it, recs)
		enc := encodeFacts(f)
		switch i {
		case 1:
			enc = enc[:len(enc)-1] // damaged after its events
		case 3:
			enc[0] = 2 // an earlier version
		default:
			want = append(want, f)
		}
		b.buf = append(b.buf, enc...)
		b.ends = append(b.ends, len(b.buf))
	}
	got := b.decode()
	if len(got) != len(want) {
		t.Fatalf("got %d facts, want %d", len(got), len(want))
	}
	for i := range got {
		if g, w := fmt.Sprintf("%+v", got[i]), fmt.Sprintf("%+v", *want[i]); g != w {
			t.Errorf("facts %d: got %s, want %s", i, g, w)
		}
	}
}

// TestDecodeBatchAllocates: a batch of facts is decoded in fewer allocations than it has
// items: the items' own strings (id, title, 文号) share one string a batch, their channels one
// array; what is left is the values many items share (dates, mostly), once a batch. A year's
// first look decodes 100 batches: four allocations an item were half of its allocations.
func TestDecodeBatchAllocates(t *testing.T) {
	counts := map[string]int{}
	var b factsRun
	for i := range factsBatch {
		it, recs := syntheticRun(i, factsBatch, 2024, syntheticEnd(2024, time.Now()), fixityOf([]byte("x")), counts)
		b.buf = append(b.buf, encodeFacts(factsOf(it, recs))...)
		b.ends = append(b.ends, len(b.buf))
	}
	var got []itemFacts
	allocs := testing.AllocsPerRun(5, func() { got = b.decode() })
	if len(got) != factsBatch || got[factsBatch-1].ID == "" || got[factsBatch-1].Title == "" {
		t.Fatalf("got %d facts, the last %q %q; want %d with ids and titles", len(got), got[len(got)-1].ID, got[len(got)-1].Title, factsBatch)
	}
	if max := float64(factsBatch) / 2; allocs > max {
		t.Errorf("a batch of %d facts: %v allocations, want at most %v", factsBatch, allocs, max)
	}
}
