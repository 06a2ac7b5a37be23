package archive

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/dgraph-io/badger/v4"
	"github.com/emmansun/gmsm/sm3"
)

// Problem is one thing Verify found wrong.
type Problem struct {
	Kind    string // blob, item, number, code, audit
	Subject string // the blob, item, group, 档号 or audit entry concerned
	Detail  string
}

func (p Problem) String() string { return p.Kind + " " + p.Subject + ": " + p.Detail }

// VerifyReport is the outcome of Verify (DA/T 70-2018 四性检测 as far as the store can tell:
// fixity, consistency of records with files, continuity of 件号, form of 档号, intact audit log).
type VerifyReport struct {
	Blobs, Items, Filed, AuditEntries int
	Problems                          []Problem
}

// OK reports whether Verify found nothing wrong.
func (r *VerifyReport) OK() bool { return len(r.Problems) == 0 }

// Verify re-reads every stored file and record. progress, when not nil, is called with a
// short description of each stage. It returns an error only when the store cannot be read;
// what is wrong in it is in the report.
func (s *BadgerStore) Verify(ctx context.Context, progress func(stage string)) (*VerifyReport, error) {
	rep := &VerifyReport{}
	stages := []struct {
		name string
		run  func(*badger.Txn, *VerifyReport) error
	}{
		{"文件校验 files", verifyBlobs}, {"条目与件号 items and numbers", verifyItems}, {"审计日志 audit log", verifyAudit},
	}
	err := s.db.View(func(txn *badger.Txn) error {
		for _, st := range stages {
			if err := ctx.Err(); err != nil {
				return err
			}
			if progress != nil {
				progress(st.name)
			}
			if err := st.run(txn, rep); err != nil {
				return err
			}
		}
		return nil
	})
	return rep, err
}

func (r *VerifyReport) add(kind, subject, format string, a ...any) {
	r.Problems = append(r.Problems, Problem{Kind: kind, Subject: subject, Detail: fmt.Sprintf(format, a...)})
}

func verifyBlobs(txn *badger.Txn, rep *VerifyReport) error {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte("blob/"), PrefetchValues: false})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		rep.Blobs++
		sha := strings.TrimPrefix(string(it.Item().Key()), "blob/")
		data, err := it.Item().ValueCopy(nil)
		if err != nil {
			rep.add("blob", sha, "cannot be read: %v", err)
			continue
		}
		a := sha256.Sum256(data)
		if got := hex.EncodeToString(a[:]); got != sha {
			rep.add("blob", sha, "content changed: SHA-256 is now %s", got)
		}
		b := sm3.Sum(data)
		want := ""
		if item, err := txn.Get(keyBlobSum(sha)); err == nil {
			v, _ := item.ValueCopy(nil)
			want = string(v)
		}
		if got := hex.EncodeToString(b[:]); got != want {
			rep.add("blob", sha, "SM3 %s does not match the recorded %q", got, want)
		}
	}
	return nil
}

func verifyItems(txn *badger.Txn, rep *VerifyReport) error {
	groups := map[string]map[int][]string{} // count key → 件号 → item ids
	it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte("item/"), PrefetchValues: true})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		rep.Items++
		var item Item
		id := strings.TrimPrefix(string(it.Item().Key()), "item/")
		if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &item) }); err != nil {
			rep.add("item", id, "record cannot be decoded: %v", err)
			continue
		}
		for _, rv := range item.Revisions {
			if _, err := txn.Get(keyBlob(rv.SHA256)); err != nil {
				rep.add("item", id, "revision %d file %s is missing", rv.N, rv.SHA256)
			} else if item, err := txn.Get(keyBlobSum(rv.SHA256)); err == nil {
				if v, _ := item.ValueCopy(nil); string(v) != rv.SM3 {
					rep.add("item", id, "revision %d SM3 differs from its file's", rv.N)
				}
			}
		}
		if sum, err := txn.Get(keySummary(id)); err != nil {
			rep.add("item", id, "has no summary in the index")
		} else if v, _ := sum.ValueCopy(nil); string(v) != string(encodeSummary(summarize(&item))) {
			rep.add("item", id, "its summary in the index differs from the record")
		}
		if f := item.Filing; f != nil {
			rep.Filed++
			verifyFiling(txn, rep, id, f)
			key := string(keyCount(f.Fonds, f.Year, f.Retention, f.Division))
			if groups[key] == nil {
				groups[key] = map[int][]string{}
			}
			groups[key][f.Number] = append(groups[key][f.Number], id)
		}
	}
	if err := verifyOrphanSummaries(txn, rep); err != nil {
		return err
	}
	return verifyNumbers(txn, rep, groups)
}

