package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/assets"
	"shendang.gov.cn/shendang/review"
)

// 脱敏后通过 (条例 Art. 37 部分公开): at 保密审查 the reviewer makes the publishable copy of the
// draft in the window — the identifiers the check found masked by the office's profiles, what
// the file hides cleaned out — sees every replacement before anything is written, and approves
// the item with the copy. The store checks the copy again and refuses it while a block finding
// is left (archive.Office.DecideRedacted).

// redactForm is the 脱敏后通过 dialog's content: the ID profile, the draft's text where the
// reviewer selects what else to mask, what is cleaned, and the preview of every replacement.
type redactForm struct {
	win      fyne.Window
	doc      *review.Document
	found    []review.Finding
	all      bool // no finding was marked 误报: every identifier is masked, past the check's cap too
	rules    *review.RuleSet
	masks    review.MaskSet
	ids      []review.MaskProfile // the ID profiles offered, as idChoice lists them
	idChoice *widget.Select
	clean    map[string]*widget.Check // by label
	preview  *widget.Label
	// previewPane scrolls the preview: it has its share of the height however many 清理
	// options there are (five for a Word file).
	previewPane *container.Scroll
	summary     *widget.Label
	plan        *review.Plan
	err         error
	content     fyne.CanvasObject

	// What the reviewer adds (a name, an address, other text), in the order added: selected
	// in text, or pasted into chosenText, as chosenKind.
	chosen     []chosenText
	text       *docText
	pageLabel  *widget.Label  // 第 1/3 页, for a draft too long for one page of text
	prevPage   *widget.Button // the page before
	nextPage   *widget.Button // the page after
	maskSel    *widget.Button // 遮盖选中的文字
	undo       *widget.Button // 撤销上一处
	chosenText *widget.Entry
	chosenKind *widget.Select
	add        *widget.Button
	scan       *scanView // an image draft's page beside its text, or nil
}

// chosenText is a text the reviewer adds to be masked as kind: at one place when at is set
// (selected in the text, 仅此一处), wherever it occurs otherwise.
type chosenText struct {
	text string
	kind review.MaskKind
	at   *review.Selection
}

// chosenKinds are the kinds a reviewer may add text as, by their label.
var chosenKinds = []review.MaskKind{review.MaskName, review.MaskAddress, review.MaskOther}

// cleanChoices are the 清理 options, each on by default and offered where it applies
// (review.CleanApplies).
var cleanChoices = []struct {
	label string
	set   func(*review.CleanOptions, bool)
	get   func(review.CleanOptions) bool
}{
	{"删除批注", func(o *review.CleanOptions, on bool) { o.Comments = on }, func(o review.CleanOptions) bool { return o.Comments }},
	{"接受修订（删除的文字不再保留）", func(o *review.CleanOptions, on bool) { o.Revisions = on }, func(o review.CleanOptions) bool { return o.Revisions }},
	{"删除隐藏的文字、工作表和行列", func(o *review.CleanOptions, on bool) { o.Hidden = on }, func(o review.CleanOptions) bool { return o.Hidden }},
	{"清除文档属性（作者、单位、最后修改者、模板）", func(o *review.CleanOptions, on bool) { o.Properties = on }, func(o review.CleanOptions) bool { return o.Properties }},
	{"删除嵌入的对象和文件", func(o *review.CleanOptions, on bool) { o.Embedded = on }, func(o review.CleanOptions) bool { return o.Embedded }},
}

// pdfCommentsLabel is 删除批注's label for a PDF, whose annotations are more than comments.
const pdfCommentsLabel = "删除页面上的注释（批注、链接、表单域）"

// ofdCleanSay is what the dialog says of an OFD draft's 清理 and of its copy, a PDF.
const ofdCleanSay = "脱敏稿为 PDF 文件（OFD 遮盖后转为 PDF）；文档信息、签名、注释、附件和书签不带入脱敏稿，无需选择。"

