package main

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
)

// pageSize is how many items the archive table loads at a time; only the pages scrolled to are
// read, so 100,000 items list as fast as 100.
const pageSize = 100

// archiveView is 归档: the archive as a tree by 年度 → 保管期限 → 机构 (or by 主动公开目录
// category) and a table of the items the tree node, the state and the search box select; the
// selected item's particulars, review trail and fixity; 建档, boxes and forms.
type archiveView struct {
	win      fyne.Window
	store    archive.Store
	user     *archive.User
	formsDir string // where generated forms are written before they are opened
	open     func(path string) error

	byCategory *widget.RadioGroup
	tree       *widget.Tree
	search     *widget.Entry
	state      *widget.Select
	retention  *widget.Select // a retention across years, beside the tree
	count      *widget.Label
	table      *widget.Table
	detail     *cjkLabel // the item's particulars and 办理经过
	note       *widget.Entry
	addNote    *widget.Button
	fileOne    *widget.Button
	fileAll    *widget.Button
	makeBox    *widget.Button
	form       *widget.Select
	openForm   *widget.Button
	saveForm   *widget.Button
	original   *widget.Button // opens the item's latest file as stored
	message    *widget.Label  // what the last action did, on its own line
	fill       *fillColumn    // gives the titles the table's spare width
	saver      *fileChooser   // the save dialog last opened here
	content    fyne.CanvasObject
	onChanged  func()    // after filing or boxing changed the store; optional
	filing     *fileForm // the 建档 form, while open

	settings archive.Settings
	calendar *archive.Calendar // the office's working-day calendar, for 期限; nil when its additions are bad
	now      func() time.Time
	names    map[string]string // sign-in name → full name
	groups   []archive.Group
	node     widget.TreeNodeID // the tree node selected, "" for all
	filter   archive.Filter
	total    int
	pages    map[int][]archive.Item
	selected *archive.Item
}

// States the archive lists.
const (
	stateFiled   = "已建档"
	statePending = "待建档"
	stateAll     = "全部事项"
)

// allRetentions is the retention filter's choice of no filter.
const allRetentions = "全部期限"

// The two arrangements of the archive tree. Short, because the tree's pane is as wide as the
// longer one: with 待办（n） in the navigation the window must still fit 1000 px.
const (
	byFiling    = "年度·期限·机构"
	byCatalogue = "公开目录"
)

func retentionLabels() []string {
	var out []string
	for _, r := range retentionChoices {
		out = append(out, r.Label())
	}
	return out
}

// The forms an archivist can produce.
var formNames = []string{"归档章与文件处理表", "归档文件目录", "备考表", "档案盒封面", "盒脊", "整卷（打印用）"}

var boxFormOf = map[string]archive.BoxForm{"归档文件目录": archive.FormCatalogue, "备考表": archive.FormRemarks,
	"档案盒封面": archive.FormCover, "盒脊": archive.FormSpine, "整卷（打印用）": archive.FormVolume}

func newArchiveView(win fyne.Window, store archive.Store, user *archive.User, formsDir string) *archiveView {
	v := &archiveView{win: win, store: store, user: user, formsDir: formsDir, pages: map[int][]archive.Item{}, now: time.Now}
	v.open = func(path string) error {
		return fyne.CurrentApp().OpenURL(&url.URL{Scheme: "file", Path: filepath.ToSlash(path)})
	}
	v.byCategory = widget.NewRadioGroup([]string{byFiling, byCatalogue}, func(string) { v.reload() })
	v.byCategory.Selected = byFiling
	v.tree = widget.NewTree(v.childNodes, v.isBranch, func(bool) fyne.CanvasObject { return widget.NewLabel("") },
		func(uid widget.TreeNodeID, _ bool, o fyne.CanvasObject) { o.(*widget.Label).SetText(v.nodeLabel(uid)) })
	v.tree.OnSelected = v.onNode
	v.search = widget.NewEntry()
	v.search.SetPlaceHolder("搜索题名、文号、档号、索引号")
	v.search.OnChanged = func(string) { v.applyFilter() }
	v.state = newSelect([]string{stateFiled, statePending, stateAll}, func(string) { v.reload() })
	v.state.Selected = stateFiled
	v.retention = newSelect(append([]string{allRetentions}, retentionLabels()...), func(string) { v.applyFilter() })
	v.retention.Selected = allRetentions
	v.count = widget.NewLabel("")
	v.table = widget.NewTableWithHeaders(func() (int, int) { return v.total, len(archiveColumns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			l.Importance = v.cellImportance(id.Row, id.Col)
			l.SetText(v.cell(id.Row, id.Col))
		})
	v.table.ShowHeaderColumn = false
	v.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	v.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			o.(*widget.Label).SetText(archiveColumns[id.Col].title)
		}
	}
	for i, c := range archiveColumns {
		v.table.SetColumnWidth(i, c.width)
	}
	v.table.OnSelected = func(id widget.TableCellID) { v.onRow(id.Row) }

	v.detail = newCJKLabel("选择一件查看其著录项、审查经过和固定性校验值")
	v.note = widget.NewEntry()
	v.note.SetPlaceHolder("备考（更正、说明）")
	v.addNote = widget.NewButton("添加备考", v.onAddNote)
	v.fileOne = widget.NewButtonWithIcon("建档…", theme.DocumentSaveIcon(), v.onFileOne)
	v.fileAll = widget.NewButtonWithIcon("全部建档…", theme.DocumentSaveIcon(), v.onFileAll)
	v.makeBox = widget.NewButtonWithIcon("装盒…", theme.StorageIcon(), v.onMakeBox)
	v.form = newSelect(formNames, func(string) { v.updateActions() })
	v.form.PlaceHolder = "选择表单"
	v.openForm = widget.NewButtonWithIcon("打开", theme.DocumentPrintIcon(), v.onOpenForm)
	v.saveForm = widget.NewButtonWithIcon("另存为…", theme.DocumentSaveIcon(), v.onSaveForm)
	v.original = widget.NewButtonWithIcon("打开原件", theme.FileIcon(), v.onOriginal)

	v.message = widget.NewLabel("")
	v.message.Truncation = fyne.TextTruncateEllipsis
	v.message.Importance = widget.SuccessImportance

	left := container.NewBorder(v.byCategory, nil, nil, nil, v.tree)
	bar := container.NewBorder(nil, nil, nil, container.NewHBox(atLeast(100, v.state), atLeast(110, v.retention), v.count), v.search)
	actions := container.NewHBox(v.fileOne, v.fileAll, v.makeBox, widget.NewSeparator(), atLeast(190, v.form), v.openForm, v.saveForm, widget.NewSeparator(), v.original)
	side := container.NewBorder(nil, container.NewBorder(nil, nil, nil, v.addNote, v.note), nil, nil, container.NewVScroll(v.detail.cjkText))
	v.fill = &fillColumn{table: v.table, col: archiveTitleColumn}
	right := container.NewVSplit(container.New(v.fill, v.table), side)
	right.Offset = 0.6
	main := container.NewBorder(container.NewVBox(bar, actions, v.message), nil, nil, nil, right)
	split := container.NewHSplit(left, main)
	split.Offset = 0.18
	v.content = split
	v.updateActions()
	return v
}

