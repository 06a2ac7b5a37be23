package main

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/review"
)

// proposeForm is step 1 (提出) of the draft on screen: its particulars, prefilled from the
// document where it says them, the disclosure attribute and channels, and the drafter's
// preliminary opinion.
type proposeForm struct {
	title, docNumber, author, date *widget.Entry
	opinion                        *linesEntry
	// policyDate is the issue date of the policy a 政策解读 interprets, its time limit's start:
	// it follows 成文日期 until the drafter types another date.
	policyDate    *widget.Entry
	policyFollows bool
	// policy is the policy item the 解读 is linked to, nil for none; while linked, the store
	// takes the date from it and policyDate shows it, read-only.
	policy      *archive.PolicyLink
	policyLabel *widget.Label
	// categoryBefore is the category linking a policy replaced with 政策解读, given back when
	// the link is cancelled while the category is still the one linking chose.
	categoryBefore, categoryLinked string
	pickPolicy, unlinkPolicy       *widget.Button
	picker                         *policyPicker // the picker last opened, while shown
	win                            fyne.Window
	find                           func(text string, limit int) ([]archive.Item, error)
	division, disclosure, category *widget.Select
	channels                       *widget.CheckGroup
	form                           *widget.Form
}

// newProposeForm is the 提出 form for doc; find looks up the policy items a 解读 may link to,
// in a picker over win.
func newProposeForm(doc *review.Document, st archive.Settings, user *archive.User, win fyne.Window, find func(string, int) ([]archive.Item, error)) *proposeForm {
	d := archive.DraftFrom(review.GuessParticulars(doc), st, user, doc.Name, time.Now())
	f := &proposeForm{win: win, find: find}
	// A title taken from the file's properties goes to 审核, 公开 and the archive as the item's
	// title: an identifier in it is masked as the office masks the file's, and the form says so.
	masks, _ := st.MaskSet() // a damaged setting masks with the shipped profiles
	masked := 0
	d.Title, masked = review.MaskIdentifiers(d.Title, masks)
	f.title = widget.NewEntry()
	f.title.SetText(d.Title)
	f.docNumber = widget.NewEntry()
	f.docNumber.SetText(d.DocNumber)
	f.author = widget.NewEntry()
	f.author.SetText(d.Author)
	f.date = widget.NewEntry()
	f.date.SetPlaceHolder(datePlaceHolder)
	f.date.SetText(d.DocDate)
	f.policyDate = widget.NewEntry()
	f.policyDate.SetPlaceHolder(datePlaceHolder)
	f.policyDate.SetText(d.DocDate)
	f.policyFollows = true
	f.policyDate.OnChanged = func(s string) { f.policyFollows = s == f.date.Text }
	f.date.OnChanged = func(s string) {
		if f.policyFollows && f.policy == nil {
			f.policyDate.SetText(s)
		}
	}
	var divisions []string
	for _, d := range st.Divisions {
		divisions = append(divisions, d.Code+" "+d.Name)
	}
	f.division = newSelect(divisions, nil)
	for _, dv := range divisions {
		if code, _, _ := strings.Cut(dv, " "); code == d.Division {
			f.division.SetSelected(dv)
		}
	}
	f.disclosure = newSelect([]string{string(archive.Proactive), string(archive.OnRequest), string(archive.NotDisclose)}, nil)
	f.disclosure.SetSelected(string(d.Disclosure))
	f.channels = widget.NewCheckGroup(archive.Channels, nil)
	f.channels.Horizontal = true
	f.channels.SetSelected(d.Channels)
	f.category = newSelect(st.Categories(), nil)
	f.opinion = newLinesEntry()
	f.opinion.SetPlaceHolder("初步公开意见，例：建议主动公开")
	policy := widget.NewFormItem("政策印发日期", f.policyDate)
	policy.HintText = "政策解读自所解读政策印发之日起 3 个工作日内公开；默认同成文日期"
	f.policyLabel = widget.NewLabel("未关联")
	f.policyLabel.Wrapping = fyne.TextWrapWord
	f.pickPolicy = widget.NewButton("选择…", f.onPickPolicy)
	f.unlinkPolicy = widget.NewButton("取消关联", func() { f.link(nil) })
	f.unlinkPolicy.Hide()
	linked := widget.NewFormItem("所解读政策", container.NewBorder(nil, nil, nil, container.NewHBox(f.pickPolicy, f.unlinkPolicy), f.policyLabel))
	linked.HintText = "政策文件已在审档中的，可选择它：期限自其成文日期起算"
	title := widget.NewFormItem("题名", f.title)
	if masked > 0 {
		title.HintText = fmt.Sprintf("文件属性中的标题含号码 %d 处，已按本单位的脱敏方式替换；请核对题名", masked)
	}
	f.form = widget.NewForm(
		title, widget.NewFormItem("文号", f.docNumber),
		widget.NewFormItem("责任者", f.author), widget.NewFormItem("成文日期", f.date),
		widget.NewFormItem("拟稿处室", f.division), widget.NewFormItem("公开属性", f.disclosure),
		widget.NewFormItem("公开方式", f.channels), widget.NewFormItem("主动公开目录", f.category),
		linked, policy, widget.NewFormItem("初步公开意见", f.opinion),
	)
	return f
}