// imageCleanSay is what the dialog says of an image draft's 清理: its copy is a PDF of its
// pixels, so its metadata is left out, as the record and the notice then say.
const imageCleanSay = "图像文件的元数据（拍摄设备、时间、位置等）不带入脱敏稿，无需选择。"

// cleanChecks returns the 清理 checkboxes that apply to a draft of format ft, by their
// choice's label, each on and replanning when changed, and what the dialog shows of them:
// the boxes, or a line saying why there are none.
func (f *redactForm) cleanChecks(ft review.Format) []fyne.CanvasObject {
	applies := review.CleanApplies(ft)
	out := []fyne.CanvasObject{widget.NewLabel("清理：")}
	for _, c := range cleanChoices {
		if !c.get(applies) {
			continue
		}
		label := c.label
		if applies == (review.CleanOptions{Comments: true}) {
			label = pdfCommentsLabel
		}
		ch := widget.NewCheck(label, nil)
		ch.SetChecked(true)
		ch.OnChanged = func(bool) { f.replan() }
		f.clean[c.label] = ch
		out = append(out, ch)
	}
	if len(out) > 1 {
		return out
	}
	say := "这种文件没有需要清理的隐藏内容。"
	switch ft {
	case review.FormatOFD:
		say = ofdCleanSay
	case review.FormatPNG, review.FormatJPEG, review.FormatTIFF, review.FormatBMP:
		// The copy is a PDF of the pixels: what the image file said of itself is left out,
		// and the notice counts that as one 清理.
		say = imageCleanSay
	}
	l := widget.NewLabel("清理：" + say)
	l.Wrapping = fyne.TextWrapWord
	return []fyne.CanvasObject{l}
}

// previewAndClean lays out the preview above the 清理 options: below it at their own height
// when they are a line or two, else in a split that keeps the larger part for the preview
// and scrolls the options (a Word file's five left three lines of preview).
func previewAndClean(preview *container.Scroll, checks []fyne.CanvasObject) fyne.CanvasObject {
	top := widget.NewLabel("替换预览：")
	if len(checks) <= 3 {
		return container.NewBorder(top, container.NewVBox(checks...), nil, nil, preview)
	}
	pane := container.NewVSplit(container.NewBorder(top, nil, nil, nil, preview), container.NewVScroll(container.NewVBox(checks...)))
	pane.Offset = 0.62
	return pane
}

// newRedactForm prepares the dialog for the stored check chk of the item, with the office's
// profiles masks; the findings masked are the recognisers' identifiers the reviewer has not
// marked 误报. page is an image draft's file, shown beside its recognised text, or nil.
func newRedactForm(win fyne.Window, chk *archive.StoredCheck, disp map[string]review.Disposition, masks review.MaskSet, rules *review.RuleSet, page *review.ScanImage) *redactForm {
	f := &redactForm{win: win, doc: chk.Document, masks: masks, rules: rules, clean: map[string]*widget.Check{}, all: true}
	for _, fd := range chk.Findings {
		if disp[fd.Fingerprint].Kind != review.Dismissed {
			f.found = append(f.found, fd)
		} else {
			f.all = false
		}
	}
	f.ids = []review.MaskProfile{masks[review.MaskIDCard]}
	for _, p := range review.ShippedIDProfiles() {
		if p != f.ids[0] {
			f.ids = append(f.ids, p)
		}
	}
	var labels []string
	for i, p := range f.ids {
		l := p.Label()
		if i == 0 {
			l += "（本单位设置）"
		}
		if p.Weak() != "" {
			l += "（较弱）"
		}
		labels = append(labels, l)
	}
	f.idChoice = newSelect(labels, func(string) { f.replan() })
	f.preview = widget.NewLabel("")
	f.preview.Wrapping = fyne.TextWrapWord
	f.summary = widget.NewLabel("")
	f.summary.Wrapping = fyne.TextWrapWord
	f.summary.TextStyle.Bold = true
	checks := f.cleanChecks(f.doc.Format)
	f.buildChoice()
	intro := widget.NewLabel("将生成脱敏稿：下列内容按本单位的脱敏方式替换，并清理文件中看不见的内容。脱敏稿经复查没有“拦截”问题后送审核，公开和归档的都是脱敏稿；原稿存档，不公开。")
	intro.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(widget.NewFormItem("身份证号脱敏", f.idChoice))
	choose := container.NewVBox(container.NewHBox(widget.NewLabel("作为"), f.chosenKind, f.maskSel, f.undo),
		container.NewBorder(nil, nil, nil, f.add, f.chosenText))
	top := fyne.CanvasObject(widget.NewLabel("在文件的文字中选中还要遮盖的姓名、地址等："))
	if len(f.text.pages) > 1 {
		top = container.NewBorder(nil, nil, nil, container.NewHBox(f.prevPage, f.pageLabel, f.nextPage), top)
	}
	text := fyne.CanvasObject(f.text)
	if page != nil {
		f.scan = newScanView(*page, win)
		split := container.NewHSplit(f.text, f.scan.content)
		split.Offset = 0.62
		text = split
	}
	if recognised(f.doc) {
		warn := widget.NewLabel(scanWarning)
		warn.Wrapping = fyne.TextWrapWord
		warn.Importance = widget.WarningImportance
		top = container.NewVBox(warn, top)
	}
	left := container.NewBorder(top, choose, nil, nil, text)
	f.previewPane = container.NewVScroll(f.preview)
	right := previewAndClean(f.previewPane, checks)
	split := container.NewHSplit(left, right)
	split.Offset = 0.6
	f.content = container.NewBorder(container.NewVBox(intro, form, f.summary), nil, nil, nil, split)
	f.idChoice.SetSelectedIndex(0)
	return f
}

