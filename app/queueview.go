package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"reflect"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/review"
)

// queueView is 待办: what the signed-in user has to do, as archive.Tasks lists it, oldest first,
// with overdue items flagged. Selecting an item shows its particulars, the store's own check of
// its current revision with the verdict, and how it came here; the buttons are the ones its step
// calls for: 通过 and 退回 at a review step, 登记公开 at 公开, 去建档 and 去装盒 for the archivist,
// 重新提出 for a drafter whose item came back.
type queueView struct {
	store  archive.Store
	user   *archive.User
	review *reviewView
	win    fyne.Window
	now    func() time.Time

	counts     *widget.Label
	notice     *widget.Label // what the last action did
	list       *widget.List
	detail     *cjkLabel // the task's particulars and 办理经过
	verdict    *widget.Label
	opinion    *linesEntry
	opinionBox *fyne.Container // the opinion and its standard phrases, shown for a review step only
	common     *widget.Select  // 常用意见
	approve    *widget.Button
	ret        *widget.Button
	redactBtn  *widget.Button // 脱敏后通过…, at 保密审查
	publish    *widget.Button
	revise     *widget.Button
	toArchive  *widget.Button
	view       *widget.Button
	work       fyne.CanvasObject // the list and the selected task
	empty      fyne.CanvasObject // shown instead when there is nothing to do
	content    fyne.CanvasObject

	tasks      []archive.Task
	check      *archive.StoredCheck  // the store's check of the selected item, once read
	publishing *publishForm          // the 公开 form, while open
	question   *dialog.ConfirmDialog // the question last asked before passing a blocked draft
	redacting  *redactForm           // the 脱敏后通过 dialog's content, once opened
	selected   int
	names      map[string]string // sign-in name → full name
	settings   archive.Settings

	onOpen    func()             // shows 审查; optional
	onArchive func(archive.Task) // shows 归档 where the task is; optional
	onChanged func()             // after an action changed the store; optional
}

func newQueueView(win fyne.Window, store archive.Store, user *archive.User, rv *reviewView) *queueView {
	q := &queueView{store: store, user: user, review: rv, win: win, now: time.Now, selected: -1}
	q.counts = widget.NewLabel("")
	q.counts.TextStyle.Bold = true
	q.notice = widget.NewLabel("")
	q.notice.Importance = widget.SuccessImportance
	q.notice.Truncation = fyne.TextTruncateEllipsis
	q.notice.Hide() // shown only while it has something to say
	q.list = widget.NewList(func() int { return len(q.tasks) }, func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}, func(i widget.ListItemID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		l.Importance = q.importance(i)
		l.SetText(q.line(i))
	})
	q.list.OnSelected = q.onSelect
	q.detail = newCJKLabel("选择一项查看审查结果并办理")
	q.verdict = widget.NewLabel("")
	q.verdict.TextStyle.Bold = true
	q.verdict.Wrapping = fyne.TextWrapWord
	q.opinion = newLinesEntry()
	q.opinion.SetPlaceHolder("办理意见（退回时必填，请写明修改要求）")
	q.opinion.SetMinRowsVisible(3)
	q.opinion.Wrapping = fyne.TextWrapWord
	q.common = newSelect(nil, q.onCommon)
	q.common.PlaceHolder = "常用意见…"
	q.approve = widget.NewButton("通过", q.onApprove)
	q.approve.Importance = widget.HighImportance
	q.ret = widget.NewButton("退回", q.onReturn)
	q.redactBtn = widget.NewButton("脱敏后通过…", q.onRedact)
	q.publish = widget.NewButton("登记公开…", q.onPublish)
	q.publish.Importance = widget.HighImportance
	q.revise = widget.NewButton("导入修改稿并重新提出…", q.onRevise)
	q.revise.Importance = widget.HighImportance
	q.toArchive = widget.NewButton("去归档办理", q.onToArchive)
	q.toArchive.Importance = widget.HighImportance
	q.view = widget.NewButton("查看全文与审查发现", q.onView)

	buttons := container.NewHBox(q.approve, q.redactBtn, q.ret, q.publish, q.revise, q.toArchive, q.view)
	q.opinionBox = container.NewVBox(container.NewBorder(nil, nil, nil, q.common, widget.NewLabel("办理意见")), q.opinion)
	decide := container.NewVBox(q.opinionBox, buttons)
	side := container.NewBorder(q.verdict, decide, nil, nil, container.NewVScroll(q.detail.cjkText))
	split := container.NewHSplit(q.list, side)
	split.Offset = 0.42
	q.work = split
	q.empty = emptyState(theme.ListIcon(), "暂无待办事项",
		"需要您办理的拟公开政务信息会列在这里：初审、保密审查、审核、公开、建档，",
		"退回给您修改的事项，以及待装盒的文件。有新的事项时会自动列在这里。")
	// The notice stands beside the counts, on their line: shown and hidden, it moves nothing
	// (under the counts, the list jumped by a line as the clerk selected the next task).
	q.content = container.NewBorder(container.NewBorder(nil, nil, q.counts, nil, q.notice), nil, nil, nil, container.NewStack(split, q.empty))
	q.showButtons(nil)
	return q
}