// verifyOrphanSummaries reports index summaries whose item record is gone.
func verifyOrphanSummaries(txn *badger.Txn, rep *VerifyReport) error {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte("sum/"), PrefetchValues: false})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		id := strings.TrimPrefix(string(it.Item().Key()), "sum/")
		if _, err := txn.Get(keyItem(id)); err != nil {
			rep.add("item", id, "is listed in the index but its record is missing")
		}
	}
	return nil
}

func verifyFiling(txn *badger.Txn, rep *VerifyReport, id string, f *Filing) {
	fonds, year, r, div, n, err := ParseArchivalCode(f.Code)
	if err != nil {
		rep.add("code", f.Code, "item %s: malformed 档号", id)
		return
	}
	if fonds != f.Fonds || year != f.Year || r != f.Retention || div != f.Division || n != f.Number {
		rep.add("code", f.Code, "item %s: 档号 disagrees with its filing (%s %d %s %s %d)", id, f.Fonds, f.Year, f.Retention, f.Division, f.Number)
	}
	item, err := txn.Get(keyFiled(f.Code))
	if err != nil {
		rep.add("code", f.Code, "item %s: missing from the 档号 index", id)
		return
	}
	if v, _ := item.ValueCopy(nil); string(v) != id {
		rep.add("code", f.Code, "indexed to item %s, claimed by item %s", v, id)
	}
}

// verifyNumbers checks each group's 件号 run 1..counter with no gap and no duplicate.
func verifyNumbers(txn *badger.Txn, rep *VerifyReport, groups map[string]map[int][]string) error {
	counters := map[string]int{}
	it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte("count/")})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		v, err := it.Item().ValueCopy(nil)
		if err != nil {
			return err
		}
		n, err := strconv.Atoi(string(v))
		if err != nil {
			rep.add("number", string(it.Item().Key()), "counter %q is not a number", v)
		}
		counters[string(it.Item().Key())] = n
	}
	for key, nums := range groups {
		if _, ok := counters[key]; !ok {
			counters[key] = 0
		}
		for n, ids := range nums {
			if len(ids) > 1 {
				rep.add("number", key, "件号 %04d is given to %d items: %v", n, len(ids), ids)
			}
			if n > counters[key] {
				rep.add("number", key, "件号 %04d is past the counter %d", n, counters[key])
			}
		}
	}
	for key, last := range counters {
		for n := 1; n <= last; n++ {
			if len(groups[key][n]) == 0 {
				rep.add("number", key, "件号 %04d is missing (gap)", n)
			}
		}
	}
	return nil
}

func verifyAudit(txn *badger.Txn, rep *VerifyReport) error {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte("audit/0")})
	defer it.Close()
	prev, want := "", int64(1)
	for it.Rewind(); it.Valid(); it.Next() {
		rep.AuditEntries++
		var e AuditEntry
		key := string(it.Item().Key())
		if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &e) }); err != nil {
			rep.add("audit", key, "entry cannot be decoded: %v", err)
			continue
		}
		switch {
		case key != string(keyAudit(e.Seq)):
			rep.add("audit", key, "holds entry %d: moved", e.Seq)
		case e.Seq != want:
			rep.add("audit", key, "entries %d–%d are missing (removed)", want, e.Seq-1)
		}
		if e.Prev != prev {
			rep.add("audit", key, "does not follow the entry before it (removed or reordered)")
		}
		if e.computeHash() != e.Hash {
			rep.add("audit", key, "content was edited after it was written")
		}
		prev, want = e.Hash, e.Seq+1
	}
	var head AuditEntry
	if err := getJSON(txn, keyAuditHead(), &head); err == nil && (head.Seq != want-1 || head.Hash != prev) {
		rep.add("audit", "head", "the log ends at entry %d, the head records %d: entries at the end were removed", want-1, head.Seq)
	}
	return nil
}
