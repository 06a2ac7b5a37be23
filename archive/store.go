package archive

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

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
//	stat/<id>                           → the item's facts for statistics (binary, statfacts.go)
//	note/<id>/<seq:6>                   → Note (JSON), 备考 of a filed item
//	blob/<sha256>                       → file content
//	blobsum/<sha256>                    → SM3 hex of the content
//	count/<全宗>/<年度>/<期限>/<机构>     → last 件号 given in that group (decimal)
//	filed/<档号>                        → item id
//	box/<年度>/<期限>/<机构>/<盒号:4>      → Box (JSON)
//	audit/<seq:12>                      → AuditEntry (JSON), hash-chained
//	audit/head                          → AuditEntry of the last entry (JSON)
//	annual/<年度>                        → AnnualFigures (JSON): the office's figures of the annual report
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
func keyAnnual(year int) []byte { return []byte(fmt.Sprintf("annual/%04d", year)) }
func keyBox(year int, r Retention, div string, n int) []byte {
	return []byte(fmt.Sprintf("box/%d/%s/%s/%04d", year, r, div, n))
}

// Store is the office's persistent state. Callers depend on this interface so that a shared
// server backend for several workstations can replace the embedded one without touching them.
// Each method documents its outcomes on Office.
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
	SaveSettingsAndRedate(actor string, st Settings) (redated int, err error)
	OfficeRules() (OfficeRules, error)
	AddRuleTerms(actor string, l RuleList, terms []review.Term) (added int, err error)
	RemoveRuleTerm(actor string, l RuleList, text string) error

	// The procedure, steps 1–6.
	Propose(actor string, d Draft, file SourceFile, opinion string) (*Item, error)
	CheckItem(ctx context.Context, id string) (*StoredCheck, error)
	Decide(actor, itemID string, r Review) error
	DecideRedacted(actor, itemID string, r Review, red Redaction) error
	Resubmit(actor, itemID string, file SourceFile, opinion string, fix *Particulars) error
	Publish(actor, itemID string, p Publication) error
	FileItem(actor, itemID string, req FilingRequest) (*Filing, error)
	MakeBox(actor string, b Box) (*Box, error)
	AddNote(actor, itemID, text string) error
	SaveAnnualFigures(actor string, f AnnualFigures) error

	// Reading.
	Tasks(user string) ([]Task, error)
	Unboxed() ([]BoxRange, error)
	RuleSet() (*review.RuleSet, error)
	Item(id string) (*Item, error)
	SameDocNumber(docNo string) ([]Item, error)
	PolicyCandidates(text string, limit int) ([]Item, error)
	ItemByCode(code string) (*Item, error)
	Items(f Filter, offset, limit int) ([]Item, int, error)
	Groups(f Filter, byCategory bool) ([]Group, error)
	Records(id string) ([]Record, error)
	Statistics(p Period, f StatsFilter) (*Statistics, error)
	Progress(year int, span ProgressSpan) (*ProgressReport, error)
	Annual(year int) (*AnnualReport, error)
	AnnualFigures(year int) (AnnualFigures, error)
	ItemLines(f Figure, p Period) ([]ItemLine, error)
	Notes(id string) ([]Note, error)
	Boxes() ([]Box, error)
	Blob(sha string) ([]byte, error)
	Audit(from int64, limit int) ([]AuditEntry, error)
	LastAudit() (AuditEntry, error)
	Changes(ctx context.Context) <-chan struct{}

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

var _ Store = (*Office)(nil)

// Office is the office's Store: the procedure's rules over one storage engine (engine.go),
// Badger in a directory (Open) or in memory (OpenInMemory).
type Office struct {
	e      engine
	anchor *anchor // nil for an engine with no directory of its own to anchor
	// Now is the clock of every record; tests set it for deterministic output.
	Now    func() time.Time
	idx    itemIndex
	rules  ruleCache  // the rule set in force, by the office lists' revision
	checks checkCache // the last stored checks, by file and rule set
}

// openOn readies the store kept by e: it checks the schema and the anchor a (nil for none) and
// upgrades a store of an earlier schema. It closes e when it fails. Errors: those of start.
func openOn(e engine, a *anchor) (*Office, error) {
	s := &Office{e: e, anchor: a, Now: time.Now}
	if err := s.start(); err != nil {
		_ = e.close()
		return nil, err
	}
	return s, nil
}

// Close flushes and releases the store and its directory lock.
func (s *Office) Close() error {
	if err := s.e.close(); err != nil {
		return fmt.Errorf("close store (%s): %w", s.e.describe(), err)
	}
	return nil
}

// garbageCollector is an engine that reclaims the space of overwritten values on request.
type garbageCollector interface{ collectGarbage() error }

// CollectGarbage reclaims space in the value log left by overwritten and deleted values. The
// window runs it on a schedule; it returns nil when there was nothing to reclaim, and for an
// engine that reclaims space by itself.
func (s *Office) CollectGarbage() error {
	gc, ok := s.e.(garbageCollector)
	if !ok {
		return nil
	}
	if err := gc.collectGarbage(); err != nil {
		return fmt.Errorf("value-log GC (%s): %w", s.e.describe(), err)
	}
	return nil
}

