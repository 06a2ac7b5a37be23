package archive

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"shendang.gov.cn/shendang/review"
)

// RuleList names one of the office's two lists.
type RuleList string

// The office's lists: keyword terms that raise findings, and allow-list phrases that suppress
// the findings they cover.
const (
	TermList  RuleList = "terms"
	AllowList RuleList = "allow"
)

// Label returns the list's Chinese name.
func (l RuleList) Label() string {
	if l == AllowList {
		return "豁免词表"
	}
	return "关键词表"
}

// OfficeRules are the office's own additions to the keyword list and allow-list shipped with
// 审档. The shipped lists cannot be edited: an office that finds a shipped term crying wolf adds
// the phrase it sits in to the allow-list, so the shipped protection is never silently lost.
type OfficeRules struct {
	Terms    []review.Term
	Allow    []review.Term
	Revision int // counts the changes, from 0 for none
	Updated  time.Time
	By       string
}

// List returns the terms of list l.
func (r OfficeRules) List(l RuleList) []review.Term {
	if l == AllowList {
		return r.Allow
	}
	return r.Terms
}

// maxTermRunes bounds a term: a keyword list is words and phrases, not passages.
const maxTermRunes = 64

// validTerm reports the first problem that stops t from being stored in list l.
func validTerm(l RuleList, t review.Term) error {
	text := strings.TrimSpace(t.Text)
	switch {
	case l != TermList && l != AllowList:
		return fail(ErrInvalid, "没有“%s”这个词表。", l)
	case review.Normalize(text).Text == "":
		return fail(ErrInvalid, "词语“%s”去掉空格后是空的。", t.Text)
	case strings.ContainsAny(text, "\r\n\t#"):
		return fail(ErrInvalid, "词语“%s”中不能有换行、制表符或 #。", t.Text)
	case utf8.RuneCountInString(text) > maxTermRunes:
		return fail(ErrInvalid, "词语“%s”超过了 %d 个字：词表收词语和固定说法，不收整段文字。", t.Text, maxTermRunes)
	case l == TermList && t.Severity != review.Block && t.Severity != review.Warn:
		return fail(ErrInvalid, "词语“%s”的处理方式“%s”不正确：应为拦截或提示。", t.Text, t.Severity)
	}
	return nil
}

// OfficeRules returns the office's lists (empty before any change).
func (s *Office) OfficeRules() (OfficeRules, error) {
	var r OfficeRules
	err := s.view(func(txn kvReader) error { return getJSON(txn, keyRules(), &r) })
	if errors.Is(err, ErrNotFound) {
		err = nil
	}
	return r, err
}

// AddRuleTerms adds terms to list l of the office, or changes the category and severity of a
// term already there (matched after normalisation, so 秘 密 and 秘密 are one term). Terms with
// no category are sensitive terms. The actor must be an administrator or the 公开办, who does
// the 保密审查. The change is audited, term by term, in the same transaction. It returns how many
// terms were new.
func (s *Office) AddRuleTerms(actor string, l RuleList, terms []review.Term) (added int, err error) {
	for i := range terms {
		terms[i].Text = strings.TrimSpace(terms[i].Text)
		if terms[i].Category == "" {
			terms[i].Category = review.CatSensitiveTerm
		}
		if l == AllowList {
			terms[i].Severity = review.Warn // an allow-list phrase has no severity of its own
		}
		if err := validTerm(l, terms[i]); err != nil {
			return 0, err
		}
	}
	err = s.changeRules(actor, func(r *OfficeRules) ([]string, error) {
		added = 0
		if l == AllowList {
			if err := allowable(*r, terms); err != nil {
				return nil, err
			}
		}
		list := r.List(l)
		var lines []string
		for _, t := range terms {
			t.Basis = review.BasisUser
			t.Rule = string(t.Category)
			t.Source = "本单位" + l.Label()
			i := slices.IndexFunc(list, func(o review.Term) bool { return sameTerm(o.Text, t.Text) })
			if i < 0 {
				list = append(list, t)
				added++
				line := fmt.Sprintf("%s 添加 %s", l.Label(), t.Text)
				if l == TermList {
					line += "（" + t.Severity.Label() + "）"
				}
				lines = append(lines, line)
				continue
			}
			if l == TermList && (list[i].Severity != t.Severity || list[i].Category != t.Category) {
				t.Text = list[i].Text // the wording first given stays
				lines = append(lines, fmt.Sprintf("%s 修改 %s（%s → %s）", l.Label(), t.Text, list[i].Severity.Label(), t.Severity.Label()))
				list[i] = t
			}
		}
		r.setList(l, list)
		return lines, nil
	})
	return added, err
}

