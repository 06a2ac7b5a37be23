package archive

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"sort"
	"strconv"
	"strings"
)

// SchemaVersion is the layout version of the records in the store. A store is stamped with
// it when created; Open upgrades a store of an earlier schema and refuses one of a later.
//
//	1  the records and the hash-chained audit log
//	2  the ledger: each audit entry carries the digests of the records it wrote (ledger.go)
const SchemaVersion = "2"

// schemaBeforeLedger is the schema whose records Open adopts into the ledger.
const schemaBeforeLedger = "1"

// adoptChunk is how many records one adoption entry (and transaction) takes: an entry of
// about 150 kB, well inside Badger's limit on a transaction.
const adoptChunk = 2000

// start readies an opened store: it checks its schema and its anchor, and upgrades a store of
// schema 1. Errors: ErrIncompatibleStore, *DamageError.
func (s *Office) start() error {
	v, err := s.schema()
	if err != nil {
		return err
	}
	from, to, anchored := s.anchor.behind(s.lastAuditSeq())
	if from > 0 {
		return rolledBack(from, to)
	}
	if head, err := s.LastAudit(); !anchored && err == nil {
		s.anchor.save(head) // a store from before the anchor, or one whose anchor was damaged
	}
	switch v {
	case SchemaVersion:
		return nil
	case "":
		return s.setSchema()
	}
	n, err := s.adopt("数据库升级到版本 " + SchemaVersion + "：登记既有记录的摘要")
	if err != nil {
		return fmt.Errorf("upgrade from schema %s: %w", v, err)
	}
	if n > 0 {
		log.Printf("archive: upgraded %s from schema %s: %d records adopted into the ledger", s.e.describe(), v, n)
	}
	return s.setSchema()
}

// schema returns the store's schema stamp, "" for a store that holds nothing yet. Errors:
// ErrIncompatibleStore for a later schema; *DamageError for a stamp missing from a store that
// holds records, or one that is not a schema at all.
func (s *Office) schema() (string, error) {
	var v string
	empty := false
	err := s.view(func(txn kvReader) error {
		b, err := txn.get(keySchema())
		if errors.Is(err, errNoKey) {
			first, err := firstKey(txn, nil, nil)
			empty = first == nil
			return err
		}
		v = string(b)
		return err
	})
	if err != nil {
		return "", damagedFile("", err)
	}
	n, nerr := strconv.Atoi(v)
	current, _ := strconv.Atoi(SchemaVersion)
	switch {
	case v == "" && empty, v == SchemaVersion, v == schemaBeforeLedger:
		return v, nil
	case v == "":
		return "", &DamageError{Problem: Problem{Kind: KindRecordMissing, Key: string(keySchema()),
			Message: "数据库的版本标记不见了：数据库已损坏。", Advice: adviceRestore}}
	case nerr == nil && n > current && n < 1000: // a later version's store, not damage
		return "", fmt.Errorf("%w: schema %q, this version reads %q", ErrIncompatibleStore, v, SchemaVersion)
	}
	return "", &DamageError{Problem: Problem{Kind: KindRecordChanged, Key: string(keySchema()),
		Message: fmt.Sprintf("数据库的版本标记（%q）已损坏。", v), Advice: adviceRestore}}
}

// setSchema stamps the store with SchemaVersion. The stamp is outside the ledger: schema
// checks it on every open.
func (s *Office) setSchema() error {
	return retryConflicts(context.Background(), s.e, func(w kvWriter) error { return w.put(keySchema(), []byte(SchemaVersion)) })
}

// lastAuditSeq is the number of the newest audit entry, by the log's head or its last key,
// whichever is higher (either may be damaged); 0 for an empty log.
func (s *Office) lastAuditSeq() int64 {
	var last int64
	_ = s.view(func(txn kvReader) error {
		var head AuditEntry
		if getJSON(txn, keyAuditHead(), &head) == nil {
			last = head.Seq
		}
		return txn.scan(keyRange{prefix: []byte("audit/0"), reverse: true, keysOnly: true}, func(key, _ []byte) (bool, error) {
			if n, err := strconv.ParseInt(strings.TrimPrefix(string(key), "audit/"), 10, 64); err == nil {
				last = max(last, n)
			}
			return false, nil
		})
	})
	return last
}

// adopt enters into the ledger every record it does not cover yet, by audit entries of
// adoptChunk records each: the records of a store made before the ledger, or written in bulk
// (FillSynthetic). A record the ledger covers with another digest is left alone: that is
// damage for Verify to report, not something to bless. It returns how many it adopted.
func (s *Office) adopt(detail string) (int, error) {
	pending := map[string]string{}
	err := s.view(func(txn kvReader) error {
		clear(pending)
		led := foldLedger(txn)
		return txn.scan(keyRange{}, func(key, value []byte) (bool, error) {
			if _, ok := led[string(key)]; !ok && !outsideLedger(string(key)) {
				pending[string(key)] = recordDigest(key, value)
			}
			return true, nil
		})
	})
	if err != nil {
		return 0, err
	}
	keys := make([]string, 0, len(pending))
	for k := range pending {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	chunks := (len(keys) + adoptChunk - 1) / adoptChunk
	for i := 0; i < chunks; i++ {
		part := keys[i*adoptChunk : min((i+1)*adoptChunk, len(keys))]
		err := s.update(func(txn *tx) error {
			for _, k := range part {
				txn.written[k] = pending[k]
			}
			return s.audit(txn, "", ActionMigrate, "", fmt.Sprintf("%s，第 %d 批，共 %d 批（%d 条）", detail, i+1, chunks, len(part)))
		})
		if err != nil {
			return 0, err
		}
	}
	return len(keys), nil
}

// foldLedger folds the whole audit log into a ledger, as Verify does, without checking it.
func foldLedger(txn kvReader) ledger {
	led := ledger{}
	var entries []AuditEntry
	each(txn, "audit/0", func(_ string, v []byte) {
		var e AuditEntry
		if json.Unmarshal(v, &e) == nil {
			entries = append(entries, e)
		}
	})
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].Seq < entries[j].Seq })
	for _, e := range entries {
		led.fold(e, true)
	}
	return led
}
