package archive

import (
	"errors"
	"testing"
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
