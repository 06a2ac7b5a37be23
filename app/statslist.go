package main

import (
	"fmt"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
)

// showDetails lists what lies under the totals: returns by reason, findings by category, the
// working days per step, the channels and the 政策解读 published late, every number a button.
func (v *statsView) showDetails(st *archive.Statistics) {
	v.details.Objects = nil
	heading := func(s string) {
		v.details.Add(widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	heading("退回原因")
	reasons := container.NewVBox()
	for _, r := range st.Returns {
		reasons.Add(v.figureButton(r.Text, r.Returns))
	}
	if len(st.Returns) == 0 {
		reasons.Add(widget.NewLabel("本期没有退回。"))
	}
	v.details.Add(reasons)

	// Findings and channels on lines of their own, each named: on one line a clerk could not
	// tell where the findings (处) stop and the channels (件) begin.
	found := container.NewHBox(widget.NewLabel("保密审查发现的问题（处）："))
	for _, f := range st.Findings {
		found.Add(v.figureButton(f.Category.Label(), f.Findings))
	}
	if len(st.Findings) == 0 {
		found.Add(widget.NewLabel("本期没有。"))
	}
	channels := container.NewHBox(widget.NewLabel("公开渠道（件）："))
	for _, c := range st.Channels {
		channels.Add(v.figureButton(c.Name, c.Items))
	}
	if len(st.Channels) == 0 {
		channels.Add(widget.NewLabel("本期没有。"))
	}
	heading("保密审查发现的问题与公开渠道")
	v.details.Add(found)
	v.details.Add(channels)

	heading("各环节用时（工作日，自上一环节办结起算）")
	steps := container.NewGridWithColumns(4, widget.NewLabel("环节"), widget.NewLabel("办理次数"), widget.NewLabel("中位数"), widget.NewLabel("最长"))
	for _, t := range st.Steps {
		worst := v.figureButton(t.Label()+" · 最长", t.WorstItems)
		worst.SetText(strconv.Itoa(t.Worst))
		decisions := v.figureButton(t.Label()+" · 办理", t.Decisions)
		decisions.SetText(strconv.Itoa(t.Decisions.N)) // the column says what it is
		steps.Add(widget.NewLabel(t.Label()))
		steps.Add(decisions)
		steps.Add(widget.NewLabel(strconv.FormatFloat(t.Median, 'f', -1, 64)))
		steps.Add(worst)
	}
	v.details.Add(steps)

	heading(fmt.Sprintf("逾期公开的政策解读（%d 件）", len(st.LateItems)))
	for _, it := range st.LateItems {
		id := it.ID
		b := widget.NewButton(fmt.Sprintf("%s %s　应于 %s 公开，实际 %s 公开", it.Title, bracket(it.DocNumber), it.Due, it.Published), func() { v.open(id) })
		b.Alignment = widget.ButtonAlignLeading
		b.Importance = widget.LowImportance
		v.details.Add(b)
	}
	if len(st.LateItems) == 0 {
		v.details.Add(widget.NewLabel("本期没有逾期公开的政策解读。"))
	}
	v.details.Refresh()
}

// bracket puts a 文号 in brackets, or gives "" for none.
func bracket(docNo string) string {
	if docNo == "" {
		return ""
	}
	return "（" + docNo + "）"
}

// itemList is the dialog listing the items behind a number; tapping one opens it in 归档.
type itemList struct {
	dlg   *dialog.CustomDialog
	list  *widget.List
	lines []archive.ItemLine
}

// showItems opens the list of the items behind f, called what.
func (v *statsView) showItems(what string, f archive.Figure) {
	if f.Items() == 0 {
		v.showNothing(what)
		return
	}
	lines, err := v.store.ItemLines(f, v.stats.Period)
	if err != nil {
		showError(v.win, err)
		return
	}
	l := &itemList{lines: lines}
	l.list = widget.NewList(func() int { return len(l.lines) },
		func() fyne.CanvasObject {
			t := widget.NewLabel("")
			t.Truncation = fyne.TextTruncateEllipsis
			return t
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			it := l.lines[i]
			o.(*widget.Label).SetText(fmt.Sprintf("%s %s　%s", it.Title, bracket(it.DocNumber), lineDate(it.Date, f.DateLabel())))
		})
	l.list.OnSelected = func(i widget.ListItemID) {
		l.dlg.Hide()
		v.list = nil
		v.open(l.lines[i].ID)
	}
	note := widget.NewLabel(listNote(len(lines), f.N))
	body := container.NewBorder(note, nil, nil, nil, l.list)
	l.dlg = dialog.NewCustom(what, "关闭", body, v.win)
	l.dlg.SetOnClosed(func() { v.list = nil })
	l.dlg.Resize(fyne.NewSize(720, 480))
	v.list = l
	showEscapable(v.win, l.dlg)
}

// listNote heads the list of n items behind a figure counting count: an item returned twice
// counts twice, and the note says so rather than showing two numbers unexplained.
func listNote(n, count int) string {
	if count == n {
		return fmt.Sprintf("共 %d 件。点一件在“归档”中打开。", n)
	}
	return fmt.Sprintf("共 %d 件，合计 %d（同一件可计多次）。点一件在“归档”中打开。", n, count)
}

// lineDate is a list line's day and what happened on it: "2024-05-06 公开".
func lineDate(day time.Time, what string) string {
	if day.IsZero() {
		return what + "日期不详"
	}
	return day.In(archive.OfficeZone).Format("2006-01-02") + " " + what
}

// open opens the item in 归档, when the window has said how.
func (v *statsView) open(id string) {
	if v.onOpen != nil {
		v.onOpen(id)
	}
}
