package main

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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
	openDir    *widget.Button // imports every draft in a folder, as a batch
	proposeBtn *widget.Button // 提出, for drafters
	proposing  *proposeForm   // the 提出 form last opened
	busy       *widget.ProgressBarInfinite
	file       *widget.Label
	verdict    *widget.Label
	parts      *fyne.Container // one labelled RichText per part
	scroll     *container.Scroll
	findings   *widget.Tree // grouped by severity and category
	reason     *shortcutEntry
	dismiss    *widget.Button
	confirm    *widget.Button
	allow      *widget.Button // adds the phrase round the finding to the office's allow-list
	chosen     *widget.Label  // the finding selected, whole: a long one is cut short in the list
	find       *findBar
	textPane   *fyne.Container // the find bar over the text: laid out again when the bar shows
	content    fyne.CanvasObject
	toolbar    *fyne.Container // re-laid out when the verdict text changes width

	chooser  *fileChooser // the file chooser last opened here (or by 待办 for a revision)
	doc      *review.Document
	data     []byte        // the draft's file, for 提出
	proposed *archive.Item // the item 提出 made of it
	// item is the item opened from 待办, whose stored revision is on screen; nil for a draft
	// imported here.
	item *archive.Item
	// revising is the returned item the draft on screen is a revision of; 重新提出 adds it as
	// the item's next revision, and onRevised follows.
	revising  *archive.Item
	onRevised func()
	// onProposed is told of each item 提出 or 重新提出 sent on from here; optional.
	onProposed func(*archive.Item)
	// onRead is told when another draft is read and shown here; optional.
	onRead func()
	// mayDispose says the person may mark findings here: on a draft of their own, and at the
	// 保密审查 of an item opened from their 待办.
	mayDispose bool
	found      []review.Finding
	groups     []findingGroup
	order      []int // the findings in the list's order, for F3
	disp       map[string]review.Disposition
	known      map[string]bool // fingerprints of the last 保密审查; nil when there was none
	selected   int
	partAt     []fyne.CanvasObject // the widget of each part, to scroll to
	texts      []*cjkText          // the text of each part
	hits       []hit               // occurrences of the text searched with Ctrl+F
	hit        int                 // the current one, or -1

	// onRulesChanged is called after the office's lists change from here; optional.
	onRulesChanged func(*review.RuleSet)
}

func newReviewView(win fyne.Window, rules *review.RuleSet) *reviewView {
	v := &reviewView{win: win, rules: rules, reader: review.NewReader(), disp: map[string]review.Disposition{}, selected: -1}
	v.buildUI()
	return v
}

func (v *reviewView) buildUI() {
	v.open = widget.NewButtonWithIcon("导入文件…", theme.FileIcon(), v.onOpen)
	v.openDir = widget.NewButtonWithIcon("导入文件夹…", theme.FolderOpenIcon(), v.onOpenFolder)
	v.proposeBtn = widget.NewButtonWithIcon("提出公开…", theme.MailSendIcon(), v.onPropose)
	v.proposeBtn.Disable()
	v.busy = widget.NewProgressBarInfinite()
	v.busy.Hide()
	v.file = widget.NewLabel("尚未导入拟公开文件（Ctrl+O）")
	v.file.Truncation = fyne.TextTruncateEllipsis
	v.verdict = widget.NewLabel("")
	v.verdict.TextStyle.Bold = true
	v.verdict.Alignment = fyne.TextAlignTrailing
	v.parts = container.NewVBox()
	v.scroll = container.NewVScroll(v.parts)
	v.findings = v.newFindingsTree()
	v.reason = newShortcutEntry(dismissShortcut, v.onDismiss) // Ctrl+Enter while typing the reason
	v.reason.SetPlaceHolder("误报理由（必填）")
	v.reason.OnSubmitted = func(string) { v.onDismiss() }
	v.dismiss = widget.NewButton("误报", v.onDismiss)
	v.confirm = widget.NewButton("确认", v.onConfirm)
	v.allow = widget.NewButtonWithIcon("加入豁免词…", theme.ContentAddIcon(), v.onAllow)
	v.dismiss.Disable()
	v.confirm.Disable()
	v.allow.Disable()
	v.find = v.newFindBar()

	v.toolbar = container.NewBorder(nil, nil, container.NewHBox(v.open, v.openDir, v.proposeBtn), v.verdict, container.NewVBox(v.file, v.busy))
	v.chosen = widget.NewLabel("")
	v.chosen.Wrapping = fyne.TextWrapWord
	chosen := container.NewVScroll(v.chosen) // a place kept for it: the list does not move as it fills
	chosen.SetMinSize(fyne.NewSize(0, problemsHeight()*3/4))
	decide := container.NewVBox(chosen, v.reason, container.NewHBox(v.dismiss, v.confirm, v.allow))
	side := container.NewBorder(widget.NewLabel("发现的问题（F3 下一处）"), decide, nil, nil, v.findings)
	v.textPane = container.NewBorder(v.find.box, nil, nil, nil, v.scroll)
	split := container.NewHSplit(v.textPane, side)
	split.Offset = 0.6
	v.content = container.NewBorder(v.toolbar, nil, nil, nil, split)
}

