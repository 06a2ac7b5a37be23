package main

import (
	"fmt"
	"maps"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/review"
)

// queueView is 待办: the items waiting for a step the signed-in user takes, oldest first, with
// overdue items flagged; the selected item opens in the review view, and the user decides its
// step here.
type queueView struct {
	store  archive.Store
	user   *archive.User
	review *reviewView
	now    func() time.Time

	counts   *widget.Label
	list     *widget.List
	detail   *widget.Label
	opinion  *widget.Entry
	approve  *widget.Button
	ret      *widget.Button
	view     *widget.Button // opens the 审查 tab on the selected item
	content  fyne.CanvasObject
	items    []archive.Item
	selected int
	onOpen   func() // shows the review view after an item is opened; optional
}

func newQueueView(store archive.Store, user *archive.User, rv *reviewView) *queueView {
	q := &queueView{store: store, user: user, review: rv, now: time.Now, selected: -1}
	q.counts = widget.NewLabel("")
	q.list = widget.NewList(func() int { return len(q.items) }, func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(q.line(i)) })
	q.list.OnSelected = q.onSelect
	q.detail = widget.NewLabel("选择一项查看审查结果并办理")
	q.detail.Wrapping = fyne.TextWrapWord
	q.opinion = widget.NewMultiLineEntry()
	q.opinion.SetPlaceHolder("办理意见（退回时必填）")
	q.opinion.SetMinRowsVisible(3)
	q.approve = widget.NewButton("通过", q.onApprove)
	q.approve.Importance = widget.HighImportance
	q.ret = widget.NewButton("退回", q.onReturn)
	q.approve.Disable()
	q.ret.Disable()
	q.view = widget.NewButton("查看全文与审查发现", func() {
		if q.onOpen != nil {
			q.onOpen()
		}
	})
	q.view.Disable()
	panel := container.NewVBox(q.detail, q.opinion, container.NewHBox(q.approve, q.ret, q.view))
	q.content = container.NewBorder(q.counts, panel, nil, nil, q.list)
	return q
}

// mine reports whether the user takes the step it waits for.
func (q *queueView) mine(it *archive.Item) bool {
	if it.State == archive.StateReturned {
		return it.Drafter == q.user.Name
	}
	_, role, ok := it.State.Waits()
	if !ok || !q.user.Has(role) {
		return false
	}
	return role != archive.RoleDivisionHead || it.Division == q.user.Division
}

// refresh reloads the queue from the store.
func (q *queueView) refresh() error {
	states := []archive.State{archive.StateReturned, archive.StatePreliminary, archive.StateSecrecy, archive.StateApproval, archive.StatePublish}
	q.items = nil
	count := map[archive.State]int{}
	for _, s := range states {
		items, _, err := q.store.Items(archive.Filter{State: s}, 0, 1<<20)
		if err != nil {
			return err
		}
		for _, it := range items {
			if q.mine(&it) {
				q.items = append(q.items, it)
				count[s]++
			}
		}
	}
	sort.SliceStable(q.items, func(i, j int) bool { return q.items[i].Created.Before(q.items[j].Created) })
	var parts []string
	for _, s := range states {
		if count[s] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", s.Label(), count[s]))
		}
	}
	if len(parts) == 0 {
		q.counts.SetText("暂无待办事项")
	} else {
		q.counts.SetText("待办：" + strings.Join(parts, "，"))
	}
	q.selected = -1
	q.list.UnselectAll()
	q.list.Refresh()
	q.approve.Disable()
	q.ret.Disable()
	q.view.Disable()
	return nil
}

// overdue reports an item past its time limit: a policy interpretation (政策解读) must be
// published within 3 working days (DOMAIN.md §1).
func (q *queueView) overdue(it *archive.Item) bool {
	return strings.Contains(it.Category, "政策解读") && workingDaysSince(it.Created, q.now()) > 3
}

// workingDaysSince counts the Mondays to Fridays after from, up to and including to.
func workingDaysSince(from, to time.Time) int {
	n := 0
	for d := from.AddDate(0, 0, 1); !d.After(to); d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n++
		}
	}
	return n
}

