package archive

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"shendang.gov.cn/shendang/review"
)

// SourceFile is a draft's file as imported.
type SourceFile struct {
	Name string
	Data []byte
}

// Propose is step 1 (提出): a drafter proposes an item with its file and a preliminary
// opinion (初步公开意见). The item then waits for 初审.
// Errors: ErrPermission (not a drafter), ErrInvalid (draft fields, unknown division, no file).
func (s *Office) Propose(actor string, d Draft, file SourceFile, opinion string) (*Item, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if len(file.Data) == 0 || file.Name == "" {
		return nil, fail(ErrInvalid, "拟公开文件是空的。")
	}
	id, err := newID()
	if err != nil {
		return nil, err
	}
	var it Item
	err = s.update(func(txn *tx) error {
		st, err := mayPropose(txn, actor, d)
		if err != nil {
			return err
		}
		fx, err := putBlob(txn, file.Data)
		if err != nil {
			return err
		}
		now := s.Now().UTC()
		it = Item{ID: id, Draft: d, Drafter: actor, State: StatePreliminary, Created: now,
			Revisions:    []Revision{{N: 1, Name: file.Name, SHA256: fx.SHA256, SM3: fx.SM3, Size: fx.Size, Added: now, By: actor}},
			Dispositions: map[string]review.Disposition{}}
		if err := linkPolicy(txn, &it); err != nil {
			return err
		}
		if err := it.setDue(st); err != nil {
			return err
		}
		if err := s.putItem(txn, &it); err != nil {
			return err
		}
		rec := Record{Step: StepPropose, Actor: actor, Role: RoleDrafter, Decision: Submit, Opinion: opinion, Time: now, Revision: 1}
		if err := putJSON(txn, keyRecord(id, 1), rec); err != nil {
			return err
		}
		if err := putFacts(txn, &it); err != nil {
			return err
		}
		return s.audit(txn, actor, ActionImport, id, fmt.Sprintf("提出《%s》%s，文件“%s”，SHA-256 %s", d.Title, bracketed(d.DocNumber), file.Name, fx.SHA256))
	})
	if err != nil {
		return nil, err
	}
	return &it, nil
}

// errNoSettings says the office has not been set up; the first start does that.
var errNoSettings = fail(ErrInvalid, "本单位尚未设置（全宗、机构）。请管理员在“设置”中填写。")

// Review is a reviewer's decision at 初审, 保密审查 or 审核.
type Review struct {
	Approve bool
	Opinion string // required to return
	// Dispositions are the reviewer's decisions on findings of the stored check, by
	// fingerprint (保密审查 only): 确认, or 误报 with a reason.
	Dispositions map[string]review.Disposition
	// Step and Revision are where the item stood when the reviewer opened it (the step it
	// waited for, its current revision's N). A decision on an item that has moved on since
	// (another person decided, the drafter sent a new revision) is refused with who moved it.
	// Zero takes the item as it stands when Decide is called.
	Step     Step
	Revision int
}

// Decide records a review step's decision on the item: the step is the one the item waits
// for, taken by a user MayAct allows. Approval moves the item on; a return sends it back to its
// drafter with the reason.
//
// At 保密审查 the store checks the item's current stored revision itself, with the office's rule
// set in force (CheckItem); the reviewer supplies only dispositions, each for a finding of that
// check. An approval is refused while a block finding has not been dismissed with a reason. The
// record holds the check the store computed, with its rule version.
//
// Errors: ErrNotFound, ErrPermission, ErrState (the item no longer waits at r.Step and
// r.Revision: the sentence says who moved it, when, and where it stands), ErrInvalid (no reason
// to return, a disposition for a finding the check does not hold, a disposition without a
// reason), ErrBlocked, and a *review.ReadError when the stored file cannot be read.
func (s *Office) Decide(actor, itemID string, r Review) error {
	if !r.Approve && strings.TrimSpace(r.Opinion) == "" {
		return fail(ErrInvalid, "退回时请写明理由，拟稿人据此修改。")
	}
	at, err := s.decisionPoint(itemID, r)
	if err != nil {
		return err
	}
	for attempt := 0; ; attempt++ {
		chk, err := s.checkFor(itemID)
		if err != nil {
			return err
		}
		err = s.update(func(txn *tx) error { return s.decideIn(txn, actor, itemID, at, r, chk) })
		if err != errStaleCheck || attempt == 3 {
			return err
		}
	}
}

