package archive

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
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

func TestVerifyDetectsTampering(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(t *testing.T, o *office, ids []string)
		kind   string
		item   int // the filed item the problem names (1-based), 0 for none
	}{
		{"a blob's byte flipped", func(t *testing.T, o *office, ids []string) {
			it, _ := o.Item(ids[0])
			data, _ := o.Blob(it.Current().SHA256)
			data[0] ^= 0xFF
			raw(t, o.Office, func(txn kvWriter) error { return txn.put(keyBlob(it.Current().SHA256), data) })
		}, KindFileChanged, 0},
		{"a blob removed", func(t *testing.T, o *office, ids []string) {
			it, _ := o.Item(ids[1])
			raw(t, o.Office, func(txn kvWriter) error { return txn.del(keyBlob(it.Current().SHA256)) })
		}, KindFileMissing, 0},
		{"an audit entry edited", func(t *testing.T, o *office, _ []string) {
			raw(t, o.Office, func(txn kvWriter) error {
				var e AuditEntry
				must(t, getJSON(txn, keyAudit(5), &e))
				e.Detail = "nothing happened here"
				return setJSON(txn, keyAudit(5), e)
			})
		}, KindAuditEdited, 0},
		{"an audit entry removed", func(t *testing.T, o *office, _ []string) {
			raw(t, o.Office, func(txn kvWriter) error { return txn.del(keyAudit(6)) })
		}, KindAuditGap, 0},
		{"two audit entries swapped", func(t *testing.T, o *office, _ []string) {
			raw(t, o.Office, func(txn kvWriter) error {
				var a, b AuditEntry
				must(t, getJSON(txn, keyAudit(7), &a))
				must(t, getJSON(txn, keyAudit(8), &b))
				must(t, setJSON(txn, keyAudit(7), b))
				return setJSON(txn, keyAudit(8), a)
			})
		}, KindAuditMoved, 0},
		{"the last audit entry removed", func(t *testing.T, o *office, _ []string) {
			var head AuditEntry
			raw(t, o.Office, func(txn kvWriter) error {
				must(t, getJSON(txn, keyAuditHead(), &head))
				return txn.del(keyAudit(head.Seq))
			})
		}, KindAuditHead, 0},
		{"a filed item's record deleted", func(t *testing.T, o *office, ids []string) {
			raw(t, o.Office, func(txn kvWriter) error { return txn.del(keyItem(ids[1])) })
		}, KindRecordMissing, 2},
		{"a 档号 altered", func(t *testing.T, o *office, ids []string) {
			raw(t, o.Office, func(txn kvWriter) error {
				it, _ := loadItem(txn, ids[2])
				it.Filing.Code = "Z109-WS·2016-Y-BGS-3"
				return setJSON(txn, keyItem(ids[2]), it)
			})
		}, KindRecordChanged, 3},
		{"a user given the administrator's role", func(t *testing.T, o *office, _ []string) {
			raw(t, o.Office, func(txn kvWriter) error {
				u, _ := loadUser(txn, "drafter")
				u.Roles = append(u.Roles, RoleAdmin)
				return setJSON(txn, keyUser("drafter"), u)
			})
		}, KindRecordChanged, 0},
		{"a record written behind 审档's back", func(t *testing.T, o *office, _ []string) {
			raw(t, o.Office, func(txn kvWriter) error { return txn.put([]byte("user/intruder"), []byte(`{"Name":"intruder"}`)) })
		}, KindRecordUnknown, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, ids := filedOffice(t)
			if p := problems(t, o.Office); p != "" {
				t.Fatalf("clean store has problems:\n%s", p)
			}
			tt.tamper(t, o, ids)
			want := tt.kind
			if tt.item > 0 {
				want += " " + ArchivalCode("Z109", 2016, Permanent, "BGS", tt.item)
			}
			if p := problems(t, o.Office); !strings.Contains(p, want) {
				t.Errorf("verify reports:\n%s\nwant a problem starting %q", p, want)
			}
		})
	}
}

