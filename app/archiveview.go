package main

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

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
	detail     *widget.Label
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
	saver      *fileChooser   // the save dialog last opened here
	content    fyne.CanvasObject
	onChanged  func() // after filing or boxing changed the store; optional

	settings archive.Settings
	names    map[string]string // sign-in name → full name
	groups   []archive.Group
	node     widget.TreeNodeID // the tree node selected, "" for all
	filter   archive.Filter
	total    int
	pages    map[int][]archive.Item
	selected *archive.Item
}

// The table's columns.
var archiveColumns = []struct {
	title string
	width float32
}{{"档号", 206}, {"文号", 132}, {"题名", 160}, {"日期", 92}, {"页数", 44}, {"盒号", 44}, {"状态", 64}}

// archiveTitleColumn is the column that takes the table's spare width: titles are long.
const archiveTitleColumn = 2

// States the archive lists.
const (
	stateFiled   = "已建档"
	statePending = "待建档"
	stateAll     = "全部事项"
)

// allRetentions is the retention filter's choice of no filter.
const allRetentions = "全部期限"

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
	v := &archiveView{win: win, store: store, user: user, formsDir: formsDir, pages: map[int][]archive.Item{}}
	v.open = func(path string) error {
		return fyne.CurrentApp().OpenURL(&url.URL{Scheme: "file", Path: filepath.ToSlash(path)})
	}
	v.byCategory = widget.NewRadioGroup([]string{"按年度·期限·机构", "按公开目录"}, func(string) { v.reload() })
	v.byCategory.Horizontal = true
	v.byCategory.Selected = "按年度·期限·机构"
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
		func(id widget.TableCellID, o fyne.CanvasObject) { o.(*widget.Label).SetText(v.cell(id.Row, id.Col)) })
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

	v.detail = widget.NewLabel("选择一件查看其著录项、审查经过和固定性校验值")
	v.detail.Wrapping = fyne.TextWrapWord
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
	bar := container.NewBorder(nil, nil, nil, container.NewHBox(v.state, v.retention, v.count), v.search)
	actions := container.NewHBox(v.fileOne, v.fileAll, v.makeBox, widget.NewSeparator(), atLeast(190, v.form), v.openForm, v.saveForm, widget.NewSeparator(), v.original)
	side := container.NewBorder(nil, container.NewBorder(nil, nil, nil, v.addNote, v.note), nil, nil, container.NewVScroll(v.detail))
	right := container.NewVSplit(container.New(&fillColumn{table: v.table, col: archiveTitleColumn}, v.table), side)
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
	v.names = fullNames(v.store)
	v.groups, err = v.store.Groups(archive.Filter{State: v.baseState()}, v.byCategory.Selected == "按公开目录")
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

// item returns the item on row, loading its page when needed.
func (v *archiveView) item(row int) *archive.Item {
	page := row / pageSize
	items, ok := v.pages[page]
	if !ok {
		var err error
		items, _, err = v.store.Items(v.filter, page*pageSize, pageSize)
		if err != nil {
			v.count.SetText(userMessage(err))
			return nil
		}
		if len(v.pages) > 50 { // bound the cache: long scrolls do not keep every page
			v.pages = map[int][]archive.Item{}
		}
		v.pages[page] = items
	}
	if k := row % pageSize; k < len(items) {
		return &items[k]
	}
	return nil
}

func (v *archiveView) cell(row, col int) string {
	it := v.item(row)
	if it == nil {
		return ""
	}
	f := it.Filing
	switch col {
	case 0:
		if f != nil {
			return f.Code
		}
		return "—"
	case 1:
		return it.DocNumber
	case 2:
		return it.Title
	case 3:
		return it.DocDate
	case 4:
		if f != nil {
			return strconv.Itoa(f.Pages)
		}
	case 5:
		if f != nil && f.Box > 0 {
			return strconv.Itoa(f.Box)
		}
	case 6:
		return it.State.Label()
	}
	return ""
}