func (q *queueView) line(i int) string {
	it := &q.items[i]
	flag := ""
	if q.overdue(it) {
		flag = "【超期】"
	}
	title := strings.TrimSpace(it.Title + " " + it.DocNumber)
	return fmt.Sprintf("%s[%s] %s（%s）", flag, it.State.Label(), title, it.Created.In(time.Local).Format("01-02 15:04"))
}

// onSelect opens the item's current revision in the review view, with the dispositions given
// so far, and readies the decision.
func (q *queueView) onSelect(i widget.ListItemID) {
	q.selected = i
	it := q.items[i]
	cur := it.Current()
	data, err := q.store.Blob(cur.SHA256)
	if err != nil {
		dialog.ShowError(errorText(err), q.review.win)
		return
	}
	q.review.disp = maps.Clone(it.Dispositions) // the decisions given so far, by fingerprint
	if q.review.disp == nil {
		q.review.disp = map[string]review.Disposition{}
	}
	recs, err := q.store.Records(it.ID)
	if err != nil {
		dialog.ShowError(errorText(err), q.review.win)
		return
	}
	q.review.known = lastCheck(recs)
	q.review.loadBytes(cur.Name, data)
	step, _, ok := it.State.Waits()
	action := "重新提出（修改后在审查页导入修改稿）"
	if ok {
		action = "办理环节：" + step.String()
		if step == archive.StepPublish {
			action += "（按“通过”登记公开渠道、日期和发布网址）"
		}
	}
	q.detail.SetText(fmt.Sprintf("%s\n%s · %s · 第 %d 稿\n%s", action, it.Title, it.DocNumber, cur.N, timeline(recs)))
	q.approve.Enable()
	q.ret.Enable()
	q.view.Enable()
	if !ok {
		q.approve.Disable()
		q.ret.Disable()
	}
}

// onApprove approves the selected item's step; at 保密审查 the check on screen is recorded.
func (q *queueView) onApprove() { q.decide(true) }

// onReturn returns the selected item to its drafter; the opinion says why.
func (q *queueView) onReturn() { q.decide(false) }

func (q *queueView) decide(approve bool) {
	if q.selected < 0 {
		return
	}
	it := q.items[q.selected]
	step, _, _ := it.State.Waits()
	opinion := strings.TrimSpace(q.opinion.Text)
	if step == archive.StepPublish && approve {
		q.showPublish(&it)
		return
	}
	r := archive.Review{Approve: approve, Opinion: opinion}
	if step == archive.StepSecrecy {
		r.Check = &archive.CheckSnapshot{RulesVersion: q.review.rules.Version, Findings: q.review.found,
			Dispositions: q.review.disp, Verdict: review.Decide(q.review.found, q.review.disp)}
	}
	if err := q.store.Decide(q.user.Name, it.ID, r); err != nil {
		dialog.ShowError(errorText(err), q.review.win)
		return
	}
	q.opinion.SetText("")
	if err := q.refresh(); err != nil {
		dialog.ShowError(errorText(err), q.review.win)
	}
}

// lastCheck returns the fingerprints of the findings the last 保密审查 decided on, or nil.
func lastCheck(recs []archive.Record) map[string]bool {
	var known map[string]bool
	for _, r := range recs {
		if r.Step == archive.StepSecrecy && r.Check != nil {
			known = map[string]bool{}
			for _, f := range r.Check.Findings {
				known[f.Fingerprint] = true
			}
		}
	}
	return known
}

var decisionWords = map[archive.Decision]string{archive.Submit: "提出", archive.Approve: "通过", archive.Return: "退回",
	archive.Publish: "公开", archive.File: "建档"}

// timeline is the item's records, one line each: time, step, person, decision, opinion.
func timeline(recs []archive.Record) string {
	var lines []string
	for _, r := range recs {
		line := fmt.Sprintf("%s  %s  %s  %s", r.Time.In(time.Local).Format("01-02 15:04"), r.Step, r.Actor, decisionWords[r.Decision])
		if r.Opinion != "" {
			line += "：" + r.Opinion
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}