// TestVerifyChecksWhatRecordsSay: records that agree with the audit log but not with each
// other, as a faulty version of 审档 could write them, are reported by what they mean.
func TestVerifyChecksWhatRecordsSay(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(txn *tx, ids []string) error
		want   string
	}{
		{"a filed item deleted (件号 gap)", func(txn *tx, ids []string) error {
			if err := txn.del(keyItem(ids[1])); err != nil {
				return err
			}
			return txn.del(keyFiled(ArchivalCode("Z109", 2016, Permanent, "BGS", 2)))
		}, KindNumberGap + " : 2016年度 永久 BGS 缺少件号 0002"},
		{"an item's index entry deleted", func(txn *tx, ids []string) error { return txn.del(keySummary(ids[0])) }, KindIndexMissing},
		{"a malformed 档号", func(txn *tx, ids []string) error {
			it, _ := loadItem(txn, ids[2])
			it.Filing.Code = "Z109-WS·2016-Y-BGS-3"
			return txn.put(keyItem(ids[2]), mustJSON(it))
		}, KindCodeMalformed},
		{"two items given one 件号", func(txn *tx, ids []string) error {
			it, _ := loadItem(txn, ids[2])
			it.Filing.Number, it.Filing.Code = 1, ArchivalCode("Z109", 2016, Permanent, "BGS", 1)
			return txn.put(keyItem(ids[2]), mustJSON(it))
		}, KindNumberDuplicate + " : 2016年度 永久 BGS 的件号 0001 同时给了 2 个条目"},
		{"a counter behind its numbers", func(txn *tx, _ []string) error {
			return txn.put(keyCount("Z109", 2016, Permanent, "BGS"), []byte("2"))
		}, KindNumberPast},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, ids := filedOffice(t)
			audited(t, o.Office, func(txn *tx) error { return tt.tamper(txn, ids) })
			if p := problems(t, o.Office); !strings.Contains(p, tt.want) {
				t.Errorf("verify reports:\n%s\nwant a problem containing %q", p, tt.want)
			}
		})
	}
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func TestBackupAndRestore(t *testing.T) {
	for _, pass := range []string{"", "正确的口令 correct horse"} {
		name := "plain"
		if pass != "" {
			name = "encrypted"
		}
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "store")
			s, err := Open(dir, Options{Passphrase: pass})
			must(t, err)
			must(t, s.CreateUser("", User{Name: "admin", FullName: "管理员", Roles: []Role{RoleAdmin}}, "admin-password"))
			must(t, s.SaveSettings("admin", Settings{FondsName: "厦门市司法局", FondsCode: "Z109", Divisions: []Division{{"BGS", "办公室"}}}))
			var buf bytes.Buffer
			must(t, s.Backup(&buf, "admin"))
			must(t, s.Close())
			if pass != "" && bytes.Contains(buf.Bytes(), []byte("厦门市司法局")) {
				t.Error("an encrypted store's backup holds plaintext")
			}
			if pass != "" {
				if _, err := Open(dir); !errors.Is(err, ErrWrongPassphrase) {
					t.Errorf("open without passphrase: %v, want ErrWrongPassphrase", err)
				}
				if _, err := Open(dir, Options{Passphrase: "wrong"}); !errors.Is(err, ErrWrongPassphrase) {
					t.Errorf("open with a wrong passphrase: %v, want ErrWrongPassphrase", err)
				}
			}
			file := filepath.Join(t.TempDir(), "备份.zip")
			must(t, os.WriteFile(file, buf.Bytes(), 0o600))

			target := filepath.Join(t.TempDir(), "restored")
			if pass != "" {
				if _, err := Restore(t.Context(), file, target, "wrong"); !errors.Is(err, ErrWrongPassphrase) {
					t.Errorf("restore with a wrong passphrase: %v", err)
				}
			}
			rep, err := Restore(t.Context(), file, target, pass)
			must(t, err)
			if !rep.OK() || rep.AuditEntries < 3 {
				t.Errorf("restored store: %+v", rep)
			}
			r, err := Open(target, Options{Passphrase: pass})
			must(t, err)
			defer r.Close()
			st, err := r.Settings()
			if err != nil || st.FondsName != "厦门市司法局" {
				t.Errorf("restored settings %+v, %v", st, err)
			}
			if _, err := r.Authenticate("admin", "admin-password"); err != nil {
				t.Errorf("restored user: %v", err)
			}
			if _, err := Restore(t.Context(), file, target, pass); !errors.Is(err, ErrNotEmpty) {
				t.Errorf("restore into a used directory: %v, want ErrNotEmpty", err)
			}
		})
	}
}

