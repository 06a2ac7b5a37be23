package archive

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestRestoresBackupsOfFormat1 restores backups written by 审档 before backups became
// engine-neutral (testdata/backup/v1-*.zip: Badger's own backup stream in store.bak, made by
// commit 580218d's Backup from an office with two filed items and one at 保密审查).
func TestRestoresBackupsOfFormat1(t *testing.T) {
	tests := []struct {
		file, passphrase string
	}{
		{"v1-plain.zip", ""},
		{"v1-encrypted.zip", "备份口令 fixture"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "restored")
			rep, err := Restore(t.Context(), filepath.Join("testdata", "backup", tt.file), dir, tt.passphrase)
			must(t, err)
			if !rep.OK() {
				t.Errorf("got problems %+v, want a clean store", rep.Problems)
			}
			s, err := Open(dir, Options{Passphrase: tt.passphrase})
			must(t, err)
			defer s.Close()
			items, n, err := s.Items(Filter{}, 0, 10)
			must(t, err)
			filed := 0
			for _, it := range items {
				if it.Filing != nil {
					filed++
				}
			}
			if n != 3 || filed != 2 {
				t.Errorf("got %d items, %d filed; want 3, 2 filed", n, filed)
			}
			if got, err := s.ItemByCode("Z109-WS·2016-Y-BGS-0002"); err != nil || got.Title != "关于测试备份格式的通知" {
				t.Errorf("got %v, %v; want the second filed item", got, err)
			}
			last, err := s.LastAudit()
			must(t, err)
			if last.Action != ActionRestore {
				t.Errorf("got last audit action %q, want %q", last.Action, ActionRestore)
			}
			if _, err := s.Authenticate("archivist", "password-1"); err != nil {
				t.Errorf("got %v, want the restored archivist to log in", err)
			}
		})
	}
}

// TestBackupRoundTrip backs up the demo office (items at every step, notes, a box, an
// encrypted store too), restores it into a new directory, and wants a clean store holding
// every record of the original as it was: the same items, steps and audit log, and the same
// bytes under every key but the log's head, which the restore's own entry moved on.
func TestBackupRoundTrip(t *testing.T) {
	for _, pass := range []string{"", "口令 correct horse"} {
		t.Run(map[bool]string{false: "plain", true: "encrypted"}[pass != ""], func(t *testing.T) {
			s, err := Open(filepath.Join(t.TempDir(), "store"), Options{Passphrase: pass})
			must(t, err)
			defer s.Close()
			demoRecords(t, s)
			file := filepath.Join(t.TempDir(), "备份.zip")
			var buf bytes.Buffer
			must(t, s.Backup(&buf, "admin"))
			must(t, os.WriteFile(file, buf.Bytes(), 0o600))
			if got := backupManifest(t, file).Format; got != backupFormat {
				t.Errorf("got format %q, want %q", got, backupFormat)
			}
			target := filepath.Join(t.TempDir(), "restored")
			rep, err := Restore(t.Context(), file, target, pass)
			must(t, err)
			if !rep.OK() {
				t.Errorf("got problems %+v, want a clean restored store", rep.Problems)
			}
			r, err := Open(target, Options{Passphrase: pass})
			must(t, err)
			defer r.Close()
			sameRecords(t, s, r, backupManifest(t, file).AuditSeq)
		})
	}
}

// sameRecords wants every record of want in got with the same bytes, and the same items,
// steps and audit entries read back; the audit log up to entry upTo, since after that each
// store went its own way (want's backup entry, got's restore entry), and the log's head aside.
func sameRecords(t *testing.T, want, got *Office, upTo int64) {
	t.Helper()
	w, err := dumpStore(want)
	must(t, err)
	g, err := dumpStore(got)
	must(t, err)
	for k, d := range w {
		if strings.HasPrefix(k, "audit/") && (k == string(keyAuditHead()) || k > string(keyAudit(upTo))) {
			continue
		}
		if g[k] != d {
			t.Errorf("record %s: got digest %q, want %q", k, g[k], d)
		}
	}
	wantItems, n, err := want.Items(Filter{}, 0, 1000)
	must(t, err)
	gotItems, m, err := got.Items(Filter{}, 0, 1000)
	must(t, err)
	if n == 0 || m != n || !reflect.DeepEqual(gotItems, wantItems) {
		t.Fatalf("got %d items, want the original's %d", m, n)
	}
	for _, it := range wantItems {
		wr, err := want.Records(it.ID)
		must(t, err)
		gr, err := got.Records(it.ID)
		must(t, err)
		if !reflect.DeepEqual(gr, wr) {
			t.Errorf("item %s: got records %+v, want %+v", it.ID, gr, wr)
		}
	}
	wa, err := want.Audit(1, int(upTo))
	must(t, err)
	ga, err := got.Audit(1, int(upTo))
	must(t, err)
	if len(wa) == 0 || !reflect.DeepEqual(ga, wa) {
		t.Errorf("got %d audit entries differing from the original's %d", len(ga), len(wa))
	}
}

func backupManifest(t *testing.T, path string) manifest {
	t.Helper()
	b, err := openBackup(path, "")
	if errors.Is(err, ErrWrongPassphrase) {
		zr, err := zip.OpenReader(path)
		must(t, err)
		defer zr.Close()
		m, _, err := readManifest(&zr.Reader)
		must(t, err)
		return m
	}
	must(t, err)
	defer b.Close()
	return b.m
}

// TestRestoreRefusesAStoreWithData: a backup goes into an empty store only, whatever the
// engine; the refusal is said in Chinese.
func TestRestoreRefusesAStoreWithData(t *testing.T) {
	o, _ := filedOffice(t)
	file := filepath.Join(t.TempDir(), "备份.zip")
	var buf bytes.Buffer
	must(t, o.Backup(&buf, "admin"))
	must(t, os.WriteFile(file, buf.Bytes(), 0o600))
	b, err := openBackup(file, "")
	must(t, err)
	defer b.Close()
	other := newOffice(t)
	before, err := dumpStore(other.Office)
	must(t, err)
	err = b.restoreOnto(t.Context(), other.e)
	msg, ok := Message(err)
	if !errors.Is(err, ErrNotEmpty) || !ok || !strings.Contains(msg, "已有数据") {
		t.Errorf("got %v, want ErrNotEmpty said in Chinese", err)
	}
	if after, err := dumpStore(other.Office); err != nil || !reflect.DeepEqual(after, before) {
		t.Errorf("got the store changed (%v), want it untouched", err)
	}
}

// TestCopyStore copies a store into an empty engine, which then opens clean with the same
// records; a target holding keys is refused and left as it was.
func TestCopyStore(t *testing.T) {
	o, _ := filedOffice(t)
	to, err := openBadgerInMemory()
	must(t, err)
	must(t, copyStore(t.Context(), o.e, to))
	c, err := openOn(to, nil)
	must(t, err)
	defer c.Close()
	if p := problems(t, c); p != "" {
		t.Errorf("got problems in the copy:\n%s", p)
	}
	last, err := o.LastAudit()
	must(t, err)
	sameRecords(t, o.Office, c, last.Seq)

	full := newOffice(t)
	before, err := dumpStore(full.Office)
	must(t, err)
	err = copyStore(t.Context(), o.e, full.e)
	if msg, ok := Message(err); !errors.Is(err, ErrNotEmpty) || !ok || !strings.Contains(msg, "已有数据") {
		t.Errorf("got %v, want ErrNotEmpty said in Chinese", err)
	}
	if after, _ := dumpStore(full.Office); !reflect.DeepEqual(after, before) {
		t.Error("got the non-empty target changed, want it untouched")
	}
}