// showHeader names what is on screen: the file, or the item from 待办 and its step.
func (v *reviewView) showHeader() {
	doc := v.doc
	if doc == nil {
		return
	}
	pages := ""
	if doc.Pages > 0 {
		pages = fmt.Sprintf("，%d 页", doc.Pages)
	}
	text := fmt.Sprintf("%s（%s%s，规则版本 %s）", doc.Name, doc.Format, pages, v.rules.Version)
	switch {
	case v.item != nil:
		// The title last: a long one is what the line's end cuts, not “只读”.
		mode := ""
		if !v.mayDispose {
			mode = "（只读）"
		}
		text = fmt.Sprintf("待办%s · %s · 第 %d 稿：%s（规则版本 %s）", mode, v.item.State.Label(), v.item.Current().N, v.item.Title, v.rules.Version)
	case v.revising != nil:
		text = "修改稿：" + v.revising.Title + " · " + text
	case v.proposed != nil:
		text += " · 已提出，待初审"
	}
	v.file.SetText(text)
}

// updateButtons enables what the person may do with what is on screen.
func (v *reviewView) updateButtons() {
	switch {
	case v.revising != nil:
		v.proposeBtn.SetText("重新提出…")
	default:
		v.proposeBtn.SetText("提出公开…")
	}
	canPropose := v.doc != nil && v.item == nil && v.proposed == nil && v.user.MayPropose() && v.store != nil
	enable(v.proposeBtn, canPropose)
	sel := v.selected >= 0 && v.selected < len(v.found)
	enable(v.dismiss, sel && v.mayDispose)
	enable(v.confirm, sel && v.mayDispose)
	enable(v.reason, v.mayDispose)
	if v.mayDispose {
		v.reason.SetPlaceHolder("误报理由（必填）")
	} else {
		v.reason.SetPlaceHolder("误报、确认由公开办在保密审查时逐项办理")
	}
	enable(v.allow, sel && archive.Allowable(v.found[max(v.selected, 0)]) && v.user.MayEditRules() && v.store != nil)
}

// show puts a checked document on screen. Dispositions already given carry over by fingerprint.
func (v *reviewView) show(doc *review.Document, found []review.Finding) {
	v.doc, v.found, v.selected, v.proposed = doc, found, -1, nil
	v.groups = groupFindings(found)
	v.chosen.SetText("")
	v.order = v.order[:0]
	for _, g := range v.groups {
		v.order = append(v.order, g.members...)
	}
	v.hits, v.hit = findAll(doc, v.find.entry.Text), -1
	v.showHeader()
	v.parts.RemoveAll()
	v.scroll.ScrollToTop() // a new document starts at its first line
	v.partAt = make([]fyne.CanvasObject, len(doc.Parts))
	v.texts = make([]*cjkText, len(doc.Parts))
	for i := range doc.Parts {
		p := &doc.Parts[i]
		text := newCJKText(v.segments(i))
		card := container.NewVBox(newHeading(partTitle(p)), text)
		v.partAt[i], v.texts[i] = card, text
		v.parts.Add(card)
	}
	v.findings.UnselectAll()
	v.findings.Refresh()
	v.findings.OpenAllBranches()
	v.updateButtons()
	v.updateVerdict()
}

// partTitle labels a part for the reviewer: 正文 第2页, 批注（张三）, 修订（已删除）, text recognised
// from a scan with its confidence …; a part of an embedded object names it first: 嵌入对象 Microsoft_Excel_Worksheet.xlsx › 正文 · 补贴名单.
func partTitle(p *review.Part) string {
	t := "【" + p.Kind.Label()
	if p.Embedded != "" {
		t = "【嵌入对象 " + p.Embedded + " › " + p.Kind.Label()
	}
	if p.Label != "" {
		t += " · " + p.Label
	}
	if p.OCR != nil {
		t += fmt.Sprintf("（置信度 %d%%，请对照原件核对）", p.OCR.Confidence)
	}
	if p.Page > 0 {
		t += fmt.Sprintf(" · 第%d页", p.Page)
	}
	return t + "】"
}

