package archive

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// filedOffice is an office with three filed items.
func filedOffice(t *testing.T) (*office, []string) {
	o := newOffice(t)
	var ids []string
	for range 3 {
		it := o.propose(t, seedDraft)
		o.through(t, it.ID)
		_, err := o.FileItem("archivist", it.ID, FilingRequest{Year: 2016, Pages: 2})
		must(t, err)
		ids = append(ids, it.ID)
	}
	return o, ids
}

// problems runs Verify and returns its findings as text, one kind and message a line.
func problems(t *testing.T, s *Office) string {
	t.Helper()
	rep, err := s.Verify(t.Context(), nil)
	must(t, err)
	var out []string
	for _, p := range rep.Problems {
		out = append(out, p.Kind+" "+p.Item+": "+p.Message)
	}
	return strings.Join(out, "\n")
}

// raw changes the store behind 审档's back, as damage or a hand-edit would.
func raw(t *testing.T, s *Office, fn func(txn kvWriter) error) {
	t.Helper()
	must(t, s.e.update(context.Background(), fn))
}

// audited changes the store through the ledger, as a faulty 审档 would: the records agree with
// the log, and only the checks of what they say can tell.
func audited(t *testing.T, s *Office, fn func(txn *tx) error) {
	t.Helper()
	must(t, s.update(func(txn *tx) error {
		if err := fn(txn); err != nil {
			return err
		}
		return s.audit(txn, "", "test", "", "a faulty write")
	}))
}

func setJSON(txn kvWriter, key []byte, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return txn.put(key, b)
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func mustOpen(tb testing.TB, dir string) *Office {
	tb.Helper()
	s, err := Open(dir)
	if err != nil {
		tb.Fatalf("Open(%q): %v", dir, err)
	}
	return s
}