// buildChoice makes the widgets with which the reviewer adds what else to mask: the draft's
// text to select in, the kind, and the field to paste into (the keyboard's way, as Fyne has
// no inline input method composition).
func (f *redactForm) buildChoice() {
	f.text = newDocText(f.doc)
	f.pageLabel = widget.NewLabel(f.text.pageLabel())
	f.prevPage = widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { f.turnPage(-1) })
	f.nextPage = widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { f.turnPage(1) })
	f.prevPage.Disable()
	var kinds []string
	for _, k := range chosenKinds {
		kinds = append(kinds, k.Label())
	}
	// Choosing the kind takes the focus, and an Entry without it hides its selection: the
	// draft's text gets it back, its selection shown again.
	f.chosenKind = newSelect(kinds, func(string) {
		if f.win != nil && f.text != nil {
			f.win.Canvas().Focus(f.text)
		}
	})
	f.chosenKind.SetSelectedIndex(0)
	f.maskSel = widget.NewButton("遮盖选中的文字", f.onMaskSelected)
	f.undo = widget.NewButton("撤销上一处", f.onUndo)
	f.undo.Disable()
	f.chosenText = widget.NewEntry()
	f.chosenText.SetPlaceHolder("或粘贴姓名、地址后按“添加”，出现之处都会替换")
	f.chosenText.OnSubmitted = func(string) { f.onAdd() }
	f.add = widget.NewButton("添加", f.onAdd)
}