// refreshIfChanged reloads 待办 only when another desk changed the user's tasks, so that a
// reload from the server never disturbs a person reading or writing an opinion for nothing.
func (q *queueView) refreshIfChanged() error {
	tasks, err := q.store.Tasks(q.user.Name)
	if err != nil {
		return err
	}
	if reflect.DeepEqual(tasks, q.tasks) {
		return nil
	}
	return q.show(tasks)
}

// refresh reloads the user's tasks from the store, and the names and standard opinions.
func (q *queueView) refresh() error {
	tasks, err := q.store.Tasks(q.user.Name)
	if err != nil {
		return err
	}
	return q.show(tasks)
}

// show lists tasks, with the names and standard opinions reloaded; the selected task stays
// selected when it is still there.
func (q *queueView) show(tasks []archive.Task) error {
	var err error
	if q.settings, err = q.store.Settings(); err != nil {
		return err
	}
	q.names = fullNames(q.store)
	q.common.Options = q.settings.StandardOpinions()
	q.common.Refresh()
	was := taskKey(q.task())
	q.tasks = tasks
	q.counts.SetText(taskCounts(tasks))
	if len(tasks) == 0 {
		q.work.Hide()
		q.counts.Hide() // the empty state says it
		q.empty.Show()
	} else {
		q.empty.Hide()
		q.counts.Show()
		q.work.Show()
	}
	q.selected = -1
	q.list.UnselectAll()
	q.list.Refresh()
	q.detail.SetText("选择一项查看审查结果并办理")
	q.verdict.SetText("")
	q.showButtons(nil)
	for i := range tasks {
		if was != "" && taskKey(&tasks[i]) == was {
			q.list.Select(i) // the person keeps their place when another desk changed the list
		}
	}
	return nil
}

// taskKey names a task across reloads: its item, or its filing group.
func taskKey(t *archive.Task) string {
	switch {
	case t == nil:
		return ""
	case t.Item != nil:
		return t.Item.ID + "/" + string(t.Item.State)
	}
	return fmt.Sprintf("box/%d/%s/%s", t.Box.Year, t.Box.Retention, t.Box.Division)
}

// taskCounts says how much there is to do, by kind: 待办：待初审 2，已退回 1.
func taskCounts(tasks []archive.Task) string {
	if len(tasks) == 0 {
		return "暂无待办事项"
	}
	var order []string
	n := map[string]int{}
	for _, t := range tasks {
		l := t.Label()
		if n[l] == 0 {
			order = append(order, l)
		}
		n[l]++
	}
	var parts []string
	for _, l := range order {
		parts = append(parts, fmt.Sprintf("%s %d", l, n[l]))
	}
	return fmt.Sprintf("待办 %d 项：%s", len(tasks), strings.Join(parts, "，"))
}

// fullNames maps every user's sign-in name to their full name; a record names the person.
func fullNames(s archive.Store) map[string]string {
	users, err := s.Users()
	names := map[string]string{}
	if err != nil {
		return names
	}
	for _, u := range users {
		names[u.Name] = u.FullName
	}
	return names
}

// person is the full name of the user signed in as name, else name itself.
func (q *queueView) person(name string) string {
	if n := q.names[name]; n != "" {
		return n
	}
	return name
}

func (q *queueView) line(i int) string {
	if i >= len(q.tasks) {
		return ""
	}
	t := q.tasks[i]
	if t.Kind == archive.TaskBox {
		b := t.Box
		return fmt.Sprintf("[待装盒] %d 年度 %s %s：件号 %04d 起 %d 件", b.Year, b.Retention.Label(), b.Division, b.First, b.Count)
	}
	due := "" // before the title, so that a narrow list does not cut it off
	if d := t.Deadline; d != nil && !d.Urgent() {
		due = "（" + d.Label(q.now()) + "）"
	}
	return fmt.Sprintf("%s[%s]%s %s（%s）", deadlineFlag(t.Deadline), t.Label(), due, itemName(t.Item), t.Item.Created.In(archive.OfficeZone).Format("01-02 15:04"))
}

