package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
)

// chooseMode is what a file chooser asks for.
type chooseMode int

const (
	chooseFiles  chooseMode = iota // one or more files to open
	chooseFile                     // exactly one file to open
	chooseSave                     // a file name to save as
	chooseFolder                   // a folder
)

// purpose names what a chooser is for; each remembers the folder it was last used in.
type purpose string

const (
	purposeImport  purpose = "import"  // drafts to check
	purposeForms   purpose = "forms"   // forms and originals saved
	purposeBackup  purpose = "backup"  // backups written
	purposeRestore purpose = "restore" // backups read, and folders restored into
	purposeRules   purpose = "rules"   // keyword lists imported
)

// chooserRequest is one question to a file chooser.
type chooserRequest struct {
	mode    chooseMode
	purpose purpose
	title   string
	exts    []string // the extensions offered, lower case with the dot; nil offers every file
	name    string   // the proposed file name, for chooseSave
	done    func(paths []string)
}

// fileChooser is 审档's own file dialog, in Chinese whatever the machine's locale: Fyne's
// dialog names its places in English ("Home", "Documents") and asks "Overwrite?". It lists one
// folder at a time, folders first; a folder is opened by selecting it, files are ticked (several
// at once for an import) or named (to save). The folder it ends in is remembered per purpose.
type fileChooser struct {
	win   fyne.Window
	req   chooserRequest
	dlg   *dialog.CustomDialog
	prefs fyne.Preferences

	dir     string
	entries []fs.DirEntry
	picked  []string // the names ticked, in the order ticked
	places  []place

	path   *escEntry
	up     *widget.Button
	where  *widget.List
	list   *chooserList
	name   *escEntry
	note   *widget.Label
	ok     *widget.Button
	cancel *widget.Button
}

// place is a folder offered on the left: 主目录, 桌面, a drive.
type place struct {
	label, path string
}

// showChooser asks req's question over win: in the platform's own file dialog where there is
// one that speaks Chinese (see nativeFor), else in 审档's own chooser, which it returns; nil
// means the platform's dialog was opened, and req.done is called once the person has chosen.
func showChooser(win fyne.Window, req chooserRequest) *fileChooser {
	if d := nativeFor(win); d != nil {
		showNative(win, d, req)
		return nil
	}
	return showBuiltinChooser(win, req)
}

// showBuiltinChooser opens 审档's own chooser over win for req.
func showBuiltinChooser(win fyne.Window, req chooserRequest) *fileChooser {
	c := &fileChooser{win: win, req: req, prefs: fyne.CurrentApp().Preferences()}
	c.buildUI()
	c.dlg.Show()
	escapeDoes(win, c.onCancel)
	c.dlg.Resize(chooserSize(win)) // after Show: Fyne's dialogs size against the shown window
	c.openDir(c.startDir())
	win.Canvas().Focus(c.name)
	return c
}

// chooserSize fits the chooser in the window with a margin, up to 860 × 560.
func chooserSize(win fyne.Window) fyne.Size {
	s := win.Canvas().Size()
	return fyne.NewSize(min(860, max(480, s.Width-80)), min(560, max(360, s.Height-80)))
}

func (c *fileChooser) buildUI() {
	c.path = newEscEntry()
	c.path.OnSubmitted = func(p string) { c.openDir(strings.TrimSpace(p)) }
	c.up = widget.NewButtonWithIcon("上一级", theme.MoveUpIcon(), c.onUp)
	c.places = findPlaces()
	c.where = widget.NewList(func() int { return len(c.places) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(c.places[i].label) })
	c.where.OnSelected = func(i widget.ListItemID) {
		c.openDir(c.places[i].path)
		c.where.UnselectAll()
	}
	c.list = &chooserList{onEnter: c.onOK, onEscape: c.onCancel}
	c.list.Length = func() int { return len(c.entries) }
	c.list.CreateItem = newEntryRow
	c.list.UpdateItem = func(i widget.ListItemID, o fyne.CanvasObject) { c.fillRow(i, o.(*fyne.Container)) }
	c.list.ExtendBaseWidget(c.list)
	c.list.OnSelected = c.onEntry
	c.name = newEscEntry()
	c.name.OnSubmitted = func(string) { c.onOK() }
	c.note = widget.NewLabel("")
	c.note.Truncation = fyne.TextTruncateEllipsis
	c.ok = widget.NewButtonWithIcon(c.okText(), theme.ConfirmIcon(), c.onOK)
	c.ok.Importance = widget.HighImportance
	c.cancel = widget.NewButtonWithIcon("取消", theme.CancelIcon(), c.onCancel)

	nameLabel := "文件名"
	switch c.req.mode {
	case chooseFiles, chooseFile:
		nameLabel = "已选"
	case chooseFolder:
		nameLabel = "文件夹"
	}
	top := container.NewBorder(nil, nil, c.up, nil, c.path)
	bottom := container.NewVBox(c.note,
		container.NewBorder(nil, nil, widget.NewLabel(nameLabel), container.NewHBox(c.cancel, c.ok), c.name))
	split := container.NewHSplit(container.NewBorder(newHeading("常用位置"), nil, nil, nil, c.where), c.list)
	split.Offset = 0.22
	c.dlg = dialog.NewCustomWithoutButtons(c.req.title, container.NewBorder(top, bottom, nil, nil, split), c.win)
}