// replan makes the plan for the chosen profiles and shows it.
func (f *redactForm) replan() {
	masks := review.MaskSet{}
	for k, p := range f.masks {
		masks[k] = p
	}
	if i := f.idChoice.SelectedIndex(); i >= 0 && i < len(f.ids) {
		masks[review.MaskIDCard] = f.ids[i]
	}
	opt := review.PlanOptions{Masks: masks, Selections: f.selections(), Rules: f.rules}
	if !f.all { // a finding the reviewer marked 误报 stays as it is
		opt.Fingerprints = []string{}
		for _, fd := range f.found {
			opt.Fingerprints = append(opt.Fingerprints, fd.Fingerprint)
		}
	}
	f.plan, f.err = review.PlanRedaction(f.doc, f.found, opt)
	if f.err != nil {
		f.summary.SetText("无法生成脱敏方案：" + userMessage(f.err))
		f.preview.SetText("")
		return
	}
	items, left := f.plan.Split(f.doc, f.options())
	var lines []string
	for _, it := range items {
		lines = append(lines, it.Kind+"　"+it.Where+"　→　"+it.Masked)
	}
	for _, it := range left {
		lines = append(lines, it.Kind+"　"+it.Where+"　→　不带入脱敏稿")
	}
	say := fmt.Sprintf("将替换 %d 处：", len(items))
	switch {
	case len(items) == 0 && len(left) == 0:
		say = "审查没有发现需要脱敏的证件号码、手机号或银行卡号；只做清理。"
	case len(left) > 0:
		say = fmt.Sprintf("将替换 %d 处；另有 %d 处所在的部分（如文档属性）不带入脱敏稿，随之删除：", len(items), len(left))
	}
	if w := masks[review.MaskIDCard].Weak(); w != "" {
		say += "\n注意：这种方式" + w + "。"
	}
	f.summary.SetText(say)
	f.preview.SetText(strings.Join(lines, "\n"))
}

// onAdd adds the text typed or pasted, to be masked wherever it occurs; a text that does not
// occur is refused in the summary, so the reviewer sees the typing mistake.
func (f *redactForm) onAdd() {
	text := strings.TrimSpace(f.chosenText.Text)
	i := f.chosenKind.SelectedIndex()
	if text == "" || i < 0 {
		return
	}
	c := chosenText{text: text, kind: chosenKinds[i]}
	if len(f.occurrences(c)) == 0 {
		f.summary.SetText(fmt.Sprintf("文件中没有“%s”，请核对后再添加。", text))
		return
	}
	f.chosenText.SetText("")
	f.addChosen(c)
}

// onMaskSelected adds the text selected in the draft as the kind chosen. A text that occurs
// elsewhere too is masked at every place or at this one, as the reviewer answers.
func (f *redactForm) onMaskSelected() {
	at, why := f.text.selection()
	i := f.chosenKind.SelectedIndex()
	if why != "" {
		f.refuse(why)
		return
	}
	if i < 0 {
		return
	}
	at.Kind = chosenKinds[i]
	if at.Kind == review.MaskName || at.Kind == review.MaskAddress {
		at = trimPunct(f.doc.Parts[at.Part].Text, at)
	}
	c := chosenText{text: f.doc.Parts[at.Part].Text[at.Start:at.End], kind: at.Kind}
	if at.Kind == review.MaskName && strings.ContainsAny(c.text, "\r\n") {
		f.refuse("选中的文字跨了行，不是一个姓名：请只选中一行之内的姓名；要遮盖跨行的文字，请选“" + review.MaskOther.Label() + "”。")
		return
	}
	n := len(f.occurrences(c))
	if n <= 1 {
		c.at = &at
		f.addChosen(c)
		return
	}
	var d *dialog.CustomDialog
	all := widget.NewButton(fmt.Sprintf("全部 %d 处", n), func() { d.Hide(); f.addChosen(c) })
	all.Importance = widget.HighImportance
	one := widget.NewButton("仅选中的这一处", func() { d.Hide(); c.at = &at; f.addChosen(c) })
	say := widget.NewLabel(fmt.Sprintf("“%s”在文件中共有 %d 处。\n全部按“%s”遮盖，还是只遮盖选中的这一处？", c.text, n, c.kind.Label()))
	say.Wrapping = fyne.TextWrapWord
	d = dialog.NewCustomWithoutButtons("遮盖选中的文字", say, f.win)
	d.SetButtons([]fyne.CanvasObject{widget.NewButton("取消", func() { d.Hide() }), one, all})
	d.Resize(fyne.NewSize(560, 200))
	showEscapable(f.win, d) // Escape is 取消
}

