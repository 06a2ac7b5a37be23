package archive

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"
)

// downgrade rewrites the store in dir as schema 1 wrote it: audit entries without digests,
// chained anew, and no anchor.
func downgrade(t *testing.T, dir string) {
	t.Helper()
	s, err := Open(dir)
	must(t, err)
	raw(t, s, func(txn kvWriter) error {
		var entries []AuditEntry
		each(txn, "audit/0", func(_ string, v []byte) {
			var e AuditEntry
			must(t, json.Unmarshal(v, &e))
			entries = append(entries, e)
		})
		prev := ""
		for _, e := range entries {
			e.Records, e.Prev = nil, prev
			e.Hash = e.computeHash()
			prev = e.Hash
			must(t, setJSON(txn, keyAudit(e.Seq), e))
			must(t, setJSON(txn, keyAuditHead(), e))
		}
		return txn.put(keySchema(), []byte(schemaBeforeLedger))
	})
	must(t, s.Close())
	must(t, os.Remove(filepath.Join(dir, anchorName)))
}

func TestOpenUpgradesSchema1(t *testing.T) {
	dir := t.TempDir()
	demoStore(t, dir)
	downgrade(t, dir)

	s, err := Open(dir)
	must(t, err)
	if p := problems(t, s); p != "" {
		t.Fatalf("the upgraded store has problems:\n%s", p)
	}
	last, err := s.LastAudit()
	must(t, err)
	if last.Action != "migrate" || !strings.Contains(last.Detail, "数据库升级到版本 2") {
		t.Errorf("last audit entry %+v, want the upgrade", last)
	}
	var stamp string
	must(t, s.view(func(txn kvReader) error {
		b, err := txn.get(keySchema())
		stamp = string(b)
		return err
	}))
	if stamp != SchemaVersion {
		t.Errorf("schema %q after the upgrade, want %q", stamp, SchemaVersion)
	}
	// The upgrade covers the records from then on: a change is reported.
	raw(t, s, func(txn kvWriter) error {
		return txn.put(keySettings(), []byte(`{"FondsName":"别的单位","FondsCode":"Z999"}`))
	})
	if p := problems(t, s); !strings.Contains(p, KindRecordChanged+" : 单位设置") {
		t.Errorf("verify after changing the settings:\n%s", p)
	}
	must(t, s.Close())
	// A second open upgrades nothing.
	s, err = Open(dir)
	must(t, err)
	again, _ := s.LastAudit()
	must(t, s.Close())
	if again.Seq != last.Seq {
		t.Errorf("a second open wrote audit entries %d–%d", last.Seq+1, again.Seq)
	}
}

func TestRestoreUpgradesSchema1Backup(t *testing.T) {
	dir := t.TempDir()
	demoStore(t, dir)
	downgrade(t, dir)
	// Back up the schema-1 records as they are, before anything opens them as schema 2.
	db, err := badger.Open(desktopOptions(badger.DefaultOptions(dir)))
	must(t, err)
	var stream bytes.Buffer
	_, err = db.Backup(&stream, 0)
	must(t, err)
	must(t, db.Close())
	// The backup file as schema 1 wrote it.
	var file bytes.Buffer
	zw := zip.NewWriter(&file)
	part, err := zw.CreateHeader(&zip.FileHeader{Name: "store.bak", Method: zip.Store})
	must(t, err)
	_, err = part.Write(stream.Bytes())
	must(t, err)
	sum := sha256.Sum256(stream.Bytes())
	m := manifest{Format: backupFormatV1, Schema: schemaBeforeLedger, SHA256: hex.EncodeToString(sum[:]), Size: int64(stream.Len())}
	mw, err := zw.Create("manifest.json")
	must(t, err)
	must(t, json.NewEncoder(mw).Encode(m))
	must(t, zw.Close())
	path := filepath.Join(t.TempDir(), "schema1.zip")
	must(t, os.WriteFile(path, file.Bytes(), 0o600))

	rep, err := Restore(t.Context(), path, filepath.Join(t.TempDir(), "restored"), "")
	must(t, err)
	if !rep.OK() {
		t.Errorf("restored schema-1 store has problems: %v", rep.Problems)
	}
}

func TestOpenRefusesDamagedSchemaStamp(t *testing.T) {
	tests := []struct {
		name  string
		stamp []byte // nil: removed
		want  error
	}{
		{"a later schema", []byte("3"), ErrIncompatibleStore},
		{"a garbled stamp", []byte("\x12"), ErrDamaged},
		{"no stamp in a store with records", nil, ErrDamaged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			demoStore(t, dir)
			db, err := badger.Open(desktopOptions(badger.DefaultOptions(dir)))
			must(t, err)
			must(t, db.Update(func(txn *badger.Txn) error {
				if tt.stamp == nil {
					return txn.Delete(keySchema())
				}
				return txn.Set(keySchema(), tt.stamp)
			}))
			must(t, db.Close())
			if _, err := Open(dir); !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
}

func TestOpenRefusesOtherSchema(t *testing.T) {
	dir := t.TempDir()
	db, err := badger.Open(desktopOptions(badger.DefaultOptions(dir)))
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(txn *badger.Txn) error { return txn.Set(keySchema(), []byte("99")) })
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	_, err = Open(dir)
	if !errors.Is(err, ErrIncompatibleStore) {
		t.Fatalf("Open: got %v, want ErrIncompatibleStore", err)
	}
	// The refusal must release the lock, so the user can open the directory with the right version.
	if _, err := Open(dir); errors.Is(err, ErrStoreInUse) {
		t.Errorf("refused store still locked: %v", err)
	}
}
