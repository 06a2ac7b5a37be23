package archive

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strings"
)

// The ledger covers every record a decision depends on with the hash-chained audit log.
//
// Every transaction that writes records appends an audit entry, and that entry carries the
// digest of each record the transaction wrote (AuditEntry.Records: key → digest). Folding the
// log from its first entry gives, for every record, the digest of its last audited write.
// Verify recomputes each live record's digest from its key and value bytes and compares: a
// changed value, a changed key (the record then sits under a key no entry wrote, and its own
// key is missing), a removed record and one written behind 审档's back all show, and the
// audit log itself is covered by its chain. A digest is computed from the bytes of a key and
// a value, nothing of the engine's, so the same check holds for any engine that stores keys
// and values.
//
// Two kinds of record are outside the ledger: the audit log (audit/…), which is its own chain,
// and the schema stamp (meta/schema), which Open checks. The records of a store made before
// the ledger existed (schema 1) are adopted by migration entries when schema 2 first opens it.

// digestSize is the length of a record digest in bytes: SHA-256 cut to 128 bits, far beyond the
// reach of an accidental or a contrived match, at half the size in every audit entry.
const digestSize = 16

// recordDigest is the digest of one record: SHA-256 of the key's length, the key and the value,
// in hexadecimal.
func recordDigest(key, value []byte) string {
	h := sha256.New()
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(key)))
	h.Write(n[:])
	h.Write(key)
	h.Write(value)
	return hex.EncodeToString(h.Sum(nil)[:digestSize])
}

// deletedDigest is what the ledger records for a record the transaction deleted.
const deletedDigest = "deleted"

// outsideLedger reports whether the record under key is one the ledger does not cover.
func outsideLedger(key string) bool {
	return strings.HasPrefix(key, "audit/") || key == string(keySchema())
}

// tx is a read-write transaction that keeps the digest of every record it writes until an
// audit entry takes them (see Office.audit). update refuses to commit a transaction that
// wrote a record no entry took, so no write escapes the ledger.
type tx struct {
	kvWriter
	written map[string]string // key → digest, not yet in an audit entry
	head    *AuditEntry       // the last entry the transaction appended, if any
	first   int64             // the number of the first entry it appended, 0 for none
	items   []string          // the items it wrote, for the index once it commits
}

func newTx(w kvWriter) *tx { return &tx{kvWriter: w, written: map[string]string{}} }

// put writes the record and keeps its digest for the transaction's audit entry.
func (t *tx) put(key, value []byte) error {
	if err := t.kvWriter.put(key, value); err != nil {
		return err
	}
	t.written[string(key)] = recordDigest(key, value)
	return nil
}

// del removes the record; the audit entry records the deletion.
func (t *tx) del(key []byte) error {
	if err := t.kvWriter.del(key); err != nil {
		return err
	}
	t.written[string(key)] = deletedDigest
	return nil
}

// takeWritten hands the digests kept so far to an audit entry.
func (t *tx) takeWritten() map[string]string {
	if len(t.written) == 0 {
		return nil
	}
	w := t.written
	t.written = map[string]string{}
	return w
}

// ledgerEntry is what the ledger knows of one record: the digest of its last audited write,
// the entry that wrote it, and whether that entry is intact (a damaged entry's digests are
// reported with the entry, not once more with each record).
type ledgerEntry struct {
	digest string
	seq    int64
	intact bool
}

// ledger maps each record's key to its last audited write.
type ledger map[string]ledgerEntry

// fold adds the records of entry e, appended after every entry folded before it.
func (l ledger) fold(e AuditEntry, intact bool) {
	for k, d := range e.Records {
		l[k] = ledgerEntry{digest: d, seq: e.Seq, intact: intact}
	}
}