func (c *fileChooser) okText() string {
	switch c.req.mode {
	case chooseSave:
		return "保存"
	case chooseFolder:
		return "选择此文件夹"
	}
	return "打开"
}

// chooserList is the folder's listing. A click on a file gives it the keyboard, so it answers
// Enter as the name field does (打开 or 保存 what is picked) and Escape as 取消; the arrows and
// Space move and pick as in any list.
type chooserList struct {
	widget.List
	onEnter, onEscape func()
}

// TypedKey answers Enter and Escape; the list has the other keys.
func (l *chooserList) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		l.onEnter()
	case fyne.KeyEscape:
		l.onEscape()
	default:
		l.List.TypedKey(k)
	}
}

// newEntryRow is one row of the folder's listing: a tick or icon, the name, size and date.
func newEntryRow() fyne.CanvasObject {
	icon := widget.NewIcon(theme.FileIcon())
	name := widget.NewLabel("")
	name.Truncation = fyne.TextTruncateEllipsis
	info := widget.NewLabel("")
	return container.NewBorder(nil, nil, icon, info, name)
}

func (c *fileChooser) fillRow(i int, row *fyne.Container) {
	if i >= len(c.entries) {
		return
	}
	e := c.entries[i]
	name, info := row.Objects[0].(*widget.Label), row.Objects[2].(*widget.Label)
	icon := row.Objects[1].(*widget.Icon)
	name.SetText(e.Name())
	switch {
	case e.IsDir():
		icon.SetResource(theme.FolderIcon())
		info.SetText("文件夹")
	default:
		if slices.Contains(c.picked, e.Name()) {
			icon.SetResource(theme.CheckButtonCheckedIcon())
		} else if c.req.mode == chooseFiles {
			icon.SetResource(theme.CheckButtonIcon())
		} else {
			icon.SetResource(theme.FileIcon())
		}
		info.SetText(entryInfo(e))
	}
}

// entryInfo is a file's size and date, as a clerk reads them.
func entryInfo(e fs.DirEntry) string {
	fi, err := e.Info()
	if err != nil {
		return ""
	}
	return sizeText(fi.Size()) + "  " + fi.ModTime().In(archive.OfficeZone).Format("2006-01-02 15:04") // the clock the window shows everywhere
}

// sizeText is a byte count in 字节, KB or MB.
func sizeText(n int64) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d 字节", n)
	case n < 1<<20:
		return fmt.Sprintf("%.0f KB", float64(n)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

// startDir is the folder the chooser opens in.
func (c *fileChooser) startDir() string {
	dir, _ := startFolder(c.prefs, c.req.purpose, c.places)
	return dir
}

// startFolder is where a chooser for p opens, in either kind of dialog: where p was last used
// (remembered is then true), else the user's documents folder among places, else the first
// place, else the working folder.
func startFolder(prefs fyne.Preferences, p purpose, places []place) (dir string, remembered bool) {
	if d := prefs.String("dir." + string(p)); d != "" {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			return d, true
		}
	}
	for _, p := range places {
		if p.label == "文档" {
			return p.path, false
		}
	}
	if len(places) > 0 {
		return places[0].path, false
	}
	return ".", false
}

