package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/review"
)

// fileForm is 建档 of one item: 年度, 保管期限, 机构 and 页数, prefilled from the publication
// date, the office's retention table, the drafting division and the document itself. The 件号
// and 档号 are given by the store on confirm.
type fileForm struct {
	year      *widget.Entry
	retention *widget.Select
	division  *widget.Select
	pages     *widget.Entry
	form      *widget.Form
}

var retentionChoices = []archive.Retention{archive.Permanent, archive.Years30, archive.Years10}

func newFileForm(it *archive.Item, st archive.Settings, pages int) *fileForm {
	req := archive.DefaultFiling(it, st, pages)
	f := &fileForm{year: widget.NewEntry(), pages: widget.NewEntry()}
	f.year.SetText(strconv.Itoa(req.Year))
	f.retention = newSelect(retentionLabels(), nil)
	f.retention.SetSelected(req.Retention.Label())
	var ds []string
	for _, d := range st.Divisions {
		ds = append(ds, d.Code+" "+d.Name)
	}
	f.division = newSelect(ds, nil)
	for _, d := range ds {
		if strings.HasPrefix(d, req.Division+" ") {
			f.division.SetSelected(d)
		}
	}
	f.pages.SetText(strconv.Itoa(req.Pages))
	f.form = widget.NewForm(widget.NewFormItem("年度", f.year), widget.NewFormItem("保管期限", f.retention),
		widget.NewFormItem("机构（问题）", f.division), widget.NewFormItem("页数", f.pages))
	return f
}

// request is what the form says; the store checks it.
func (f *fileForm) request() archive.FilingRequest {
	req := archive.FilingRequest{}
	req.Year, _ = strconv.Atoi(strings.TrimSpace(f.year.Text))
	req.Pages, _ = strconv.Atoi(strings.TrimSpace(f.pages.Text))
	for _, r := range retentionChoices {
		if r.Label() == f.retention.Selected {
			req.Retention = r
		}
	}
	req.Division, _, _ = strings.Cut(f.division.Selected, " ")
	return req
}

// pagesOf counts the pages of an item's current file where its format has pages (PDF, OFD), and
// gives 0 otherwise.
func (v *archiveView) pagesOf(it *archive.Item) int {
	cur := it.Current()
	data, err := v.store.Blob(cur.SHA256)
	if err != nil {
		return 0
	}
	doc, err := review.NewReader().ReadBytes(context.Background(), cur.Name, data)
	if err != nil {
		return 0
	}
	return doc.Pages
}

// onFileOne asks how the selected item is classified and files it.
func (v *archiveView) onFileOne() {
	it := v.selected
	if it == nil {
		return
	}
	var pages int
	offUI(func() { pages = v.pagesOf(it) }, func() { v.showFileForm(it, newFileForm(it, v.settings, pages)) })
}

// showFileForm asks with form how the item is classified, and files it.
func (v *archiveView) showFileForm(it *archive.Item, form *fileForm) {
	v.filing = form
	d := dialog.NewForm("建档："+it.Title, "建档", "取消", form.form.Items, func(ok bool) {
		if ok {
			v.file(it.ID, form.request(), func() { v.showFileForm(it, form) })
		}
	}, v.win)
	enterSubmits(d, form.form.Items)
	showEscapable(v.win, d)
	d.Resize(fyne.NewSize(560, 320))
}

// file files one item and shows its 档号; when the store refuses, again (the form as the
// archivist filled it in) follows the message.
func (v *archiveView) file(id string, req archive.FilingRequest, again func()) *archive.Filing {
	f, err := v.store.FileItem(v.user.Name, id, req)
	if err != nil {
		showErrorThen(v.win, err, again)
		return nil
	}
	message := fmt.Sprintf("已建档，档号 %s", f.Code)
	v.afterFiling(message)
	if v.state.Selected == statePending && v.total == 0 {
		v.showFiled(id, f) // the last one waiting: show it where it now is
		v.say(message)
	}
	return f
}

func (v *archiveView) afterFiling(message string) {
	if err := v.reload(); err != nil {
		showError(v.win, err)
	}
	v.say(message)
	if v.onChanged != nil {
		v.onChanged()
	}
}

