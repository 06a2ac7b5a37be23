package archive

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// VerifyReport is the outcome of Verify (DA/T 70-2018 四性检测 as far as the store can tell:
// every record as the audit log wrote it, fixity of the stored files, continuity of 件号, form
// of 档号, an intact audit log).
type VerifyReport struct {
	Blobs        int       `json:"files"`
	Items        int       `json:"items"`
	Filed        int       `json:"filed"`
	Records      int       `json:"records"`
	AuditEntries int       `json:"audit_entries"`
	Problems     []Problem `json:"problems"`
}

// OK reports whether Verify found nothing wrong.
func (r *VerifyReport) OK() bool { return len(r.Problems) == 0 }

// Verify re-reads every record and stored file and checks each against the audit log, the
// files against their digests, the 件号 and 档号, and the log's chain. progress, when not nil,
// is called with a short description of each stage. What is wrong is in the report, with
// damage that stops the engine from reading (a KindStoreDamaged problem); Verify returns an
// error only when it was cancelled or could not start.
func (s *Office) Verify(ctx context.Context, progress func(stage string)) (*VerifyReport, error) {
	rep := &VerifyReport{}
	if fc, ok := s.e.(fileChecker); ok {
		if progress != nil {
			progress("数据库文件")
		}
		// Open read the tables it found changed since their last check (checkedtables.go); this
		// reads every table whole, so it finds damage done since, and damage that changed no file time.
		var de *DamageError
		if err := fc.checkFiles(); errors.As(err, &de) {
			rep.Problems = append(rep.Problems, de.Problem)
		} else if err != nil {
			return rep, err
		}
	}
	err := s.e.view(ctx, func(txn kvReader) error {
		v := &verifier{txn: txn, rep: rep, ledger: ledger{}, flagged: map[string]bool{},
			itemFacts: map[string]*itemFacts{}, unreadableItems: map[string]bool{}}
		return v.run(ctx, progress)
	})
	return rep, err
}

// fileChecker is an engine whose files can be checked whole, beyond what reading its keys
// finds: checkFiles returns a *DamageError naming a damaged file.
type fileChecker interface{ checkFiles() error }

// verifier holds what the stages of Verify share.
type verifier struct {
	txn    kvReader
	rep    *VerifyReport
	names  *names
	ledger ledger
	// flagged holds the keys of records already reported changed, missing or unreadable: the
	// later checks say nothing more of them, so that one damaged record is one problem.
	flagged map[string]bool
	// logIncomplete says entries of the log are missing or unreadable: the ledger lacks what
	// they wrote, and a record may differ from it for no other reason.
	logIncomplete bool
	// entryItems holds, for the problems of audit entries that concern an item (by their
	// index in rep.Problems), the item's id: they are named once names is loaded.
	entryItems map[int]string
	// itemFacts holds the facts of each item the items check read, without its records' (the
	// facts check adds them); unreadableItems the ids of the items it could not read.
	itemFacts       map[string]*itemFacts
	unreadableItems map[string]bool
}

// run runs the stages in turn; the engine panicking on damaged data is reported as damage.
func (v *verifier) run(ctx context.Context, progress func(string)) (err error) {
	defer func() {
		if r := recover(); r != nil {
			v.rep.Problems = append(v.rep.Problems, damagedFile("", fmt.Errorf("reading the store: %v", r)).Problem)
			err = nil
		}
	}()
	stages := []struct {
		name string
		run  func()
	}{
		{"审计日志", v.audit}, {"记录与审计日志", v.records},
		{"所存文件", v.blobs}, {"条目与件号", v.items}, {"统计信息", v.facts},
	}
	for _, st := range stages {
		if err := ctx.Err(); err != nil {
			return err
		}
		if progress != nil {
			progress(st.name)
		}
		st.run()
	}
	return nil
}

// add reports p, unless it concerns a record already reported damaged: p.Key or one of related.
func (v *verifier) add(p Problem, related ...string) {
	for _, k := range append(related, p.Key) {
		if v.flagged[k] {
			return
		}
	}
	v.rep.Problems = append(v.rep.Problems, p)
}

// concerns notes that the problem just reported of the audit entry under key, if any, concerns
// the item id (none when id is ""): records names it.
func (v *verifier) concerns(key, id string) {
	last := len(v.rep.Problems) - 1
	if id == "" || last < 0 || v.rep.Problems[last].Key != key {
		return
	}
	if v.entryItems == nil {
		v.entryItems = map[int]string{}
	}
	v.entryItems[last] = id
}

