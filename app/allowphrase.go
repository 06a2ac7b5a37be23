package main

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/review"
)

// onAllow offers to add the wording round the selected finding to the office's allow-list, so
// that the same ordinary phrase is not flagged again, in this draft or any other.
func (v *reviewView) onAllow() {
	if v.selected < 0 || v.selected >= len(v.found) || !(v.store != nil && v.user.MayEditRules()) || !archive.Allowable(v.found[v.selected]) {
		return
	}
	f := v.found[v.selected]
	phrase := widget.NewEntry()
	phrase.SetText(surroundingPhrase(v.doc.Parts[f.PartIndex].Text, f.Offset, len(f.Match)))
	note := widget.NewLabel(fmt.Sprintf("豁免词须包含被标出的“%s”。加入后，全单位所有文件中出现在这个词语之中的“%s”都不再标出；\n请删去与本条无关的字，只保留固定说法（例如“会议纪要的格式”）。\n豁免词只对“提示”级的词语起作用，不会让密级标志、个人信息和“拦截”词不被标出。", f.Match, f.Match))
	items := []*widget.FormItem{widget.NewFormItem("豁免词", phrase), widget.NewFormItem("", note)}
	d := dialog.NewForm("加入本单位豁免词表", "加入", "取消", items, func(ok bool) {
		if ok {
			v.addAllowed(phrase.Text, f.Match)
		}
	}, v.win)
	enterSubmits(d, items)
	showEscapable(v.win, d)
	d.Resize(fyne.NewSize(640, 260))
}

// addAllowed adds phrase to the office's allow-list, rebuilds the rule set and checks the draft
// on screen again; decisions already given stay.
func (v *reviewView) addAllowed(phrase, match string) {
	phrase = strings.TrimSpace(phrase)
	if !strings.Contains(review.Normalize(phrase).Text, review.Normalize(match).Text) {
		showInfo(v.win, "未加入", fmt.Sprintf("“%s”不包含被标出的“%s”，加入后也不会起作用。", phrase, match))
		return
	}
	if _, err := v.store.AddRuleTerms(v.user.Name, archive.AllowList, []review.Term{{Text: phrase, Severity: review.Warn}}); err != nil {
		showError(v.win, err)
		return
	}
	rules, err := v.store.RuleSet()
	if err != nil {
		showError(v.win, err)
		return
	}
	v.setRules(rules)
	if v.onRulesChanged != nil {
		v.onRulesChanged(rules)
	}
}

// setRules makes rules the ones applied, and checks the draft on screen again with them.
func (v *reviewView) setRules(rules *review.RuleSet) {
	v.rules = rules
	if v.doc != nil {
		proposed := v.proposed
		v.show(v.doc, rules.Check(v.doc))
		v.proposed = proposed // already proposed: not twice
		v.showHeader()
		v.updateButtons()
	}
}

// surroundingPhrase is the match at text[at:at+n] with up to six letters or digits either side,
// stopping at punctuation and spaces: a first guess at the fixed wording it sits in.
func surroundingPhrase(text string, at, n int) string {
	if at < 0 || n < 0 || at+n > len(text) {
		return ""
	}
	word := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	from, to := at, at+n
	for k := 0; k < 6 && from > 0; k++ {
		r, size := utf8.DecodeLastRuneInString(text[:from])
		if !word(r) {
			break
		}
		from -= size
	}
	for k := 0; k < 6 && to < len(text); k++ {
		r, size := utf8.DecodeRuneInString(text[to:])
		if !word(r) {
			break
		}
		to += size
	}
	return text[from:to]
}