// Tree nodes: "pending" for items not yet filed; "y2016", "y2016/Y", "y2016/Y/BGS" in the
// filing view; "c" + category in the category view.
func (v *archiveView) childNodes(uid widget.TreeNodeID) []widget.TreeNodeID {
	var out []widget.TreeNodeID
	seen := map[string]bool{}
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	byCategory := v.byCategory.Selected == "按公开目录"
	for _, g := range v.groups {
		switch {
		case byCategory: // one level: the categories
			if uid == "" {
				add("c" + g.Category)
			}
		case g.Year == 0: // not filed
			if uid == "" {
				add("pending")
			}
		case uid == "":
			add(fmt.Sprintf("y%d", g.Year))
		case uid == fmt.Sprintf("y%d", g.Year):
			add(fmt.Sprintf("y%d/%s", g.Year, g.Retention))
		case uid == fmt.Sprintf("y%d/%s", g.Year, g.Retention):
			add(fmt.Sprintf("y%d/%s/%s", g.Year, g.Retention, g.Division))
		}
	}
	return out
}

func (v *archiveView) isBranch(uid widget.TreeNodeID) bool {
	return uid == "" || (strings.HasPrefix(uid, "y") && strings.Count(uid, "/") < 2)
}

// groupOf is the filter a tree node stands for: a year, a year and retention, a whole filing
// group, or a category.
func (v *archiveView) groupOf(uid widget.TreeNodeID) (archive.Group, bool) {
	switch {
	case strings.HasPrefix(uid, "c"):
		return archive.Group{Category: uid[1:]}, true
	case strings.HasPrefix(uid, "y"):
		parts := strings.Split(uid[1:], "/")
		year, _ := strconv.Atoi(parts[0])
		g := archive.Group{Year: year}
		if len(parts) > 1 {
			g.Retention = archive.Retention(parts[1])
		}
		if len(parts) > 2 {
			g.Division = parts[2]
		}
		return g, true
	}
	return archive.Group{}, false
}

func (v *archiveView) nodeLabel(uid widget.TreeNodeID) string {
	n := 0
	g, _ := v.groupOf(uid)
	for _, x := range v.groups {
		switch {
		case uid == "pending" && x.Year == 0 && x.Category == "",
			strings.HasPrefix(uid, "c") && x.Category == g.Category,
			strings.HasPrefix(uid, "y") && x.Year == g.Year && (g.Retention == "" || x.Retention == g.Retention) &&
				(g.Division == "" || x.Division == g.Division):
			n += x.Count
		}
	}
	var name string
	switch {
	case uid == "pending":
		name = "未建档"
	case strings.HasPrefix(uid, "c"):
		name = g.Category
		if name == "" {
			name = "（未分类）"
		}
	case g.Division != "":
		name = g.Division + " " + divisionLabel(v.settings, g.Division)
	case g.Retention != "":
		name = g.Retention.Label()
	default:
		name = fmt.Sprintf("%d 年度", g.Year)
	}
	return fmt.Sprintf("%s（%d）", name, n)
}

func divisionLabel(st archive.Settings, code string) string {
	for _, d := range st.Divisions {
		if d.Code == code {
			return d.Name
		}
	}
	return ""
}

