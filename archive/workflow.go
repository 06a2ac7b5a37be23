package archive

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/dgraph-io/badger/v4"

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
func (s *BadgerStore) Propose(actor string, d Draft, file SourceFile, opinion string) (*Item, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if len(file.Data) == 0 || file.Name == "" {
		return nil, fmt.Errorf("%w: the draft's file is empty", ErrInvalid)
	}
	id, err := newID()
	if err != nil {
		return nil, err
	}
	var it Item
	err = s.update(func(txn *tx) error {
		if _, err := requireRole(txn, actor, RoleDrafter); err != nil {
			return err
		}
		var st Settings
		if err := getJSON(txn, keySettings(), &st); err != nil {
			return fmt.Errorf("%w: the office settings are not set up", ErrInvalid)
		}
		if _, ok := st.division(d.Division); !ok {
			return fmt.Errorf("%w: unknown division %q", ErrInvalid, d.Division)
		}
		fx, err := putBlob(txn, file.Data)
		if err != nil {
			return err
		}
		now := s.Now().UTC()
		it = Item{ID: id, Draft: d, Drafter: actor, State: StatePreliminary, Created: now,
			Revisions:    []Revision{{N: 1, Name: file.Name, SHA256: fx.SHA256, SM3: fx.SM3, Size: fx.Size, Added: now, By: actor}},
			Dispositions: map[string]review.Disposition{}}
		if err := s.putItem(txn, &it); err != nil {
			return err
		}
		rec := Record{Step: StepPropose, Actor: actor, Role: RoleDrafter, Decision: Submit, Opinion: opinion, Time: now, Revision: 1}
		if err := putJSON(txn, keyRecord(id, 1), rec); err != nil {
			return err
		}
		return s.audit(txn, actor, "import", id, fmt.Sprintf("proposed %q (%s), file %s sha256 %s", d.Title, d.DocNumber, file.Name, fx.SHA256))
	})
	if err != nil {
		return nil, err
	}
	return &it, nil
}

// Review is a reviewer's decision at 初审, 保密审查 or 审核.
type Review struct {
	Approve bool
	Opinion string // required to return
	// Check is the secrecy check the decision rests on; required at 保密审查.
	Check *CheckSnapshot
}

// Decide records a review step's decision on the item: the step is the one the item waits
// for, taken by a user in that step's role (at 初审, the head of the item's own division).
// Approval moves the item on; a return sends it back to its drafter with the reason. At
// 保密审查 the verdict is recomputed from the check's findings and dispositions: a block
// verdict cannot pass. Nobody approves an item they drafted unless the settings allow it.
// Errors: ErrNotFound, ErrPermission, ErrState, ErrInvalid, ErrBlocked.
func (s *BadgerStore) Decide(actor, itemID string, r Review) error {
	if !r.Approve && strings.TrimSpace(r.Opinion) == "" {
		return fmt.Errorf("%w: a return needs a reason", ErrInvalid)
	}
	return s.update(func(txn *tx) error {
		it, step, user, self, err := s.stepContext(txn, actor, itemID, StepPreliminary, StepSecrecy, StepApproval)
		if err != nil {
			return err
		}
		rec := Record{Step: step, Actor: user.Name, Role: stepRole[step], Decision: Return, Opinion: r.Opinion,
			Time: s.Now().UTC(), Revision: it.Current().N, SelfApproved: self && r.Approve}
		if step == StepSecrecy {
			if r.Check == nil {
				return fmt.Errorf("%w: 保密审查 needs the secrecy check", ErrInvalid)
			}
			if err := s.applyCheck(it, r); err != nil {
				return err
			}
			snap := *r.Check
			snap.Dispositions = maps.Clone(it.Dispositions)
			snap.Verdict = review.Decide(snap.Findings, snap.Dispositions)
			rec.Check = &snap
		}
		if r.Approve {
			rec.Decision = Approve
			it.State = after[step]
		} else {
			it.State = StateReturned
		}
		return s.saveStep(txn, it, rec)
	})
}

// applyCheck merges the check's dispositions into the item's and refuses an approval while a
// block finding remains.
func (s *BadgerStore) applyCheck(it *Item, r Review) error {
	for fp, d := range r.Check.Dispositions {
		if err := d.Validate(); err != nil {
			return fmt.Errorf("%w: finding %s: %v", ErrInvalid, fp, err)
		}
		it.Dispositions[fp] = d
	}
	if r.Approve && review.Decide(r.Check.Findings, it.Dispositions) == review.VerdictBlock {
		return fmt.Errorf("%w: dismiss each block finding with a reason, or return the draft for revision", ErrBlocked)
	}
	return nil
}