// onFileAll files every item listed as 待建档, each classified as its own form would be
// prefilled, in the order listed, after the archivist confirms.
func (v *archiveView) onFileAll() {
	if v.filter.State != archive.StateFile || v.total == 0 {
		return
	}
	askQuestion("全部建档", fmt.Sprintf("将列出的 %d 件待建档文件按公开日期所在年度、保管期限表和拟稿处室建档，并依次编件号。是否继续？", v.total),
		"全部建档", "取消", func(ok bool) {
			if ok {
				v.fileAllListed()
			}
		}, v.win)
}

// fileAllListed files the listed 待建档 items off the UI goroutine and reports the 档号 given.
func (v *archiveView) fileAllListed() {
	items, _, err := v.store.Items(v.filter, 0, v.total)
	if err != nil {
		showError(v.win, err)
		return
	}
	var codes []string
	var failed error
	progress := dialog.NewCustomWithoutButtons("正在建档…", widget.NewProgressBarInfinite(), v.win)
	progress.Show()
	offUI(func() {
		for i := range items {
			it := &items[i]
			f, err := v.store.FileItem(v.user.Name, it.ID, archive.DefaultFiling(it, v.settings, v.pagesOf(it)))
			if err != nil {
				failed = userErrorf("“%s”：%s", it.Title, userMessage(err))
				return
			}
			codes = append(codes, f.Code)
		}
	}, func() {
		progress.Hide()
		if failed != nil {
			newMessage("出错了", fmt.Sprintf("已建档 %d 件，其后停止。%s", len(codes), userMessage(failed)), theme.ErrorIcon(), "确定", v.win).Show()
		}
		if len(codes) > 0 {
			v.afterFiling(fmt.Sprintf("已建档 %d 件（%s 至 %s）", len(codes), codes[0], codes[len(codes)-1]))
		}
	})
}

// onMakeBox puts the unboxed items of the selected filing group into its next box.
func (v *archiveView) onMakeBox() {
	g, ok := v.groupOf(v.node)
	if !ok || g.Division == "" {
		return
	}
	first, last, err := v.unboxed(g)
	if err != nil {
		showError(v.win, err)
		return
	}
	if first == 0 {
		showInfo(v.win, "装盒", "这一组的文件都已装盒。")
		return
	}
	from, to := widget.NewEntry(), widget.NewEntry()
	from.SetText(strconv.Itoa(first))
	to.SetText(strconv.Itoa(last))
	spine := newSelect([]string{"20", "30", "40", "50"}, nil)
	spine.SetSelected("20")
	items := []*widget.FormItem{widget.NewFormItem("起件号", from), widget.NewFormItem("止件号", to), widget.NewFormItem("盒脊厚度（毫米）", spine)}
	d := dialog.NewForm(fmt.Sprintf("装盒：%d 年度 %s %s", g.Year, g.Retention.Label(), g.Division), "装盒", "取消", items, func(ok bool) {
		if ok {
			a, _ := strconv.Atoi(from.Text)
			b, _ := strconv.Atoi(to.Text)
			w, _ := strconv.Atoi(spine.Selected)
			v.box(archive.Box{Year: g.Year, Retention: g.Retention, Division: g.Division, First: a, Last: b, Spine: w})
		}
	}, v.win)
	enterSubmits(d, items)
	showEscapable(v.win, d)
	d.Resize(fyne.NewSize(480, 280))
}

// unboxed returns the first and last 件号 of the group's items not yet in a box (0 when none).
func (v *archiveView) unboxed(g archive.Group) (first, last int, err error) {
	ranges, err := v.store.Unboxed()
	for _, r := range ranges {
		if r.Year == g.Year && r.Retention == g.Retention && r.Division == g.Division {
			return r.First, r.Last, nil
		}
	}
	return 0, 0, err
}

// box makes the box and reports it.
func (v *archiveView) box(b archive.Box) *archive.Box {
	made, err := v.store.MakeBox(v.user.Name, b)
	if err != nil {
		showError(v.win, err)
		return nil
	}
	v.pages = map[int][]archive.Item{}
	v.table.Refresh()
	v.say(fmt.Sprintf("已装入第 %d 盒（件号 %04d–%04d）", made.Number, made.First, made.Last))
	if v.onChanged != nil {
		v.onChanged()
	}
	return made
}