// decideIn is Decide's transaction: the decision r on the item, which must still stand at at,
// taken on the stored check chk (保密审查 only).
func (s *Office) decideIn(txn *tx, actor, itemID string, at point, r Review, chk *StoredCheck) error {
	it, step, user, self, err := s.stepContext(txn, actor, itemID, at.step)
	if err != nil {
		return err
	}
	if it.Current().N != at.revision {
		return s.movedOn(txn, it)
	}
	rec := Record{Step: step, Actor: user.Name, Role: stepRole[step], Decision: Return, Opinion: r.Opinion,
		Time: s.Now().UTC(), Revision: it.Current().N, SelfApproved: self && r.Approve}
	if step == StepSecrecy {
		if chk == nil || chk.SHA256 != it.Current().SHA256 || !s.rulesAt(txn, chk.RulesVersion) {
			return errStaleCheck // the draft or the lists changed since: check again
		}
		if rec.Check, err = gate(it, chk, r); err != nil {
			return err
		}
	}
	if r.Approve {
		rec.Decision = Approve
		it.State = after[step]
	} else {
		it.State = StateReturned
	}
	return s.saveStep(txn, it, rec)
}

// errStaleCheck says the check computed before a 保密审查 transaction no longer fits the item or
// the lists; Decide checks again.
var errStaleCheck = fail(ErrState, "审查期间文件或词表发生了变化，请重新打开该事项再办理。")

// checkFor returns the stored check of an item waiting for 保密审查, and nil for any other item.
func (s *Office) checkFor(itemID string) (*StoredCheck, error) {
	it, err := s.Item(itemID)
	if err != nil {
		return nil, err
	}
	if it.State != StateSecrecy {
		return nil, nil
	}
	return s.CheckItem(context.Background(), itemID)
}

// rulesAt reports whether the rule set in force, as txn sees the office's lists, has version.
func (s *Office) rulesAt(txn kvReader, version string) bool {
	var office OfficeRules
	if err := getJSON(txn, keyRules(), &office); err != nil && !errors.Is(err, ErrNotFound) {
		return false
	}
	rules, err := s.rules.get(office)
	return err == nil && rules.Version == version
}

// gate is the 保密审查 rule: the reviewer's dispositions, each for a finding of the stored check
// and each valid, join those given before; an approval needs every block finding dismissed. It
// returns the check to record.
func gate(it *Item, chk *StoredCheck, r Review) (*CheckSnapshot, error) {
	for fp, d := range r.Dispositions {
		if !chk.has(fp) {
			return nil, fail(ErrInvalid, "所作的处理针对的问题不在本稿的审查结果中（可能是另一份文件的）。请重新打开该事项再办理。")
		}
		if err := d.Validate(); err != nil {
			return nil, fail(ErrInvalid, "标为误报的问题须写明理由。")
		}
		it.Dispositions[fp] = d
	}
	verdict := chk.Verdict(it.Dispositions)
	if r.Approve && verdict == review.VerdictBlock {
		open := 0
		for _, f := range chk.Findings {
			if f.Severity == review.Block && it.Dispositions[f.Fingerprint].Kind != review.Dismissed {
				open++
			}
		}
		return nil, fail(ErrBlocked, "保密审查仍有 %d 处“拦截”问题未处理，不能通过：请逐项写明理由标为误报，或退回拟稿人修改。", open)
	}
	return &CheckSnapshot{RulesVersion: chk.RulesVersion, Findings: chk.Findings, Dispositions: maps.Clone(it.Dispositions), Verdict: verdict}, nil
}