// RemoveRuleTerm removes the term from list l of the office. Errors: ErrNotFound when it is
// not there (the shipped lists cannot be edited); ErrPermission as for AddRuleTerms.
func (s *Office) RemoveRuleTerm(actor string, l RuleList, text string) error {
	return s.changeRules(actor, func(r *OfficeRules) ([]string, error) {
		list := r.List(l)
		i := slices.IndexFunc(list, func(o review.Term) bool { return sameTerm(o.Text, text) })
		if i < 0 {
			return nil, fail(ErrNotFound, "本单位%s中没有“%s”（审档自带的词表不能删改）。", l.Label(), text)
		}
		r.setList(l, slices.Delete(slices.Clone(list), i, i+1))
		return []string{fmt.Sprintf("%s 删除 %s", l.Label(), list[i].Text)}, nil
	})
}

// changeRules applies change to the office's lists in one transaction, with one audit entry
// per line it returns. A change that returns no lines changes nothing.
func (s *Office) changeRules(actor string, change func(*OfficeRules) ([]string, error)) error {
	return s.update(func(txn *tx) error {
		u, err := loadUser(txn, actor)
		if err != nil {
			return err
		}
		if !u.Has(RoleAdmin) && !u.Has(RoleOffice) {
			return fail(ErrPermission, "只有管理员和公开办可以修改本单位的关键词表和豁免词表。")
		}
		var r OfficeRules
		if err := getJSON(txn, keyRules(), &r); err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		lines, err := change(&r)
		if err != nil || len(lines) == 0 {
			return err
		}
		r.Revision++
		r.Updated, r.By = s.Now().UTC(), actor
		if err := putJSON(txn, keyRules(), r); err != nil {
			return err
		}
		for _, line := range lines {
			if err := s.audit(txn, actor, ActionRules, "", fmt.Sprintf("第%d版：%s", r.Revision, line)); err != nil {
				return err
			}
		}
		return nil
	})
}

func (r *OfficeRules) setList(l RuleList, list []review.Term) {
	if l == AllowList {
		r.Allow = list
	} else {
		r.Terms = list
	}
}

func sameTerm(a, b string) bool { return review.Normalize(a).Text == review.Normalize(b).Text }

// allowable reports the first phrase that may not join the office's allow-list: one holding a
// classification mark, a personal identifier or a term that blocks (which the office's phrases
// never hide: ComposeRuleSet), and one holding no warn term at all, which would hide nothing.
// The phrases are checked with the rule set of the office's lists as they are.
func allowable(office OfficeRules, phrases []review.Term) error {
	rules, err := ComposeRuleSet(office, nil, nil)
	if err != nil {
		return err
	}
	for _, p := range phrases {
		doc := &review.Document{Parts: []review.Part{{Kind: review.PartBody, Text: "正文：" + p.Text}}}
		warn := false
		for _, f := range rules.Check(doc) {
			if f.Severity == review.Block || !isTermCategory(f.Category) {
				return fail(ErrInvalid, "“%s”含有%s“%s”，豁免词不能让这类问题不被标出。请在保密审查时逐项标为误报并写明理由。",
					p.Text, f.Category.Label(), strings.Join(strings.Fields(f.Match), ""))
			}
			warn = true
		}
		if !warn {
			return fail(ErrInvalid, "“%s”中没有会被标为“提示”的词语，加入豁免词表也不起作用。", p.Text)
		}
	}
	return nil
}

// isTermCategory reports a category of keyword-list findings, as against marks, identifiers
// and what a file hides.
func isTermCategory(c review.Category) bool {
	return c == review.CatSensitiveTerm || c == review.CatInternalMarking
}

// Allowable reports whether an allow-list phrase of the office can hide the finding: a warn
// finding of a keyword term. The window offers 加入豁免词 for these alone.
func Allowable(f review.Finding) bool {
	return f.Severity == review.Warn && isTermCategory(f.Category) && f.Match != ""
}
