package review

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Category is what kind of thing a finding is; the names are fixed, used in JSON and the UI.
type Category string

// The categories of finding.
const (
	CatClassificationMark Category = "classification_mark" // 密级标志: 秘密★1年
	CatInternalMarking    Category = "internal_marking"    // 内部资料, 不予公开 and the like
	CatSensitiveTerm      Category = "sensitive_term"      // keyword lists
	CatIDCard             Category = "id_card"             // 公民身份号码
	CatMobilePhone        Category = "mobile_phone"
	CatBankCard           Category = "bank_card"
	CatEmail              Category = "email"
	CatPassport           Category = "passport"
	CatHiddenContent      Category = "hidden_content" // comments, tracked changes, personal metadata
	CatImageOnly          Category = "image_only"     // a page with no text layer: a person must read it
	CatUnreadable         Category = "unreadable"     // text that could not be read: a person must read it
)

// categories lists every category, for validating list files.
var categories = map[Category]bool{
	CatClassificationMark: true, CatInternalMarking: true, CatSensitiveTerm: true, CatIDCard: true,
	CatMobilePhone: true, CatBankCard: true, CatEmail: true, CatPassport: true,
	CatHiddenContent: true, CatImageOnly: true, CatUnreadable: true,
}

// Severity says whether a finding stops publication (block) or asks a person to look (warn).
type Severity string

// The severities.
const (
	Block Severity = "block"
	Warn  Severity = "warn"
)

// Legal bases shown to the reviewer.
const (
	BasisArt14   = "《政府信息公开条例》第十四条（国家秘密及危及安全稳定的信息不予公开）"
	BasisArt15   = "《政府信息公开条例》第十五条（商业秘密、个人隐私不得公开）"
	BasisArt16   = "《政府信息公开条例》第十六条（内部事务信息、过程性信息可不予公开）"
	BasisSecrecy = "《中华人民共和国保守国家秘密法》、GB/T 9704-2012 密级标志"
	// BasisDeclared is the basis of a level declared in running text (此报告系机密文件, 密级：秘密)
	// rather than marked.
	BasisDeclared = "《中华人民共和国保守国家秘密法》：正文声明本件密级或称本件涉及国家秘密，未经解密不得公开"
	BasisReview   = "《政府信息公开条例》第十七条（公开前审查）"
	BasisUser     = "本单位关键词表"
)

// Term is one entry of a keyword list.
type Term struct {
	Text     string
	Category Category
	Severity Severity
	Basis    string
	Rule     string // rule id: the list's @rule, or the category
	Source   string // the list file and line, for the reviewer and for errors
	// WarnOnly, on an allow-list phrase, limits what it hides to findings of warn keyword
	// terms: an office's own phrase never hides a classification mark, a personal identifier
	// or a term that blocks, which a reviewer dismisses draft by draft, with a reason, instead.
	WarnOnly bool `json:",omitempty"`
}

// ErrRuleList is wrapped by every error in a keyword list.
var ErrRuleList = errors.New("invalid keyword list")

// ParseList reads a keyword list: UTF-8 text, one term per line; '#' starts a comment; blank
// lines are ignored; an optional tab-separated second column is the severity, block or warn
// (拦截 or 提示 say the same; default warn). Directive lines set defaults for the terms after them: "@category NAME",
// "@basis TEXT", "@rule ID". name is used in Source and in errors (file:line).
func ParseList(name string, data []byte) ([]Term, error) {
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	cur := Term{Category: CatSensitiveTerm, Severity: Warn, Basis: BasisUser}
	var terms []Term
	var norm Normalized // reused: a list may have ten thousand terms
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimRight(line, " \t\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		where := fmt.Sprintf("%s:%d", name, n)
		if strings.HasPrefix(line, "@") {
			if err := cur.directive(line, where); err != nil {
				return nil, err
			}
			continue
		}
		t := cur
		t.Source = where
		text, sev, hasSev := strings.Cut(line, "\t")
		t.Text = strings.TrimSpace(text)
		if hasSev {
			switch word := strings.TrimSpace(sev); word {
			case string(Block), string(Warn):
				t.Severity = Severity(word)
			case "拦截":
				t.Severity = Block
			case "提示":
				t.Severity = Warn
			default:
				return nil, fmt.Errorf("%w: %s: severity %q, want block or warn", ErrRuleList, where, strings.TrimSpace(sev))
			}
		}
		if normalizeInto(&norm, t.Text, false).Text == "" {
			return nil, fmt.Errorf("%w: %s: the term %q is empty once spaces are removed", ErrRuleList, where, t.Text)
		}
		if t.Rule == "" {
			t.Rule = string(t.Category)
		}
		terms = append(terms, t)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrRuleList, name, err)
	}
	return terms, nil
}