// trimPunct leaves the punctuation and spaces at either end of a selection out of it, when
// something is left: a name or an address never begins or ends with a bracket, and a
// full-width bracket's ink stands at one side of its em, so that one selected beside a name
// looks like the gap between them and the name's mask (陈*（) kept it in place of the name's
// last character.
func trimPunct(text string, at review.Selection) review.Selection {
	edge := func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) }
	a, b := at.Start, at.End
	for a < b {
		r, size := utf8.DecodeRuneInString(text[a:b])
		if !edge(r) {
			break
		}
		a += size
	}
	for a < b {
		r, size := utf8.DecodeLastRuneInString(text[a:b])
		if !edge(r) {
			break
		}
		b -= size
	}
	if a < b {
		at.Start, at.End = a, b
	}
	return at
}

// refuse says why the selection is not masked in a dialog over the window, leaving the
// summary (将替换 N 处) as it was.
func (f *redactForm) refuse(why string) {
	showInfo(f.win, "不能遮盖选中的文字", why)
}

// turnPage shows the page delta pages on from the one shown.
func (f *redactForm) turnPage(delta int) {
	f.text.showPage(f.text.page + delta)
	f.pageLabel.SetText(f.text.pageLabel())
	enable(f.prevPage, f.text.page > 0)
	enable(f.nextPage, f.text.page < len(f.text.pages)-1)
}

// addChosen adds c to what is masked and shows the plan with it.
func (f *redactForm) addChosen(c chosenText) {
	f.chosen = append(f.chosen, c)
	f.undo.Enable()
	f.replan()
}

// onUndo takes back the last text added.
func (f *redactForm) onUndo() {
	if len(f.chosen) == 0 {
		return
	}
	f.chosen = f.chosen[:len(f.chosen)-1]
	enable(f.undo, len(f.chosen) > 0)
	f.replan()
}

// occurrences returns every place c's text occurs in the document's parts.
func (f *redactForm) occurrences(c chosenText) []review.Selection {
	var out []review.Selection
	for pi, p := range f.doc.Parts {
		for at := 0; ; {
			i := strings.Index(p.Text[at:], c.text)
			if i < 0 {
				break
			}
			out = append(out, review.Selection{Part: pi, Start: at + i, End: at + i + len(c.text), Kind: c.kind})
			at += i + len(c.text)
		}
	}
	return out
}

// selections returns the places of every text the reviewer added.
func (f *redactForm) selections() []review.Selection {
	var out []review.Selection
	for _, c := range f.chosen {
		if c.at != nil {
			out = append(out, *c.at)
		} else {
			out = append(out, f.occurrences(c)...)
		}
	}
	return out
}

// options returns the 清理 chosen; what is not offered is not done.
func (f *redactForm) options() review.CleanOptions {
	var o review.CleanOptions
	for _, c := range cleanChoices {
		if ch := f.clean[c.label]; ch != nil {
			c.set(&o, ch.Checked)
		}
	}
	return o
}

// onRedact opens 脱敏后通过 for the selected item at 保密审查.
func (q *queueView) onRedact() {
	t := q.task()
	if t == nil || t.Item == nil || !t.Step.MayRedact() {
		return
	}
	it := t.Item
	if q.check == nil || q.check.ItemID != it.ID || q.check.Revision != it.Current().N {
		showError(q.win, userErrorf("正在读取所存文件并审查，请稍候再按“脱敏后通过…”。"))
		return
	}
	masks, err := q.settings.MaskSet()
	if err != nil {
		showError(q.win, err)
		return
	}
	rules, err := q.store.RuleSet()
	if err != nil {
		showError(q.win, err)
		return
	}
	chk := q.check
	page, err := scanPage(q.store, it.Current(), chk.Document)
	if err != nil {
		showError(q.win, err)
		return
	}
	f := newRedactForm(q.win, chk, q.review.dispositionsFor(it.ID), masks, rules, page)
	q.redacting = f
	d := dialog.NewCustomConfirm("脱敏后通过："+it.Title, "生成脱敏稿并通过", "取消", f.content, func(ok bool) {
		if ok {
			q.redact(t, chk, f)
		}
	}, q.win)
	// Sized before it shows, so that it is centred at that size; within the window.
	win := q.win.Canvas().Size()
	d.Resize(fyne.NewSize(min(1000, win.Width-40), min(680, win.Height-40)))
	showEscapable(q.win, d)
	// The draft's text has the keyboard from the start: Shift and the arrows select in it, and
	// the first drag in it draws its selection (a drag does not move the focus by itself).
	q.win.Canvas().Focus(f.text)
}