// deadlineFlag is the words that make an urgent deadline stand out without colour: 【超期 n 个工作日】
// or 【今天到期】; "" otherwise.
func deadlineFlag(d *archive.Deadline) string {
	switch {
	case d == nil:
		return ""
	case d.State == archive.PastDue:
		return fmt.Sprintf("【超期 %d 个工作日】", -d.Left)
	case d.State == archive.DueToday:
		return "【今天到期】"
	}
	return ""
}

// deadlineImportance colours an urgent deadline: red past due, amber due today.
func deadlineImportance(d *archive.Deadline) widget.Importance {
	switch {
	case d == nil:
	case d.State == archive.PastDue:
		return widget.DangerImportance
	case d.State == archive.DueToday:
		return widget.WarningImportance
	}
	return widget.MediumImportance
}

// importance is the colour of row i: its deadline's.
func (q *queueView) importance(i int) widget.Importance {
	if i >= len(q.tasks) {
		return widget.MediumImportance
	}
	return deadlineImportance(q.tasks[i].Deadline)
}

// itemName is an item's title with its 文号 when it has one.
func itemName(it *archive.Item) string {
	if it.DocNumber == "" {
		return it.Title
	}
	return it.Title + "（" + it.DocNumber + "）"
}

// task is the selected task, or nil.
func (q *queueView) task() *archive.Task {
	if q.selected < 0 || q.selected >= len(q.tasks) {
		return nil
	}
	return &q.tasks[q.selected]
}

// showButtons shows the buttons the task calls for, and no others.
func (q *queueView) showButtons(t *archive.Task) {
	show := func(b *widget.Button, on bool) {
		if on {
			b.Show()
		} else {
			b.Hide()
		}
	}
	review := t != nil && t.Kind == archive.TaskStep && t.Step.IsReview()
	show(q.approve, review)
	show(q.ret, review)
	show(q.redactBtn, review && t.Step.MayRedact())
	show(q.publish, t != nil && t.Kind == archive.TaskStep && t.Step == archive.StepPublish)
	show(q.revise, t != nil && t.Kind == archive.TaskRevise)
	show(q.toArchive, t != nil && (t.Kind == archive.TaskBox || t.Step == archive.StepFile))
	show(q.view, t != nil && t.Item != nil)
	enable(q.common, review)
	if review {
		q.opinion.Enable()
		q.opinionBox.Show()
	} else {
		q.opinion.Disable()
		q.opinionBox.Hide()
	}
}

// onSelect shows the task: its particulars, how it came here, and, for an item, the store's own
// check of its current revision, which also opens in 审查.
func (q *queueView) onSelect(i widget.ListItemID) {
	q.selected = i
	t := q.task()
	if t == nil {
		return
	}
	q.notice.SetText("")
	q.notice.Hide()
	q.showButtons(t)
	if t.Kind == archive.TaskBox {
		b := t.Box
		q.verdict.SetText("")
		q.detail.SetText(fmt.Sprintf("装盒：%d 年度 · %s · %s %s\n已建档未装盒 %d 件，件号 %04d 至 %04d。\n按“去归档办理”在归档中选定这一组后装盒。",
			b.Year, b.Retention.Label(), b.Division, divisionLabel(q.settings, b.Division), b.Count, b.First, b.Last))
		return
	}
	it := t.Item
	recs, err := q.store.Records(it.ID)
	if err != nil {
		showError(q.win, err)
		return
	}
	q.detail.SetText(q.describe(t, recs))
	q.verdict.SetText("正在读取所存文件并审查…")
	q.verdict.Importance = widget.MediumImportance
	var chk *archive.StoredCheck
	offUI(func() { chk, err = q.store.CheckItem(context.Background(), it.ID) }, func() {
		if q.task() != t { // the user moved on meanwhile
			return
		}
		if err != nil {
			q.verdict.SetText("所存文件无法读取：" + userMessage(err))
			q.verdict.Importance = widget.DangerImportance
			q.verdict.Refresh()
			return
		}
		mayDispose := t.Kind == archive.TaskStep && t.Step.TakesDispositions()
		q.check = chk
		if !q.review.showing(it, chk) { // the same revision on screen keeps the decisions made on it
			q.review.openItem(it, chk, archive.ChecksSinceLast(recs), mayDispose)
		}
		q.showVerdict(chk, q.review.disp)
	})
}

// showVerdict says what the store's check of the item finds, with the decisions given so far.
func (q *queueView) showVerdict(chk *archive.StoredCheck, disp map[string]review.Disposition) {
	q.verdict.SetText(verdictLine(chk.Findings, disp))
	q.verdict.Importance = verdictImportance(chk.Verdict(disp))
	q.verdict.Refresh()
}