func (t *Term) directive(line, where string) error {
	key, value, _ := strings.Cut(strings.TrimPrefix(line, "@"), " ")
	value = strings.TrimSpace(value)
	switch key {
	case "category":
		if !categories[Category(value)] {
			return fmt.Errorf("%w: %s: unknown category %q", ErrRuleList, where, value)
		}
		t.Category = Category(value)
		t.Rule = ""
	case "basis":
		t.Basis = value
	case "rule":
		t.Rule = value
	default:
		return fmt.Errorf("%w: %s: unknown directive @%s (want @category, @basis or @rule)", ErrRuleList, where, key)
	}
	return nil
}

// RuleSet is everything a check applies: keyword terms, allow-list terms that suppress the
// findings they cover, and the built-in recognisers. Its Version is a hash of its content,
// recorded with every check result.
type RuleSet struct {
	Terms   []Term
	Allow   []Term
	Version string

	both   *Matcher   // terms, then allow-list terms: one pass finds both
	infos  []ruleInfo // what a hit reports: the marks' and recognisers' (builtinInfos), then each term's
	ruleOf []int32    // the rule id of each info, numbered 0…rules-1
	rules  int
	margin int // characters of context a piece of a long part is read with
}

// builtinVersion changes whenever the recognisers or mark patterns change meaning.
const builtinVersion = "recognisers-2"

// NewRuleSet builds a rule set from keyword terms and allow-list terms. A term listed twice
// keeps its first entry, except that block wins over warn.
func NewRuleSet(terms, allow []Term) *RuleSet {
	var norm Normalized
	rs := &RuleSet{}
	var termTexts, allowTexts []string
	rs.Terms, termTexts = dedupe(terms, &norm)
	rs.Allow, allowTexts = dedupe(allow, &norm)
	both := append(termTexts[:len(termTexts):len(termTexts)], allowTexts...)
	rs.both = NewMatcher(both)
	rs.margin = pieceMargin
	for _, t := range both {
		rs.margin = max(rs.margin, utf8.RuneCountInString(t)+markWindow)
	}
	rs.setInfos()
	h := sha256.New()
	fmt.Fprintln(h, builtinVersion)
	for k, list := range [][]Term{rs.Terms, rs.Allow} {
		texts := [][]string{termTexts, allowTexts}[k]
		lines := make([]string, len(list))
		for i, t := range list {
			lines[i] = strings.Join([]string{texts[i], string(t.Category), string(t.Severity), t.Rule, t.Basis}, "\t")
			if t.WarnOnly {
				lines[i] += "\twarn-only"
			}
		}
		sort.Strings(lines)
		fmt.Fprintln(h, strings.Join(lines, "\n"))
		fmt.Fprintln(h, "--")
	}
	rs.Version = hex.EncodeToString(h.Sum(nil))[:12]
	return rs
}

// dedupe returns the terms less those whose normalised text an earlier one has (block wins
// over warn), and the normalised text of each kept term. norm is reused for every term: a
// list of ten thousand terms is normalised without ten thousand sets of buffers.
func dedupe(terms []Term, norm *Normalized) ([]Term, []string) {
	index := make(map[string]int, len(terms))
	out, texts := make([]Term, 0, len(terms)), make([]string, 0, len(terms))
	for _, t := range terms {
		key := normalizeInto(norm, t.Text, false).Text
		if i, ok := index[key]; ok {
			if t.Severity == Block && out[i].Severity != Block {
				out[i].Severity = Block
			}
			continue
		}
		index[key] = len(out)
		out = append(out, t)
		texts = append(texts, key)
	}
	return out, texts
}
