package archive

import (
	"bytes"
	"errors"
	"slices"
	"testing"
)

// BenchmarkItemSheet: one item's sheet, the font loaded in every document as the store does
// (target < 50 ms).
func BenchmarkItemSheet(b *testing.B) {
	o, first := formsOffice(b)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if _, err := o.WriteItemSheet(&buf, first); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len())/1024, "KB")
}

func TestWriteItemSheet(t *testing.T) {
	o := newOffice(t)
	proposed := o.propose(t, seedDraft)
	filed := o.propose(t, seedDraft)
	o.through(t, filed.ID)
	_, err := o.FileItem("archivist", filed.ID, FilingRequest{Year: 2016, Pages: 4})
	must(t, err)
	must(t, o.AddNote("archivist", filed.ID, "原件附件名含“𠀀”字"))
	tests := []struct {
		name         string
		id           string
		wantReplaced string
		wantErr      error
	}{
		{"proposed", proposed.ID, "", nil},
		{"filed, a note outside the font", filed.ID, "𠀀", nil},
		{"unknown", "no-such-item", "", ErrNotFound},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		replaced, err := o.WriteItemSheet(&buf, tt.id)
		if !errors.Is(err, tt.wantErr) || string(replaced) != tt.wantReplaced {
			t.Errorf("%s: got %q, %v, want %q, %v", tt.name, string(replaced), err, tt.wantReplaced, tt.wantErr)
		}
		if tt.wantErr == nil && !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
			t.Errorf("%s: got %d bytes starting %q, want a PDF", tt.name, buf.Len(), buf.Bytes()[:min(8, buf.Len())])
		}
	}
}

func TestSheetNames(t *testing.T) {
	o := newOffice(t)
	it := o.propose(t, seedDraft)
	o.through(t, it.ID)
	_, err := o.FileItem("archivist", it.ID, FilingRequest{Year: 2016, Pages: 4})
	must(t, err)
	must(t, o.AddNote("archivist", it.ID, "请补充附件"))
	sd, err := o.sheetData(it.ID)
	must(t, err)
	tests := []struct {
		got, want []string
	}{
		{actorsOf(sd.Records), []string{"drafter", "head", "office", "leader", "office", "archivist"}},
		{authorsOf(sd.Notes), []string{"archivist"}},
	}
	for _, tt := range tests {
		if !slices.Equal(tt.got, tt.want) {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	for name, want := range map[string]string{"drafter": "王五", "head": "李处长", "archivist": "档案员林六"} {
		if got := sd.Names[name]; got != want {
			t.Errorf("Names[%s]: got %q, want %q", name, got, want)
		}
	}
}