// segments is part i's text with each finding in it highlighted (red for block, amber for
// warn, the selected one underlined) and the occurrences of the text searched for.
func (v *reviewView) segments(i int) []widget.RichTextSegment {
	var spans []span
	for k, f := range v.found {
		if f.PartIndex != i || f.Match == "" {
			continue
		}
		kind := spanWarn
		if f.Severity == review.Block {
			kind = spanBlock
		}
		spans = append(spans, span{f.Offset, f.Offset + len(f.Match), kind})
		if k == v.selected {
			spans = append(spans, span{f.Offset, f.Offset + len(f.Match), spanSelected})
		}
	}
	for k, h := range v.hits {
		if h.part == i {
			spans = append(spans, span{h.at, h.at + h.n, spanHit})
			if k == v.hit {
				spans = append(spans, span{h.at, h.at + h.n, spanCurrent})
			}
		}
	}
	return styledSegments(v.doc.Parts[i].Text, spans)
}

// renderPart redraws part i's text after its highlights changed.
func (v *reviewView) renderPart(i int) {
	if i < 0 || i >= len(v.texts) {
		return
	}
	v.texts[i].setSegments(v.segments(i))
}

// scrollTo scrolls the text so that byte offset at of part i is in the upper third of the view.
// The line is estimated from the offset's share of the part's text: exact enough to land on
// the finding's paragraph, without laying the text out twice.
func (v *reviewView) scrollTo(i, at int) {
	if i < 0 || i >= len(v.partAt) {
		return
	}
	text := v.texts[i]
	y := v.partAt[i].Position().Y + text.Position().Y
	if n := len(v.doc.Parts[i].Text); n > 0 {
		y += text.Size().Height * float32(at) / float32(n)
	}
	v.scroll.ScrollToOffset(fyne.NewPos(0, max(0, y-v.scroll.Size().Height/3)))
}

// onSelect shows where finding i is, underlined in the text, and readies the decision on it.
func (v *reviewView) onSelect(i int) {
	if i < 0 || i >= len(v.found) {
		return
	}
	prev := v.selected
	v.selected = i
	f := v.found[i]
	v.chosen.SetText(f.Category.Label() + "：" + strings.ReplaceAll(v.findingLine(i), "\n", "　"))
	v.reason.SetText(v.disp[f.Fingerprint].Reason)
	v.updateButtons()
	if prev >= 0 && prev < len(v.found) && v.found[prev].PartIndex != f.PartIndex {
		v.renderPart(v.found[prev].PartIndex)
	}
	v.renderPart(f.PartIndex)
	v.scrollTo(f.PartIndex, f.Offset)
}

// selectFinding selects finding i in the list, which shows it in the text.
func (v *reviewView) selectFinding(i int) {
	if i == v.selected {
		v.onSelect(i) // the tree does not report a row selected again
	}
	v.findings.Select(findingUID(i))
	v.findings.ScrollTo(findingUID(i))
}

// step selects the next (delta 1) or previous (delta -1) finding in the list's order, wrapping
// round: F3 and Shift+F3.
func (v *reviewView) step(delta int) {
	if len(v.order) == 0 {
		return
	}
	pos := -1
	for k, i := range v.order {
		if i == v.selected {
			pos = k
		}
	}
	next := pos + delta
	if pos < 0 && delta < 0 {
		next = len(v.order) - 1
	}
	v.selectFinding(v.order[(next+len(v.order))%len(v.order)])
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
	if v.selected < 0 || v.selected >= len(v.found) || !v.mayDispose {
		return
	}
	if err := d.Validate(); err != nil {
		showInfo(v.win, "需要理由", "标为误报时，请写明理由（例如：本局对外公开的监督电话）。")
		return
	}
	v.disp[v.found[v.selected].Fingerprint] = d
	v.reason.SetText("")
	v.findings.Refresh() // the row and its group's count of handled findings
	v.updateVerdict()
}

// updateVerdict recomputes the verdict from the findings and the decisions given so far.
func (v *reviewView) updateVerdict() {
	if v.doc == nil {
		v.verdict.SetText("")
		return
	}
	v.verdict.SetText(strings.TrimPrefix(verdictLine(v.found, v.disp), "审查"))
	v.verdict.Importance = verdictImportance(review.Decide(v.found, v.disp))
	v.verdict.Refresh()
}