// scanPage is the page image the 脱敏后通过 dialog shows beside the text of revision cur: an
// image draft's file, or an OFD's first scanned page; nil for any other draft.
func scanPage(store archive.Store, cur archive.Revision, doc *review.Document) (*review.ScanImage, error) {
	ofd := strings.EqualFold(filepath.Ext(cur.Name), ".ofd") && recognised(doc)
	if !imageDraft(cur.Name) && !ofd {
		return nil, nil
	}
	data, err := store.Blob(cur.SHA256)
	if err != nil {
		return nil, err
	}
	if !ofd {
		return &review.ScanImage{Name: cur.Name, Data: data}, nil
	}
	pages, err := review.NewReader().OFDScanImages(context.Background(), data)
	if err != nil || len(pages) == 0 {
		return nil, err
	}
	return &pages[0], nil
}

// redact writes the copy f describes off the UI goroutine and records 脱敏后通过 with it.
func (q *queueView) redact(t *archive.Task, chk *archive.StoredCheck, f *redactForm) {
	if f.err != nil {
		showError(q.win, f.err)
		return
	}
	it := t.Item
	r := archive.Review{Opinion: strings.TrimSpace(q.opinion.Text), Dispositions: q.review.dispositionsFor(it.ID), Step: t.Step, Revision: it.Current().N}
	plan, clean := f.plan, f.options()
	q.notice.SetText("正在生成脱敏稿并复查…")
	q.notice.Show()
	bar := widget.NewProgressBarInfinite()
	progress := dialog.NewCustomWithoutButtons("正在生成脱敏稿并复查…", bar, q.win)
	progress.Show()
	buttons := []*widget.Button{q.approve, q.redactBtn, q.ret}
	for _, b := range buttons {
		b.Disable()
	}
	var red archive.Redaction
	var err error
	offUI(func() {
		red, err = makeRedaction(q.store, it, chk, plan, clean)
		if err == nil {
			err = q.store.DecideRedacted(q.user.Name, it.ID, r, red)
		}
	}, func() {
		bar.Stop()
		progress.Hide()
		for _, b := range buttons {
			b.Enable()
		}
		if err != nil {
			q.notice.Hide()
			showError(q.win, err)
			if errors.Is(err, archive.ErrState) {
				if rerr := q.refresh(); rerr != nil {
					showError(q.win, rerr)
				}
			}
			return
		}
		next, _ := q.store.Item(it.ID)
		q.after(it.ID, fmt.Sprintf("已脱敏后通过“%s”（%s），脱敏稿为第 %d 稿，现%s。", it.Title, doneCount(red.Done), next.Current().N, next.State.Label()))
	})
}

