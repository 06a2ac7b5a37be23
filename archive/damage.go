package archive

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/fb"
	"github.com/dgraph-io/badger/v4/options"
	"github.com/dgraph-io/badger/v4/pb"
	"github.com/dgraph-io/badger/v4/table"
	"github.com/dgraph-io/ristretto/v2"
)

// Damage to Badger's files. Everything here is particular to Badger; the ledger (ledger.go)
// and the anchor (anchor.go) are not.
//
// Badger opens its tables in goroutines of its own, where a damaged table makes its reader
// panic (slice bounds out of range) or exit the process (log.Fatal), and an iterator that
// meets a damaged block stops as if the data ended there. So before Badger sees a store,
// checkFiles checks it in the caller's goroutine, holding the directory lock: every table the
// manifest lists is read through Badger's own table reader with checksum verification, and
// whatever that reader raises is recovered and said as a damaged file. (A table already read
// whole as the same file, and not long ago, is not read again: checkedtables.go.) Badger itself then
// reads with block and value checksums on. Its errors are flattened to text (y.Wrap does not
// wrap), so openError tells them apart by their words, as isLockError does.

// checkFiles prepares the store in dir for Badger and checks its files: it removes the empty
// log files a crash can leave, then checks the key registry, the manifest and every table.
// key is the store's encryption key, nil for none. Errors: ErrStoreInUse, *DamageError.
func checkFiles(dir string, key []byte) error {
	release, err := lockDir(dir)
	if errors.Is(err, errLocked) {
		return ErrStoreInUse
	}
	if err != nil {
		return fmt.Errorf("%w: %v", ErrFileSystem, err)
	}
	defer release()
	if err := dropEmptyLogs(dir); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(dir, badger.ManifestFilename)); errors.Is(err, os.ErrNotExist) {
		// A new store, unless it holds tables: Badger would make a new manifest and delete them.
		if tables, _ := filepath.Glob(filepath.Join(dir, "*.sst")); len(tables) > 0 {
			return &DamageError{Err: err, Problem: Problem{Kind: KindStoreDamaged, Key: badger.ManifestFilename,
				Message: "数据库文件 MANIFEST 不见了：没有它就不知道哪些数据文件有效。", Advice: adviceRestore}}
		}
		return nil
	}
	if err := setAsideCutManifest(dir); err != nil {
		return err
	}
	return checkTables(dir, key, true)
}

// setAsideCutManifest keeps what Badger would destroy when the manifest's last change cannot
// be read: Badger cuts the manifest there and deletes every table the rest does not list. That
// is right after a crash in the middle of writing the change (the tables it names are garbage,
// their data still in the write-ahead log) and ruinous when a damaged byte cut it (the tables
// hold the newest records). The two look alike, so the cut manifest and the tables it would
// lose are moved into a directory beside the store, set-aside-<time>, for whoever repairs it.
func setAsideCutManifest(dir string) error {
	mf, end, err := readBadgerManifest(dir)
	if err != nil {
		return err
	}
	path := filepath.Join(dir, badger.ManifestFilename)
	info, err := os.Stat(path)
	if err != nil || info.Size() <= end {
		return err
	}
	aside := filepath.Join(dir, "set-aside-"+time.Now().UTC().Format("20060102T150405Z"))
	if err := os.MkdirAll(aside, 0o700); err != nil {
		return err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(aside, badger.ManifestFilename), data, 0o600); err != nil {
		return err
	}
	tables, _ := filepath.Glob(filepath.Join(dir, "*.sst"))
	for _, t := range tables {
		if id, ok := table.ParseFileID(t); ok {
			if _, listed := mf.Tables[id]; listed {
				continue
			}
		}
		if err := os.Rename(t, filepath.Join(aside, filepath.Base(t))); err != nil {
			return err
		}
	}
	log.Printf("archive: the manifest of %s ends in a change that cannot be read; it and the tables it would drop are in %s", dir, aside)
	return nil
}

// errLocked is lockDir's answer when another process holds the store.
var errLocked = errors.New("the directory is locked")

// checkTables reads every table the manifest lists through Badger's table reader with every
// block's checksum verified, except, when reuse is set, the tables the record of checked tables
// (checkedtables.go) vouches for; it renews the record after a good check. It may run beside
// the open store (Verify, Backup): a table the store compacts away meanwhile sends the check
// back to the manifest, a few times at most. Errors: *DamageError.
func checkTables(dir string, key []byte, reuse bool) error {
	known := checkedTables{}
	if reuse {
		known = readChecked(dir)
	}
	for attempt := 0; ; attempt++ {
		err := checkTablesOnce(dir, key, known)
		if !errors.Is(err, errTableGone) || attempt == 3 {
			return err
		}
	}
}

