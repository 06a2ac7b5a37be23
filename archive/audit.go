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
	Action string // login, import, decision, filing, settings, user, note, backup, restore
	Item   string `json:",omitempty"`
	Detail string
	Prev   string
	Hash   string
}

func (e AuditEntry) computeHash() string {
	c := e
	c.Hash = ""
	b, _ := json.Marshal(c)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// audit appends an entry in txn, so it commits or fails with the action it records.
func (s *BadgerStore) audit(txn *badger.Txn, actor, action, item, detail string) error {
	var head AuditEntry
	if err := getJSON(txn, keyAuditHead(), &head); err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	e := AuditEntry{Seq: head.Seq + 1, Time: s.Now().UTC(), Actor: actor, Action: action, Item: item, Detail: detail, Prev: head.Hash}
	e.Hash = e.computeHash()
	if err := putJSON(txn, keyAudit(e.Seq), e); err != nil {
		return err
	}
	return putJSON(txn, keyAuditHead(), e)
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
	return s.update(func(txn *badger.Txn) error { return s.audit(txn, actor, action, "", detail) })
}
