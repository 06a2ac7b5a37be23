package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/review"
)

// rulesPanel is 设置 › 关键词与豁免词: the office's own keyword list and allow-list beside the
// lists shipped with 审档, with the rule-set version every check records. The administrator and
// the 公开办 add, remove and import terms and set their severity; each change is audited in
// the store and applies to the next check at once.
type rulesPanel struct {
	win     fyne.Window
	store   archive.Store
	user    *archive.User
	onRules func(*review.RuleSet)

	version  *widget.Label
	list     *widget.RadioGroup // which office list is shown
	terms    *widget.List
	shipped  *widget.Label
	term     *widget.Entry
	severity *widget.Select
	add      *widget.Button
	remove   *widget.Button
	imp      *widget.Button
	content  fyne.CanvasObject

	office   archive.OfficeRules
	selected int
	chooser  *fileChooser  // the file chooser last opened here
	hint     *widget.Label // how the list works and the import format
}

const (
	listTerms = "本单位关键词表"
	listAllow = "本单位豁免词表"
)

func newRulesPanel(win fyne.Window, store archive.Store, user *archive.User, onRules func(*review.RuleSet)) *rulesPanel {
	p := &rulesPanel{win: win, store: store, user: user, onRules: onRules, selected: -1}
	p.version = widget.NewLabel("")
	p.version.TextStyle.Bold = true
	p.list = widget.NewRadioGroup([]string{listTerms, listAllow}, func(string) { p.show() })
	p.list.Horizontal = true
	p.list.Selected = listTerms
	p.terms = widget.NewList(func() int { return len(p.current()) }, func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(p.line(i)) })
	p.terms.OnSelected = func(i widget.ListItemID) {
		p.selected = i
		if p.mayEdit() {
			p.remove.Enable()
		}
	}
	p.shipped = widget.NewLabel("")
	p.shipped.Wrapping = fyne.TextWrapWord
	p.term = widget.NewEntry()
	p.term.SetPlaceHolder("新词语，例：专案组")
	p.term.OnSubmitted = func(string) { p.onAdd() }
	p.severity = newSelect([]string{review.Block.Label(), review.Warn.Label()}, nil)
	p.severity.SetSelected(review.Warn.Label())
	p.add = widget.NewButton("添加", p.onAdd)
	p.remove = widget.NewButton("删除所选", p.onRemove)
	p.imp = widget.NewButton("从 .txt 导入…", p.onImport)
	p.hint = widget.NewLabel("")
	p.hint.Wrapping = fyne.TextWrapWord
	p.hint.Importance = widget.LowImportance
	edit := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(p.severity, p.add, p.remove, p.imp), p.term), p.hint)
	office := container.NewBorder(container.NewVBox(p.version, p.list), edit, nil, nil, p.terms)
	split := container.NewHSplit(office, container.NewVScroll(p.shipped))
	split.Offset = 0.55
	p.content = split
	return p
}

func (p *rulesPanel) mayEdit() bool {
	return p.user.MayEditRules()
}

func (p *rulesPanel) which() archive.RuleList {
	if p.list.Selected == listAllow {
		return archive.AllowList
	}
	return archive.TermList
}

func (p *rulesPanel) current() []review.Term { return p.office.List(p.which()) }

func (p *rulesPanel) line(i int) string {
	t := p.current()[i]
	if p.which() == archive.AllowList {
		return t.Text
	}
	return fmt.Sprintf("%s  [%s]", t.Text, t.Severity.Label())
}

// reload reads the office's lists, shows the rule-set version and tells the review view.
func (p *rulesPanel) reload() error {
	office, err := p.store.OfficeRules()
	if err != nil {
		return err
	}
	p.office = office
	rules, err := archive.ComposeRuleSet(office, nil, nil)
	if err != nil {
		return err
	}
	by := ""
	if office.Revision > 0 {
		by = fmt.Sprintf("，本单位词表第 %d 版（%s 修改）", office.Revision, fullNames(p.store)[office.By])
	}
	p.version.SetText("规则版本 " + rules.Version + by)
	if p.onRules != nil {
		p.onRules(rules)
	}
	p.show()
	return nil
}