// verdictLine is a check's verdict and counts: 审查结论：不得公开（拦截 2，提示 1，已处理 0）.
func verdictLine(found []review.Finding, disp map[string]review.Disposition) string {
	block, warn, handled := 0, 0, 0
	for _, f := range found {
		if f.Severity == review.Block {
			block++
		} else {
			warn++
		}
		if _, ok := disp[f.Fingerprint]; ok {
			handled++
		}
	}
	label := review.Decide(found, disp).Label()
	if len(found) > 0 && review.Decide(found, disp) == review.VerdictClean {
		label = "问题已全部排除" // every finding dismissed: not the same as a check that found nothing
	}
	return fmt.Sprintf("审查结论：%s（拦截 %d，提示 %d，已处理 %d）", label, block, warn, handled)
}

func verdictImportance(v review.Verdict) widget.Importance {
	switch v {
	case review.VerdictBlock:
		return widget.DangerImportance
	case review.VerdictWarn:
		return widget.WarningImportance
	}
	return widget.SuccessImportance
}

// describe is what the person needs to decide: what to do, the item's particulars, why it came
// back (for a returned item), and every step taken so far, by name.
func (q *queueView) describe(t *archive.Task, recs []archive.Record) string {
	it := t.Item
	var b strings.Builder
	switch {
	case t.Kind == archive.TaskRevise:
		b.WriteString("已退回，请按意见修改后重新提出。\n")
		if r, ok := lastReturn(recs); ok {
			fmt.Fprintf(&b, "退回意见（%s，%s，%s）：%s\n", r.Step, q.person(r.Actor), r.Time.In(archive.OfficeZone).Format("01-02 15:04"), r.Opinion)
		}
	case t.Step == archive.StepPublish:
		b.WriteString("办理环节：公开。按“登记公开…”记录公开渠道、日期和发布网址。\n")
	case t.Step == archive.StepFile:
		b.WriteString("办理环节：建档。按“去归档办理”在归档中建档。\n")
	default:
		fmt.Fprintf(&b, "办理环节：%s\n", t.Step)
	}
	if d := t.Deadline; d != nil {
		fmt.Fprintf(&b, "%s期限：%s\n%s\n", deadlineFlag(d), d.Label(q.now()), d.Explain(it))
	}
	b.WriteString("\n" + it.Title + "\n")
	var facts []string
	division := divisionLabel(q.settings, it.Division) // the name a clerk knows, not the 机构代码
	if division == "" {
		division = it.Division
	}
	for _, f := range []struct{ k, v string }{{"文号", it.DocNumber}, {"成文日期", it.DocDate}, {"拟稿处室", division},
		{"拟稿人", q.person(it.Drafter)}, {"公开属性", it.DisclosureLabel()}, {"公开目录", it.Category}} {
		if f.v != "" {
			facts = append(facts, f.k+"："+f.v)
		}
	}
	b.WriteString(strings.Join(facts, "　") + "\n")
	fmt.Fprintf(&b, "第 %d 稿：%s\n\n办理经过：\n%s", it.Current().N, it.Current().Name, timeline(recs, q.person))
	return b.String()
}

// lastReturn is the latest 退回 record.
func lastReturn(recs []archive.Record) (archive.Record, bool) {
	for i := len(recs) - 1; i >= 0; i-- {
		if recs[i].Decision == archive.Return {
			return recs[i], true
		}
	}
	return archive.Record{}, false
}

// onCommon puts a standard opinion in the opinion field.
func (q *queueView) onCommon(s string) {
	if s == "" {
		return
	}
	q.opinion.SetText(s)
	q.common.ClearSelected()
}

// onApprove approves the selected item's step; at 保密审查 the reviewer's decisions on the
// findings of this item go with it, and the store checks the stored draft itself.
func (q *queueView) onApprove() { q.decide(true) }

// onReturn returns the selected item to its drafter; the opinion says why.
func (q *queueView) onReturn() { q.decide(false) }

func (q *queueView) decide(approve bool) {
	t := q.task()
	if t == nil || t.Item == nil {
		return
	}
	if approve && !t.Step.TakesDispositions() && q.check != nil && q.check.ItemID == t.Item.ID &&
		q.check.Verdict(t.Item.Dispositions) == review.VerdictBlock {
		// 初审 and 审核 may pass a draft the check blocks (保密审查 decides on each finding), but
		// not without being told.
		q.question = newQuestion("审查结论：不得公开", blockedReasons(q.check.Findings, t.Item.Dispositions)+passAdvice(t, q.check.Findings),
			"仍要通过", "再看看", func(ok bool) {
				if ok {
					q.record(t, true)
				}
			}, q.win)
		showEscapable(q.win, q.question)
		return
	}
	q.record(t, approve)
}

