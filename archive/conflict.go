package archive

import (
	"encoding/json"
	"time"
)

// Conflicts. Two people may act on one item at once: at two desks on the office server, or at
// one desk from a screen opened before the other acted. Every step runs in one serializable
// transaction that first checks where the item stands, so exactly one of them succeeds; the
// other's transaction (run again after the engine's conflict, on fresh data) finds the item
// moved on and is refused with an ErrState *Error that says who acted, when, what they decided
// and where the item stands now, so the person knows what happened and that nothing of theirs
// was recorded.

// movedOn is the refusal of a step on it, which stands elsewhere than the step expected: who
// took its last step, when and how, and where it stands now, in Chinese.
func (s *Office) movedOn(txn kvReader, it *Item) error {
	last, ok := lastRecord(txn, it.ID)
	if !ok {
		return fail(ErrState, "“%s”现在%s，不在这一环节，无法办理。", it.Title, it.State.Label())
	}
	who := last.Actor
	if u, err := loadUser(txn, last.Actor); err == nil {
		who = u.display()
	}
	return fail(ErrState, "“%s”已由%s%s于%s办理（%s），%s。", it.Title, last.Role.Label(), who,
		s.when(last.Time), last.Action(), it.Standing())
}

// lastRecord is the item's newest record, as txn sees it.
func lastRecord(txn kvReader, id string) (rec Record, ok bool) {
	_ = scanEach(txn, []byte("rec/"+id+"/"), func(_, value []byte) error {
		ok = json.Unmarshal(value, &rec) == nil
		return nil
	}, nil)
	return rec, ok
}

// when says a moment the way a colleague would: the time alone today, else the date and time.
func (s *Office) when(t time.Time) string {
	t = t.In(OfficeZone)
	if t.Format("2006-01-02") == s.Now().In(OfficeZone).Format("2006-01-02") {
		return t.Format("15:04")
	}
	return t.Format("2006-01-02 15:04")
}

// Standing says where the item stands, for a person: 现处于审核环节, 现已退回拟稿人修改,
// 现已建档（档号…）.
func (it *Item) Standing() string {
	switch {
	case it.State == StateReturned:
		return "现已退回拟稿人修改"
	case it.State == StateFiled && it.Filing != nil:
		return "现已建档（档号" + it.Filing.Code + "）"
	}
	if step, _, ok := it.State.Waits(); ok {
		return "现处于" + step.String() + "环节"
	}
	return "现在" + it.State.Label()
}

// point is where an item stands: the step it waits for and its current revision.
type point struct {
	step     Step
	revision int
}

// decisionPoint is where a decision on the item is for: r.Step and r.Revision as the window
// showed the item, or, where they are zero, the step the item waits for now and its current
// revision. The step is 0 when that is no review step: the decision is then refused with where
// the item stands.
func (s *Office) decisionPoint(itemID string, r Review) (point, error) {
	it, err := s.Item(itemID)
	if err != nil {
		return point{}, err
	}
	at := point{step: r.Step, revision: r.Revision}
	if at.step == 0 {
		at.step = waiting[it.State]
	}
	if at.revision == 0 {
		at.revision = it.Current().N
	}
	if at.step != StepPreliminary && at.step != StepSecrecy && at.step != StepApproval {
		at.step = 0
	}
	return at, nil
}