// makeRedaction writes the publishable copy of the item's current revision with plan and
// clean, in a folder of its own that is removed afterwards, and says what was done. txt, docx
// and xlsx are written in their own format, xls, et and ods as xlsx, ofd masked and drawn as a
// PDF (review.Redact); pdf, doc and wps as a PDF
// whose pages with a masked value are images with the value painted out, and an image file as
// a PDF of its pixels with the values painted out (review.RedactPDF).
func makeRedaction(store archive.Store, it *archive.Item, chk *archive.StoredCheck, plan *review.Plan, clean review.CleanOptions) (archive.Redaction, error) {
	cur := it.Current()
	data, err := store.Blob(cur.SHA256)
	if err != nil {
		return archive.Redaction{}, err
	}
	dir, err := os.MkdirTemp("", "shendang-redact-")
	if err != nil {
		return archive.Redaction{}, err
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, filepath.Base(cur.Name))
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return archive.Redaction{}, err
	}
	for _, sub := range []string{"copy", "out"} {
		if err := os.Mkdir(filepath.Join(dir, sub), 0o700); err != nil {
			return archive.Redaction{}, err
		}
	}
	stem := strings.TrimSuffix(filepath.Base(cur.Name), filepath.Ext(cur.Name)) + "（脱敏稿）"
	rules, err := store.RuleSet()
	if err != nil {
		return archive.Redaction{}, err
	}
	r := review.NewReader()
	if redactsToPDF(cur.Name) {
		out := filepath.Join(dir, "out", stem+".pdf")
		rep, err := review.RedactPDF(context.Background(), in, out, pdfTargets(chk.Document, plan), review.PDFOptions{
			Clean: clean.Comments, Font: assets.FormFont(), Paint: assets.UIFont(), Reader: r})
		if err != nil {
			return archive.Redaction{}, err
		}
		masked, _ := plan.Split(chk.Document, clean)
		return redactionOf(out, masked, rep.Removed, withScanNote(chk.Document, pdfNote(rep)))
	}
	from, err := r.RedactableCopy(context.Background(), in, filepath.Join(dir, "copy"))
	if err != nil {
		return archive.Redaction{}, err
	}
	out := filepath.Join(dir, "out", stem+copyExt(from)) // an xls, et or ods list is published as an xlsx, an OFD as a PDF
	rep, err := r.Redact(context.Background(), from, plan, review.RedactOptions{Clean: clean, Rules: rules, Paint: assets.UIFont(), Font: assets.FormFont()}, out)
	if err != nil {
		return archive.Redaction{}, err
	}
	return redactionOf(out, rep.Masked, rep.Removed, withScanNote(chk.Document, notesLine(rep.Notes)))
}

// copyExt is the extension of the 脱敏稿 Redact makes of the file at path: .pdf for an OFD,
// the file's own otherwise.
func copyExt(path string) string {
	ext := filepath.Ext(path)
	if f := review.Format(strings.ToLower(strings.TrimPrefix(ext, "."))); f == review.FormatOFD {
		return "." + string(review.CopyFormat(f))
	}
	return ext
}

// notesLine is the report's notes as one sentence of the record, or "".
func notesLine(notes []string) string {
	if len(notes) == 0 {
		return ""
	}
	return strings.Join(notes, "；") + "。"
}

// scanNote is what the record says of a 脱敏稿 whose text was recognised from a scan: its text
// layer is what OCR read, the values replaced, and may hold a misread name that the image
// still shows; the dialog showed the page beside the text and told the reviewer to check the
// names against it.
const scanNote = "扫描页的文字层是文字识别的结果（号码已替换），可能有识别错误；姓名等以图像为准，已提示审查人对照原件核对。"

// withScanNote is note with scanNote after it when some of doc's text was recognised.
func withScanNote(doc *review.Document, note string) string {
	if !recognised(doc) {
		return note
	}
	return note + scanNote
}

// redactionOf is the 脱敏稿 written at path with what was done.
func redactionOf(path string, masked []review.PreviewItem, removed []string, note string) (archive.Redaction, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return archive.Redaction{}, err
	}
	return archive.Redaction{File: archive.SourceFile{Name: filepath.Base(path), Data: data}, Done: redactionLines(masked, removed), Note: note}, nil
}

// redactsToPDF reports whether the 脱敏稿 of a draft named name is a PDF: a PDF's, a Word or
// WPS file's read through LibreOffice, and an image file's (a scan or a photo of a list, whose
// IDs are located by OCR and painted out of its pixels).
func redactsToPDF(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".pdf", ".doc", ".wps":
		return true
	}
	return imageDraft(name)
}

// imageDraft reports whether a draft named name is an image file.
func imageDraft(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp":
		return true
	}
	return false
}

