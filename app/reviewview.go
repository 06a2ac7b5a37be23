package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/review"
)

// reviewView is the 审查 screen: a draft's text part by part with every finding highlighted in
// place, the findings list, and the reviewer's decision on each finding, with the verdict
// recomputed as they go.
type reviewView struct {
	win    fyne.Window
	rules  *review.RuleSet
	reader *review.Reader
	store  archive.Store // set once a user signs in
	user   *archive.User

	open       *widget.Button
	proposeBtn *widget.Button // 提出, for drafters
	busy       *widget.ProgressBarInfinite
	file       *widget.Label
	verdict    *widget.Label
	parts      *fyne.Container // one labelled RichText per part
	scroll     *container.Scroll
	findings   *widget.List
	reason     *widget.Entry
	dismiss    *widget.Button
	confirm    *widget.Button
	content    fyne.CanvasObject
	toolbar    *fyne.Container // re-laid out when the verdict text changes width

	doc      *review.Document
	data     []byte        // the draft's file, for 提出
	proposed *archive.Item // the item 提出 made of it
	found    []review.Finding
	disp     map[string]review.Disposition
	known    map[string]bool // fingerprints of the last 保密审查; nil when there was none
	selected int
	partAt   []fyne.CanvasObject // the widget of each part, to scroll to
}

func newReviewView(win fyne.Window, rules *review.RuleSet) *reviewView {
	v := &reviewView{win: win, rules: rules, reader: review.NewReader(), disp: map[string]review.Disposition{}, selected: -1}
	v.buildUI()
	return v
}

func (v *reviewView) buildUI() {
	v.open = widget.NewButtonWithIcon("导入文件…", theme.FolderOpenIcon(), v.onOpen)
	v.proposeBtn = widget.NewButtonWithIcon("提出公开…", theme.MailSendIcon(), v.onPropose)
	v.proposeBtn.Disable()
	v.busy = widget.NewProgressBarInfinite()
	v.busy.Hide()
	v.file = widget.NewLabel("尚未导入拟公开文件（Ctrl+O）")
	v.verdict = widget.NewLabel("")
	v.verdict.TextStyle.Bold = true
	v.parts = container.NewVBox()
	v.scroll = container.NewVScroll(v.parts)
	v.findings = widget.NewList(func() int { return len(v.found) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(v.findingLine(i)) })
	v.findings.OnSelected = v.onSelect
	v.reason = widget.NewEntry()
	v.reason.SetPlaceHolder("误报理由（必填）")
	v.reason.OnSubmitted = func(string) { v.onDismiss() }
	v.dismiss = widget.NewButton("误报", v.onDismiss)
	v.confirm = widget.NewButton("确认", v.onConfirm)
	v.dismiss.Disable()
	v.confirm.Disable()

	v.toolbar = container.NewBorder(nil, nil, container.NewHBox(v.open, v.proposeBtn), v.verdict, container.NewVBox(v.file, v.busy))
	decide := container.NewBorder(nil, nil, nil, container.NewHBox(v.dismiss, v.confirm), v.reason)
	side := container.NewBorder(widget.NewLabel("发现的问题"), decide, nil, nil, v.findings)
	split := container.NewHSplit(v.scroll, side)
	split.Offset = 0.6
	v.content = container.NewBorder(v.toolbar, nil, nil, nil, split)
}

// onOpen asks for a draft.
func (v *reviewView) onOpen() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		v.load(path)
	}, v.win)
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}

// load reads and checks the draft at path off the UI goroutine; the window stays responsive,
// even for a 200-page PDF.
func (v *reviewView) load(path string) {
	v.read(path, func() (*review.Document, error) {
		doc, err := v.reader.Read(context.Background(), path)
		if err == nil {
			v.data, err = os.ReadFile(path)
		}
		return doc, err
	})
}

// loadBytes reads and checks a draft already in memory (the bundled samples).
func (v *reviewView) loadBytes(name string, data []byte) {
	v.read(name, func() (*review.Document, error) {
		v.data = data
		return v.reader.ReadBytes(context.Background(), name, data)
	})
}

func (v *reviewView) read(path string, readDoc func() (*review.Document, error)) {
	v.open.Disable()
	v.busy.Show()
	v.busy.Start()
	v.file.SetText("正在读取并审查 " + path + " …")
	var doc *review.Document
	var found []review.Finding
	var err error
	offUI(func() {
		doc, err = readDoc()
		if err == nil {
			found = v.rules.Check(doc)
		}
	}, func() {
		v.busy.Stop()
		v.busy.Hide()
		v.open.Enable()
		if err != nil {
			v.file.SetText("尚未导入拟公开文件（Ctrl+O）")
			dialog.ShowError(errorText(err), v.win)
			return
		}
		v.show(doc, found)
	})
}

// show puts a checked document on screen. Dispositions already given carry over by fingerprint.
func (v *reviewView) show(doc *review.Document, found []review.Finding) {
	v.doc, v.found, v.selected, v.proposed = doc, found, -1, nil
	if v.user != nil && v.user.Has(archive.RoleDrafter) && v.store != nil {
		v.proposeBtn.Enable()
	} else {
		v.proposeBtn.Disable()
	}
	pages := ""
	if doc.Pages > 0 {
		pages = fmt.Sprintf("，%d 页", doc.Pages)
	}
	v.file.SetText(fmt.Sprintf("%s（%s%s，规则版本 %s）", doc.Name, doc.Format, pages, v.rules.Version))
	v.parts.RemoveAll()
	v.partAt = make([]fyne.CanvasObject, len(doc.Parts))
	for i := range doc.Parts {
		p := &doc.Parts[i]
		text := widget.NewRichText(v.segments(i, p)...)
		text.Wrapping = fyne.TextWrapWord
		card := container.NewVBox(widget.NewLabelWithStyle(partTitle(p), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), text)
		v.partAt[i] = card
		v.parts.Add(card)
	}
	v.findings.UnselectAll()
	v.findings.Refresh()
	v.dismiss.Disable()
	v.confirm.Disable()
	v.updateVerdict()
}