// draft is what the form says; the store validates it.
func (f *proposeForm) draft() archive.Draft {
	code, _, _ := strings.Cut(f.division.Selected, " ")
	d := archive.Draft{Title: strings.TrimSpace(f.title.Text), DocNumber: strings.TrimSpace(f.docNumber.Text),
		Author: strings.TrimSpace(f.author.Text), Division: code, DocDate: strings.TrimSpace(f.date.Text),
		Disclosure: archive.Disclosure(f.disclosure.Selected), Channels: f.channels.Selected, Category: f.category.Selected}
	if p := strings.TrimSpace(f.policyDate.Text); p != d.DocDate {
		d.PolicyDate = p // the same date is left empty: the store counts from 成文日期 then
	}
	if f.policy != nil {
		d.Policy = &archive.PolicyLink{ID: f.policy.ID} // the store reads the rest from the item
	}
	return d
}

// onPickPolicy opens the picker of policy items; the one chosen is linked.
func (f *proposeForm) onPickPolicy() {
	f.picker = showPolicyPicker(f.win, f.find, func(p archive.PolicyLink) { f.link(&p) })
}

// link links the 解读 to p, or unlinks it for nil: the date field shows p's 成文日期 and is
// read-only while linked, and follows 成文日期 again once unlinked.
func (f *proposeForm) link(p *archive.PolicyLink) {
	f.policy = p
	if p == nil {
		f.policyLabel.SetText("未关联")
		f.unlinkPolicy.Hide()
		f.policyDate.Enable()
		f.policyDate.SetText(f.date.Text)
		f.policyFollows = true
		if f.categoryLinked != "" && f.category.Selected == f.categoryLinked {
			if f.categoryBefore == "" {
				f.category.ClearSelected()
			} else {
				f.category.SetSelected(f.categoryBefore)
			}
		}
		f.categoryBefore, f.categoryLinked = "", ""
		return
	}
	f.policyLabel.SetText(p.Label())
	f.unlinkPolicy.Show()
	f.policyDate.SetText(p.DocDate)
	f.policyDate.Disable()
	if !strings.Contains(f.category.Selected, "政策解读") {
		for _, c := range f.category.Options {
			if strings.HasSuffix(c, "政策解读") {
				f.categoryBefore, f.categoryLinked = f.category.Selected, c
				f.category.SetSelected(c) // only a 解读 interprets a policy
				break
			}
		}
	}
}

// onPropose is 提出 of the draft on screen, or 重新提出 of a revised draft of a returned item.
// A draft the check says may not be published is not refused here (the 保密审查 decides, and a
// finding may be a false alarm), but the drafter is told why and asked first.
func (v *reviewView) onPropose() {
	if v.doc == nil || v.store == nil || !v.user.MayPropose() || v.reading() {
		return
	}
	next := v.askParticulars
	if v.revising != nil {
		next = v.askResubmit
	}
	if review.Decide(v.found, v.disp) != review.VerdictBlock {
		next()
		return
	}
	advice := "\n\n仍要提出吗？保密审查时公开办须逐项处理这些问题；通常应先修改文件，删去这些内容后再提出。"
	if onlyMasked(v.found, v.disp) {
		advice = "\n\n这些都是可以遮盖的号码：名单等须公开的，可以提出，保密审查时公开办“脱敏后通过”，" +
			"公开的是遮盖了这些号码的脱敏稿；不须公开的，请先修改文件删去。"
	}
	askQuestion("审查结论：不得公开", blockedReasons(v.found, v.disp)+advice, "仍要提出", "先修改", func(ok bool) {
		if ok {
			next()
		}
	}, v.win)
}

// onlyMasked reports whether every block finding not dismissed is of a kind a 脱敏稿 masks.
func onlyMasked(found []review.Finding, disp map[string]review.Disposition) bool {
	for _, f := range found {
		if f.Severity == review.Block && disp[f.Fingerprint].Kind != review.Dismissed && !f.Category.Masked() {
			return false
		}
	}
	return true
}

// blockedReasons lists the block findings not dismissed, at most five, with where they are.
func blockedReasons(found []review.Finding, disp map[string]review.Disposition) string {
	var lines []string
	n := 0
	for _, f := range found {
		if f.Severity != review.Block || disp[f.Fingerprint].Kind == review.Dismissed {
			continue
		}
		if n++; n <= 5 {
			lines = append(lines, fmt.Sprintf("· %s“%s”（%s）", f.Category.Label(), strings.Join(strings.Fields(f.Match), " "), f.Where()))
		}
	}
	if n > 5 {
		lines = append(lines, fmt.Sprintf("……共 %d 处", n))
	}
	return "本稿有以下“拦截”问题：\n" + strings.Join(lines, "\n")
}

