package archive

import (
	"context"
	"fmt"
	"maps"
	"strings"

	"shendang.gov.cn/shendang/review"
)

// Redaction is the publishable copy (脱敏稿) the 保密审查 reviewer made of the current revision,
// and what was done to make it: 条例 Art. 37's 部分公开, personal information 去标识化.
type Redaction struct {
	// File is the masked copy. Its name gives its format, which may differ from the original's
	// (a PDF list is published as a PDF; a scan too).
	File SourceFile
	// Done lists what was masked or removed, by category, count and location, in the
	// reviewer's words. It never holds a masked value.
	Done []RedactionLine
	// Note is what else the record must say, e.g. which pages were made safe by rasterising.
	Note string `json:",omitempty"`
}

// RedactionLine is one kind of thing done to the copy.
type RedactionLine struct {
	What  string // 身份证号（保留前2位和后3位）, 清理：批注 2 条
	Count int    // how many, or 0 when What says it
	Where string // 补贴名单!C4—C80, 第3行, 页眉
}

// Redacted says a revision is a 脱敏稿: which revision it was made from and what was done.
type Redacted struct {
	Of   int // the revision's N it was made from
	Done []RedactionLine
	Note string `json:",omitempty"`
}

// PartialStatement is what the item sheet and the archive say of an item published from a
// 脱敏稿.
const PartialStatement = "部分公开（脱敏处理）"

// Summary says what was done in one line: "身份证号（保留前2位和后3位）12处（补贴名单!C2—C13）；批注（删除）3处".
func (r Redacted) Summary() string {
	var parts []string
	for _, l := range r.Done {
		s := l.What
		if l.Count > 0 {
			s += fmt.Sprintf(" %d 处", l.Count)
		}
		if l.Where != "" {
			s += "（" + l.Where + "）"
		}
		parts = append(parts, s)
	}
	s := strings.Join(parts, "；")
	if r.Note != "" {
		s = strings.TrimPrefix(s+"。"+r.Note, "。")
	}
	return s
}

// validRedaction reports the first problem that stops red from being recorded.
func validRedaction(red Redaction) error {
	if len(red.File.Data) == 0 || strings.TrimSpace(red.File.Name) == "" {
		return fail(ErrInvalid, "脱敏稿文件是空的。")
	}
	if !review.Supported(red.File.Name) {
		return fail(ErrInvalid, "脱敏稿“%s”的格式无法审查。", red.File.Name)
	}
	if len(red.Done) == 0 {
		return fail(ErrInvalid, "脱敏稿没有说明做了哪些处理：请列出脱敏和清理的类别、数量和位置。")
	}
	for _, l := range red.Done {
		if strings.TrimSpace(l.What) == "" || l.Count < 0 {
			return fail(ErrInvalid, "脱敏说明的每一项都要写明做了什么处理。")
		}
	}
	return nil
}

// DecideRedacted is 脱敏后通过 at 保密审查: the reviewer approves the item with a publishable copy
// they made. The copy becomes a new revision (脱敏稿) attributed to the reviewer; the store
// checks it itself with the rule set in force, and it must come out with no block finding
// left undismissed (dispositions follow findings by fingerprint, so a mark dismissed in the
// original stays dismissed in the copy). The item then goes on to 审核 with the copy, which is
// what is published and filed; the original stays stored with its hashes.
//
// r.Dispositions may be for findings of the original's check or of the copy's; r.Approve is
// ignored. Errors: as Decide's; ErrInvalid (an empty copy, no statement of what was done);
// ErrBlocked (the copy still has a block finding: the sentence says how many and of what);
// a *review.ReadError when the copy cannot be read.
func (s *Office) DecideRedacted(actor, itemID string, r Review, red Redaction) error {
	if err := validRedaction(red); err != nil {
		return err
	}
	r.Step = StepSecrecy
	at, err := s.decisionPoint(itemID, r)
	if err != nil {
		return err
	}
	rules, err := s.RuleSet()
	if err != nil {
		return err
	}
	doc, found, err := review.NewReader().CheckBytes(context.Background(), rules, red.File.Name, red.File.Data)
	if err != nil {
		return err
	}
	masked := &StoredCheck{RulesVersion: rules.Version, Document: doc, Findings: found}
	for attempt := 0; ; attempt++ {
		chk, err := s.checkFor(itemID)
		if err != nil {
			return err
		}
		err = s.update(func(txn *tx) error { return s.redactIn(txn, actor, itemID, at, r, chk, masked, red) })
		if err != errStaleCheck || attempt == 3 {
			return err
		}
	}
}