// Resubmit records a revised draft of a returned item: a new revision that goes round again
// from 初审, keeping the dispositions already given (they follow findings by fingerprint).
// Errors: ErrNotFound, ErrPermission (only the drafter), ErrState (not returned), ErrInvalid.
func (s *BadgerStore) Resubmit(actor, itemID string, file SourceFile, opinion string) error {
	if len(file.Data) == 0 {
		return fmt.Errorf("%w: the revised file is empty", ErrInvalid)
	}
	return s.update(func(txn *tx) error {
		it, err := loadItem(txn, itemID)
		if err != nil {
			return err
		}
		if it.State != StateReturned {
			return fmt.Errorf("%w: item %s is %s, not returned", ErrState, itemID, it.State)
		}
		if actor != it.Drafter {
			return fmt.Errorf("%w: only the drafter %s revises item %s", ErrPermission, it.Drafter, itemID)
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

// Publish records step 5 (公开): the channels, date and address it was published at.
// Errors: ErrNotFound, ErrPermission (公开办 only), ErrState, ErrInvalid.
func (s *BadgerStore) Publish(actor, itemID string, p Publication) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.update(func(txn *tx) error {
		it, _, user, _, err := s.stepContext(txn, actor, itemID, StepPublish)
		if err != nil {
			return err
		}
		if p.Date < it.DocDate {
			return fmt.Errorf("%w: published %s, before the document's date %s", ErrInvalid, p.Date, it.DocDate)
		}
		it.Publication = &p
		it.State = StateFile
		rec := Record{Step: StepPublish, Actor: user.Name, Role: RoleOffice, Decision: Publish,
			Opinion: strings.Join(p.Channels, "、") + " " + p.Date + " " + p.URL, Time: s.Now().UTC(), Revision: it.Current().N}
		return s.saveStep(txn, it, rec)
	})
}

// stepContext loads the item and the actor and checks that the item waits for one of the
// steps given and that the actor may take it; self reports the actor drafted it (allowed only
// when the settings say so).
func (s *BadgerStore) stepContext(txn reader, actor, itemID string, steps ...Step) (it *Item, step Step, user *User, self bool, err error) {
	it, err = loadItem(txn, itemID)
	if err != nil {
		return
	}
	step, ok := waiting[it.State]
	if !ok || !slices.Contains(steps, step) {
		err = fmt.Errorf("%w: item %s is %s", ErrState, itemID, it.State)
		return
	}
	if user, err = requireRole(txn, actor, stepRole[step]); err != nil {
		return
	}
	if step == StepPreliminary && user.Division != it.Division {
		err = fmt.Errorf("%w: %s heads %q, the item belongs to %q", ErrPermission, actor, user.Division, it.Division)
		return
	}
	if self = actor == it.Drafter; self {
		var st Settings
		if gerr := getJSON(txn, keySettings(), &st); gerr != nil || !st.AllowSelfApproval {
			err = fmt.Errorf("%w: %s drafted item %s and cannot take its %s", ErrPermission, actor, itemID, step)
		}
	}
	return
}

// saveStep stores the item and appends its record and an audit entry.
func (s *BadgerStore) saveStep(txn *tx, it *Item, rec Record) error {
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
	detail := fmt.Sprintf("%s %s: %s", rec.Step, rec.Decision, rec.Opinion)
	if rec.SelfApproved {
		detail += " (self-approval allowed by settings)"
	}
	action := "decision"
	if rec.Step == StepFile {
		action = "filing"
	}
	return s.audit(txn, rec.Actor, action, it.ID, detail)
}

func loadItem(txn reader, id string) (*Item, error) {
	var it Item
	if err := getJSON(txn, keyItem(id), &it); err != nil {
		return nil, fmt.Errorf("item %s: %w", id, ErrNotFound)
	}
	if it.Dispositions == nil {
		it.Dispositions = map[string]review.Disposition{}
	}
	return &it, nil
}

func countPrefix(txn reader, prefix string) (int, error) {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefix), PrefetchValues: false})
	defer it.Close()
	n := 0
	for it.Rewind(); it.Valid(); it.Next() {
		n++
	}
	return n, nil
}

func newID() (string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}