// reload re-reads the settings and the tree's counts and shows the items selected.
func (v *archiveView) reload() error {
	st, err := v.store.Settings()
	if err != nil {
		return err
	}
	v.settings = st
	v.calendar, _ = st.Calendar() // additions are validated when saved; bad ones only hide 期限
	v.names = fullNames(v.store)
	v.groups, err = v.store.Groups(archive.Filter{State: v.baseState()}, v.byCategory.Selected == byCatalogue)
	if err != nil {
		return err
	}
	v.tree.Refresh()
	v.applyFilter()
	return nil
}

func (v *archiveView) baseState() archive.State {
	switch v.state.Selected {
	case statePending:
		return archive.StateFile
	case stateAll:
		return ""
	}
	return archive.StateFiled
}

// applyFilter lists the items the tree node, state and search box select, from the top.
func (v *archiveView) applyFilter() {
	f := archive.Filter{State: v.baseState(), Text: strings.TrimSpace(v.search.Text)}
	if g, ok := v.groupOf(v.node); ok {
		f.Year, f.Retention, f.Division, f.Category = g.Year, g.Retention, g.Division, g.Category
	}
	if r, ok := retentionByLabel(v.retention.Selected); ok && f.Retention == "" {
		f.Retention = r
	}
	if v.node == "c" {
		f.Uncategorised = true // the node of items without a category
	}
	if v.node == "pending" {
		f.Unfiled = true // what the node counts: the items of the state chosen not yet filed
	}
	v.filter, v.pages = f, map[int][]archive.Item{}
	first, total, err := v.store.Items(f, 0, pageSize) // the first page with the count: one pass
	if err != nil {
		v.count.SetText(userMessage(err))
		first, total = nil, 0
	}
	v.pages[0], v.total = first, total
	v.count.SetText(fmt.Sprintf("共 %d 件", total))
	v.selected = nil
	v.table.UnselectAll()
	v.table.ScrollToTop()
	v.table.Refresh()
	v.showDetail()
	v.updateActions()
}

func (v *archiveView) onRow(row int) {
	v.selected = v.item(row)
	v.showDetail()
	v.updateActions()
}

// updateActions enables what the signed-in user can do with the selection.
func (v *archiveView) updateActions() {
	archivist := v.user.MayFile()
	it := v.selected
	enable(v.fileOne, it != nil && it.State == archive.StateFile && archive.MayAct(v.user, it, v.settings) == nil)
	enable(v.fileAll, archivist && v.filter.State == archive.StateFile && v.total > 0)
	g, full := v.groupOf(v.node)
	enable(v.makeBox, archivist && full && g.Division != "")
	filed := it != nil && it.Filing != nil
	enable(v.addNote, archivist && filed)
	enable(v.openForm, filed && v.form.Selected != "")
	enable(v.saveForm, filed && v.form.Selected != "")
	enable(v.original, it != nil)
}

// enable enables w when on, and disables it otherwise.
func enable(w fyne.Disableable, on bool) {
	if on {
		w.Enable()
	} else {
		w.Disable()
	}
}

// say shows what the last action did, on the line under the buttons.
func (v *archiveView) say(text string) { v.message.SetText(text) }