// pdfTargets are the plan's replacements as RedactPDF takes them: the text found on each page
// and what it becomes. Text outside the pages (comments, form fields, properties) is not a
// target: RedactPDF's clean and its copy of the pages only leave it out.
func pdfTargets(doc *review.Document, plan *review.Plan) []review.PDFTarget {
	var out []review.PDFTarget
	for _, pp := range plan.Parts {
		part := doc.Parts[pp.Index]
		if part.Page == 0 || (part.Kind != review.PartBody && part.Kind != review.PartHeader && part.Kind != review.PartFooter) {
			continue
		}
		for _, r := range pp.Replacements {
			t := review.PDFTarget{Page: part.Page, Text: r.Original, Replacement: r.Masked}
			if slices.Contains(chosenKinds, r.Kind) { // selected: at this place only
				t.Occurrence = occurrenceOnPage(doc, pp.Index, r.Start, r.Original)
			}
			out = append(out, t)
		}
	}
	return out
}

// occurrenceOnPage returns which occurrence of text, counted from 1, the one at byte start of
// part i is on its page, or 0 (every occurrence) when another part of the page holds the text
// too, as the order of the page's parts in the document need not be the page's reading order.
func occurrenceOnPage(doc *review.Document, i, start int, text string) int {
	for k, p := range doc.Parts {
		if k != i && p.Page == doc.Parts[i].Page && strings.Contains(p.Text, text) {
			return 0
		}
	}
	return strings.Count(doc.Parts[i].Text[:start], text) + 1
}

// pdfNote says which pages of the PDF 脱敏稿 were made images, for the record.
func pdfNote(rep review.PDFReport) string {
	var pages []string
	layer, ocr := true, false
	for _, p := range rep.Pages {
		if p.Rasterised {
			pages = append(pages, fmt.Sprint(p.Page))
			layer, ocr = layer && p.TextLayer, ocr || p.OCR
		}
	}
	image := imageDraft("." + string(rep.Converted))
	if len(pages) == 0 {
		return ""
	}
	note := "第 " + strings.Join(pages, "、") + " 页转为图像后遮盖"
	if ocr {
		note += "（遮盖位置由文字识别定出）"
	}
	if layer {
		note += "，保留了其余文字的文字层"
	}
	switch {
	case image:
		note = "由 " + string(rep.Converted) + " 图像转为 PDF；" + note
	case rep.Converted != "":
		note = "由 " + string(rep.Converted) + " 转为 PDF；" + note
	}
	return note + "。"
}

// redactionLines says what was done, by kind with its count and where, never a masked value:
// 身份证号 1 处（第2行）; then each thing 清理 removed.
func redactionLines(masked []review.PreviewItem, removed []string) []archive.RedactionLine {
	var lines []archive.RedactionLine
	at := map[string]int{}
	for _, m := range masked {
		i, ok := at[m.Kind]
		if !ok {
			i = len(lines)
			at[m.Kind] = i
			lines = append(lines, archive.RedactionLine{What: m.Kind + "（脱敏）"})
		}
		l := &lines[i]
		l.Count++
		switch {
		case l.Count <= maxPlaces:
			l.Where = strings.TrimPrefix(l.Where+"、"+m.Where, "、")
		case l.Count == maxPlaces+1:
			l.Where += "等"
		}
	}
	for _, r := range removed {
		lines = append(lines, archive.RedactionLine{What: "清理：" + r})
	}
	if len(lines) == 0 {
		lines = append(lines, archive.RedactionLine{What: "清理：没有需要删除的内容"})
	}
	return lines
}

// doneCount says in a few words how much was done: 脱敏 7 处，清理 2 项.
func doneCount(lines []archive.RedactionLine) string {
	masked, cleaned := 0, 0
	for _, l := range lines {
		if strings.HasPrefix(l.What, "清理：") {
			cleaned++
		} else {
			masked += l.Count
		}
	}
	if cleaned == 0 {
		return fmt.Sprintf("脱敏 %d 处", masked)
	}
	return fmt.Sprintf("脱敏 %d 处，清理 %d 项", masked, cleaned)
}

// maxPlaces is how many places a line of the record names before it says 等.
const maxPlaces = 6
