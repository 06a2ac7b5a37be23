package archive

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// AuditEntry is one line of the append-only audit log. Each entry's Hash covers its content
// and the previous entry's hash, so an edited, removed or reordered entry breaks the chain.
type AuditEntry struct {
	Seq    int64
	Time   time.Time
	Actor  string
	Action string // login, import, decision, filing, settings, user, note, rules, backup, restore, migrate
	Item   string `json:",omitempty"`
	Detail string
	// Records holds the digest of every record the entry's transaction wrote, by key: the
	// ledger that Verify checks the records against (ledger.go). Entries of schema 1 have none.
	Records map[string]string `json:",omitempty"`
	Prev    string
	Hash    string
}

func (e AuditEntry) computeHash() string {
	c := e
	c.Hash = ""
	b, _ := json.Marshal(c)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// audit appends an entry in txn, so it commits or fails with the action it records. The entry
// takes the digests of the records txn wrote before it.
func (s *BadgerStore) audit(txn *tx, actor, action, item, detail string) error {
	var head AuditEntry
	if err := getJSON(txn, keyAuditHead(), &head); err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("the audit log's head: %w", err)
	}
	e := AuditEntry{Seq: head.Seq + 1, Time: s.Now().UTC(), Actor: actor, Action: action, Item: item, Detail: detail,
		Records: txn.takeWritten(), Prev: head.Hash}
	e.Hash = e.computeHash()
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	// The log is its own chain, outside the ledger: written past tx.Set.
	if err := txn.Txn.Set(keyAudit(e.Seq), b); err != nil {
		return err
	}
	txn.head = &e
	// The head is the entry without its digests, which the log keeps once.
	h := e
	h.Records = nil
	if b, err = json.Marshal(h); err != nil {
		return err
	}
	return txn.Txn.Set(keyAuditHead(), b)
}

// Audit returns the audit log from entry from (1-based), at most limit entries.
func (s *BadgerStore) Audit(from int64, limit int) ([]AuditEntry, error) {
	var out []AuditEntry
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte("audit/0")})
		defer it.Close()
		for it.Seek(keyAudit(max(from, 1))); it.Valid() && len(out) < limit; it.Next() {
			var e AuditEntry
			if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &e) }); err != nil {
				return fmt.Errorf("audit entry %s: %w", it.Item().Key(), err)
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// Record appends an action done outside a store transaction (a backup, a login failure) to
// the audit log.
func (s *BadgerStore) Record(actor, action, detail string) error {
	return s.update(func(txn *tx) error { return s.audit(txn, actor, action, "", detail) })
}
