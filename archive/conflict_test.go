package archive

import (
	"strings"
	"sync"
	"testing"
)

// TestConflictsSayWhoActed: a person acts on an item someone else has just moved on, from the
// same screen or another desk. Each case puts the item where the later person found it, lets
// the first person act, then has the later one act as the screen still shows it: refused with
// ErrState, and the sentence says who acted, how, and where the item stands now.
func TestConflictsSayWhoActed(t *testing.T) {
	publication := Publication{Channels: []string{"门户网站"}, Date: "2016-07-01"}
	cases := []struct {
		name   string
		before func(o *office, id string) // brings the item to where the later person found it
		first  func(o *office, id string) error
		later  func(o *Office, id string) error
		want   []string
	}{
		{"two heads pass 初审", nil,
			func(o *office, id string) error { return o.Decide("head", id, Review{Approve: true}) },
			func(o *Office, id string) error {
				return o.Decide("head2", id, Review{Approve: true, Step: StepPreliminary, Revision: 1})
			},
			[]string{"已由处室负责人李处长于17:", "办理（通过）", "现处于保密审查环节"}},
		{"one returns while the other passes", nil,
			func(o *office, id string) error { return o.Decide("head", id, Review{Opinion: "请补充依据"}) },
			func(o *Office, id string) error {
				return o.Decide("head2", id, Review{Approve: true, Step: StepPreliminary})
			},
			[]string{"处室负责人李处长", "办理（退回）", "现已退回拟稿人修改"}},
		{"a reviewer with two roles decides at a step the item has left",
			func(o *office, id string) { must(t, o.Decide("head", id, Review{Approve: true})) },
			func(o *office, id string) error { return o.Decide("office", id, Review{Approve: true}) },
			func(o *Office, id string) error { return o.Decide("all", id, Review{Approve: true, Step: StepSecrecy}) },
			[]string{"公开办公开办张三", "办理（通过）", "现处于审核环节"}},
		{"初审 of a revision the head has not seen",
			func(o *office, id string) {
				must(t, o.Decide("head", id, Review{Opinion: "请补充依据"}))
			},
			func(o *office, id string) error {
				return o.Resubmit("drafter", id, SourceFile{Name: "修改稿.txt", Data: []byte("修改稿")}, "已补充", nil)
			},
			func(o *Office, id string) error {
				return o.Decide("head2", id, Review{Approve: true, Step: StepPreliminary, Revision: 1})
			},
			[]string{"拟稿人王五", "办理（重新提出）", "现处于初审环节"}},
		{"resubmitted twice", func(o *office, id string) { must(t, o.Decide("head", id, Review{Opinion: "请补充依据"})) },
			func(o *office, id string) error {
				return o.Resubmit("drafter", id, SourceFile{Name: "修改稿.txt", Data: []byte("修改稿")}, "", nil)
			},
			func(o *Office, id string) error {
				return o.Resubmit("drafter", id, SourceFile{Name: "修改稿.txt", Data: []byte("修改稿")}, "", nil)
			},
			[]string{"拟稿人王五", "办理（重新提出）", "现处于初审环节"}},
		{"published twice", func(o *office, id string) {
			must(t, o.Decide("head", id, Review{Approve: true}))
			must(t, o.Decide("office", id, Review{Approve: true}))
			must(t, o.Decide("leader", id, Review{Approve: true}))
		},
			func(o *office, id string) error { return o.Publish("office", id, publication) },
			func(o *Office, id string) error { return o.Publish("all", id, publication) },
			[]string{"公开办公开办张三", "办理（公开）", "现处于建档环节"}},
		{"filed twice", func(o *office, id string) { o.through(t, id) },
			func(o *office, id string) error {
				_, err := o.FileItem("archivist", id, FilingRequest{Year: 2016, Pages: 2})
				return err
			},
			func(o *Office, id string) error {
				_, err := o.FileItem("all", id, FilingRequest{Year: 2016, Pages: 2})
				return err
			},
			[]string{"档案员档案员林六", "办理（建档）", "现已建档（档号Z109-WS·2016-Y-BGS-0001）"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := conflictOffice(t)
			other := otherDesk(o)
			it := o.propose(t, seedDraft)
			if c.before != nil {
				c.before(o, it.ID)
			}
			must(t, c.first(o, it.ID))
			err := c.later(other, it.ID)
			msg, _ := Message(err)
			wantErr(t, c.name, err, ErrState)
			if !containsAll(msg, c.want...) || !strings.HasPrefix(msg, "“"+seedDraft.Title+"”已由") {
				t.Errorf("got %q, want it to name the item and say %q", msg, c.want)
			}
		})
	}
}

// conflictOffice is the small bureau with a second head of BGS and a person who holds every
// role (a very small office), who could take any step the item has moved on to.
func conflictOffice(t *testing.T) *office {
	o := newOffice(t)
	must(t, o.CreateUser("admin", User{Name: "head2", FullName: "钱副处长", Roles: []Role{RoleDivisionHead}, Division: "BGS"}, "password-1"))
	must(t, o.CreateUser("admin", User{Name: "all", FullName: "孙主任", Division: "BGS",
		Roles: []Role{RoleDivisionHead, RoleOffice, RoleLeader, RoleArchivist}}, "password-1"))
	return o
}

// TestConcurrentDecisions: two desks decide one item at the same moment, many times over, each
// on 初审 as its screen shows it: exactly one decision is recorded, and the other person hears
// who decided.
func TestConcurrentDecisions(t *testing.T) {
	o := conflictOffice(t)
	desks := []*Office{o.Office, otherDesk(o)}
	for round := range 10 {
		it := o.propose(t, seedDraft)
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, who := range []string{"head", "head2"} {
			wg.Go(func() {
				errs[i] = desks[i].Decide(who, it.ID, Review{Approve: true, Step: StepPreliminary, Revision: 1})
			})
		}
		wg.Wait()
		won := 0
		for i, err := range errs {
			if err == nil {
				won++
				continue
			}
			msg, _ := Message(err)
			wantErr(t, "the later decision", err, ErrState)
			if !strings.Contains(msg, "办理（通过），现处于保密审查环节") {
				t.Errorf("round %d, desk %d: got %q, want who passed 初审", round, i, msg)
			}
		}
		recs, err := o.Records(it.ID)
		must(t, err)
		if won != 1 || len(recs) != 2 {
			t.Errorf("round %d: got %d decisions succeeding and %d records, want 1 and 2", round, won, len(recs))
		}
	}
}

// TestStanding: where an item stands, as a person is told after 提出 and in a refusal.
func TestStanding(t *testing.T) {
	tests := []struct {
		it   Item
		want string
	}{
		{Item{State: StatePreliminary}, "现处于初审环节"},
		{Item{State: StateSecrecy}, "现处于保密审查环节"},
		{Item{State: StateApproval}, "现处于审核环节"},
		{Item{State: StatePublish}, "现处于公开环节"},
		{Item{State: StateReturned}, "现已退回拟稿人修改"},
		{Item{State: StateFiled, Filing: &Filing{Code: "Z109-WS·2016-Y-BGS-0001"}}, "现已建档（档号Z109-WS·2016-Y-BGS-0001）"},
	}
	for _, tt := range tests {
		if got := tt.it.Standing(); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.it.State, got, tt.want)
		}
	}
}