func (v *archiveView) onNode(uid widget.TreeNodeID) {
	v.node = uid
	v.applyFilter()
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

// showDetail shows the selected item's particulars, revisions with their fixity hashes, the
// review trail and its 备考.
func (v *archiveView) showDetail() {
	it := v.selected
	if it == nil {
		v.detail.SetText("选择一件查看其著录项、审查经过和固定性校验值")
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", it.Title)
	if f := it.Filing; f != nil {
		fmt.Fprintf(&b, "档号：%s\n年度 %d · %s · 机构 %s · 件号 %04d · %d 页", f.Code, f.Year, f.Retention.Label(), f.Division, f.Number, f.Pages)
		if f.Box > 0 {
			fmt.Fprintf(&b, " · 第 %d 盒", f.Box)
		}
		fmt.Fprintf(&b, "\n建档：%s %s\n", v.person(f.By), f.Filed.In(archive.OfficeZone).Format("2006-01-02 15:04"))
	}
	fmt.Fprintf(&b, "文号：%s\n责任者：%s\n成文日期：%s\n公开属性：%s\n公开目录：%s\n索引号：%s\n状态：%s\n",
		it.DocNumber, it.Author, it.DocDate, it.Disclosure, it.Category, it.IndexNo, it.State.Label())
	if p := it.Publication; p != nil {
		fmt.Fprintf(&b, "公开：%s %s %s\n", strings.Join(p.Channels, "、"), p.Date, p.URL)
	}
	b.WriteString("\n文稿与固定性校验值：\n")
	for _, r := range it.Revisions {
		fmt.Fprintf(&b, "第 %d 稿 %s（%s，%s）\nSHA-256 %s\nSM3 %s\n", r.N, r.Name, sizeText(r.Size), v.person(r.By), r.SHA256, r.SM3)
	}
	if recs, err := v.store.Records(it.ID); err == nil {
		b.WriteString("\n办理经过：\n" + timeline(recs, v.person) + "\n")
	}
	if notes, err := v.store.Notes(it.ID); err == nil && len(notes) > 0 {
		b.WriteString("\n备考：\n")
		for _, n := range notes {
			fmt.Fprintf(&b, "%s %s：%s\n", n.Time.In(archive.OfficeZone).Format("2006-01-02"), v.person(n.By), n.Text)
		}
	}
	v.detail.SetText(b.String())
}

// refreshSelected re-reads the selected item after it changed, keeping it selected.
func (v *archiveView) refreshSelected() {
	if v.selected == nil {
		return
	}
	it, err := v.store.Item(v.selected.ID)
	if err != nil {
		showError(v.win, err)
		return
	}
	v.pages = map[int][]archive.Item{}
	v.selected = it
	v.table.Refresh()
	v.showDetail()
	v.updateActions()
}

func (v *archiveView) onAddNote() {
	if v.selected == nil || strings.TrimSpace(v.note.Text) == "" {
		return
	}
	if err := v.store.AddNote(v.user.Name, v.selected.ID, strings.TrimSpace(v.note.Text)); err != nil {
		showError(v.win, err)
		return
	}
	v.note.SetText("")
	v.refreshSelected()
}

// say shows what the last action did, on the line under the buttons.
func (v *archiveView) say(text string) { v.message.SetText(text) }

// fillColumn lays out a table so that one column takes the width the others leave, down to its
// own width in archiveColumns: every column shows at 1366 × 768, and a wide screen gives the
// room to the titles.
type fillColumn struct {
	table *widget.Table
	col   int
}

func (l *fillColumn) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	rest := float32(0)
	for i, c := range archiveColumns {
		if i != l.col {
			rest += c.width + theme.Padding()
		}
	}
	spare := size.Width - rest - theme.Padding() - 16 // the vertical scroll bar
	l.table.SetColumnWidth(l.col, max(archiveColumns[l.col].width, spare))
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l *fillColumn) MinSize(objects []fyne.CanvasObject) fyne.Size {
	return objects[0].MinSize()
}

// atLeast lays o out at least w wide, so that a picker shows its whole text.
func atLeast(w float32, o fyne.CanvasObject) fyne.CanvasObject {
	return container.New(&minWidth{w: w}, o)
}

type minWidth struct{ w float32 }

func (l *minWidth) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l *minWidth) MinSize(objects []fyne.CanvasObject) fyne.Size {
	s := objects[0].MinSize()
	return fyne.NewSize(max(s.Width, l.w), s.Height)
}

// person is the full name of the user signed in as name, else name itself.
func (v *archiveView) person(name string) string {
	if n := v.names[name]; n != "" {
		return n
	}
	return name
}

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
	v.byCategory.Selected = "按年度·期限·机构"
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
		for row := 0; row < v.total; row++ {
			if it := v.item(row); it != nil && it.ID == t.Item.ID {
				v.table.Select(widget.TableCellID{Row: row, Col: 0})
				v.table.ScrollTo(widget.TableCellID{Row: row, Col: 0})
				break
			}
		}
		v.say("“" + t.Item.Title + "”待建档：核对后按“建档…”。")
	}
}
