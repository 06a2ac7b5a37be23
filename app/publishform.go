package main

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
)

// datePlaceHolder is what an empty date field asks for, in the form the office's dates are
// typed: 年-月-日, not the Latin YYYY-MM-DD.
const datePlaceHolder = "年-月-日，如 2026-03-18"

// publishForm is step 5 (公开): where, when and at which address the item was published. The
// channels start as the ones proposed at 提出; the date as today.
type publishForm struct {
	channels *widget.CheckGroup
	date     *widget.Entry
	url      *widget.Entry
	form     *widget.Form
}

func newPublishForm(it *archive.Item, today time.Time) *publishForm {
	f := &publishForm{}
	options := append([]string(nil), archive.Channels...)
	for _, c := range it.Channels {
		if !slices.Contains(options, c) {
			options = append(options, c)
		}
	}
	f.channels = widget.NewCheckGroup(options, nil)
	f.channels.Horizontal = true
	f.channels.SetSelected(it.Channels)
	if len(it.Channels) == 0 {
		f.channels.SetSelected(archive.Channels[:1]) // the portal, where nearly everything is published
	}
	f.date = widget.NewEntry()
	f.date.SetText(today.In(archive.OfficeZone).Format("2006-01-02"))
	f.date.SetPlaceHolder(datePlaceHolder)
	f.url = widget.NewEntry()
	f.url.SetPlaceHolder("http://… 门户网站上的发布地址")
	f.form = widget.NewForm(widget.NewFormItem("公开渠道", f.channels), widget.NewFormItem("公开日期", f.date),
		widget.NewFormItem("发布网址", f.url))
	return f
}

// publication is what the form says.
func (f *publishForm) publication() archive.Publication {
	return archive.Publication{Channels: f.channels.Selected, Date: strings.TrimSpace(f.date.Text), URL: strings.TrimSpace(f.url.Text)}
}

// showPublish asks how the selected item was published, and records it.
func (q *queueView) showPublish(it *archive.Item) { q.showPublishForm(it, newPublishForm(it, q.now())) }

// showPublishForm asks with f how the item was published, and records it.
func (q *queueView) showPublishForm(it *archive.Item, f *publishForm) {
	q.publishing = f
	d := dialog.NewCustomConfirm("公开："+it.Title, "记录公开", "取消", f.form, func(ok bool) {
		if ok {
			q.recordPublication(it, f)
		}
	}, q.win)
	// Enter in the date or the address records it, as 记录公开 does: the address is typed last.
	f.date.OnSubmitted = func(string) { d.Confirm() }
	f.url.OnSubmitted = func(string) { d.Confirm() }
	showEscapable(q.win, d)
	d.Resize(fyne.NewSize(640, 300))
}

// recordPublication records step 5 as f says and reloads the queue; a refused record keeps the
// item where it was, and the form opens again as it was filled in.
func (q *queueView) recordPublication(item *archive.Item, f *publishForm) {
	id, p := item.ID, f.publication()
	if err := q.store.Publish(q.user.Name, id, p); err != nil {
		showErrorThen(q.win, err, func() { q.showPublishForm(item, f) })
		return
	}
	it, _ := q.store.Item(id)
	q.after(id, fmt.Sprintf("已登记公开“%s”（%s，%s），转档案员建档。", it.Title, strings.Join(p.Channels, "、"), p.Date))
}
