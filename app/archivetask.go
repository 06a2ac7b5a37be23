package main

import (
	"fmt"

	"fyne.io/fyne/v2/widget"
	"shendang.gov.cn/shendang/archive"
)

// openOnWork chooses what 归档 lists first: for an archivist with items waiting, 待建档;
// otherwise the filed archive.
func (v *archiveView) openOnWork() {
	if !v.user.MayFile() {
		return
	}
	if _, n, err := v.store.Items(archive.Filter{State: archive.StateFile}, 0, 1); err == nil && n > 0 {
		v.state.Selected = statePending
		v.state.Refresh()
	}
}

// showTask shows a task of the archivist's 待办: the 待建档 item selected, ready for 建档…, or
// the filing group to box, with 装盒… asked at once.
func (v *archiveView) showTask(t archive.Task) {
	v.byCategory.Selected = byFiling
	v.byCategory.Refresh()
	switch {
	case t.Kind == archive.TaskBox:
		v.state.Selected = stateFiled
		v.state.Refresh()
		if err := v.reload(); err != nil {
			showError(v.win, err)
			return
		}
		b := t.Box
		node := fmt.Sprintf("y%d/%s/%s", b.Year, b.Retention, b.Division)
		v.tree.OpenBranch(fmt.Sprintf("y%d", b.Year))
		v.tree.OpenBranch(fmt.Sprintf("y%d/%s", b.Year, b.Retention))
		v.tree.Select(node)
		v.onMakeBox()
	case t.Item != nil:
		v.state.Selected = statePending
		v.state.Refresh()
		v.node = ""
		v.tree.UnselectAll()
		if err := v.reload(); err != nil {
			showError(v.win, err)
			return
		}
		v.selectItem(t.Item.ID)
		v.say("“" + t.Item.Title + "”待建档：核对后按“建档…”。")
	}
}

// selectItem selects the listed item with the id, scrolled into view.
func (v *archiveView) selectItem(id string) {
	for row := 0; row < v.total; row++ {
		if it := v.item(row); it != nil && it.ID == id {
			v.table.Select(widget.TableCellID{Row: row, Col: 0})
			v.table.ScrollTo(widget.TableCellID{Row: row, Col: 0})
			return
		}
	}
}

// showFiled lists the filing group of an item just filed, with the item selected: what the
// archivist does next with it (备考, the forms) once nothing is left 待建档.
func (v *archiveView) showFiled(id string, f *archive.Filing) {
	v.state.Selected = stateFiled
	v.state.Refresh()
	v.byCategory.Selected = byFiling
	v.byCategory.Refresh()
	v.node = fmt.Sprintf("y%d/%s/%s", f.Year, f.Retention, f.Division)
	if err := v.reload(); err != nil {
		showError(v.win, err)
		return
	}
	v.tree.OpenBranch(fmt.Sprintf("y%d", f.Year))
	v.tree.OpenBranch(fmt.Sprintf("y%d/%s", f.Year, f.Retention))
	v.tree.Select(v.node)
	v.selectItem(id)
}

// showItem lists every item with the one with the id selected: an item the statistics opened.
// It is found by its 文号, else its 题名, through the search box.
func (v *archiveView) showItem(id string) {
	it, err := v.store.Item(id)
	if err != nil {
		showError(v.win, err)
		return
	}
	v.state.Selected = stateAll
	v.state.Refresh()
	v.node = ""
	v.tree.UnselectAll()
	if err := v.reload(); err != nil {
		showError(v.win, err)
		return
	}
	text := it.DocNumber
	if text == "" {
		text = it.Title
	}
	v.search.SetText(text) // lists what it finds
	v.selectItem(id)
}