// errTableGone is a table the manifest lists and the directory does not hold.
var errTableGone = errors.New("a table in the manifest is missing")

func checkTablesOnce(dir string, key []byte, known checkedTables) error {
	reg, err := checkKeyRegistry(dir, key)
	if err != nil {
		return err
	}
	mf, _, err := readBadgerManifest(dir)
	if err != nil {
		return err
	}
	todo, record := tablesToCheck(dir, mf, known, time.Now())
	if err := checkListedTables(dir, key != nil, todo, mf, reg); err != nil {
		return err
	}
	writeChecked(dir, record)
	return nil
}

// tablesToCheck returns the ids of the tables of mf that known does not vouch for at now, and
// the record to keep once they are checked: the entries of known still true, and a new entry
// for each table to check whose file has settled.
func tablesToCheck(dir string, mf badger.Manifest, known checkedTables, now time.Time) ([]uint64, checkedTables) {
	var todo []uint64
	record := checkedTables{}
	for id := range mf.Tables {
		fi, err := os.Stat(table.NewFilename(id, dir))
		if err != nil {
			todo = append(todo, id) // checkListedTable says it is missing
			continue
		}
		stamp := stampOf(fi)
		switch {
		case known.trusts(id, stamp, now):
			record[id] = known[id]
		case stamp.settledBefore(now):
			todo = append(todo, id)
			record[id] = checkedTable{Stamp: stamp, Checked: now.Unix()}
		default:
			todo = append(todo, id)
		}
	}
	return todo, record
}

// checkListedTables checks the tables ids of mf, a few at a time: reading them is most of the
// time it takes to open a large store. encrypted says the store has a key.
func checkListedTables(dir string, encrypted bool, ids []uint64, mf badger.Manifest, reg *badger.KeyRegistry) error {
	if len(ids) == 0 {
		return nil
	}
	var cache *ristretto.Cache[uint64, *fb.TableIndex]
	if encrypted { // Badger keeps the decrypted index of an encrypted table only in a cache
		var err error
		cache, err = ristretto.NewCache(&ristretto.Config[uint64, *fb.TableIndex]{NumCounters: 1000, MaxCost: 16 << 20, BufferItems: 64})
		if err != nil {
			return err
		}
		defer cache.Close()
	}
	work := make(chan uint64)
	errs := make(chan error, len(ids))
	var wg sync.WaitGroup
	for range min(4, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for id := range work {
				errs <- checkListedTable(dir, id, mf.Tables[id], reg, cache)
			}
		})
	}
	for _, id := range ids {
		work <- id
	}
	close(work)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// checkListedTable checks the table with id that the manifest lists as tm.
func checkListedTable(dir string, id uint64, tm badger.TableManifest, reg *badger.KeyRegistry, cache *ristretto.Cache[uint64, *fb.TableIndex]) error {
	path := table.NewFilename(id, dir)
	name := filepath.Base(path)
	if _, err := os.Stat(path); err != nil {
		return &DamageError{Err: fmt.Errorf("%w: %v", errTableGone, err), Problem: Problem{Kind: KindStoreDamaged, Key: name,
			Message: fmt.Sprintf("数据库文件 %s 不见了（文件 MANIFEST 列有它），或 MANIFEST 已损坏。", name),
			Advice:  adviceRestore, Detail: err.Error()}}
	}
	dk, err := reg.DataKey(tm.KeyID)
	if err != nil {
		return damagedFile(name, err)
	}
	if err := checkTable(path, tm, dk, cache); errors.Is(err, errTableGone) {
		return &DamageError{Err: err, Problem: Problem{Kind: KindStoreDamaged, Key: name,
			Message: fmt.Sprintf("数据库文件 %s 在校验期间被删除或改写。", name), Advice: adviceRestore, Detail: err.Error()}}
	} else if err != nil {
		return damagedFile(name, err)
	}
	return nil
}