// auditFold is the audit check's state, entry by entry.
type auditFold struct {
	entries []foldedEntry
	last    AuditEntry
	prev    string // the hash of the entry before
	want    int64  // the number the next entry should have
}

type foldedEntry struct {
	e      AuditEntry
	intact bool
}

// audit checks the log's chain and folds its entries into the ledger.
func (v *verifier) audit() {
	f := &auditFold{want: 1}
	_ = scanEach(v.txn, []byte("audit/0"), func(key, value []byte) error {
		v.auditEntry(f, string(key), value, nil)
		return nil
	}, func(key string, err error) { v.auditEntry(f, key, nil, err) })
	sort.SliceStable(f.entries, func(i, j int) bool { return f.entries[i].e.Seq < f.entries[j].e.Seq })
	for _, fe := range f.entries {
		v.ledger.fold(fe.e, fe.intact)
	}
	v.auditHead(f.last)
}

// auditEntry checks one entry of the log, stored under key as stored, or unreadable (readErr).
func (v *verifier) auditEntry(f *auditFold, key string, stored []byte, readErr error) {
	v.rep.AuditEntries++
	var e AuditEntry
	err := readErr
	if err == nil {
		err = json.Unmarshal(stored, &e)
	}
	if err != nil {
		v.add(Problem{Kind: KindAuditUnreadable, Key: key, Message: fmt.Sprintf("审计日志第 %s 条无法解读：存放它的数据已损坏。", auditNumber(key)),
			Advice: adviceAudit, Detail: err.Error()})
		v.logIncomplete = true
		return
	}
	prev, want := f.prev, f.want
	intact := true
	switch {
	case key != string(keyAudit(e.Seq)):
		v.add(Problem{Kind: KindAuditMoved, Key: key, Message: fmt.Sprintf("审计日志第 %d 条存放在第 %s 条的位置上：日志被改动或已损坏。", e.Seq, auditNumber(key)), Advice: adviceAudit})
		intact = false
		v.logIncomplete = true
	case e.Seq != want:
		v.add(Problem{Kind: KindAuditGap, Key: key, Message: fmt.Sprintf("审计日志缺少%s：被删除或已损坏。", entryRange(want, e.Seq-1)), Advice: adviceAudit})
		v.logIncomplete = true
	}
	if e.Prev != prev {
		v.add(Problem{Kind: KindAuditBroken, Key: key, Message: fmt.Sprintf("审计日志第 %d 条与前一条接不上：前面的条目被删除、调换或改动过。", e.Seq), Advice: adviceAudit})
	}
	// The hash covers the entry's content; the bytes must also be exactly as the entry was
	// written, since JSON decoding forgives some changes (a field name's case).
	if canonical, _ := json.Marshal(e); e.computeHash() != e.Hash || !bytes.Equal(canonical, stored) {
		v.add(Problem{Kind: KindAuditEdited, Key: key, Message: fmt.Sprintf("审计日志第 %d 条在写入后被改动过，或已损坏。", e.Seq), Advice: adviceAudit})
		v.concerns(key, e.Item)
		intact = false
	}
	f.entries = append(f.entries, foldedEntry{e, intact})
	f.prev, f.want, f.last = e.Hash, e.Seq+1, e
}

// entryRange names entries from…to of the log: "第 4 条", "第 4–6 条".
func entryRange(from, to int64) string {
	if from == to {
		return fmt.Sprintf("第 %d 条", from)
	}
	return fmt.Sprintf("第 %d–%d 条", from, to)
}

// auditNumber is the entry number in an audit key, as written.
func auditNumber(key string) string {
	n, err := strconv.ParseInt(strings.TrimPrefix(key, "audit/"), 10, 64)
	if err != nil {
		return strconv.Quote(key)
	}
	return strconv.FormatInt(n, 10)
}

// auditHead checks that the log's head is its last entry, as written (without the digests).
func (v *verifier) auditHead(last AuditEntry) {
	var head AuditEntry
	err := getJSON(v.txn, keyAuditHead(), &head)
	switch {
	case err != nil && last.Seq == 0 && !v.anyKey("audit/head"):
		return // an empty log
	case err != nil:
		v.add(Problem{Kind: KindAuditHead, Key: string(keyAuditHead()), Message: "审计日志的末尾记录无法读取：存放它的数据已损坏。", Advice: adviceAudit, Detail: err.Error()})
		return
	}
	want := last
	want.Records = nil
	if head.Records != nil || head.Seq != want.Seq || head.Hash != want.Hash || head.Prev != want.Prev || !head.Time.Equal(want.Time) ||
		head.Actor != want.Actor || head.Action != want.Action || head.Item != want.Item || head.Detail != want.Detail {
		v.add(Problem{Kind: KindAuditHead, Key: string(keyAuditHead()),
			Message: fmt.Sprintf("审计日志的末尾记录（第 %d 条）与日志本身（到第 %d 条）不符：末尾的条目被删除或改动过，或已损坏。", head.Seq, last.Seq),
			Advice:  adviceAudit})
	}
}

