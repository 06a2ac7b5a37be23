package archive

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"

	"shendang.gov.cn/shendang/review"
)

// Errors a caller of Open can test for with errors.Is.
var (
	// ErrStoreInUse means another process (another 审档 window, or a command such as
	// `shendang backup`) holds the store directory.
	ErrStoreInUse = errors.New("store is in use by another process")
	// ErrIncompatibleStore means the directory holds a store written by an incompatible
	// version of 审档, or something that is not a 审档 store.
	ErrIncompatibleStore = errors.New("store was written by an incompatible version")
)

// Key layout. Every key starts with a prefix naming its kind; keys are built only here.
//
//	meta/schema                         → SchemaVersion
//	meta/settings                       → Settings (JSON)
//	meta/rules                          → OfficeRules (JSON): the office's keyword and allow lists
//	user/<name>                         → User (JSON)
//	item/<id>                           → Item (JSON)
//	sum/<id>                            → the item's summary for the index (binary)
//	rec/<id>/<seq:6>                    → Record (JSON), the item's steps in order
//	note/<id>/<seq:6>                   → Note (JSON), 备考 of a filed item
//	blob/<sha256>                       → file content
//	blobsum/<sha256>                    → SM3 hex of the content
//	count/<全宗>/<年度>/<期限>/<机构>     → last 件号 given in that group (decimal)
//	filed/<档号>                        → item id
//	box/<年度>/<期限>/<机构>/<盒号:4>      → Box (JSON)
//	audit/<seq:12>                      → AuditEntry (JSON), hash-chained
//	audit/head                          → AuditEntry of the last entry (JSON)
func keySchema() []byte                 { return []byte("meta/schema") }
func keySettings() []byte               { return []byte("meta/settings") }
func keyRules() []byte                  { return []byte("meta/rules") }
func keyUser(name string) []byte        { return []byte("user/" + name) }
func keyItem(id string) []byte          { return []byte("item/" + id) }
func keySummary(id string) []byte       { return []byte("sum/" + id) }
func keyRecord(id string, n int) []byte { return []byte(fmt.Sprintf("rec/%s/%06d", id, n)) }
func keyNote(id string, n int) []byte   { return []byte(fmt.Sprintf("note/%s/%06d", id, n)) }
func keyBlob(sha string) []byte         { return []byte("blob/" + sha) }
func keyBlobSum(sha string) []byte      { return []byte("blobsum/" + sha) }
func keyFiled(code string) []byte       { return []byte("filed/" + code) }
func keyAudit(n int64) []byte           { return []byte(fmt.Sprintf("audit/%012d", n)) }
func keyAuditHead() []byte              { return []byte("audit/head") }
func keyCount(fonds string, year int, r Retention, div string) []byte {
	return []byte(fmt.Sprintf("count/%s/%d/%s/%s", fonds, year, r, div))
}
func keyBox(year int, r Retention, div string, n int) []byte {
	return []byte(fmt.Sprintf("box/%d/%s/%s/%04d", year, r, div, n))
}

// Store is the office's persistent state. Callers depend on this interface so that a shared
// server backend for several workstations can replace the embedded one without touching them.
// Each method documents its outcomes on BadgerStore.
type Store interface {
	// Users and settings.
	HasUsers() (bool, error)
	SetUp(admin User, password string, st Settings) error
	CreateUser(actor string, u User, password string) error
	Authenticate(name, password string) (*User, error)
	GetUser(name string) (*User, error)
	Users() ([]User, error)
	UpdateUser(actor string, u User, password string) error
	Settings() (Settings, error)
	SaveSettings(actor string, st Settings) error
	OfficeRules() (OfficeRules, error)
	AddRuleTerms(actor string, l RuleList, terms []review.Term) (added int, err error)
	RemoveRuleTerm(actor string, l RuleList, text string) error

	// The procedure, steps 1–6.
	Propose(actor string, d Draft, file SourceFile, opinion string) (*Item, error)
	CheckItem(ctx context.Context, id string) (*StoredCheck, error)
	Decide(actor, itemID string, r Review) error
	Resubmit(actor, itemID string, file SourceFile, opinion string) error
	Publish(actor, itemID string, p Publication) error
	FileItem(actor, itemID string, req FilingRequest) (*Filing, error)
	MakeBox(actor string, b Box) (*Box, error)
	AddNote(actor, itemID, text string) error

	// Reading.
	Tasks(user string) ([]Task, error)
	Unboxed() ([]BoxRange, error)
	RuleSet() (*review.RuleSet, error)
	Item(id string) (*Item, error)
	ItemByCode(code string) (*Item, error)
	Items(f Filter, offset, limit int) ([]Item, int, error)
	Groups(f Filter, byCategory bool) ([]Group, error)
	Records(id string) ([]Record, error)
	Notes(id string) ([]Note, error)
	Boxes() ([]Box, error)
	Blob(sha string) ([]byte, error)
	Audit(from int64, limit int) ([]AuditEntry, error)
	LastAudit() (AuditEntry, error)

	// Integrity.
	Record(actor, action, detail string) error
	Verify(ctx context.Context, progress func(stage string)) (*VerifyReport, error)
	Backup(w io.Writer, actor string) error

	// Forms.
	WriteItemSheet(w io.Writer, id string) ([]rune, error)
	WriteBoxForm(w io.Writer, form BoxForm, year int, r Retention, division string, number int) ([]rune, error)

	// Close releases the store. It returns an error only when pending writes could not be
	// flushed.
	Close() error
}

var _ Store = (*BadgerStore)(nil)