// rememberFolder keeps dir as where the next chooser for p opens.
func rememberFolder(prefs fyne.Preferences, p purpose, dir string) {
	prefs.SetString("dir."+string(p), dir)
}

// findPlaces lists the folders offered on the left, those that exist.
func findPlaces() []place {
	var out []place
	add := func(label, path string) {
		if fi, err := os.Stat(path); err == nil && fi.IsDir() && !slices.ContainsFunc(out, func(p place) bool { return p.path == path }) {
			out = append(out, place{label, path})
		}
	}
	if home, err := os.UserHomeDir(); err == nil {
		add("主目录", home)
		for _, d := range []struct{ label, en, zh string }{{"桌面", "Desktop", "桌面"}, {"文档", "Documents", "文档"}, {"下载", "Downloads", "下载"}} {
			add(d.label, filepath.Join(home, d.en))
			add(d.label, filepath.Join(home, d.zh))
		}
	}
	if runtime.GOOS == "windows" {
		for l := 'C'; l <= 'Z'; l++ {
			add(string(l)+" 盘", string(l)+`:\`)
		}
	} else {
		add("根目录", "/")
		add("移动存储", "/media")
	}
	return out
}

// openDir lists dir: its folders, then the files the request offers, each by name; hidden
// entries are left out. A folder that cannot be read says why and the chooser stays where it was.
func (c *fileChooser) openDir(dir string) {
	dir = filepath.Clean(dir)
	all, err := os.ReadDir(dir)
	if err != nil {
		c.note.SetText("无法打开文件夹“" + dir + "”：" + userMessage(err))
		c.path.SetText(c.dir)
		return
	}
	var dirs, files []fs.DirEntry
	for _, e := range all {
		switch {
		case strings.HasPrefix(e.Name(), "."):
		case isDir(dir, e):
			dirs = append(dirs, e)
		case c.req.mode != chooseFolder && c.offers(e.Name()):
			files = append(files, e)
		}
	}
	byName := func(a, b fs.DirEntry) int {
		return strings.Compare(strings.ToLower(a.Name()), strings.ToLower(b.Name()))
	}
	slices.SortFunc(dirs, byName)
	slices.SortFunc(files, byName)
	c.dir, c.entries = dir, append(dirs, files...)
	if c.req.mode != chooseSave {
		c.picked = nil
	}
	c.path.SetText(dir)
	c.list.UnselectAll()
	c.list.ScrollToTop()
	c.list.Refresh()
	c.showPicked()
	if c.req.mode == chooseFolder {
		c.note.SetText(fmt.Sprintf("%d 个文件夹（选择文件夹时不列出文件）", len(dirs)))
	} else {
		c.note.SetText(fmt.Sprintf("%d 个文件夹，%d 个文件%s", len(dirs), len(files), c.offerText()))
	}
}

// isDir reports whether e is a folder, following a link to one.
func isDir(dir string, e fs.DirEntry) bool {
	if e.IsDir() {
		return true
	}
	if e.Type()&fs.ModeSymlink != 0 {
		fi, err := os.Stat(filepath.Join(dir, e.Name()))
		return err == nil && fi.IsDir()
	}
	return false
}

func (c *fileChooser) offers(name string) bool {
	return len(c.req.exts) == 0 || slices.Contains(c.req.exts, strings.ToLower(filepath.Ext(name)))
}

func (c *fileChooser) offerText() string {
	if len(c.req.exts) == 0 || c.req.mode == chooseSave {
		return ""
	}
	var exts []string
	for _, e := range c.req.exts {
		exts = append(exts, strings.TrimPrefix(e, "."))
	}
	if len(exts) > 6 { // the whole list would be cut off in the status line
		return fmt.Sprintf("（只列出 %s 等 %d 种可以审查的文件）", strings.Join(exts[:3], "、"), len(exts))
	}
	return "（只列出 " + strings.Join(exts, "、") + " 文件）"
}

func (c *fileChooser) onUp() {
	if parent := filepath.Dir(c.dir); parent != c.dir {
		c.openDir(parent)
	}
}

// onEntry opens a folder, or picks a file: ticks it for an import of several, chooses it
// otherwise.
func (c *fileChooser) onEntry(i widget.ListItemID) {
	if i < 0 || i >= len(c.entries) {
		return
	}
	e := c.entries[i]
	c.list.UnselectAll()
	if isDir(c.dir, e) {
		c.openDir(filepath.Join(c.dir, e.Name()))
		return
	}
	switch c.req.mode {
	case chooseFiles:
		if k := slices.Index(c.picked, e.Name()); k >= 0 {
			c.picked = slices.Delete(c.picked, k, k+1)
		} else {
			c.picked = append(c.picked, e.Name())
		}
	case chooseFile:
		c.picked = []string{e.Name()}
	case chooseSave:
		c.name.SetText(e.Name())
	}
	c.list.RefreshItem(i)
	c.showPicked()
}

// showPicked writes the files picked into the name field.
func (c *fileChooser) showPicked() {
	switch c.req.mode {
	case chooseFiles, chooseFile:
		text := strings.Join(c.picked, "、")
		if len(c.picked) > 1 {
			text = fmt.Sprintf("%d 个文件：%s", len(c.picked), text)
		}
		c.name.SetText(text)
	case chooseFolder:
		c.name.SetText(c.dir)
	case chooseSave:
		if c.name.Text == "" {
			c.name.SetText(c.req.name)
		}
	}
}

// onOK answers the request, remembers the folder, and closes the chooser.
func (c *fileChooser) onOK() {
	var paths []string
	switch c.req.mode {
	case chooseFiles, chooseFile:
		if len(c.picked) == 0 && strings.TrimSpace(c.name.Text) == "" {
			c.note.SetText("请先在列表中选择文件。")
			return
		}
		if len(c.picked) == 0 {
			if c.pickTyped(); len(c.picked) == 0 {
				return
			}
		}
		for _, n := range c.picked {
			paths = append(paths, filepath.Join(c.dir, n))
		}
	case chooseFolder:
		paths = []string{c.dir}
	case chooseSave:
		name := strings.TrimSpace(c.name.Text)
		if name == "" || strings.ContainsAny(name, `/\:*?"<>|`) {
			c.note.SetText("请填写文件名（不能含 / \\ : * ? \" < > |）。")
			return
		}
		name = withExt(name, c.req.name)
		path := filepath.Join(c.dir, name)
		if fi, err := os.Stat(path); err == nil {
			if fi.IsDir() {
				c.note.SetText("“" + name + "”是一个文件夹，请换一个文件名。")
				return
			}
			askOverwrite(c.win, path, func() { c.finish([]string{path}) })
			return
		}
		paths = []string{path}
	}
	c.finish(paths)
}

// withExt is name with the extension of the proposed name added, unless it has it already:
// a backup saved as “周五” becomes 周五.zip.
func withExt(name, proposed string) string {
	if ext := filepath.Ext(proposed); ext != "" && !strings.EqualFold(filepath.Ext(name), ext) {
		return name + ext
	}
	return name
}

// pickTyped picks the file whose name, or whole path, the person typed instead of clicking.
func (c *fileChooser) pickTyped() {
	name := strings.TrimSpace(c.name.Text)
	if name == "" {
		return
	}
	path := name
	if !filepath.IsAbs(path) {
		path = filepath.Join(c.dir, name)
	}
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		c.note.SetText("找不到“" + name + "”。")
	case fi.IsDir():
		c.openDir(path)
	default:
		c.dir, c.picked = filepath.Dir(path), []string{filepath.Base(path)}
	}
}

// askOverwrite asks over win before a save replaces the file at path, and calls replace when
// the person agrees.
func askOverwrite(win fyne.Window, path string, replace func()) {
	askQuestion("替换文件", "“"+filepath.Base(path)+"”已经存在。要替换它吗？", "替换", "取消", func(ok bool) {
		if ok {
			replace()
		}
	}, win)
}

func (c *fileChooser) finish(paths []string) {
	rememberFolder(c.prefs, c.req.purpose, c.dir)
	c.dlg.Hide()
	c.req.done(paths)
}

func (c *fileChooser) onCancel() { c.dlg.Hide() }

// draftExts are the extensions the secrecy check reads, for import choosers.
var draftExts = []string{".txt", ".docx", ".pdf", ".ofd", ".doc", ".wps", ".xlsx", ".xls", ".et", ".ods",
	".pptx", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"}

// stamp is today's date for file names a chooser proposes: 20260318.
func stamp() string { return time.Now().Format("20060102") }
