package archive

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// exerciseScans is what every engine must do, whatever keeps the keys: the scans the rules
// make (a prefix, from a key on, in reverse, keys only), reads of absent keys, a transaction
// seeing its own writes and committing nothing when fn fails, and a conflict between two
// transactions reported as errConflict. e must be empty.
func exerciseScans(t *testing.T, e engine) {
	ctx := context.Background()
	keys := []string{"a", "audit/0000001", "audit/0000002", "audit/0000003", "audit/head", "audit0", "item/1", "item/2", "z\xff", "z\xff\xff"}
	must(t, e.update(ctx, func(w kvWriter) error {
		for _, k := range keys {
			if err := w.put([]byte(k), []byte("v"+k)); err != nil {
				return err
			}
		}
		return nil
	}))
	tests := []struct {
		name string
		r    keyRange
		want string
	}{
		{"everything", keyRange{}, strings.Join(keys, " ")},
		{"a prefix", keyRange{prefix: []byte("audit/")}, "audit/0000001 audit/0000002 audit/0000003 audit/head"},
		{"a prefix from a key", keyRange{prefix: []byte("audit/0"), start: []byte("audit/0000002")}, "audit/0000002 audit/0000003"},
		{"from a key not there", keyRange{prefix: []byte("audit/0"), start: []byte("audit/00000015")}, "audit/0000002 audit/0000003"},
		{"from before the prefix", keyRange{prefix: []byte("item/"), start: []byte("a")}, "item/1 item/2"},
		{"from past the prefix", keyRange{prefix: []byte("item/"), start: []byte("j")}, ""},
		{"reverse", keyRange{prefix: []byte("audit/0"), reverse: true}, "audit/0000003 audit/0000002 audit/0000001"},
		{"reverse from a key", keyRange{prefix: []byte("audit/0"), start: []byte("audit/0000002"), reverse: true}, "audit/0000002 audit/0000001"},
		{"reverse from past the prefix", keyRange{prefix: []byte("audit/0"), start: []byte("audit/1"), reverse: true}, "audit/0000003 audit/0000002 audit/0000001"},
		{"reverse from before the prefix", keyRange{prefix: []byte("item/"), start: []byte("a"), reverse: true}, ""},
		{"reverse, 0xFF in the prefix", keyRange{prefix: []byte("z\xff"), reverse: true}, "z\xff\xff z\xff"},
		{"reverse, everything", keyRange{reverse: true, keysOnly: true}, "z\xff\xff z\xff item/2"},
		{"no such prefix", keyRange{prefix: []byte("user/")}, ""},
	}
	for _, tt := range tests {
		var got []string
		err := e.view(ctx, func(r kvReader) error {
			return r.scan(tt.r, func(k, v []byte) (bool, error) {
				if !tt.r.keysOnly && string(v) != "v"+string(k) {
					t.Errorf("%s: got value %q under %q", tt.name, v, k)
				}
				got = append(got, string(k))
				return tt.name != "reverse, everything" || len(got) < 3, nil
			})
		})
		if err != nil || strings.Join(got, " ") != tt.want {
			t.Errorf("%s: got %q, %v; want %q", tt.name, strings.Join(got, " "), err, tt.want)
		}
	}
	exerciseTransactions(t, e)
}

func exerciseTransactions(t *testing.T, e engine) {
	ctx := context.Background()
	failed := errors.New("fn failed")
	err := e.update(ctx, func(w kvWriter) error {
		if err := w.put([]byte("new"), []byte("1")); err != nil {
			return err
		}
		if err := w.del([]byte("a")); err != nil {
			return err
		}
		if v, err := w.get([]byte("new")); err != nil || string(v) != "1" {
			t.Errorf("got %q, %v; want the transaction to see its own write", v, err)
		}
		if _, err := w.get([]byte("a")); !errors.Is(err, errNoKey) {
			t.Errorf("got %v; want the transaction to see its own delete", err)
		}
		return failed
	})
	if !errors.Is(err, failed) {
		t.Errorf("got %v, want fn's error", err)
	}
	must(t, e.view(ctx, func(r kvReader) error {
		if _, err := r.get([]byte("new")); !errors.Is(err, errNoKey) {
			t.Errorf("got %v for a key a failed transaction wrote, want errNoKey", err)
		}
		if v, err := r.get([]byte("a")); err != nil || string(v) != "va" {
			t.Errorf("got %q, %v for a key a failed transaction deleted, want it kept", v, err)
		}
		return nil
	}))
	// Two transactions read and write the same key: the one that commits second conflicts.
	err = e.update(ctx, func(w kvWriter) error {
		if _, err := w.get([]byte("item/1")); err != nil {
			return err
		}
		if err := e.update(ctx, func(w2 kvWriter) error { return w2.put([]byte("item/1"), []byte("other")) }); err != nil {
			return err
		}
		return w.put([]byte("item/1"), []byte("mine"))
	})
	if !errors.Is(err, errConflict) {
		t.Errorf("got %v, want errConflict", err)
	}
}

func TestEngineScans(t *testing.T) {
	for name, open := range map[string]func(testing.TB) engine{"badger": openSuiteBadger, "postgres": openSuitePostgres} {
		t.Run(name, func(t *testing.T) { exerciseScans(t, open(t)) })
	}
}

// doubtfulEngine is a real engine whose next commit ends in doubt, as when the connection to a
// server drops while committing: the commit went through (committed) or not, and update says
// errInDoubt either way.
type doubtfulEngine struct {
	engine
	doubts    int
	committed bool
}

func (d *doubtfulEngine) update(ctx context.Context, fn func(kvWriter) error) error {
	if d.doubts == 0 {
		return d.engine.update(ctx, fn)
	}
	d.doubts--
	lost := errors.New("the connection dropped before the commit")
	err := d.engine.update(ctx, func(w kvWriter) error {
		if err := fn(w); err != nil {
			return err
		}
		if !d.committed {
			return lost
		}
		return nil
	})
	if err != nil && !errors.Is(err, lost) {
		return err
	}
	return errInDoubt
}

// TestCommitInDoubt: a transaction whose commit ended in doubt is settled by the audit log:
// one that committed is not run again, one that did not is; either way the action is recorded
// once.
func TestCommitInDoubt(t *testing.T) {
	for _, committed := range []bool{true, false} {
		base, err := openBadgerInMemory()
		must(t, err)
		d := &doubtfulEngine{engine: base}
		s, err := openOn(d, nil)
		must(t, err)
		d.doubts, d.committed = 1, committed
		must(t, s.Record("admin", ActionBackup, "备份"))
		entries, err := s.Audit(1, 10)
		must(t, err)
		if len(entries) != 1 || entries[0].Action != ActionBackup {
			t.Errorf("committed %v: got %d entries %+v, want the action once", committed, len(entries), entries)
		}
		d.doubts, d.committed = maxInDoubtRetries+1, false
		if err := s.Record("admin", ActionBackup, "备份"); !errors.Is(err, errInDoubt) {
			t.Errorf("got %v, want errInDoubt when the commits keep failing", err)
		}
		must(t, s.Close())
	}
}
