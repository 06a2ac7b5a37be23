package main

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/review"
)

// proposeForm is step 1 (提出) of the draft on screen: its particulars, prefilled from the
// document where it says them, the disclosure attribute and channels, and the drafter's
// preliminary opinion.
type proposeForm struct {
	title, docNumber, author, date, opinion *widget.Entry
	division, disclosure, category          *widget.Select
	channels                                *widget.CheckGroup
	form                                    *widget.Form
}

// channels of publication named by the seed's procedure.
var publicationChannels = []string{"门户网站", "报刊", "政务微博", "政务微信"}

func newProposeForm(doc *review.Document, st archive.Settings, user *archive.User) *proposeForm {
	p := review.GuessParticulars(doc)
	f := &proposeForm{}
	f.title = widget.NewEntry()
	f.title.SetText(p.Title)
	f.docNumber = widget.NewEntry()
	f.docNumber.SetText(p.DocNumber)
	f.author = widget.NewEntry()
	f.author.SetText(st.FondsName)
	f.date = widget.NewEntry()
	f.date.SetPlaceHolder("YYYY-MM-DD")
	f.date.SetText(p.Date)
	var divisions []string
	for _, d := range st.Divisions {
		divisions = append(divisions, d.Code+" "+d.Name)
	}
	f.division = widget.NewSelect(divisions, nil)
	for _, d := range divisions {
		if strings.HasPrefix(d, user.Division+" ") {
			f.division.SetSelected(d)
		}
	}
	f.disclosure = widget.NewSelect([]string{string(archive.Proactive), string(archive.OnRequest), string(archive.NotDisclose)}, nil)
	f.disclosure.SetSelected(string(archive.Proactive))
	f.channels = widget.NewCheckGroup(publicationChannels, nil)
	f.channels.Horizontal = true
	f.channels.SetSelected([]string{"门户网站"})
	f.category = widget.NewSelect(st.Categories(), nil)
	f.opinion = widget.NewMultiLineEntry()
	f.opinion.SetPlaceHolder("初步公开意见，例：建议主动公开")
	f.form = widget.NewForm(
		widget.NewFormItem("题名", f.title), widget.NewFormItem("文号", f.docNumber),
		widget.NewFormItem("责任者", f.author), widget.NewFormItem("成文日期", f.date),
		widget.NewFormItem("拟稿处室", f.division), widget.NewFormItem("公开属性", f.disclosure),
		widget.NewFormItem("公开方式", f.channels), widget.NewFormItem("主动公开目录", f.category),
		widget.NewFormItem("初步公开意见", f.opinion),
	)
	return f
}

// draft is what the form says; the store validates it.
func (f *proposeForm) draft() archive.Draft {
	code, _, _ := strings.Cut(f.division.Selected, " ")
	return archive.Draft{Title: strings.TrimSpace(f.title.Text), DocNumber: strings.TrimSpace(f.docNumber.Text),
		Author: strings.TrimSpace(f.author.Text), Division: code, DocDate: strings.TrimSpace(f.date.Text),
		Disclosure: archive.Disclosure(f.disclosure.Selected), Channels: f.channels.Selected, Category: f.category.Selected}
}

// onPropose asks for the particulars of the draft on screen and proposes it (提出).
func (v *reviewView) onPropose() {
	if v.doc == nil || v.store == nil || v.user == nil {
		return
	}
	st, err := v.store.Settings()
	if err != nil {
		dialog.ShowError(err, v.win)
		return
	}
	f := newProposeForm(v.doc, st, v.user)
	d := dialog.NewCustomConfirm("提出：拟公开政务信息", "提出", "取消", f.form, func(ok bool) {
		if ok {
			v.propose(f.draft(), strings.TrimSpace(f.opinion.Text))
		}
	}, v.win)
	d.Resize(fyne.NewSize(640, 560))
	d.Show()
}

// propose stores the draft on screen as a new item waiting for 初审.
func (v *reviewView) propose(d archive.Draft, opinion string) {
	var it *archive.Item
	var err error
	name, data := v.doc.Name, v.data
	offUI(func() { it, err = v.store.Propose(v.user.Name, d, archive.SourceFile{Name: name, Data: data}, opinion) }, func() {
		if err != nil {
			dialog.ShowError(errorText(err), v.win)
			return
		}
		v.file.SetText(v.file.Text + " · 已提出，待初审")
		v.proposed = it
		v.proposeBtn.Disable()
	})
}
