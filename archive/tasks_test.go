package archive

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// taskIDs is the user's 待办 as item ids, and the boxing tasks as "box:<year>/<retention>/<division>".
func taskIDs(t *testing.T, o *office, user string) []string {
	t.Helper()
	tasks, err := o.Tasks(user)
	must(t, err)
	var out []string
	for _, k := range tasks {
		if k.Kind == TaskBox {
			out = append(out, fmt.Sprintf("box:%d/%s/%s:%d-%d", k.Box.Year, k.Box.Retention, k.Box.Division, k.Box.First, k.Box.Last))
			continue
		}
		out = append(out, k.Label()+":"+k.Item.Title)
	}
	return out
}

func TestTasksOfEachRole(t *testing.T) {
	o := newOffice(t)
	a := o.propose(t, Draft{Title: "甲", Author: "厦门市司法局", Division: "BGS", DocDate: "2016-06-29", Disclosure: Proactive})
	b := o.propose(t, Draft{Title: "乙", Author: "厦门市司法局", Division: "BGS", DocDate: "2016-06-29", Disclosure: Proactive})
	tests := []struct {
		user string
		want []string
	}{
		{"drafter", nil},
		{"head", []string{"待初审:甲", "待初审:乙"}},
		{"otherhead", nil}, // 初审 is for the head of the item's own division
		{"office", nil},
		{"archivist", nil},
	}
	for _, tt := range tests {
		if got := taskIDs(t, o, tt.user); !slices.Equal(got, tt.want) {
			t.Errorf("%s: tasks %q, want %q", tt.user, got, tt.want)
		}
	}
	must(t, o.Decide("head", a.ID, Review{Approve: false, Opinion: "请补充依据后重新提出。"}))
	o.through(t, b.ID)
	tests = []struct {
		user string
		want []string
	}{
		{"drafter", []string{"已退回:甲"}},
		{"head", nil},
		{"office", nil},
		{"archivist", []string{"待建档:乙"}},
	}
	for _, tt := range tests {
		if got := taskIDs(t, o, tt.user); !slices.Equal(got, tt.want) {
			t.Errorf("%s: tasks %q, want %q", tt.user, got, tt.want)
		}
	}
	_, err := o.FileItem("archivist", b.ID, FilingRequest{Year: 2016, Pages: 1})
	must(t, err)
	if got, want := taskIDs(t, o, "archivist"), []string{"box:2016/D10/BGS:1-1"}; !slices.Equal(got, want) {
		t.Errorf("archivist after filing: tasks %q, want %q", got, want)
	}
	_, err = o.MakeBox("archivist", Box{Year: 2016, Retention: Years10, Division: "BGS", First: 1, Last: 1, Spine: 20})
	must(t, err)
	if got := taskIDs(t, o, "archivist"); len(got) != 0 {
		t.Errorf("archivist after boxing: tasks %q, want none", got)
	}
}

// TestTasksAreWhatMayBeDone is a property test: random users take random actions on random
// items, and every attempt succeeds exactly when the item was on the user's 待办.
func TestTasksAreWhatMayBeDone(t *testing.T) {
	o := newOffice(t)
	must(t, o.CreateUser("admin", User{Name: "solo", FullName: "身兼二职", Roles: []Role{RoleDrafter, RoleDivisionHead, RoleOffice}, Division: "LSC"}, "password-1"))
	must(t, o.CreateUser("admin", User{Name: "gone", FullName: "已停用", Roles: []Role{RoleOffice, RoleLeader}, Disabled: true}, "password-1"))
	users := []string{"drafter", "head", "otherhead", "office", "leader", "archivist", "solo", "gone", "admin"}
	rng := rand.New(rand.NewPCG(2016, 7))
	var ids []string
	texts := []string{"各处室：请认真贯彻执行。", "秘密★1年\n各处室：请认真贯彻执行。"}
	attempts := map[bool]int{}
	for step := 0; step < 300; step++ {
		user := users[rng.IntN(len(users))]
		if rng.IntN(5) == 0 || len(ids) == 0 {
			div := []string{"BGS", "LSC"}[rng.IntN(2)]
			d := Draft{Title: fmt.Sprintf("事项%d", step), Author: "厦门市司法局", Division: div, DocDate: "2016-06-29", Disclosure: Proactive}
			it, err := o.Propose(user, d, SourceFile{Name: "a.txt", Data: []byte(texts[rng.IntN(2)])}, "")
			u, _ := o.GetUser(user)
			if (err == nil) != u.MayPropose() {
				t.Fatalf("%s proposes: %v, but MayPropose %v", user, err, u.MayPropose())
			}
			if err == nil {
				ids = append(ids, it.ID)
			}
			continue
		}
		id := ids[rng.IntN(len(ids))]
		if tasks, _ := o.Tasks(user); len(tasks) > 0 && rng.IntN(2) == 0 {
			if k := tasks[rng.IntN(len(tasks))]; k.Item != nil {
				id = k.Item.ID // half the time, something the user has to do
			}
		}
		it, err := o.Item(id)
		must(t, err)
		listed := slices.Contains(taskIDs(t, o, user), (Task{Kind: kindOf(it), Item: it}).Label()+":"+it.Title)
		err = act(t, o, user, it, rng)
		if it.State == StateFiled {
			continue // filed items are nobody's task; acting on one is refused as ErrState
		}
		done := err == nil || errors.Is(err, ErrBlocked)
		if done != listed {
			t.Fatalf("step %d: %s on %s (%s): listed %v, but the action gave %v", step, user, it.Title, it.State.Label(), listed, err)
		}
		attempts[listed]++
	}
	t.Logf("attempts by whether listed: %v", attempts)
	if attempts[true] < 30 || attempts[false] < 30 {
		t.Errorf("too few attempts of each kind to mean anything: %v", attempts)
	}
}