// writeForm writes the chosen form for the selected item (its sheet) or its box, to w.
func (v *archiveView) writeForm(name string, w io.Writer) error {
	it := v.selected
	if it == nil || it.Filing == nil {
		return userError("请先选择一件已建档的文件。")
	}
	var subst []rune
	var err error
	if form, ok := boxFormOf[name]; ok {
		f := it.Filing
		if f.Box == 0 {
			return userErrorf("%s 尚未装盒，不能生成%s。", f.Code, name)
		}
		subst, err = v.store.WriteBoxForm(w, form, f.Year, f.Retention, f.Division, f.Box)
	} else {
		subst, err = v.store.WriteItemSheet(w, it.ID)
	}
	if err == nil && len(subst) > 0 {
		v.count.SetText(fmt.Sprintf("注意：%d 个字符字体中没有，以〓代替", len(subst)))
	}
	return err
}

// formPath is where a generated form is written to be opened: the data directory's forms
// folder, named by 档号 (or box) and form.
func (v *archiveView) formPath(name string) string {
	f := v.selected.Filing
	base := f.Code
	if _, ok := boxFormOf[name]; ok {
		base = f.BoxLabel()
	}
	return filepath.Join(v.formsDir, base+"-"+name+".pdf")
}

// onOpenForm generates the chosen form and opens it in the system's PDF viewer, from which it
// is printed.
func (v *archiveView) onOpenForm() {
	path, err := v.generate(v.form.Selected)
	if err != nil {
		showError(v.win, err)
		return
	}
	v.openWithSystem(path)
}

// generate writes the chosen form to its place in the forms folder and returns its path.
func (v *archiveView) generate(name string) (string, error) {
	if name == "" {
		return "", userError("请先选择要生成的表单。")
	}
	if v.selected == nil || v.selected.Filing == nil {
		return "", userError("请先选择一件已建档的文件。")
	}
	if err := os.MkdirAll(v.formsDir, 0o755); err != nil {
		return "", err
	}
	path := v.formPath(name)
	return path, writeFileAtomically(path, func(w io.Writer) error { return v.writeForm(name, w) })
}

// onSaveForm generates the chosen form into a file the user names. The form is made first: one
// that cannot be made (a catalogue of an item not yet boxed) is said before, not after, the
// archivist has chosen where to save it.
func (v *archiveView) onSaveForm() {
	name := v.form.Selected
	if name == "" || v.selected == nil || v.selected.Filing == nil {
		showInfo(v.win, "另存为", "请先选择一件已建档的文件和要生成的表单。")
		return
	}
	var form bytes.Buffer
	if err := v.writeForm(name, &form); err != nil {
		showError(v.win, err)
		return
	}
	v.saver = showChooser(v.win, chooserRequest{mode: chooseSave, purpose: purposeForms, title: "另存为：" + name,
		name: filepath.Base(v.formPath(name)), done: func(paths []string) {
			err := writeFileAtomically(paths[0], func(w io.Writer) error { _, err := w.Write(form.Bytes()); return err })
			if err != nil {
				showError(v.win, err)
				return
			}
			v.say("已保存到 " + paths[0])
		}})
}

// originalPath writes the selected item's latest file, exactly as stored, under the forms
// folder and returns its path: the archivist reads or prints the document itself.
func (v *archiveView) originalPath() (string, error) {
	it := v.selected
	if it == nil {
		return "", userError("请先选择一件文件。")
	}
	cur := it.Current()
	data, err := v.store.Blob(cur.SHA256)
	if err != nil {
		return "", err
	}
	dir := filepath.Join(v.formsDir, "原件")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	name := it.ID
	if it.Filing != nil {
		name = it.Filing.Code
	}
	path := filepath.Join(dir, fmt.Sprintf("%s-第%d稿-%s", name, cur.N, filepath.Base(cur.Name)))
	return path, writeFileAtomically(path, func(w io.Writer) error { _, err := w.Write(data); return err })
}

func (v *archiveView) onOriginal() {
	path, err := v.originalPath()
	if err != nil {
		showError(v.win, err)
		return
	}
	v.openWithSystem(path)
}

// openWithSystem opens a file the window wrote in the program the system has for it; when it
// has none, it says where the file is instead of what the system said.
func (v *archiveView) openWithSystem(path string) {
	if err := v.open(path); err != nil {
		log.Printf("open %s: %v", path, err)
		showInfo(v.win, "已写出文件", fmt.Sprintf("已写出 %s。\n本机没有能打开它的程序（例如 PDF 阅读程序），请用文件管理器找到它后打开。", path))
	}
}