// partTitle labels a part for the reviewer: 正文 第2页, 批注（张三）, 修订（已删除） …
func partTitle(p *review.Part) string {
	t := "【" + p.Kind.Label()
	if p.Label != "" {
		t += " · " + p.Label
	}
	if p.Page > 0 {
		t += fmt.Sprintf(" · 第%d页", p.Page)
	}
	return t + "】"
}

// segments is part i's text with each finding in it highlighted: red for block, amber for warn.
func (v *reviewView) segments(i int, p *review.Part) []widget.RichTextSegment {
	var segs []widget.RichTextSegment
	at := 0
	for _, f := range v.found {
		if f.PartIndex != i || f.Match == "" || f.Offset < at || f.Offset+len(f.Match) > len(p.Text) {
			continue
		}
		if f.Offset > at {
			segs = append(segs, &widget.TextSegment{Text: p.Text[at:f.Offset], Style: widget.RichTextStyleInline})
		}
		style := widget.RichTextStyleStrong
		style.ColorName = theme.ColorNameWarning
		if f.Severity == review.Block {
			style.ColorName = theme.ColorNameError
		}
		segs = append(segs, &widget.TextSegment{Text: p.Text[f.Offset : f.Offset+len(f.Match)], Style: style})
		at = f.Offset + len(f.Match)
	}
	if at < len(p.Text) {
		segs = append(segs, &widget.TextSegment{Text: p.Text[at:], Style: widget.RichTextStyleInline})
	}
	return segs
}

// findingLine is one row of the findings list.
func (v *reviewView) findingLine(i int) string {
	f := v.found[i]
	where := f.Part.Label()
	if f.Page > 0 {
		where += fmt.Sprintf(" 第%d页", f.Page)
	}
	if f.Line > 0 {
		where += fmt.Sprintf(" 第%d行", f.Line)
	}
	state := ""
	if d, ok := v.disp[f.Fingerprint]; ok {
		state = " ✓" + d.Kind.Label()
	}
	if v.known != nil && !v.known[f.Fingerprint] {
		state += " 【新】" // not in the check the last 保密审查 saw: new in this revision
	}
	match := strings.Join(strings.Fields(f.Match), " ")
	if match == "" {
		match = f.Context
	}
	return fmt.Sprintf("[%s] %s “%s” %s%s", f.Severity.Label(), f.Category.Label(), match, where, state)
}

// onSelect shows where a finding is and readies the decision on it.
func (v *reviewView) onSelect(i widget.ListItemID) {
	v.selected = i
	f := v.found[i]
	v.reason.SetText(v.disp[f.Fingerprint].Reason)
	v.dismiss.Enable()
	v.confirm.Enable()
	if f.PartIndex < len(v.partAt) {
		v.scroll.ScrollToOffset(fyne.NewPos(0, v.partAt[f.PartIndex].Position().Y))
	}
}

// step selects the next (delta 1) or previous (delta -1) finding, wrapping round: F3 and
// Shift+F3.
func (v *reviewView) step(delta int) {
	if len(v.found) == 0 {
		return
	}
	i := v.selected + delta
	if v.selected < 0 && delta < 0 {
		i = len(v.found) - 1
	}
	v.findings.Select((i + len(v.found)) % len(v.found))
}

// onDismiss marks the selected finding 误报; a reason is required.
func (v *reviewView) onDismiss() {
	v.decide(review.Disposition{Kind: review.Dismissed, Reason: strings.TrimSpace(v.reason.Text)})
}

// onConfirm marks the selected finding 确认.
func (v *reviewView) onConfirm() {
	v.decide(review.Disposition{Kind: review.Confirmed, Reason: strings.TrimSpace(v.reason.Text)})
}

func (v *reviewView) decide(d review.Disposition) {
	if v.selected < 0 || v.selected >= len(v.found) {
		return
	}
	if err := d.Validate(); err != nil {
		dialog.ShowInformation("需要理由", "标为误报时，请写明理由（例如：本局对外公开的监督电话）。", v.win)
		return
	}
	v.disp[v.found[v.selected].Fingerprint] = d
	v.findings.RefreshItem(v.selected)
	v.updateVerdict()
}

// updateVerdict recomputes the verdict from the findings and the decisions given so far.
func (v *reviewView) updateVerdict() {
	if v.doc == nil {
		v.verdict.SetText("")
		v.toolbar.Refresh()
		return
	}
	block, warn := 0, 0
	for _, f := range v.found {
		if f.Severity == review.Block {
			block++
		} else {
			warn++
		}
	}
	verdict := review.Decide(v.found, v.disp)
	v.verdict.SetText(fmt.Sprintf("结论：%s（拦截 %d，提示 %d，已处理 %d）", verdict.Label(), block, warn, len(v.disp)))
	switch verdict {
	case review.VerdictBlock:
		v.verdict.Importance = widget.DangerImportance
	case review.VerdictWarn:
		v.verdict.Importance = widget.WarningImportance
	default:
		v.verdict.Importance = widget.SuccessImportance
	}
	v.toolbar.Refresh()
}

// errorText is err as the user reads it, for a dialog.
func errorText(err error) error { return errors.New(userMessage(err)) }
