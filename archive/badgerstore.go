package archive

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
)

// Options choose how a store is opened.
type Options struct {
	// Passphrase, when set, opens (or creates) an encrypted store. An existing encrypted store
	// needs it; a wrong one is ErrWrongPassphrase.
	Passphrase string
}

// Open opens the store in dir, creating the directory and an empty store when there is none,
// and upgrading a store of an earlier schema. Errors: ErrStoreInUse when another process has
// dir open; ErrIncompatibleStore when dir holds a store of a later schema; ErrWrongPassphrase
// for an encrypted store opened without or with the wrong passphrase; ErrDamaged (a
// *DamageError naming the file) when a file of the store is damaged or the store lost its
// newest entries; ErrFileSystem when the file system refused; otherwise an error naming dir
// and what the file system said.
func Open(dir string, opts ...Options) (*Office, error) {
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	e, err := openBadgerDir(dir, o.Passphrase)
	if err != nil {
		return nil, fmt.Errorf(`open store "%s": %w`, dir, err)
	}
	s, err := openOn(e, newAnchor(dir))
	if err != nil {
		return nil, fmt.Errorf(`open store "%s": %w`, dir, err)
	}
	return s, nil
}

// openBadgerDir opens the Badger database in dir as it is, creating the directory when there
// is none: its key from passphrase, its files checked whole first. The rules have not looked
// at it yet (openOn does).
func openBadgerDir(dir, passphrase string) (*badgerEngine, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	key, err := storeKey(dir, passphrase)
	if err != nil {
		return nil, err
	}
	if err := checkFiles(dir, key); err != nil {
		return nil, err
	}
	bo := desktopOptions(badger.DefaultOptions(dir))
	if key != nil {
		bo = bo.WithEncryptionKey(key).WithEncryptionKeyRotationDuration(30 * 24 * time.Hour)
	}
	db, err := openBadger(bo)
	if err != nil {
		return nil, err
	}
	return &badgerEngine{db: db, dir: dir, key: key}, nil
}

// OpenInMemory opens an empty store that lives only in memory, for tests and previews.
func OpenInMemory() (*Office, error) {
	e, err := openBadgerInMemory()
	if err != nil {
		return nil, fmt.Errorf("open in-memory store: %w", err)
	}
	s, err := openOn(e, nil)
	if err != nil {
		return nil, fmt.Errorf("open in-memory store: %w", err)
	}
	return s, nil
}

// openBadgerInMemory opens an empty store in memory. With no value log there, every value must
// stay under Badger's 1 MB value threshold.
func openBadgerInMemory() (*badgerEngine, error) {
	db, err := badger.Open(desktopOptions(badger.DefaultOptions("").WithInMemory(true)))
	if err != nil {
		return nil, err
	}
	return &badgerEngine{db: db}, nil
}

// Dir returns the directory the store lives in, or "" for an in-memory store or one kept by
// a server.
func (s *Office) Dir() string {
	if b, ok := s.e.(*badgerEngine); ok {
		return b.dir
	}
	return ""
}

// desktopOptions shrinks Badger's server-sized defaults (~500 MB RSS, 1 GB value-log files) to
// what a workstation application should use, syncs every write (decisions and filings must
// survive a power cut) and verifies the checksum of every block and value it reads (damage is
// an error, not garbage; checkFiles verified every table as a whole before, or found it the same
// file as when it last did: checkedtables.go). The block cache is
// small because lists and searches are served from the in-memory item index: Badger's blocks
// are read to build it, once, and for one item's detail; 16 MB of them held 10–18 MB more
// resident with 100,000 items and 归档 open, and 4 MB of them 5 MiB more than 1 MB (make memory,
// Xvfb; filing 1,000 items takes as long, BenchmarkFile1000). (A 2 MB memtable with values from 64 kB in the
// value log held 4 MB less resident at the sign-in screen, but flushed so often that the crash
// test's check of the tables after SIGKILL met a table file Badger was still writing, and died
// of SIGBUS reading it: not worth 4 MB. Badger's 1 MB value threshold needs a memtable of at
// least 6.7 MB; TestProposeLargeFiles stores files of up to 20 MB.)
func desktopOptions(o badger.Options) badger.Options {
	return o.
		WithChecksumVerificationMode(options.OnBlockRead).
		WithVerifyValueChecksum(true).
		WithMemTableSize(8 << 20).
		WithNumMemtables(2).
		WithNumLevelZeroTables(2).
		WithNumLevelZeroTablesStall(8).
		WithBlockCacheSize(1 << 20).
		WithIndexCacheSize(8 << 20).
		WithValueLogFileSize(64 << 20).
		WithNumCompactors(2).
		WithSyncWrites(true).
		WithLogger(quietLogger{})
}

// isLockError reports whether err is Badger's failure to lock its directory. Badger formats the
// cause into the message instead of wrapping it, so its wording is the only signal there is.
func isLockError(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "Another process is using this Badger database")
}

// quietLogger passes Badger's warnings and errors to the standard logger and drops its
// informational chatter, which would otherwise fill a desktop user's terminal.
type quietLogger struct{}

func (quietLogger) Errorf(f string, a ...any)   { log.Printf("badger: error: "+f, a...) }
func (quietLogger) Warningf(f string, a ...any) { log.Printf("badger: warning: "+f, a...) }
func (quietLogger) Infof(string, ...any)        {}
func (quietLogger) Debugf(string, ...any)       {}

// keyFile is where an encrypted store keeps its key-derivation parameters, beside the store.
func keyFile(dir string) string { return filepath.Join(dir, "KEYPARAMS.json") }