// dropEmptyLogs removes empty write-ahead and value log files. Badger creates such a file and
// then sizes it; a process killed in between leaves it empty, and Badger then refuses to open
// the store ("Create a new file"). An empty file holds nothing, so removing it loses nothing.
func dropEmptyLogs(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".mem") && !strings.HasSuffix(e.Name(), ".vlog") {
			continue
		}
		if info, err := e.Info(); err == nil && info.Size() == 0 {
			log.Printf("archive: removing %s, an empty log left by a crash", e.Name())
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkKeyRegistry checks the frame of Badger's key registry (a 16-byte IV, a 12-byte sanity
// text, then records of length, CRC-32C and data) before Badger reads it, since Badger trusts
// each record's length enough to allocate it, then opens it read-only. The passphrase was
// checked already (storeKey), so a registry that rejects the key is damaged.
func checkKeyRegistry(dir string, key []byte) (*badger.KeyRegistry, error) {
	data, err := os.ReadFile(filepath.Join(dir, badger.KeyRegistryFileName))
	if errors.Is(err, os.ErrNotExist) {
		return nil, damagedKey(badger.KeyRegistryFileName, err)
	}
	if err != nil {
		return nil, err
	}
	if err := registryFrame(data); err != nil {
		return nil, damagedKey(badger.KeyRegistryFileName, err)
	}
	reg, err := badger.OpenKeyRegistry(badger.KeyRegistryOptions{Dir: dir, ReadOnly: true, EncryptionKey: key})
	if err != nil {
		return nil, damagedKey(badger.KeyRegistryFileName, err)
	}
	return reg, nil
}

// registryFrame checks the frame of a key registry's bytes: the header, then whole records
// whose checksums hold.
func registryFrame(data []byte) error {
	const head = 16 + 12
	if len(data) < head {
		return errors.New("shorter than its header")
	}
	for pos := head; pos < len(data); {
		if len(data)-pos < 8 {
			return fmt.Errorf("a record at %d is cut off", pos)
		}
		n := int(binary.BigEndian.Uint32(data[pos:]))
		if n > len(data)-pos-8 {
			return fmt.Errorf("a record at %d runs past the end", pos)
		}
		if crc32.Checksum(data[pos+8:pos+8+n], castagnoli) != binary.BigEndian.Uint32(data[pos+4:]) {
			return fmt.Errorf("the record at %d fails its checksum", pos)
		}
		pos += 8 + n
	}
	return nil
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// readBadgerManifest replays Badger's manifest read-only, and says where its last whole change
// ends. A change whose checksum fails is damage.
func readBadgerManifest(dir string) (badger.Manifest, int64, error) {
	f, err := os.Open(filepath.Join(dir, badger.ManifestFilename))
	if err != nil {
		return badger.Manifest{}, 0, err
	}
	defer f.Close()
	mf, end, err := badger.ReplayManifestFile(f, 0, badger.DefaultOptions(dir).WithLogger(quietLogger{}))
	if err != nil {
		return mf, 0, damagedFile(badger.ManifestFilename, err)
	}
	return mf, end, nil
}

// checkTable reads the table at path through Badger's table reader with every block's
// checksum verified, recovering a panic of the reader as an error. The file is read into memory
// rather than mapped: the open store deletes a table it has compacted away by truncating the
// file first, and a mapped read past the new end would kill the process (SIGBUS). A table that
// changed while it was read is errTableGone: the check goes back to the manifest.
func checkTable(path string, tm badger.TableManifest, dk *pb.DataKey, cache *ristretto.Cache[uint64, *fb.TableIndex]) (err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w: %v", errTableGone, err)
	}
	if err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the table reader failed: %v", r)
		}
		if st, serr := os.Stat(path); err != nil && (serr != nil || st.Size() != int64(len(data))) {
			err = fmt.Errorf("%w: it changed while it was read", errTableGone)
		}
	}()
	id, _ := table.ParseFileID(filepath.Base(path))
	t, err := table.OpenInMemoryTable(data, id, &table.Options{ReadOnly: true, ChkMode: options.OnTableRead,
		Compression: tm.Compression, DataKey: dk, BlockSize: 4 << 10, IndexCache: cache})
	if err != nil {
		return err
	}
	return t.VerifyChecksum()
}

// engineFileRe finds the name of one of Badger's files in its error text.
var engineFileRe = regexp.MustCompile(`\d{5,6}\.(sst|vlog|mem)|MANIFEST|KEYREGISTRY|DISCARD`)

// openError turns what badger.Open said into one of the archive's errors: the store is in
// use, the file system refused, or a file (named when Badger named it) is damaged.
func openError(err error) error {
	msg := err.Error()
	switch {
	case isLockError(err):
		return ErrStoreInUse
	case strings.Contains(msg, "Encryption key mismatch"):
		// storeKey checked the passphrase against its own check value already.
		return damagedKey(badger.KeyRegistryFileName, err)
	case isFileSystemError(msg):
		return fmt.Errorf("%w: %v", ErrFileSystem, err)
	}
	return damagedFile(engineFileRe.FindString(msg), err)
}

// isFileSystemError reports whether Badger's text says the file system refused, which is not
// damage: the disk is full, the directory is read-only or not the user's.
func isFileSystemError(msg string) bool {
	for _, s := range []string{"no space left", "permission denied", "read-only file system", "too many open files",
		"Access is denied", "There is not enough space"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// openBadger opens the checked store, recovering a panic of Badger's reader as damage.
func openBadger(o badger.Options) (db *badger.DB, err error) {
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, damagedFile("", fmt.Errorf("badger.Open: %v", r))
		}
	}()
	db, err = badger.Open(o)
	if err != nil {
		return nil, openError(err)
	}
	return db, nil
}