// update runs fn in a read-write transaction, again when a concurrent transaction conflicted
// with it: 件号 stay unique under concurrent filing. Items the transaction wrote are marked
// for the index only once it has committed. Every record it writes must be taken by an audit
// entry of the same transaction (see ledger.go); a transaction that would leave one out fails
// instead of committing.
//
// When the engine cannot tell whether the commit went through (errInDoubt), the audit log
// tells: the transaction committed exactly when the log holds its last entry, hash and all.
// One that did not is run again, as after a conflict.
func (s *Office) update(fn func(txn *tx) error) error {
	var txn *tx
	var err error
	for attempt := 0; attempt <= maxInDoubtRetries; attempt++ {
		err = retryConflicts(context.Background(), s.e, func(w kvWriter) error {
			txn = newTx(w)
			if err := fn(txn); err != nil {
				return err
			}
			if len(txn.written) > 0 {
				return fmt.Errorf("%w: %d records written with no audit entry", errUnaudited, len(txn.written))
			}
			return nil
		})
		if !errors.Is(err, errInDoubt) || txn == nil || txn.head == nil {
			break
		}
		committed, cerr := s.committed(*txn.head)
		if cerr != nil {
			return fmt.Errorf("%w (the audit log cannot tell: %v)", err, cerr)
		}
		if committed {
			err = nil
			break
		}
	}
	if err == nil && txn != nil {
		var first, last int64
		if txn.head != nil {
			first, last = txn.first, txn.head.Seq
			s.anchor.save(*txn.head)
		}
		s.idx.committed(txn.items, first, last)
	}
	return err
}

// maxInDoubtRetries bounds the runs of a transaction whose commits keep ending in doubt and
// turn out not to have committed: the connection to the server is failing, and the person
// should hear of it.
const maxInDoubtRetries = 3

// committed reports whether the audit log holds entry e as it was appended.
func (s *Office) committed(e AuditEntry) (bool, error) {
	var got AuditEntry
	err := s.view(func(r kvReader) error { return getJSON(r, keyAudit(e.Seq), &got) })
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	return err == nil && got.Hash == e.Hash, err
}

// retryConflicts runs fn in an update of e, again (on fresh data) each time e says a
// concurrent transaction conflicted with it. This is the one retry loop of the archive.
func retryConflicts(ctx context.Context, e engine, fn func(kvWriter) error) error {
	for attempt := 0; ; attempt++ {
		err := e.update(ctx, fn)
		if !errors.Is(err, errConflict) || attempt == maxConflictRetries {
			return err
		}
		// Another writer committed first: wait a random moment, so that contending writers
		// spread out, and run fn again on fresh data.
		time.Sleep(time.Duration(rand.IntN(attempt+1)) * time.Millisecond)
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

// view runs fn on a consistent snapshot of the store.
func (s *Office) view(fn func(r kvReader) error) error {
	return s.e.view(context.Background(), fn)
}

// errUnaudited is a programming error: a transaction wrote a record after its last audit entry.
var errUnaudited = errors.New("records written outside the audit log")

// maxConflictRetries bounds the retries of one transaction that keeps losing to concurrent
// writers; with the growing random backoff it is minutes of contention, not a real limit.
const maxConflictRetries = 1000

// getJSON reads key into v; ErrNotFound when absent.
func getJSON(r kvReader, key []byte, v any) error {
	b, err := r.get(key)
	if errors.Is(err, errNoKey) {
		return fmt.Errorf("%s: %w", key, ErrNotFound)
	}
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

func putJSON(txn *tx, key []byte, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return txn.put(key, b)
}

// has reports whether key exists; an engine failure counts as absent.
func has(r kvReader, key []byte) bool {
	_, err := r.get(key)
	return err == nil
}

// anyKey reports whether any key starts with prefix.
func anyKey(r kvReader, prefix string) bool {
	found := false
	_ = r.scan(keyRange{prefix: []byte(prefix), keysOnly: true}, func(_, _ []byte) (bool, error) {
		found = true
		return false, nil
	})
	return found
}

// countPrefix counts the keys that start with prefix.
func countPrefix(r kvReader, prefix string) (int, error) {
	n := 0
	err := r.scan(keyRange{prefix: []byte(prefix), keysOnly: true}, func(_, _ []byte) (bool, error) {
		n++
		return true, nil
	})
	return n, err
}

// each calls fn with every record under prefix whose value can be read.
func each(r kvReader, prefix string, fn func(key string, value []byte)) {
	_ = scanEach(r, []byte(prefix), func(key, value []byte) error {
		fn(string(key), bytes.Clone(value))
		return nil
	}, nil)
}

// scanEach calls fn with each record under prefix, in key order, and bad (when not nil) with
// the key of each record whose value the engine cannot read: a damaged value does not end the
// scan. fn's error ends it and is scanEach's; so is an engine failure no key can be blamed for.
func scanEach(r kvReader, prefix []byte, fn func(key, value []byte) error, bad func(key string, err error)) error {
	var last []byte // the last key given to fn
	start := prefix
	for {
		var fnErr error
		err := r.scan(keyRange{prefix: prefix, start: start}, func(key, value []byte) (bool, error) {
			last = append(last[:0], key...)
			fnErr = fn(key, value)
			return fnErr == nil, fnErr
		})
		if fnErr != nil || err == nil {
			return fnErr
		}
		// The engine failed past last: blame the next key, if a scan of keys alone finds one.
		from := start
		if last != nil {
			from = append(bytes.Clone(last), 0)
		}
		next, kerr := firstKey(r, prefix, from)
		if kerr != nil || next == nil {
			return err
		}
		if bad != nil {
			bad(string(next), err)
		}
		last = next
		start = append(bytes.Clone(next), 0)
	}
}

// firstKey is the first key under prefix from start on, or nil.
func firstKey(r kvReader, prefix, start []byte) ([]byte, error) {
	var first []byte
	err := r.scan(keyRange{prefix: prefix, start: start, keysOnly: true}, func(key, _ []byte) (bool, error) {
		first = bytes.Clone(key)
		return false, nil
	})
	return first, err
}