func (v *verifier) anyKey(key string) bool { return has(v.txn, []byte(key)) }

// ledgerFinding is a record the ledger check found wrong, said once the names are known.
type ledgerFinding struct {
	key, kind, detail string
	seq               int64 // the audit entry that wrote the record
}

// records recomputes every record's digest and compares it with the ledger. It flags the
// records it finds wrong; names reads the others, and then says what was found.
func (v *verifier) records() {
	found, seen := v.liveRecords()
	found = append(found, v.missingRecords(seen)...)
	for _, f := range found {
		v.flagged[f.key] = true
	}
	v.names = loadNames(v.txn, v.flagged)
	for i, id := range v.entryItems {
		v.rep.Problems[i].Item = v.names.item(id)
	}
	for _, f := range found {
		p := v.ledgerProblem(f)
		if v.logIncomplete && f.kind != KindRecordUnreadable {
			p.Message += "（审计日志本身不完整，这也可能是缺失的日志条目写入的。）"
		}
		v.rep.Problems = append(v.rep.Problems, p)
	}
}

// liveRecords compares every live record with the ledger: unreadable, unknown to the log, or
// changed since the entry that wrote it. It returns the findings and the keys it saw.
func (v *verifier) liveRecords() ([]ledgerFinding, map[string]bool) {
	var found []ledgerFinding
	seen := map[string]bool{}
	_ = scanEach(v.txn, nil, func(k, value []byte) error {
		key := string(k)
		if outsideLedger(key) {
			return nil
		}
		v.rep.Records++
		seen[key] = true
		got := recordDigest(k, value)
		want, ok := v.ledger[key]
		switch {
		case !ok || want.digest == deletedDigest:
			found = append(found, ledgerFinding{key: key, kind: KindRecordUnknown})
		case got != want.digest && want.intact:
			found = append(found, ledgerFinding{key: key, kind: KindRecordChanged, seq: want.seq,
				detail: fmt.Sprintf("digest %s, audit entry %d wrote %s", got, want.seq, want.digest)})
		}
		return nil
	}, func(key string, err error) {
		if outsideLedger(key) {
			return
		}
		v.rep.Records++
		seen[key] = true
		found = append(found, ledgerFinding{key: key, kind: KindRecordUnreadable, detail: err.Error()})
	})
	return found, seen
}

// missingRecords are the records the ledger says exist that were not seen, in key order.
func (v *verifier) missingRecords(seen map[string]bool) []ledgerFinding {
	var missing []string
	for key, e := range v.ledger {
		if !seen[key] && e.digest != deletedDigest {
			missing = append(missing, key)
		}
	}
	sort.Strings(missing)
	found := make([]ledgerFinding, 0, len(missing))
	for _, key := range missing {
		found = append(found, ledgerFinding{key: key, kind: KindRecordMissing, seq: v.ledger[key].seq})
	}
	return found
}

// ledgerProblem says what the ledger check found of one record.
func (v *verifier) ledgerProblem(f ledgerFinding) Problem {
	p, what := v.names.about(f.key)
	p.Kind, p.Advice, p.Detail = f.kind, adviceRestore, f.detail
	file := strings.HasPrefix(f.key, "blob/")
	switch f.kind {
	case KindRecordUnreadable:
		p.Message = what + "无法读取：存放它的数据已损坏。"
	case KindRecordUnknown:
		p = Problem{Kind: f.kind, Key: f.key, Advice: adviceRestore,
			Message: fmt.Sprintf("数据库中有一条审计日志从未写入的记录（%q）：可能是另一条记录的键名损坏了，或有人绕过审档改动了数据库。", f.key)}
	case KindRecordChanged:
		p.Message = what + "与审计日志中的记载不符：写入后被改动过，或存放它的数据已损坏。"
		if file {
			p.Kind, p.Message = KindFileChanged, what+"的内容已改变：与存档时的摘要不符。"
		}
	case KindRecordMissing:
		p.Message = fmt.Sprintf("%s不见了：审计日志第 %d 条写入过它，数据库中却没有。", what, f.seq)
		if file {
			p.Kind = KindFileMissing
		}
	}
	return p
}
