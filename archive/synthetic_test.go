package archive

import (
	"errors"
	"testing"
	"time"
)

func TestSyntheticItem(t *testing.T) {
	fx := fixityOf([]byte("synthetic draft"))
	counts := map[string]int{}
	got := map[int]*Item{}
	for i := range 31 {
		got[i] = syntheticItem(i, true, fx, counts)
	}
	tests := []struct {
		i         int
		year      int
		retention Retention
		division  string
		number    int
	}{
		{0, 2016, Permanent, "BGS", 1},
		{1, 2017, Years30, "LSC", 1},
		{2, 2018, Years10, "BGS", 1},
		// The groups repeat every 30 items: the 31st is the second of the first group.
		{30, 2016, Permanent, "BGS", 2},
	}
	for _, tt := range tests {
		f := got[tt.i].Filing
		wantCode := ArchivalCode("Z109", tt.year, tt.retention, tt.division, tt.number)
		if f == nil || f.Year != tt.year || f.Retention != tt.retention || f.Division != tt.division || f.Number != tt.number || f.Code != wantCode {
			t.Errorf("item %d: got filing %+v, want %d %s %s 件号 %d 档号 %s", tt.i, f, tt.year, tt.retention, tt.division, tt.number, wantCode)
		}
	}
	waiting := syntheticItem(31, false, fx, counts)
	if waiting.Filing != nil || waiting.State != StateFile {
		t.Errorf("waiting item: got state %s, filing %+v, want %s and no filing", waiting.State, waiting.Filing, StateFile)
	}
}

func TestFillSynthetic(t *testing.T) {
	s := openTestOffice(t)
	must(t, s.fillSynthetic(6, 2))
	tests := []struct {
		name string
		f    Filter
		want int
	}{
		{"all", Filter{}, 8},
		{"unfiled", Filter{Unfiled: true}, 2},
		{"2016", Filter{Year: 2016}, 2},
	}
	for _, tt := range tests {
		_, n, err := s.Items(tt.f, 0, 100)
		if err != nil || n != tt.want {
			t.Errorf("%s: got %d items, %v, want %d", tt.name, n, err, tt.want)
		}
	}
	if got := problems(t, s); got != "" {
		t.Errorf("Verify after fillSynthetic: got\n%s\nwant no problems", got)
	}
	if err := s.fillSynthetic(1, 0); !errors.Is(err, ErrNotEmpty) {
		t.Errorf("filling twice: got %v, want %v", err, ErrNotEmpty)
	}
}

// TestSyntheticYearWithinTheYearAndNow: a synthetic year records nothing before its first day
// or after its last, nor after the moment it is filled at (a filler run in the year under way
// made items proposed and filed in the weeks to come); the last items of a year under way are
// on their way, some returned to their drafter; and a year not yet begun is refused.
func TestSyntheticYearWithinTheYearAndNow(t *testing.T) {
	tests := []struct {
		name string
		y, n int
		now  time.Time
	}{
		{"a leap year over", 2024, 3000, time.Date(2026, 12, 2, 9, 0, 0, 0, OfficeZone)},
		{"a year over, of 365 days", 2023, 3000, time.Date(2026, 12, 2, 9, 0, 0, 0, OfficeZone)},
		{"the year under way", 2026, 3000, time.Date(2026, 12, 2, 9, 0, 0, 0, OfficeZone)},
		{"its first days", 2026, 300, time.Date(2026, 1, 20, 9, 0, 0, 0, OfficeZone)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first := time.Date(tt.y, 1, 1, 0, 0, 0, 0, OfficeZone)
			last := time.Date(tt.y, 12, 31, 23, 59, 59, 0, OfficeZone)
			if tt.now.Before(last) {
				last = tt.now
			}
			end := syntheticEnd(tt.y, tt.now)
			outside := func(tm time.Time) bool { return tm.Before(first) || tm.After(last) }
			counts := map[string]int{}
			states := map[State]int{}
			for i := range tt.n {
				it, recs := syntheticRun(i, tt.n, tt.y, end, fixityOf([]byte("x")), counts)
				states[it.State]++
				if outside(it.Created) {
					t.Fatalf("item %d: proposed %v, want a moment from %v to %v", i, it.Created, first, last)
				}
				for _, r := range recs {
					if outside(r.Time) {
						t.Fatalf("item %d: %s %s recorded %v, want a moment from %v to %v", i, r.Step, r.Decision, r.Time, first, last)
					}
				}
				if p := it.Publication; p != nil && (p.Date < first.Format("2006-01-02") || p.Date > last.Format("2006-01-02")) {
					t.Fatalf("item %d: published %s, want a day from %v to %v", i, p.Date, first, last)
				}
				if f := it.Filing; f != nil && (f.Year != tt.y || outside(f.Filed)) {
					t.Fatalf("item %d: filed %v in the year %d, want a moment from %v to %v of %d", i, f.Filed, f.Year, first, last, tt.y)
				}
				if want := recs[len(recs)-1].Decision == Return; (it.State == StateReturned) != want {
					t.Fatalf("item %d: state %s after %s %s, want returned only after a return", i, it.State, recs[len(recs)-1].Step, recs[len(recs)-1].Decision)
				}
			}
			if states[StateFiled] < tt.n/3 {
				t.Errorf("states %v: got %d filed, want a third of %d at least", states, states[StateFiled], tt.n)
			}
		})
	}
	s := openTestOffice(t)
	s.Now = func() time.Time { return time.Date(2025, 12, 31, 23, 0, 0, 0, OfficeZone) }
	if err := s.fillSyntheticYear(2026, 10); !errors.Is(err, ErrInvalid) {
		t.Errorf("filling 2026 on 2025-12-31: got %v, want %v", err, ErrInvalid)
	}
}

// TestFillSyntheticYearUnderWay: a store filled with the year under way counts exactly n items
// proposed in the year, as the benchmark's figures do, none of them after now, and verifies clean.
func TestFillSyntheticYearUnderWay(t *testing.T) {
	const n, y = 240, 2026
	now := time.Date(y, 7, 5, 9, 0, 0, 0, OfficeZone)
	s := openTestOffice(t)
	s.Now = func() time.Time { return now }
	must(t, s.fillSyntheticYear(y, n))
	if got := problems(t, s); got != "" {
		t.Errorf("Verify: got\n%s\nwant no problems", got)
	}
	st, err := s.Statistics(YearPeriod(y), StatsFilter{})
	must(t, err)
	if st.Total.Proposed.N != n || st.Total.Filed.N == 0 || st.Total.Filed.N >= n {
		t.Errorf("%d: got %d proposed, %d filed; want %d proposed, some filed and the last on their way", y, st.Total.Proposed.N, st.Total.Filed.N, n)
	}
	items, _, err := s.Items(Filter{}, 0, n)
	must(t, err)
	for _, it := range items {
		recs, err := s.Records(it.ID)
		must(t, err)
		if at := recs[len(recs)-1].Time; at.After(now) {
			t.Fatalf("%s: its last step recorded %v, after now %v", it.Title, at, now)
		}
	}
}