// passAdvice is what the question before passing a draft the check blocks says of it: at 初审
// of a draft whose problems are all numbers a 脱敏稿 masks (review.Category.Masked), that a
// list to be published can go on and be published masked, as 提出 tells its drafter.
func passAdvice(t *archive.Task, found []review.Finding) string {
	if t.Step == archive.StepPreliminary && onlyMasked(found, t.Item.Dispositions) {
		return "\n\n这些都是可以遮盖的号码：名单等须公开的，可以通过，保密审查时公开办“脱敏后通过”，" +
			"公开的是遮盖了这些号码的脱敏稿；不须公开的，请退回拟稿人修改，删去这些内容。仍要通过吗？"
	}
	return "\n\n保密审查时公开办须逐项处理这些问题。仍要通过吗？"
}

// record stores the decision on the task's step, and says what it did.
func (q *queueView) record(t *archive.Task, approve bool) {
	it := t.Item
	// The step and revision shown: when another desk acted on the item meanwhile, the store
	// refuses, saying who did what and where the item stands, and 待办 reloads.
	r := archive.Review{Approve: approve, Opinion: strings.TrimSpace(q.opinion.Text), Step: t.Step, Revision: it.Current().N}
	if t.Step.TakesDispositions() {
		r.Dispositions = q.review.dispositionsFor(it.ID)
	}
	if err := q.store.Decide(q.user.Name, it.ID, r); err != nil {
		showError(q.win, err)
		if errors.Is(err, archive.ErrState) {
			if rerr := q.refresh(); rerr != nil {
				log.Print(rerr)
			}
			if q.onChanged != nil {
				q.onChanged()
			}
		}
		return
	}
	done := fmt.Sprintf("已退回“%s”给拟稿人%s。", it.Title, q.person(it.Drafter))
	if approve {
		next, _ := q.store.Item(it.ID)
		done = fmt.Sprintf("已通过“%s”的%s，现%s。", it.Title, t.Step, next.State.Label())
	}
	q.after(it.ID, done)
}

// after reloads the queue once an action changed the store, and says what was done.
func (q *queueView) after(id, done string) {
	q.opinion.SetText("")
	q.review.closeItem(id)
	q.selected = -1
	if err := q.refresh(); err != nil {
		showError(q.win, err)
	}
	q.notice.SetText(done)
	q.notice.Show()
	if q.onChanged != nil {
		q.onChanged()
	}
}

// onPublish asks how the selected item was published, and records it.
func (q *queueView) onPublish() {
	if t := q.task(); t != nil && t.Item != nil {
		q.showPublish(t.Item)
	}
}

// onRevise asks the drafter for the revised file of the returned item, and opens it in 审查
// with the item's return reasons, to be checked and then 重新提出.
func (q *queueView) onRevise() {
	t := q.task()
	if t == nil || t.Item == nil {
		return
	}
	it := t.Item
	q.review.chooser = showChooser(q.win, chooserRequest{mode: chooseFile, purpose: purposeImport, title: "导入“" + it.Title + "”的修改稿",
		exts: draftExts, done: func(paths []string) {
			recs, _ := q.store.Records(it.ID)
			q.review.loadRevision(it, paths[0], archive.ChecksSinceLast(recs), func() {
				q.after(it.ID, fmt.Sprintf("已重新提出“%s”（第 %d 稿），待初审。", it.Title, len(it.Revisions)+1))
			})
			if q.onOpen != nil {
				q.onOpen()
			}
		}})
}

func (q *queueView) onToArchive() {
	if t := q.task(); t != nil && q.onArchive != nil {
		q.onArchive(*t)
	}
}

func (q *queueView) onView() {
	if q.onOpen != nil {
		q.onOpen()
	}
}

// timeline is the item's records, one line each: time, step, person, decision, opinion.
func timeline(recs []archive.Record, person func(string) string) string {
	var lines []string
	for _, r := range recs {
		line := fmt.Sprintf("%s  %s  %s", r.Time.In(archive.OfficeZone).Format("01-02 15:04"), person(r.Actor), r.Action())
		if r.Step != archive.StepPropose {
			line = fmt.Sprintf("%s  %s  %s  %s", r.Time.In(archive.OfficeZone).Format("01-02 15:04"), r.Step, person(r.Actor), r.Action())
		}
		if r.Opinion != "" {
			line += "：" + r.Opinion
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}