// BadgerStore is the embedded Store: one Badger database in one directory.
type BadgerStore struct {
	db     *badger.DB
	dir    string
	anchor *anchor
	// Now is the clock of every record; tests set it for deterministic output.
	Now func() time.Time
	// encrypted says the store was opened with a passphrase.
	encrypted bool
	key       []byte
	idx       itemIndex
	rules     ruleCache  // the rule set in force, by the office lists' revision
	checks    checkCache // the last stored checks, by file and rule set
}

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
func Open(dir string, opts ...Options) (*BadgerStore, error) {
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf(`open store "%s": %w`, dir, err)
	}
	key, err := storeKey(dir, o.Passphrase)
	if err != nil {
		return nil, fmt.Errorf(`open store "%s": %w`, dir, err)
	}
	if err := checkFiles(dir, key); err != nil {
		return nil, fmt.Errorf(`open store "%s": %w`, dir, err)
	}
	bo := desktopOptions(badger.DefaultOptions(dir))
	if key != nil {
		bo = bo.WithEncryptionKey(key).WithEncryptionKeyRotationDuration(30 * 24 * time.Hour)
	}
	db, err := openBadger(bo)
	if err != nil {
		return nil, fmt.Errorf(`open store "%s": %w`, dir, err)
	}
	s := &BadgerStore{db: db, dir: dir, anchor: newAnchor(dir), Now: time.Now, encrypted: key != nil, key: key}
	if err := s.start(); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf(`open store "%s": %w`, dir, err)
	}
	return s, nil
}

// OpenInMemory opens an empty store that lives only in memory, for tests and previews.
func OpenInMemory() (*BadgerStore, error) {
	db, err := badger.Open(desktopOptions(badger.DefaultOptions("").WithInMemory(true)))
	if err != nil {
		return nil, fmt.Errorf("open in-memory store: %w", err)
	}
	s := &BadgerStore{db: db, anchor: newAnchor(""), Now: time.Now}
	if err := s.start(); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("open in-memory store: %w", err)
	}
	return s, nil
}

// Dir returns the directory the store lives in, or "" for an in-memory store.
func (s *BadgerStore) Dir() string { return s.dir }

// Close flushes and releases the store and its directory lock.
func (s *BadgerStore) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf(`close store "%s": %w`, s.dir, err)
	}
	return nil
}

// CollectGarbage reclaims space in the value log left by overwritten and deleted values. The
// window runs it on a schedule; it returns nil when there was nothing to reclaim.
func (s *BadgerStore) CollectGarbage() error {
	for {
		err := s.db.RunValueLogGC(0.5)
		if errors.Is(err, badger.ErrNoRewrite) || errors.Is(err, badger.ErrRejected) {
			return nil
		}
		if err != nil {
			return fmt.Errorf(`value-log GC in "%s": %w`, s.dir, err)
		}
	}
}

// update runs fn in a read-write transaction, retrying when a concurrent transaction
// conflicted with it (Badger's optimistic concurrency): 件号 stay unique under concurrent filing.
// Items the transaction wrote are marked for the index only once it has committed.
// Every record it writes must be taken by an audit entry of the same transaction (see
// ledger.go); a transaction that would leave one out fails instead of committing.
func (s *BadgerStore) update(fn func(txn *tx) error) error {
	for attempt := 0; ; attempt++ {
		txn := newTx(s.db.NewTransaction(true))
		err := fn(txn)
		if err == nil && len(txn.written) > 0 {
			err = fmt.Errorf("%w: %d records written with no audit entry", errUnaudited, len(txn.written))
		}
		if err == nil {
			err = txn.Commit()
		}
		txn.Discard()
		s.idx.settle(txn.Txn, err == nil)
		if err == nil && txn.head != nil {
			s.anchor.save(*txn.head)
		}
		if !errors.Is(err, badger.ErrConflict) || attempt == maxConflictRetries {
			return err
		}
		// Another writer committed first: wait a random moment, so that contending writers
		// spread out, and run fn again on fresh data.
		time.Sleep(time.Duration(rand.IntN(attempt+1)) * time.Millisecond)
	}
}

// errUnaudited is a programming error: a transaction wrote a record after its last audit entry.
var errUnaudited = errors.New("records written outside the audit log")

// maxConflictRetries bounds the retries of one transaction that keeps losing to concurrent
// writers; with the growing random backoff it is minutes of contention, not a real limit.
const maxConflictRetries = 1000

// getJSON reads key into v; ErrNotFound when absent.
func getJSON(txn reader, key []byte, v any) error {
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return fmt.Errorf("%s: %w", key, ErrNotFound)
	}
	if err != nil {
		return err
	}
	return item.Value(func(b []byte) error { return json.Unmarshal(b, v) })
}

func putJSON(txn *tx, key []byte, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return txn.Set(key, b)
}

// desktopOptions shrinks Badger's server-sized defaults (~500 MB RSS, 1 GB value-log files) to
// what a workstation application should use, syncs every write (decisions and filings must
// survive a power cut) and verifies the checksum of every block and value it reads (damage is
// an error, not garbage; checkFiles verified every table as a whole before). The block cache is
// small because lists and searches are served from the in-memory item index: Badger's blocks
// are read to build it, once, and for one item's detail; 16 MB of them held 10–18 MB more
// resident with 100,000 items and 归档 open. (The memtable's arena is allocated whole but
// touched only as it fills, so a smaller memtable saves no resident memory; and Badger's 1 MB
// value threshold needs one of at least 6.7 MB.)
func desktopOptions(o badger.Options) badger.Options {
	return o.
		WithChecksumVerificationMode(options.OnBlockRead).
		WithVerifyValueChecksum(true).
		WithMemTableSize(8 << 20).
		WithNumMemtables(2).
		WithNumLevelZeroTables(2).
		WithNumLevelZeroTablesStall(8).
		WithBlockCacheSize(4 << 20).
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