// askParticulars asks for the particulars of the draft on screen and proposes it (提出).
func (v *reviewView) askParticulars() {
	st, err := v.store.Settings()
	if err != nil {
		showError(v.win, err)
		return
	}
	v.showProposeForm(newProposeForm(v.doc, st, v.user, v.win, v.store.PolicyCandidates))
}

// showProposeForm asks for the particulars in f and proposes the draft with them.
func (v *reviewView) showProposeForm(f *proposeForm) {
	v.proposing = f
	d := dialog.NewCustomConfirm("提出：拟公开政务信息", "提出", "取消", f.form, func(ok bool) {
		if ok {
			v.checkDocNumber(f)
		}
	}, v.win)
	showEscapable(v.win, d)
	d.Resize(fyne.NewSize(640, 560))
}

// checkDocNumber proposes the draft with the particulars of f, asking first when its 文号 is
// already another item's: the same document proposed twice, or a 文号 mistyped.
func (v *reviewView) checkDocNumber(f *proposeForm) {
	docNo := strings.TrimSpace(f.docNumber.Text)
	var same []archive.Item
	var err error
	offUI(func() { same, err = v.store.SameDocNumber(docNo) }, func() {
		if err != nil || len(same) == 0 {
			v.propose(f) // a failed look-up is no reason to stop: the store decides
			return
		}
		var lines []string
		for _, it := range same {
			lines = append(lines, fmt.Sprintf("“%s”（%s提出，%s）", it.Title, it.Created.In(archive.OfficeZone).Format("2006-01-02"), it.Standing()))
		}
		askQuestion("文号已用过", fmt.Sprintf("文号“%s”已用于：\n%s\n\n同一文件不要提出两次；退回修改的请在待办中“重新提出”。仍要提出吗？",
			docNo, strings.Join(lines, "\n")), "仍要提出", "返回修改", func(ok bool) {
			if ok {
				v.propose(f)
			} else {
				v.showProposeForm(f)
			}
		}, v.win)
	})
}

// propose stores the draft on screen, with the particulars of f, as a new item waiting for 初审;
// when the store refuses them, the form opens again as it was filled in.
func (v *reviewView) propose(f *proposeForm) {
	d, opinion := f.draft(), strings.TrimSpace(f.opinion.Text)
	var it *archive.Item
	var err error
	name, data := v.doc.Name, v.data
	offUI(func() { it, err = v.store.Propose(v.user.Name, d, archive.SourceFile{Name: name, Data: data}, opinion) }, func() {
		if err != nil {
			showErrorThen(v.win, err, func() { v.showProposeForm(f) })
			return
		}
		v.proposed = it
		v.showHeader()
		v.updateButtons()
		if v.onProposed != nil {
			v.onProposed(it)
		}
	})
}

// askResubmit asks for the drafter's note on the revision, with the 题名, 文号 and 成文日期 to
// correct where the return was about them, and adds the draft on screen to the returned item
// as its next revision (重新提出).
func (v *reviewView) askResubmit() {
	it := v.revising
	opinion := newLinesEntry()
	opinion.SetPlaceHolder("修改说明，例：已按意见删除页眉的内部资料字样")
	opinion.SetMinRowsVisible(3)
	title, docNumber, date := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	title.SetText(it.Title)
	docNumber.SetText(it.DocNumber)
	date.SetText(it.DocDate)
	date.SetPlaceHolder(datePlaceHolder)
	items := []*widget.FormItem{widget.NewFormItem("事项", widget.NewLabel(itemName(it))),
		widget.NewFormItem("修改稿", widget.NewLabel(v.doc.Name)),
		widget.NewFormItem("题名", title), widget.NewFormItem("文号", docNumber), widget.NewFormItem("成文日期", date),
		widget.NewFormItem("修改说明", opinion)}
	d := dialog.NewForm("重新提出", "重新提出", "取消", items, func(ok bool) {
		if ok {
			v.resubmit(it, strings.TrimSpace(opinion.Text), &archive.Particulars{Title: title.Text, DocNumber: docNumber.Text, DocDate: date.Text})
		}
	}, v.win)
	enterSubmits(d, items)
	showEscapable(v.win, d)
	d.Resize(fyne.NewSize(600, 420))
}

// resubmit adds the draft on screen to the returned item it as its next revision, with the
// particulars fix corrects, which goes round again from 初审.
func (v *reviewView) resubmit(it *archive.Item, opinion string, fix *archive.Particulars) {
	var err error
	name, data := v.doc.Name, v.data
	now := it
	offUI(func() {
		err = v.store.Resubmit(v.user.Name, it.ID, archive.SourceFile{Name: name, Data: data}, opinion, fix)
		if err == nil {
			if fresh, ferr := v.store.Item(it.ID); ferr == nil {
				now = fresh // where it went: 初审
			}
		}
	}, func() {
		if err != nil {
			showError(v.win, err)
			return
		}
		done := v.onRevised
		v.revising, v.onRevised = nil, nil
		v.proposed = now
		v.showHeader()
		v.updateButtons()
		if done != nil {
			done()
		}
		if v.onProposed != nil {
			v.onProposed(now)
		}
	})
}