func TestRestoreRefusesDamagedBackups(t *testing.T) {
	o, _ := filedOffice(t)
	var buf bytes.Buffer
	must(t, o.Backup(&buf, "admin"))
	good := buf.Bytes()
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		must(t, os.WriteFile(p, data, 0o600))
		return p
	}
	flipped := append([]byte(nil), good...)
	flipped[200] ^= 0xFF // inside store.bak, which is stored uncompressed first
	for name, path := range map[string]string{
		"not a zip":    write("x.zip", []byte("not a backup")),
		"byte flipped": write("flipped.zip", flipped),
		"truncated":    write("short.zip", good[:len(good)/2]),
	} {
		if _, err := Restore(t.Context(), path, filepath.Join(dir, "t-"+name), ""); !errors.Is(err, ErrBackup) {
			t.Errorf("%s: %v, want ErrBackup", name, err)
		}
	}
}

func TestUnencryptedStoreRefusesPassphrase(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	must(t, err)
	must(t, s.Close())
	if _, err := Open(dir, Options{Passphrase: "x"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("got %v, want ErrInvalid: encryption is chosen when a store is created", err)
	}
}

// TestVerifyCatchesEveryRecordFlip changes one byte of one record at a time, in its value and
// in its key, behind 审档's back, and wants each change reported: no single-byte change to a
// record a decision depends on passes Verify clean. It flips the first, the last and a middle
// byte of every value and every key of the demo office.
func TestVerifyCatchesEveryRecordFlip(t *testing.T) {
	s := openTestOffice(t)
	demoRecords(t, s)
	records := map[string][]byte{}
	raw(t, s, func(txn kvWriter) error {
		return txn.scan(keyRange{}, func(key, value []byte) (bool, error) {
			records[string(key)] = bytes.Clone(value)
			return true, nil
		})
	})
	if p := problems(t, s); p != "" {
		t.Fatalf("the demo store has problems:\n%s", p)
	}
	keys := make([]string, 0, len(records))
	for k := range records {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	tried := 0
	for _, key := range keys {
		value := records[key]
		for _, at := range []int{0, len(value) / 2, len(value) - 1} {
			if at < 0 || key == string(keySchema()) { // the stamp is Open's to check
				continue
			}
			changed := bytes.Clone(value)
			changed[at] ^= 0x20
			raw(t, s, func(txn kvWriter) error { return txn.put([]byte(key), changed) })
			if p := problems(t, s); p == "" {
				t.Errorf("%s: byte %d of the value changed, verify is clean", key, at)
			}
			raw(t, s, func(txn kvWriter) error { return txn.put([]byte(key), value) })
			tried++
		}
		for _, at := range []int{0, len(key) / 2, len(key) - 1} {
			other := []byte(key)
			other[at] ^= 0x01
			if _, taken := records[string(other)]; taken {
				continue // the flip lands on another record's key: that is two changes, not one
			}
			raw(t, s, func(txn kvWriter) error {
				if err := txn.del([]byte(key)); err != nil {
					return err
				}
				return txn.put(other, value)
			})
			if p := problems(t, s); p == "" && key != string(keySchema()) {
				t.Errorf("%s: byte %d of the key changed (%q), verify is clean", key, at, other)
			}
			raw(t, s, func(txn kvWriter) error {
				if err := txn.del(other); err != nil {
					return err
				}
				return txn.put([]byte(key), value)
			})
			tried++
		}
	}
	if p := problems(t, s); p != "" {
		t.Fatalf("the store restored after the flips has problems:\n%s", p)
	}
	t.Logf("%d records, %d single-byte changes, each reported", len(records), tried)
}