// mayPropose returns the office's settings when actor may propose d: a drafter, for a division
// of the office whose head can take the 初审.
func mayPropose(txn *tx, actor string, d Draft) (Settings, error) {
	var st Settings
	if u, err := loadUser(txn, actor); err != nil {
		return st, err
	} else if !u.MayPropose() {
		return st, fail(ErrPermission, "提出公开由拟稿人办理，%s没有拟稿人角色。", u.display())
	}
	if err := getJSON(txn, keySettings(), &st); err != nil {
		return st, errNoSettings
	}
	div, ok := st.division(d.Division)
	if !ok {
		return st, fail(ErrInvalid, "本单位没有代码为“%s”的处室。", d.Division)
	}
	if ok, err := someoneMayAct(txn, &Item{Draft: d, Drafter: actor, State: StatePreliminary}, st); err != nil {
		return st, err
	} else if !ok {
		return st, fail(ErrInvalid, "拟稿处室“%s %s”还没有可以初审的处室负责人，提出后将无人办理。请管理员先在“设置 › 用户与角色”中设置。", div.Code, div.Name)
	}
	return st, nil
}

// Resubmit records a revised draft of a returned item: a new revision of the same item that goes
// round again from 初审, with the return history and the dispositions already given (they
// follow findings by fingerprint). Errors: ErrNotFound, ErrPermission (only the drafter),
// ErrState (not returned: the sentence says who moved it last and where it stands), ErrInvalid
// (an empty file, corrected particulars that do not validate). fix, when not nil, is the 题名,
// 文号 and 成文日期 the revision has: what changed is said in the record after the opinion.
func (s *Office) Resubmit(actor, itemID string, file SourceFile, opinion string, fix *Particulars) error {
	if len(file.Data) == 0 || file.Name == "" {
		return fail(ErrInvalid, "修改稿文件是空的。")
	}
	return s.update(func(txn *tx) error {
		it, err := loadItem(txn, itemID)
		if err != nil {
			return err
		}
		if it.State != StateReturned {
			return s.movedOn(txn, it)
		}
		user, err := loadUser(txn, actor)
		if err != nil {
			return err
		}
		if err := MayAct(user, it, Settings{}); err != nil {
			return err
		}
		if said := it.correct(fix); said != "" {
			if err := it.Draft.Validate(); err != nil {
				return err
			}
			var st Settings
			if err := getJSON(txn, keySettings(), &st); err != nil && !errors.Is(err, ErrNotFound) {
				return err
			}
			if err := it.setDue(st); err != nil { // a corrected 成文日期 may move the clock's start
				return err
			}
			opinion = strings.TrimSpace(opinion + "\n" + said)
		}
		fx, err := putBlob(txn, file.Data)
		if err != nil {
			return err
		}
		n := len(it.Revisions) + 1
		now := s.Now().UTC()
		it.Revisions = append(it.Revisions, Revision{N: n, Name: file.Name, SHA256: fx.SHA256, SM3: fx.SM3, Size: fx.Size, Added: now, By: actor})
		it.State = StatePreliminary
		rec := Record{Step: StepPropose, Actor: actor, Role: RoleDrafter, Decision: Submit, Opinion: opinion, Time: now, Revision: n}
		return s.saveStep(txn, it, rec)
	})
}

// setDue records the item's due date on the office's calendar, or none for an item without a
// time limit. Errors: ErrInvalid when the office's calendar additions are bad.
func (it *Item) setDue(st Settings) error {
	cal, err := st.Calendar()
	if err != nil {
		return err
	}
	it.Due = ""
	if due, ok := dueDate(it, cal); ok {
		it.Due = due.Format("2006-01-02")
	}
	return nil
}

// Particulars are what a drafter may correct with a revision (重新提出): the 题名, 文号 and
// 成文日期 the returned draft had wrong.
type Particulars struct{ Title, DocNumber, DocDate string }

// correct applies fix to it's particulars and says what changed ("更正：文号“…”改为“…”。"),
// or "" when nothing did.
func (it *Item) correct(fix *Particulars) string {
	if fix == nil {
		return ""
	}
	var changes []string
	for _, f := range []struct {
		name string
		at   *string
		to   string
	}{{"题名", &it.Title, fix.Title}, {"文号", &it.DocNumber, fix.DocNumber}, {"成文日期", &it.DocDate, fix.DocDate}} {
		to := strings.TrimSpace(f.to)
		if to == *f.at {
			continue
		}
		changes = append(changes, fmt.Sprintf("%s“%s”改为“%s”", f.name, *f.at, to))
		*f.at = to
	}
	if len(changes) == 0 {
		return ""
	}
	return "更正：" + strings.Join(changes, "，") + "。"
}

