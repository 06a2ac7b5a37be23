package archive

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/table"
)

// TestOpenAfterEmptyLogFiles: a process killed right after Badger created a new memtable or
// value-log file, before it sized the file, leaves it empty, and Badger then refuses the store
// ("Create a new file"). Open removes such files and opens at the first try.
func TestOpenAfterEmptyLogFiles(t *testing.T) {
	for _, name := range []string{"00002.mem", "000002.vlog"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			demoStore(t, dir)
			must(t, os.WriteFile(filepath.Join(dir, name), nil, 0o600))
			s, err := Open(dir)
			if err != nil {
				t.Fatalf("open with an empty %s: %v", name, err)
			}
			defer s.Close()
			if p := problems(t, s); p != "" {
				t.Errorf("problems:\n%s", p)
			}
		})
	}
}

// TestDamagedKeyRegistry: Badger's key registry says "encryption key mismatch" when its
// sanity text is damaged; the passphrase was checked already, so that is damage, said as such,
// for a store with a passphrase and for one without.
func TestDamagedKeyRegistry(t *testing.T) {
	for _, pass := range []string{"", "正确的口令 correct horse"} {
		t.Run("passphrase "+pass, func(t *testing.T) {
			dir := t.TempDir()
			s, err := Open(dir, Options{Passphrase: pass})
			must(t, err)
			must(t, s.CreateUser("", User{Name: "admin", FullName: "管理员", Roles: []Role{RoleAdmin}}, "admin-password"))
			must(t, s.Close())
			tests := []struct {
				name string
				file string
				at   any // an offset (negative: from the end), or the text the flip follows by 4 bytes
			}{
				{"sanity text", badger.KeyRegistryFileName, 20},
				{"last byte", badger.KeyRegistryFileName, -1},
				{"key parameters' first byte", "KEYPARAMS.json", 0},
				{"key parameters' salt", "KEYPARAMS.json", `"Salt":"`},
				{"key parameters' check", "KEYPARAMS.json", `"Check":"`},
			}
			for _, tt := range tests {
				path := filepath.Join(dir, tt.file)
				good, err := os.ReadFile(path)
				if errors.Is(err, os.ErrNotExist) {
					continue // a store without a passphrase has no key parameters
				}
				must(t, err)
				bad := bytes.Clone(good)
				var at int
				switch v := tt.at.(type) {
				case int:
					at = (v + len(bad)) % len(bad)
				case string:
					at = bytes.Index(bad, []byte(v)) + len(v) + 4
				}
				bad[at] ^= 0x01
				must(t, os.WriteFile(path, bad, 0o600))
				s, err := Open(dir, Options{Passphrase: pass})
				if err == nil {
					s.Close()
				}
				var de *DamageError
				switch {
				case !errors.As(err, &de) || de.Problem.Kind != KindKeyDamaged || errors.Is(err, ErrWrongPassphrase):
					t.Errorf("%s flipped: got %v, want a %s damage error", tt.name, err, KindKeyDamaged)
				case !strings.Contains(de.Problem.Message, "密钥文件"):
					t.Errorf("%s flipped: message %q", tt.name, de.Problem.Message)
				}
				must(t, os.WriteFile(path, good, 0o600))
			}
			s, err = Open(dir, Options{Passphrase: pass})
			must(t, err)
			must(t, s.Close())
		})
	}
}

// flipInTable flips a byte in the middle of the store's first table, on disk, while the
// store may be open: damage that came after Open checked the files.
func flipInTable(t *testing.T, dir string) string {
	t.Helper()
	tables, _ := filepath.Glob(filepath.Join(dir, "*.sst"))
	if len(tables) == 0 {
		t.Fatal("no table to damage")
	}
	info, err := os.Stat(tables[0])
	must(t, err)
	must(t, flipByte(tables[0], info.Size()/3, 0x5A))
	return filepath.Base(tables[0])
}