// show lists the chosen office list and, beside it, the shipped list of the same kind.
func (p *rulesPanel) show() {
	p.selected = -1
	p.terms.UnselectAll()
	p.terms.Refresh()
	p.remove.Disable()
	for _, w := range []fyne.Disableable{p.term, p.severity, p.add, p.imp} {
		if p.mayEdit() {
			w.Enable()
		} else {
			w.Disable()
		}
	}
	if p.which() == archive.AllowList {
		p.severity.Disable()
		p.term.SetPlaceHolder("固定说法，例：会议纪要的格式（只对“提示”级的词语起作用）")
		p.hint.SetText("豁免词表：每行一个固定说法。它只让其中“提示”级的词语不再标出，不会隐去密级标志、个人信息和“拦截”词。")
	} else {
		p.term.SetPlaceHolder("新词语，例：专案组")
		p.hint.SetText("从 .txt 导入：UTF-8 文本，每行一个词语，# 开头为注释；词语后可加一个制表符和“拦截”或“提示”，不写为提示。")
	}
	terms, allow, err := archive.ShippedLists()
	if err != nil {
		p.shipped.SetText(userMessage(err))
		return
	}
	list, title := terms, "审档自带关键词表（不可修改；误报的固定说法请加入豁免词表）"
	if p.which() == archive.AllowList {
		list, title = allow, "审档自带豁免词表"
	}
	var lines []string
	for _, t := range list {
		if p.which() == archive.AllowList {
			lines = append(lines, t.Text)
		} else {
			lines = append(lines, fmt.Sprintf("%s [%s · %s]", t.Text, t.Severity.Label(), t.Category.Label()))
		}
	}
	p.shipped.SetText(fmt.Sprintf("%s，共 %d 条：\n%s", title, len(list), strings.Join(lines, "\n")))
}

func (p *rulesPanel) severityChosen() review.Severity {
	if p.severity.Selected == review.Block.Label() {
		return review.Block
	}
	return review.Warn
}

// onAdd adds the typed term, or changes its severity when the office list has it already.
func (p *rulesPanel) onAdd() {
	text := strings.TrimSpace(p.term.Text)
	if text == "" || !p.mayEdit() {
		return
	}
	p.change(func() error {
		_, err := p.store.AddRuleTerms(p.user.Name, p.which(), []review.Term{{Text: text, Severity: p.severityChosen()}})
		return err
	})
	p.term.SetText("")
}

func (p *rulesPanel) onRemove() {
	if p.selected < 0 || p.selected >= len(p.current()) || !p.mayEdit() {
		return
	}
	text := p.current()[p.selected].Text
	p.change(func() error { return p.store.RemoveRuleTerm(p.user.Name, p.which(), text) })
}

// importList adds every term of a list file (the keyword-list format of `shendang scan --rules`)
// to the office list shown, and says how many were new.
func (p *rulesPanel) importList(name string, data []byte) {
	terms, err := review.ParseList(name, data)
	if err != nil {
		showError(p.win, err)
		return
	}
	var added int
	p.change(func() error {
		added, err = p.store.AddRuleTerms(p.user.Name, p.which(), terms)
		return err
	})
	if err == nil {
		showInfo("导入完成", fmt.Sprintf("从 %s 读到 %d 条，新增 %d 条。", name, len(terms), added), p.win)
	}
}

func (p *rulesPanel) onImport() {
	p.chooser = showChooser(p.win, chooserRequest{mode: chooseFile, purpose: purposeRules, title: "从 .txt 导入词语",
		exts: []string{".txt"}, done: func(paths []string) {
			data, err := readLimited(paths[0], 8<<20)
			if err != nil {
				showError(p.win, err)
				return
			}
			p.importList(filepath.Base(paths[0]), data)
		}})
}

// readLimited reads at most limit bytes of the file at path; a longer file is refused.
func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err == nil && int64(len(data)) > limit {
		err = userErrorf("文件“%s”超过 %d MB，不像是词表。", filepath.Base(path), limit>>20)
	}
	return data, err
}

// change applies one change to the store and reloads; a refused change is shown, and nothing
// stored changes.
func (p *rulesPanel) change(do func() error) {
	if err := do(); err != nil {
		showError(p.win, err)
		return
	}
	if err := p.reload(); err != nil {
		showError(p.win, err)
	}
}