func kindOf(it *Item) TaskKind {
	if it.State == StateReturned {
		return TaskRevise
	}
	return TaskStep
}

// act takes the action the item's state calls for, as user: approve or return a review step,
// publish, file, or resubmit a returned draft.
func act(t *testing.T, o *office, user string, it *Item, rng *rand.Rand) error {
	t.Helper()
	switch it.State {
	case StateReturned:
		return o.Resubmit(user, it.ID, SourceFile{Name: "b.txt", Data: []byte("修改稿：各处室请执行。")}, "已修改", nil)
	case StatePreliminary, StateSecrecy, StateApproval:
		if rng.IntN(4) == 0 {
			return o.Decide(user, it.ID, Review{Opinion: "请修改"})
		}
		return o.Decide(user, it.ID, Review{Approve: true})
	case StatePublish:
		return o.Publish(user, it.ID, Publication{Channels: []string{"门户网站"}, Date: "2016-07-01"})
	case StateFile:
		_, err := o.FileItem(user, it.ID, FilingRequest{Year: 2016, Pages: 1})
		return err
	}
	return o.Decide(user, it.ID, Review{Approve: true})
}

func TestDefaultFiling(t *testing.T) {
	st := Settings{Retention: map[string]Retention{"规范性文件": Permanent}, DefaultRetention: Years30}
	tests := []struct {
		name  string
		it    *Item
		pages int
		want  FilingRequest
	}{
		{"the publication year and the table", &Item{Draft: Draft{Category: "规范性文件", Division: "BGS", DocDate: "2016-12-30"},
			Publication: &Publication{Date: "2017-01-03"}}, 6, FilingRequest{Year: 2017, Retention: Permanent, Division: "BGS", Pages: 6}},
		{"not yet published: the document's year; the default retention; at least a page", &Item{Draft: Draft{Category: "工作动态", Division: "LSC", DocDate: "2016-12-30"}},
			0, FilingRequest{Year: 2016, Retention: Years30, Division: "LSC", Pages: 1}},
	}
	for _, tt := range tests {
		if got := DefaultFiling(tt.it, st, tt.pages); got != tt.want {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestTasksOverdueFirst(t *testing.T) {
	o := newOffice(t) // its clock stands at 2016-06-29
	plain := o.propose(t, seedDraft)
	late := seedDraft
	late.Title, late.Category, late.PolicyDate = "关于某政策的解读", "政策解读", "2016-06-20"
	overdue := o.propose(t, late)
	fresh := late
	fresh.Title, fresh.PolicyDate = "关于另一政策的解读", "2016-06-29"
	due := o.propose(t, fresh)
	tasks, err := o.Tasks("head")
	must(t, err)
	var got []string
	for _, tk := range tasks {
		got = append(got, tk.Item.ID)
	}
	want := []string{overdue.ID, plain.ID, due.ID}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("task order: got %v, want %v (overdue first, then oldest first)", got, want)
	}
	if !tasks[0].Overdue || tasks[0].Deadline == nil || tasks[0].Deadline.State != PastDue {
		t.Errorf("first task: Overdue %v, Deadline %+v; want overdue", tasks[0].Overdue, tasks[0].Deadline)
	}
	if tasks[1].Deadline != nil {
		t.Errorf("a 规范性文件's task has Deadline %+v, want none", tasks[1].Deadline)
	}
}