// TestDamageSinceOpen: a table damaged while the store is open is reported by Verify, and
// Backup refuses to write a backup of it (Badger's stream would pass over the bad block).
func TestDamageSinceOpen(t *testing.T) {
	dir := t.TempDir()
	demoStore(t, dir)
	s, err := Open(dir)
	must(t, err)
	defer s.Close()
	table := flipInTable(t, dir)

	rep, err := s.Verify(t.Context(), nil)
	must(t, err)
	if len(rep.Problems) == 0 || rep.Problems[0].Kind != KindStoreDamaged || rep.Problems[0].Key != table {
		t.Errorf("verify: %+v, want first a %s problem naming %s", rep.Problems, KindStoreDamaged, table)
	} else if want := "数据库文件 " + table + " 已损坏"; !strings.Contains(rep.Problems[0].Message, want) {
		t.Errorf("message %q, want %q", rep.Problems[0].Message, want)
	}
	var buf bytes.Buffer
	if err := s.Backup(&buf, "admin"); !errors.Is(err, ErrDamaged) {
		t.Errorf("backup of a damaged store: %v, want ErrDamaged", err)
	}
}

// TestRestoredAlterationIsReported: a backup of a store altered behind 审档's back restores,
// and the restored store's verification reports the alteration instead of passing it on.
func TestRestoredAlterationIsReported(t *testing.T) {
	o, ids := filedOffice(t)
	raw(t, o.Office, func(txn kvWriter) error {
		it, _ := loadItem(txn, ids[0])
		it.DocDate = "2016-01-01"
		return setJSON(txn, keyItem(ids[0]), it)
	})
	var buf bytes.Buffer
	must(t, o.Backup(&buf, "admin"))
	path := filepath.Join(t.TempDir(), "备份.zip")
	must(t, os.WriteFile(path, buf.Bytes(), 0o600))
	rep, err := Restore(t.Context(), path, filepath.Join(t.TempDir(), "restored"), "")
	must(t, err)
	code := ArchivalCode("Z109", 2016, Permanent, "BGS", 1)
	if len(rep.Problems) != 1 || rep.Problems[0].Kind != KindRecordChanged || rep.Problems[0].Item != code {
		t.Errorf("restored report %+v, want one %s problem on %s", rep.Problems, KindRecordChanged, code)
	}
}