// Publish records step 5 (公开): the channels, date and address it was published at.
// Errors: ErrNotFound, ErrPermission (公开办 only), ErrState (not waiting for 公开: the
// sentence says who moved it last and where it stands), ErrInvalid.
func (s *Office) Publish(actor, itemID string, p Publication) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.update(func(txn *tx) error {
		it, _, user, _, err := s.stepContext(txn, actor, itemID, StepPublish)
		if err != nil {
			return err
		}
		if p.Date < it.DocDate {
			return fail(ErrInvalid, "公开日期 %s 早于成文日期 %s。", p.Date, it.DocDate)
		}
		var st Settings
		if err := getJSON(txn, keySettings(), &st); err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		cal, err := st.Calendar()
		if err != nil {
			return err
		}
		now := s.Now()
		p.OnTime = nil
		if d, ok := DeadlineOf(it, now, cal); ok {
			met := p.Date <= d.Due.Format("2006-01-02")
			p.OnTime = &met
		}
		it.Publication = &p
		it.State = StateFile
		rec := Record{Step: StepPublish, Actor: user.Name, Role: RoleOffice, Decision: Publish,
			Opinion: strings.Join(p.Channels, "、") + " " + p.Date + " " + p.URL, Time: now.UTC(), Revision: it.Current().N}
		return s.saveStep(txn, it, rec)
	})
}

// stepContext loads the item and the actor and checks that the item waits for one of the
// steps given (else the ErrState of movedOn) and that MayAct lets the actor take it; self
// reports the actor drafted it (which MayAct allows only when the settings say so).
func (s *Office) stepContext(txn kvReader, actor, itemID string, steps ...Step) (it *Item, step Step, user *User, self bool, err error) {
	if it, err = loadItem(txn, itemID); err != nil {
		return
	}
	step, ok := waiting[it.State]
	if !ok || !slices.Contains(steps, step) {
		err = s.movedOn(txn, it)
		return
	}
	if user, err = loadUser(txn, actor); err != nil {
		return
	}
	var st Settings
	if gerr := getJSON(txn, keySettings(), &st); gerr != nil && !errors.Is(gerr, ErrNotFound) {
		err = gerr
		return
	}
	err = MayAct(user, it, st)
	self = actor == it.Drafter
	return
}

// saveStep stores the item and appends its record, its facts for statistics and an audit
// entry.
func (s *Office) saveStep(txn *tx, it *Item, rec Record) error {
	n, err := countPrefix(txn, fmt.Sprintf("rec/%s/", it.ID))
	if err != nil {
		return err
	}
	if err := s.putItem(txn, it); err != nil {
		return err
	}
	if err := putJSON(txn, keyRecord(it.ID, n+1), rec); err != nil {
		return err
	}
	if err := putFacts(txn, it); err != nil {
		return err
	}
	detail := rec.Step.String() + " " + rec.Decision.Label()
	if rec.Opinion != "" {
		detail += "：" + rec.Opinion
	}
	if rec.SelfApproved {
		detail += "（本单位设置允许本人办理自己拟稿的事项）"
	}
	action := ActionDecision
	if rec.Step == StepFile {
		action = ActionFiling
	}
	return s.audit(txn, rec.Actor, action, it.ID, detail)
}

func loadItem(txn kvReader, id string) (*Item, error) {
	var it Item
	if err := getJSON(txn, keyItem(id), &it); err != nil {
		return nil, fail(ErrNotFound, "找不到该事项（编号 %s）。", id)
	}
	if it.Dispositions == nil {
		it.Dispositions = map[string]review.Disposition{}
	}
	return &it, nil
}

func newID() (string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// someoneMayAct reports whether any user may take the step the item waits for: an item that
// nobody may act on would wait for ever.
func someoneMayAct(txn kvReader, it *Item, st Settings) (bool, error) {
	users, err := listIn[User](txn, "user/")
	if err != nil {
		return false, err
	}
	for i := range users {
		if MayAct(&users[i], it, st) == nil {
			return true, nil
		}
	}
	return false, nil
}
