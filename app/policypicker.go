package main

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
)

// policyPicker is the dialog in which a drafter chooses, from the items of the store, the
// policy document a 政策解读 interprets: a search by 题名 or 文号 and the items it finds
// (archive.Office.PolicyCandidates). Choosing one closes it.
type policyPicker struct {
	search  *widget.Entry
	list    *widget.List
	status  *widget.Label
	dlg     *dialog.CustomDialog
	found   []archive.Item
	find    func(text string, limit int) ([]archive.Item, error)
	chosen  func(archive.PolicyLink)
	pending int // the search last started, so that an older answer is dropped
}

// policyPickerLimit is how many items a search lists; a longer list is narrowed by typing.
const policyPickerLimit = 50

func showPolicyPicker(win fyne.Window, find func(string, int) ([]archive.Item, error), chosen func(archive.PolicyLink)) *policyPicker {
	p := &policyPicker{find: find, chosen: chosen}
	p.search = widget.NewEntry()
	p.search.SetPlaceHolder("按题名或文号查找，例：实施方案、〔2016〕59号")
	p.search.OnChanged = func(string) { p.onSearch() }
	p.status = widget.NewLabel("")
	p.list = widget.NewList(func() int { return len(p.found) }, func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}, func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(candidateLine(p.found[i])) })
	p.list.OnSelected = p.onChoose
	body := container.NewBorder(container.NewVBox(p.search, p.status), nil, nil, nil, p.list)
	p.dlg = dialog.NewCustom("选择所解读的政策", "取消", body, win)
	showEscapable(win, p.dlg)
	p.dlg.Resize(fyne.NewSize(640, 440)) // after Show, as Fyne's dialogs size against the window
	win.Canvas().Focus(p.search)
	p.onSearch()
	return p
}

// candidateLine is an item as the picker lists it: 题名（文号，成文日期，state）.
func candidateLine(it archive.Item) string {
	return fmt.Sprintf("%s（%s，%s 成文，%s）", it.Title, orNone(it.DocNumber), it.DocDate, it.Standing())
}

func orNone(s string) string {
	if s == "" {
		return "无文号"
	}
	return s
}

// onSearch lists the items the text typed finds, off the UI goroutine.
func (p *policyPicker) onSearch() {
	p.pending++
	n, text := p.pending, p.search.Text
	var found []archive.Item
	var err error
	offUI(func() { found, err = p.find(text, policyPickerLimit) }, func() {
		if n != p.pending {
			return
		}
		if err != nil {
			p.status.SetText(userMessage(err))
			return
		}
		p.found = found
		p.list.UnselectAll()
		p.list.Refresh()
		switch {
		case len(found) == 0:
			p.status.SetText("没有找到。政策文件须先在审档中提出，才能在此关联；也可取消后直接填写政策印发日期。")
		case len(found) == policyPickerLimit:
			p.status.SetText(fmt.Sprintf("列出前 %d 件，请输入更多字缩小范围。", policyPickerLimit))
		default:
			p.status.SetText(fmt.Sprintf("找到 %d 件，点选所解读的政策。", len(found)))
		}
	})
}

// onChoose links the item chosen and closes the picker.
func (p *policyPicker) onChoose(i widget.ListItemID) {
	if i < 0 || i >= len(p.found) {
		return
	}
	it := p.found[i]
	p.dlg.Hide()
	p.chosen(archive.PolicyLink{ID: it.ID, Title: it.Title, DocNumber: it.DocNumber, DocDate: it.DocDate})
}
