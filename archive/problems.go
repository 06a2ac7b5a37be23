package archive

import (
	"errors"
	"fmt"
)

// Problem is one thing Verify found wrong, said the way an archivist knows the archive: the
// item by its 档号 (or its title and 文号 before it is filed), the revision and the file.
type Problem struct {
	// Kind names the problem for programs; each kind keeps its meaning (see the Kind constants).
	Kind string `json:"kind"`
	// Key is the record concerned as stored ("item/…", "rec/…/000003"), or the store's file.
	Key string `json:"key,omitempty"`
	// Item names the item concerned: its 档号, else 《题名》 and 文号.
	Item     string `json:"item,omitempty"`
	Revision int    `json:"revision,omitempty"`
	File     string `json:"file,omitempty"` // the stored file's name as imported
	// Message says in Chinese what is wrong and what it means; Advice what to do about it.
	Message string `json:"message"`
	Advice  string `json:"advice"`
	// Detail is technical: the engine's words, digests. For the log, not for the screen.
	Detail string `json:"detail,omitempty"`
}

func (p Problem) String() string { return p.Message }

// Kinds of Problem. A program may rely on them; the Chinese text may change.
const (
	// The store's files.
	KindStoreDamaged    = "store-damaged"     // a file of the engine is damaged; Key names it
	KindStoreRolledBack = "store-rolled-back" // the newest entries and their records are gone
	KindKeyDamaged      = "key-damaged"       // the encryption key's file is damaged

	// Records against the ledger (ledger.go).
	KindRecordChanged    = "record-changed"    // a record's digest differs from its audited write
	KindRecordMissing    = "record-missing"    // an audited record is gone
	KindRecordUnknown    = "record-unknown"    // a record no audit entry wrote
	KindRecordUnreadable = "record-unreadable" // a record cannot be read or decoded

	// Stored files.
	KindFileChanged     = "file-changed"     // content differs from its SHA-256, or SM3 differs
	KindFileMissing     = "file-missing"     // a revision's file is gone
	KindRevisionDigests = "revision-digests" // a revision's SM3 differs from its file's

	// The item index.
	KindIndexMissing = "index-missing" // an item is not in the index
	KindIndexStale   = "index-stale"   // the index says other than the item record
	KindIndexOrphan  = "index-orphan"  // the index lists an item that does not exist

	// The facts statistics and reports count (stat/<id>).
	KindFactsStale  = "facts-stale"  // an item's stored facts say other than the item and its records
	KindFactsOrphan = "facts-orphan" // facts are stored for an item that does not exist

	// 档号 and 件号.
	KindCodeMalformed   = "code-malformed"   // a 档号 is not of the form of DA/T 22-2015
	KindCodeMismatch    = "code-mismatch"    // a 档号 disagrees with its item's filing
	KindCodeUnindexed   = "code-unindexed"   // a 档号 is missing from the 档号 index
	KindCodeConflict    = "code-conflict"    // the 档号 index points at another item
	KindNumberDuplicate = "number-duplicate" // one 件号 given to several items
	KindNumberPast      = "number-past"      // a 件号 past its group's counter
	KindNumberGap       = "number-gap"       // a 件号 missing from 1…counter
	KindCounterDamaged  = "counter-damaged"  // a group's counter is not a number

	// The audit log.
	KindAuditUnreadable = "audit-unreadable" // an entry cannot be decoded
	KindAuditMoved      = "audit-moved"      // an entry stands under another number
	KindAuditGap        = "audit-gap"        // entries are missing
	KindAuditBroken     = "audit-broken"     // an entry does not follow the one before it
	KindAuditEdited     = "audit-edited"     // an entry's content differs from its hash
	KindAuditHead       = "audit-head"       // the log's head disagrees with its last entry
)

// What to do, said once for every problem that calls for it.
const (
	adviceRestore = "请暂停办理，把最近一次校验通过的备份恢复到一个新的数据目录（设置 › 数据 › 恢复，或 shendang restore 备份文件 --data 新目录），" +
		"校验无误后改用恢复的数据；没有完好的备份时，请联系管理员，不要在损坏的数据上继续办理。"
	adviceAudit = "审计日志是办理过程的证据，不能修补。" + adviceRestore
	adviceKey   = "密钥文件损坏后，数据库无法可靠读取。请把最近一次校验通过的备份恢复到一个新的数据目录（加密的数据库恢复时输入原来的口令），或联系管理员。"
)

// ErrDamaged means the store's files are damaged: Open or a read found a checksum that does
// not match, a file the engine cannot parse, or a store that lost its newest entries. The
// error is a *DamageError, whose Problem says which file and what to do.
var ErrDamaged = errors.New("the store is damaged")

// DamageError is a store that cannot be opened or read because its files are damaged.
type DamageError struct {
	Problem Problem
	Err     error // what the engine said, for the log
}

func (e *DamageError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("store damaged: %s", e.Problem.Key)
	}
	return fmt.Sprintf("store damaged: %s: %v", e.Problem.Key, e.Err)
}

// Unwrap lets errors.Is find ErrDamaged and the engine's error.
func (e *DamageError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrDamaged}
	}
	return []error{ErrDamaged, e.Err}
}

// damagedFile is the error for a file of the store that is damaged; file may be "" when the
// engine did not say which.
func damagedFile(file string, err error) *DamageError {
	msg := fmt.Sprintf("数据库文件 %s 已损坏，无法可靠读取。", file)
	if file == "" {
		msg = "数据库文件已损坏，无法可靠读取。"
	}
	p := Problem{Kind: KindStoreDamaged, Key: file, Message: msg, Advice: adviceRestore}
	if err != nil {
		p.Detail = err.Error()
	}
	return &DamageError{Problem: p, Err: err}
}

// damagedKey is the error for a damaged file of the encryption key.
func damagedKey(file string, err error) *DamageError {
	p := Problem{Kind: KindKeyDamaged, Key: file, Message: fmt.Sprintf("数据库的密钥文件 %s 已损坏。", file), Advice: adviceKey}
	if err != nil {
		p.Detail = err.Error()
	}
	return &DamageError{Problem: p, Err: err}
}

// rolledBack is the error for a store whose audit log ends at entry from-1, before the anchor.
func rolledBack(from, to int64) *DamageError {
	p := Problem{Kind: KindStoreRolledBack, Key: anchorName,
		Message: fmt.Sprintf("数据库缺少最近的 %d 项操作（审计日志第 %d–%d 条及其写入的记录）：数据库文件已损坏，或被换成了较早的副本。", to-from+1, from, to),
		Advice:  adviceRestore + "如确认要接受这一损失，管理员可删除数据目录中的 " + anchorName + " 后再打开。"}
	return &DamageError{Problem: p}
}
