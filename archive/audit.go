package archive

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"
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
func (s *Office) audit(txn *tx, actor, action, item, detail string) error {
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
	// The log is its own chain, outside the ledger: written past tx.put.
	if err := txn.kvWriter.put(keyAudit(e.Seq), b); err != nil {
		return err
	}
	txn.head = &e
	if txn.first == 0 {
		txn.first = e.Seq
	}
	// The head is the entry without its digests, which the log keeps once.
	h := e
	h.Records = nil
	if b, err = json.Marshal(h); err != nil {
		return err
	}
	return txn.kvWriter.put(keyAuditHead(), b)
}

// Audit returns the audit log from entry from (1-based), at most limit entries.
func (s *Office) Audit(from int64, limit int) ([]AuditEntry, error) {
	var out []AuditEntry
	if limit <= 0 {
		return nil, nil
	}
	err := s.view(func(r kvReader) error {
		out = nil
		return r.scan(keyRange{prefix: []byte("audit/0"), start: keyAudit(max(from, 1))}, func(key, value []byte) (bool, error) {
			var e AuditEntry
			if err := json.Unmarshal(value, &e); err != nil {
				return false, fmt.Errorf("audit entry %s: %w", key, err)
			}
			out = append(out, e)
			return len(out) < limit, nil
		})
	})
	return out, err
}

// Record appends an action done outside a store transaction (a backup, a login failure) to
// the audit log.
func (s *Office) Record(actor, action, detail string) error {
	return s.update(func(txn *tx) error { return s.audit(txn, actor, action, "", detail) })
}
