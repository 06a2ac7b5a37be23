package archive

import "testing"

func TestRecordDigest(t *testing.T) {
	base := recordDigest([]byte("item/1"), []byte("{}"))
	tests := []struct {
		name       string
		key, value string
		wantSame   bool
	}{
		{"same record", "item/1", "{}", true},
		{"other value", "item/1", "{ }", false},
		{"other key", "item/2", "{}", false},
		// The key's length is hashed first, so a byte moved from key to value is another record.
		{"boundary moved", "item/1{", "}", false},
	}
	for _, tt := range tests {
		got := recordDigest([]byte(tt.key), []byte(tt.value))
		if len(got) != 2*digestSize {
			t.Errorf("%s: got a digest of %d hex digits, want %d", tt.name, len(got), 2*digestSize)
		}
		if (got == base) != tt.wantSame {
			t.Errorf("%s: got %s against %s, want same=%v", tt.name, got, base, tt.wantSame)
		}
	}
}

func TestOutsideLedger(t *testing.T) {
	tests := []struct {
		key  string
		want bool
	}{
		{"audit/00000000000000000001", true},
		{string(keySchema()), true},
		{"item/1", false},
		{"auditor", false},
	}
	for _, tt := range tests {
		if got := outsideLedger(tt.key); got != tt.want {
			t.Errorf("outsideLedger(%q): got %v, want %v", tt.key, got, tt.want)
		}
	}
}

func TestTxTakesWritten(t *testing.T) {
	s := openTestOffice(t)
	var got map[string]string
	var again map[string]string
	must(t, s.e.update(t.Context(), func(w kvWriter) error {
		txn := newTx(w)
		if err := txn.put([]byte("note/a"), []byte("x")); err != nil {
			return err
		}
		if err := txn.put([]byte("note/b"), []byte("y")); err != nil {
			return err
		}
		if err := txn.del([]byte("note/b")); err != nil {
			return err
		}
		got, again = txn.takeWritten(), txn.takeWritten()
		return nil
	}))
	want := map[string]string{"note/a": recordDigest([]byte("note/a"), []byte("x")), "note/b": deletedDigest}
	if len(got) != len(want) || got["note/a"] != want["note/a"] || got["note/b"] != want["note/b"] {
		t.Errorf("takeWritten: got %v, want %v", got, want)
	}
	if again != nil {
		t.Errorf("takeWritten a second time: got %v, want nil", again)
	}
}

func TestLedgerFold(t *testing.T) {
	l := ledger{}
	l.fold(AuditEntry{Seq: 1, Records: map[string]string{"item/1": "d1", "sum/1": "s1"}}, true)
	l.fold(AuditEntry{Seq: 2, Records: map[string]string{"item/1": "d2"}}, false)
	tests := []struct {
		key  string
		want ledgerEntry
	}{
		{"item/1", ledgerEntry{digest: "d2", seq: 2, intact: false}},
		{"sum/1", ledgerEntry{digest: "s1", seq: 1, intact: true}},
	}
	for _, tt := range tests {
		if got := l[tt.key]; got != tt.want {
			t.Errorf("ledger[%q]: got %+v, want %+v", tt.key, got, tt.want)
		}
	}
}
