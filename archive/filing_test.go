package archive

import (
	"errors"
	"fmt"
	"sync"
	"testing"
)

func TestArchivalCodes(t *testing.T) {
	tests := []struct {
		fonds string
		year  int
		r     Retention
		div   string
		n     int
		want  string
	}{
		{"Z109", 2016, Permanent, "BGS", 1, "Z109-WS·2016-Y-BGS-0001"},
		{"Z109", 2016, Years30, "LSC", 12, "Z109-WS·2016-D30-LSC-0012"},
		{"J001", 2024, Years10, "BGS", 9999, "J001-WS·2024-D10-BGS-9999"},
	}
	for _, tt := range tests {
		got := ArchivalCode(tt.fonds, tt.year, tt.r, tt.div, tt.n)
		if got != tt.want {
			t.Errorf("ArchivalCode = %s, want %s", got, tt.want)
		}
		f, y, r, d, n, err := ParseArchivalCode(got)
		if err != nil || f != tt.fonds || y != tt.year || r != tt.r || d != tt.div || n != tt.n {
			t.Errorf("ParseArchivalCode(%s) = %s %d %s %s %d %v", got, f, y, r, d, n, err)
		}
	}
	for _, bad := range []string{"Z109-WS.2016-Y-BGS-0001", "Z109-WS·2016-Y-BGS-1", "Z109-WS·2016-D20-BGS-0001", "Z109-WS·2016-Y-BGS-0000", "z109-WS·2016-Y-BGS-0001"} {
		if _, _, _, _, _, err := ParseArchivalCode(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseArchivalCode(%q) accepted", bad)
		}
	}
}

func TestNumbersPerGroup(t *testing.T) {
	o := newOffice(t)
	file := func(d Draft, req FilingRequest) string {
		it := o.propose(t, d)
		o.through(t, it.ID)
		f, err := o.FileItem("archivist", it.ID, req)
		must(t, err)
		return f.Code
	}
	other := seedDraft
	other.Category = "工作动态"
	got := []string{
		file(seedDraft, FilingRequest{Year: 2016, Pages: 3}),
		file(other, FilingRequest{Year: 2016, Pages: 1}),
		file(seedDraft, FilingRequest{Year: 2016, Pages: 2}),
		file(other, FilingRequest{Year: 2016, Pages: 1, Division: "LSC"}),
		file(other, FilingRequest{Year: 2017, Pages: 1}),
		file(other, FilingRequest{Year: 2016, Pages: 1, Retention: Years30}),
	}
	want := []string{"Z109-WS·2016-Y-BGS-0001", "Z109-WS·2016-D10-BGS-0001", "Z109-WS·2016-Y-BGS-0002",
		"Z109-WS·2016-D10-LSC-0001", "Z109-WS·2017-D10-BGS-0001", "Z109-WS·2016-D30-BGS-0001"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("filing %d: %s, want %s", i, got[i], want[i])
		}
	}
	rep, err := o.Verify(t.Context(), nil)
	must(t, err)
	if !rep.OK() || rep.Filed != 6 {
		t.Errorf("verify: %d filed, problems %v", rep.Filed, rep.Problems)
	}
}

// TestConcurrentFiling: eight archivists' windows file at once; 件号 stay 1..n without gaps
// or duplicates.
func TestConcurrentFiling(t *testing.T) {
	o := newOffice(t)
	const n = 40
	ids := make([]string, n)
	for i := range ids {
		it := o.propose(t, seedDraft)
		o.through(t, it.ID)
		ids[i] = it.ID
	}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < n; i += 8 {
				if _, err := o.FileItem("archivist", ids[i], FilingRequest{Year: 2016, Pages: 1}); err != nil {
					errs <- err
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	seen := map[int]bool{}
	for _, id := range ids {
		it, _ := o.Item(id)
		if it.Filing == nil || seen[it.Filing.Number] {
			t.Fatalf("item %s filing %+v (duplicate or missing)", id, it.Filing)
		}
		seen[it.Filing.Number] = true
	}
	for k := 1; k <= n; k++ {
		if !seen[k] {
			t.Errorf("件号 %d missing", k)
		}
	}
}

func TestFiledItemsAreImmutable(t *testing.T) {
	o := newOffice(t)
	it := o.propose(t, seedDraft)
	o.through(t, it.ID)
	_, err := o.FileItem("archivist", it.ID, FilingRequest{Year: 2016, Pages: 4})
	must(t, err)
	wantErr(t, "deciding on a filed item", o.Decide("head", it.ID, Review{Approve: true}), ErrState)
	wantErr(t, "revising a filed item", o.Resubmit("drafter", it.ID, SourceFile{Name: "x.txt", Data: []byte("x")}, "", nil), ErrState)
	_, err = o.FileItem("archivist", it.ID, FilingRequest{Year: 2016, Pages: 4})
	wantErr(t, "filing twice", err, ErrState)
	wantErr(t, "a note by a drafter", o.AddNote("drafter", it.ID, "x"), ErrPermission)
	must(t, o.AddNote("archivist", it.ID, "页数更正为5页，原件第5页为附件"))
	notes, _ := o.Notes(it.ID)
	if len(notes) != 1 || notes[0].By != "archivist" {
		t.Errorf("notes %+v", notes)
	}
	b, err := o.MakeBox("archivist", Box{Year: 2016, Retention: Permanent, Division: "BGS", First: 1, Last: 1, Spine: 20})
	must(t, err)
	if b.Number != 1 {
		t.Errorf("box %+v", b)
	}
	_, err = o.MakeBox("archivist", Box{Year: 2016, Retention: Permanent, Division: "BGS", First: 1, Last: 1, Spine: 20})
	wantErr(t, "boxing twice", err, ErrInvalid)
	_, err = o.MakeBox("archivist", Box{Year: 2016, Retention: Permanent, Division: "BGS", First: 2, Last: 2, Spine: 20})
	wantErr(t, "boxing what is not filed", err, ErrInvalid)
}

func TestRetentionByCategoryPath(t *testing.T) {
	st := Settings{Retention: map[string]Retention{"规范性文件": Permanent, "财政预决算": Years30}, DefaultRetention: Years10}
	for _, tt := range []struct {
		category string
		want     Retention
	}{{"规范性文件", Permanent}, {"政策法规/规范性文件", Permanent}, {"财政预决算/部门预算", Years30}, {"人事信息", Years10}, {"", Years10}} {
		if got := st.RetentionFor(tt.category); got != tt.want {
			t.Errorf("%q: %s, want %s", tt.category, got, tt.want)
		}
	}
}

func ExampleArchivalCode() {
	fmt.Println(ArchivalCode("Z109", 2016, Permanent, "BGS", 1))
	// Output: Z109-WS·2016-Y-BGS-0001
}