// TestProblemsNameWhatArchivistsKnow: each problem names the item by its 档号, or by its title
// and 文号 before filing, with the revision and the file.
func TestProblemsNameWhatArchivistsKnow(t *testing.T) {
	budget := Draft{Title: "2016年部门预算公开说明", DocNumber: "厦司〔2016〕80号", Author: "厦门市司法局",
		Division: "BGS", DocDate: "2016-07-03", Disclosure: Proactive}
	tests := []struct {
		name   string
		tamper func(txn kvWriter, filed []string, waiting *Item) error
		want   Problem // Kind, Item, Revision, File and a part of the Message
	}{
		{"a step record of a filed item", func(txn kvWriter, filed []string, _ *Item) error {
			return txn.put(keyRecord(filed[1], 3), []byte(`{}`))
		}, Problem{Kind: KindRecordChanged, Item: ArchivalCode("Z109", 2016, Permanent, "BGS", 2),
			Message: "档号 Z109-WS·2016-Y-BGS-0002 的第 3 条办理记录与审计日志中的记载不符"}},
		{"the file of an item not yet filed", func(txn kvWriter, _ []string, waiting *Item) error {
			return txn.put(keyBlob(waiting.Current().SHA256), []byte("changed"))
		}, Problem{Kind: KindFileChanged, Item: "《2016年部门预算公开说明》（厦司〔2016〕80号）", Revision: 1, File: "方案.docx",
			Message: "《2016年部门预算公开说明》（厦司〔2016〕80号）第 1 稿的文件“方案.docx”的内容已改变"}},
		{"a box", func(txn kvWriter, _ []string, _ *Item) error { return txn.del(keyBox(2016, Permanent, "BGS", 1)) },
			Problem{Kind: KindRecordMissing, Message: "2016年度 永久 BGS 第 1 号盒不见了"}},
		{"the settings", func(txn kvWriter, _ []string, _ *Item) error { return txn.put(keySettings(), []byte(`{}`)) },
			Problem{Kind: KindRecordChanged, Message: "单位设置（全宗、机构、保管期限表）与审计日志中的记载不符"}},
		{"a user's roles", func(txn kvWriter, _ []string, _ *Item) error {
			return txn.put(keyUser("drafter"), []byte(`{"Name":"drafter","Roles":["admin"]}`))
		}, Problem{Kind: KindRecordChanged, Message: "用户 drafter 的账户（姓名、角色、密码）与审计日志中的记载不符"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, filed := filedOffice(t)
			_, err := o.MakeBox("archivist", Box{Year: 2016, Retention: Permanent, Division: "BGS", First: 1, Last: 3, Spine: 20})
			must(t, err)
			waiting, err := o.Propose("drafter", budget, SourceFile{Name: "方案.docx", Data: []byte("预算说明")}, "")
			must(t, err)
			raw(t, o.Office, func(txn kvWriter) error { return tt.tamper(txn, filed, waiting) })
			rep, err := o.Verify(t.Context(), nil)
			must(t, err)
			if len(rep.Problems) != 1 {
				t.Fatalf("problems %+v, want one", rep.Problems)
			}
			got := rep.Problems[0]
			if got.Kind != tt.want.Kind || got.Item != tt.want.Item || got.Revision != tt.want.Revision || got.File != tt.want.File ||
				!strings.Contains(got.Message, tt.want.Message) || got.Advice == "" {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestOpenRefusesStoreWithoutManifest: without its manifest Badger would take the directory
// for a new store and delete the tables it does not list, every one of them.
func TestOpenRefusesStoreWithoutManifest(t *testing.T) {
	dir := t.TempDir()
	demoStore(t, dir)
	must(t, os.Remove(filepath.Join(dir, badger.ManifestFilename)))
	_, err := Open(dir)
	var de *DamageError
	if !errors.As(err, &de) || de.Problem.Key != badger.ManifestFilename {
		t.Fatalf("got %v, want a damage error naming MANIFEST", err)
	}
	if tables, _ := filepath.Glob(filepath.Join(dir, "*.sst")); len(tables) == 0 {
		t.Error("the tables were deleted")
	}
}

// TestKeyParamsGetTheirSum: the key parameters of a store made before they carried a sum get
// one at the first open with the passphrase; from then on damage to them is told from a wrong
// passphrase.
func TestKeyParamsGetTheirSum(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{Passphrase: sweepPassphrase})
	must(t, err)
	must(t, s.Close())
	path := filepath.Join(dir, "KEYPARAMS.json")
	var p keyParams
	data, err := os.ReadFile(path)
	must(t, err)
	must(t, json.Unmarshal(data, &p))
	p.Sum = nil
	data, _ = json.Marshal(p)
	must(t, os.WriteFile(path, data, 0o600))

	if _, err := Open(dir, Options{Passphrase: "wrong"}); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("a wrong passphrase: %v", err)
	}
	s, err = Open(dir, Options{Passphrase: sweepPassphrase})
	must(t, err)
	must(t, s.Close())
	data, err = os.ReadFile(path)
	must(t, err)
	var got keyParams
	must(t, json.Unmarshal(data, &got))
	if !bytes.Equal(got.Sum, p.sum()) {
		t.Errorf("sum %x after the open, want %x", got.Sum, p.sum())
	}
}

// FuzzKeyRegistryFrame: any bytes are a registry frame or an error, never a panic, and a frame
// that passes has records that end where the file does.
func FuzzKeyRegistryFrame(f *testing.F) {
	dir := f.TempDir()
	s, err := Open(dir, Options{Passphrase: sweepPassphrase})
	must(f, err)
	must(f, s.Close())
	good, err := os.ReadFile(filepath.Join(dir, badger.KeyRegistryFileName))
	must(f, err)
	f.Add(good)
	f.Add(good[:28])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := registryFrame(data); err == nil && len(data) < 28 {
			t.Errorf("%d bytes pass as a registry", len(data))
		}
	})
}

// FuzzCheckTable: the demo store's table with bytes changed (up to three places, perhaps cut
// short) is checked or said damaged; Badger's table reader never takes the process down.
func FuzzCheckTable(f *testing.F) {
	dir := f.TempDir()
	demoStore(f, dir)
	mf, _, err := readBadgerManifest(dir)
	must(f, err)
	var tm badger.TableManifest
	var good []byte
	for id, m := range mf.Tables {
		tm = m
		good, err = os.ReadFile(table.NewFilename(id, dir))
		must(f, err)
	}
	n := uint32(len(good))
	f.Add(n/2, byte(0x5A), n/3, byte(0), n-1, byte(0), n)
	f.Add(n-3, byte(0x01), n-30, byte(0x80), uint32(0), byte(0xFF), n)
	f.Add(uint32(7), byte(0x10), n/2, byte(0x10), n-9, byte(0x10), n-100)
	work := f.TempDir()
	f.Fuzz(func(t *testing.T, at1 uint32, m1 byte, at2 uint32, m2 byte, at3 uint32, m3 byte, size uint32) {
		data := bytes.Clone(good[:1+int(size)%len(good)])
		for _, c := range []struct {
			at   uint32
			mask byte
		}{{at1, m1}, {at2, m2}, {at3, m3}} {
			data[int(c.at)%len(data)] ^= c.mask
		}
		path := filepath.Join(work, "000001.sst")
		must(t, os.WriteFile(path, data, 0o600))
		_ = checkTable(path, tm, nil, nil) // must return, whatever it says
	})
}

// TestCutManifestLosesNothing: when the manifest's last change cannot be read (here: its
// length damaged), Badger would cut it off and delete the table it listed, the newest records
// with it. Open sets the manifest and that table aside, refuses the store (its log is shorter
// than its anchor), and the files are there to repair it.
func TestCutManifestLosesNothing(t *testing.T) {
	dir := t.TempDir()
	demoStore(t, dir)
	s, err := Open(dir)
	must(t, err)
	must(t, s.AddNote("archivist", firstFiled(t, s), "第二条备考")) // a second table at the next close
	must(t, s.Close())
	data, err := os.ReadFile(filepath.Join(dir, badger.ManifestFilename))
	must(t, err)
	tablesBefore, _ := filepath.Glob(filepath.Join(dir, "*.sst"))
	// The last change: find its start by replaying, and make its length larger than what is left.
	_, end, err := readBadgerManifest(dir)
	must(t, err)
	if end != int64(len(data)) {
		t.Fatalf("the manifest replays to %d of %d bytes", end, len(data))
	}
	last := lastChangeStart(t, data)
	// A length one larger: the change now runs past the end of the file, as if torn.
	binary.BigEndian.PutUint32(data[last:], binary.BigEndian.Uint32(data[last:])+1)
	must(t, os.WriteFile(filepath.Join(dir, badger.ManifestFilename), data, 0o600))

	_, err = Open(dir)
	var de *DamageError
	if !errors.As(err, &de) || de.Problem.Kind != KindStoreRolledBack {
		t.Errorf("got %v, want the store refused as rolled back", err)
	}
	aside, _ := filepath.Glob(filepath.Join(dir, "set-aside-*", "*"))
	tablesAfter, _ := filepath.Glob(filepath.Join(dir, "*.sst"))
	if len(tablesAfter)+len(aside)-1 != len(tablesBefore) { // the manifest's copy is set aside too
		t.Errorf("tables before %v; after %v, set aside %v", tablesBefore, tablesAfter, aside)
	}
}

// firstFiled returns the id of a filed item of s.
func firstFiled(t *testing.T, s *Office) string {
	items, _, err := s.Items(Filter{State: StateFiled}, 0, 1)
	must(t, err)
	if len(items) == 0 {
		t.Fatal("nothing filed")
	}
	return items[0].ID
}

// lastChangeStart returns where the last change of a Badger manifest begins: after the 8-byte
// magic, changes are a 4-byte length, a 4-byte checksum and that many bytes.
func lastChangeStart(t *testing.T, data []byte) int {
	pos, last := 8, -1
	for pos+8 <= len(data) {
		last = pos
		pos += 8 + int(binary.BigEndian.Uint32(data[pos:]))
	}
	if last < 0 || pos != len(data) {
		t.Fatalf("not a manifest of whole changes")
	}
	return last
}
