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
