package archive

import (
	"testing"
)

func TestKeys(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{string(keyItem("ab12")), "item/ab12"},
		{string(keyRecord("ab12", 3)), "rec/ab12/000003"},
		{string(keyNote("ab12", 12)), "note/ab12/000012"},
		{string(keyAudit(42)), "audit/000000000042"},
		{string(keyCount("Z109", 2016, Permanent, "BGS")), "count/Z109/2016/Y/BGS"},
		{string(keyBox(2016, Years10, "LSC", 7)), "box/2016/D10/LSC/0007"},
		{string(keyFiled("Z109-2016-Y-BGS-0001")), "filed/Z109-2016-Y-BGS-0001"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got key %q, want %q", tt.got, tt.want)
		}
	}
}

func TestScanHelpers(t *testing.T) {
	s := openTestOffice(t)
	raw(t, s, func(txn kvWriter) error {
		for _, k := range []string{"note/a/000002", "note/a/000001", "note/b/000001"} {
			if err := txn.put([]byte(k), []byte(`"x"`)); err != nil {
				return err
			}
		}
		return nil
	})
	tests := []struct {
		prefix, start string
		wantCount     int
		wantAny       bool
		wantFirst     string
	}{
		{"note/a/", "", 2, true, "note/a/000001"},
		{"note/a/", "note/a/000002", 2, true, "note/a/000002"},
		{"note/", "", 3, true, "note/a/000001"},
		{"note/c/", "", 0, false, ""},
	}
	for _, tt := range tests {
		must(t, s.view(func(r kvReader) error {
			n, err := countPrefix(r, tt.prefix)
			if err != nil {
				return err
			}
			var start []byte
			if tt.start != "" {
				start = []byte(tt.start)
			}
			first, err := firstKey(r, []byte(tt.prefix), start)
			if err != nil {
				return err
			}
			if n != tt.wantCount || anyKey(r, tt.prefix) != tt.wantAny || string(first) != tt.wantFirst {
				t.Errorf("%s from %q: got %d keys, any %v, first %q, want %d, %v, %q", tt.prefix, tt.start, n, anyKey(r, tt.prefix), first, tt.wantCount, tt.wantAny, tt.wantFirst)
			}
			return nil
		}))
	}
}