// redactIn is DecideRedacted's transaction: chk is the stored check of the original, masked
// the check of the copy.
func (s *Office) redactIn(txn *tx, actor, itemID string, at point, r Review, chk, masked *StoredCheck, red Redaction) error {
	it, step, user, self, err := s.stepContext(txn, actor, itemID, StepSecrecy)
	if err != nil {
		return err
	}
	if it.Current().N != at.revision || step != at.step {
		return s.movedOn(txn, it)
	}
	if chk == nil || chk.SHA256 != it.Current().SHA256 || !s.rulesAt(txn, chk.RulesVersion) || !s.rulesAt(txn, masked.RulesVersion) {
		return errStaleCheck
	}
	if err := disposeBoth(it, r.Dispositions, chk, masked); err != nil {
		return err
	}
	verdict := masked.Verdict(it.Dispositions)
	if verdict == review.VerdictBlock {
		return fail(ErrBlocked, "脱敏稿复查仍有“拦截”问题：%s。请补充脱敏，或逐项写明理由标为误报。", openBlocks(masked, it.Dispositions))
	}
	fx, err := putBlob(txn, red.File.Data)
	if err != nil {
		return err
	}
	from := it.Current().N
	n := len(it.Revisions) + 1
	now := s.Now().UTC()
	it.Revisions = append(it.Revisions, Revision{N: n, Name: red.File.Name, SHA256: fx.SHA256, SM3: fx.SM3, Size: fx.Size,
		Added: now, By: user.Name, Redacted: &Redacted{Of: from, Done: red.Done, Note: red.Note}})
	it.State = after[StepSecrecy]
	opinion := strings.TrimSpace(r.Opinion + "\n脱敏处理：" + it.Current().Redacted.Summary())
	rec := Record{Step: StepSecrecy, Actor: user.Name, Role: stepRole[StepSecrecy], Decision: ApproveRedacted, Opinion: opinion,
		Time: now, Revision: n, SelfApproved: self,
		Check: &CheckSnapshot{RulesVersion: masked.RulesVersion, Findings: masked.Findings, Dispositions: maps.Clone(it.Dispositions), Verdict: verdict}}
	if err := s.saveStep(txn, it, rec); err != nil {
		return err
	}
	s.checks.put(checkKey{sha: fx.SHA256, name: red.File.Name, rules: masked.RulesVersion}, &checked{doc: masked.Document, findings: masked.Findings})
	return nil
}

// disposeBoth records the reviewer's dispositions on it, each for a finding of the original's
// check or of the copy's, and each valid.
func disposeBoth(it *Item, disp map[string]review.Disposition, chk, masked *StoredCheck) error {
	for fp, d := range disp {
		if !chk.has(fp) && !masked.has(fp) {
			return fail(ErrInvalid, "所作的处理针对的问题不在本稿或脱敏稿的审查结果中。请重新打开该事项再办理。")
		}
		if err := d.Validate(); err != nil {
			return fail(ErrInvalid, "标为误报的问题须写明理由。")
		}
		it.Dispositions[fp] = d
	}
	return nil
}

// openBlocks says which block findings of chk are not dismissed: "身份证号 2 处、密级标志 1 处".
func openBlocks(chk *StoredCheck, disp map[string]review.Disposition) string {
	counts := map[review.Category]int{}
	var order []review.Category
	for _, f := range chk.Findings {
		if f.Severity != review.Block || disp[f.Fingerprint].Kind == review.Dismissed {
			continue
		}
		if counts[f.Category] == 0 {
			order = append(order, f.Category)
		}
		counts[f.Category]++
	}
	var parts []string
	for _, c := range order {
		parts = append(parts, fmt.Sprintf("%s %d 处", c.Label(), counts[c]))
	}
	return strings.Join(parts, "、")
}

// DisclosureLabel is the item's 公开属性 as the sheet and the window say it: 主动公开, or
// 主动公开，部分公开（脱敏处理） for an item going on from a 脱敏稿.
func (it *Item) DisclosureLabel() string {
	if it.Partial() {
		return string(it.Disclosure) + "，" + PartialStatement
	}
	return string(it.Disclosure)
}

// Partial reports whether the item goes on, or went, from a 脱敏稿: its current revision is one.
func (it *Item) Partial() bool { return it.Current().Redacted != nil }
