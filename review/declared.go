package review

import (
	"strings"
	"unicode/utf8"
)

// A classification level declared in running text rather than marked (GB/T 9704 puts 秘密★1年
// in the 版头; a letter may instead say 此报告系机密文件, 密级：机密 or 内容涉及国家秘密). The
// declaration must be of the document itself: a level after 密级, or after a copula (系, 属, 为,
// 是…) whose clause names the document (本, 此, 该, 文件, 材料, 内容…), and before a document
// noun (文件, 材料, 级…) or the end of the clause. The ordinary wording of the disclosure rules is
// left alone: a negation or a condition before it (不涉及国家秘密, 凡属, 如涉及, 是否), a
// generic use after it (涉及国家秘密的信息, 绝密、机密、秘密三级), or no copula at all (保守秘密,
// 保密审查, 严禁涉密信息上网).
//
// A declaration is found from its anchor, a level word (绝密, 机密, 秘密) or 涉密, on the folded
// text: declBefore characters before the anchor and declAfter after it are read.
const (
	declBefore = 16
	declAfter  = 8
)

// anchorLen is the length of an anchor in folded bytes: two hanzi.
const anchorLen = len("秘密")

var (
	// fieldCues end in the level: 密级：机密, 密级为机密.
	fieldCues = []string{"密级:", "密级为", "密级是", "密级定为", "密级确定为", "密级属于", "密级属", "密级"}
	// copulas say what the document is: 此报告系机密文件, 本件含有涉密内容.
	copulas = []string{"确定为", "定为", "列为", "属于", "系", "属", "为", "是", "含有", "包含", "含", "载有"}
	// secretVerbs say the document holds state secrets: 内容涉及国家秘密.
	secretVerbs = []string{"涉及", "属于", "属", "系", "为", "是", "含有", "包含", "含", "载有"}
	// docNouns may follow a declared level or 涉密: 机密文件, 绝密级, 涉密材料.
	docNouns = []string{"级文件", "级材料", "级资料", "级", "文件", "材料", "资料", "件", "报告", "文电", "公文",
		"信息", "内容", "事项", "载体", "文稿", "稿"}
	// subjects name the document in the clause before a copula: 此报告, 该材料, 内容.
	subjects = []string{"本", "此", "该", "这", "其", "上述", "以上", "下列", "件", "文", "报告", "材料", "资料",
		"内容", "纪要", "方案", "通知", "稿", "附"}
	// predicateSubjects may stand right before 涉密 as a predicate, with a selfReference
	// in their clause: 本文件涉密, 该报告内容涉密.
	predicateSubjects = []string{"文件", "件", "报告", "材料", "资料", "内容", "纪要", "方案", "文稿"}
	selfReferences    = []string{"本", "此", "该", "这", "其", "上述", "以上"}
	// guards in the clause before make it a negation, a condition or a rule for others:
	// 不涉及, 未涉及, 凡属, 如涉及, 是否属于, 因涉及, 除涉密信息外, 严禁.
	// 原为, 曾属: a level the document had before it was declassified.
	guards = []string{"不", "未", "非", "无", "没", "否", "凡", "如", "若", "倘", "假", "因", "由于", "可能", "防止",
		"严禁", "禁止", "避免", "任何", "一律", "一旦", "除", "对", "何", "哪", "原", "曾"}
	// generic words after a level or 国家秘密 make it a category, not this document's level:
	// 涉及国家秘密的, 机密级以上, 绝密、机密.
	generic = []string{"的", "、", "和", "或", "及", "与", "等", "以上", "以下", "以外", "外", "法", "范围", "/"}
)

// cueEnd holds the last character of every cue a declaration has before its anchor: anchors
// with anything else before them are passed over without being folded.
var cueEnd = func() map[rune]bool {
	m := map[rune]bool{'家': true}
	for _, list := range [][]string{fieldCues, copulas, secretVerbs, predicateSubjects} {
		for _, c := range list {
			r, _ := utf8.DecodeLastRuneInString(c)
			m[r] = true
		}
	}
	return m
}()

// declaredIn reports whether the anchor at w[i:i+anchorLen] of the folded text w (which holds
// at most declBefore characters before it and declAfter after) is a declaration, and its span
// in w, rule and severity.
func declaredIn(w string, i int) (start, end int, rule string, sev Severity, ok bool) {
	before, anchor, after := w[:i], w[i:i+anchorLen], w[i+anchorLen:]
	if anchor == "涉密" {
		start, end, ok = involvedDeclared(before, after)
		return i - start, i + anchorLen + end, "declared-secret", Warn, ok
	}
	if c, ok := cueBefore(before, fieldCues); ok && !listed(after) {
		n := nounAfter(after, false)
		return i - len(c), i + anchorLen + n, "declared-level", Block, true
	}
	if strings.HasSuffix(before, "国家") && anchor == "秘密" {
		start, end, ok = stateSecretDeclared(before[:len(before)-len("国家")], after)
		return i - len("国家") - start, i + anchorLen + end, "declared-secret", Warn, ok
	}
	c, ok := copulaBefore(before, copulas)
	if !ok || listed(after) {
		return 0, 0, "", "", false
	}
	n := nounAfter(after, true)
	if n < 0 {
		return 0, 0, "", "", false
	}
	sev = Warn
	if anchor != "秘密" {
		sev = Block
	}
	return i - len(c), i + anchorLen + n, "declared-level", sev, true
}

// involvedDeclared: 涉密 after a copula and before a document noun (此件系涉密文件), or as the
// predicate of a clause that names the document (本文件涉密，). It returns the bytes of the
// declaration before and after the anchor.
func involvedDeclared(before, after string) (start, end int, ok bool) {
	if c, ok := copulaBefore(before, copulas); ok {
		if n := nounAfter(after, true); n > 0 {
			return len(c), n, true
		}
		return 0, 0, false
	}
	for _, noun := range predicateSubjects {
		if !strings.HasSuffix(before, noun) || (after != "" && !clauseEnd(after)) {
			continue
		}
		cl := clause(before)
		if containsAny(cl, selfReferences) && !containsAny(cl, guards) {
			return len(cl), 0, true
		}
	}
	return 0, 0, false
}

// stateSecretDeclared: 国家秘密 after a verb whose clause names the document, not used as a
// category (内容涉及国家秘密, not 涉及国家秘密的信息). before ends before 国家.
func stateSecretDeclared(before, after string) (start, end int, ok bool) {
	v, ok := copulaBefore(before, secretVerbs)
	if !ok || hasPrefixAny(after, generic) {
		return 0, 0, false
	}
	if strings.HasPrefix(after, "事项") {
		end = len("事项")
	}
	return len(v), end, true
}

// cueBefore returns the cue of cues that before ends with, if the clause before it is not
// guarded.
func cueBefore(before string, cues []string) (string, bool) {
	for _, c := range cues {
		if strings.HasSuffix(before, c) && !containsAny(clause(before[:len(before)-len(c)]), guards) {
			return c, true
		}
	}
	return "", false
}

// copulaBefore returns the copula or verb of cues that before ends with, if its clause names
// the document and is not guarded.
func copulaBefore(before string, cues []string) (string, bool) {
	for _, c := range cues {
		if !strings.HasSuffix(before, c) {
			continue
		}
		cl := clause(before[:len(before)-len(c)])
		if containsAny(cl, subjects) && !containsAny(cl, guards) {
			return c, true
		}
		return "", false
	}
	return "", false
}

// nounAfter returns the length of the document noun after starts with, not followed by a
// generic word; with none, 0 if the clause ends there and bare levels may, else -1.
func nounAfter(after string, bare bool) int {
	for _, n := range docNouns {
		if strings.HasPrefix(after, n) {
			if hasPrefixAny(after[len(n):], generic) {
				return -1
			}
			return len(n)
		}
	}
	if !bare || after == "" || clauseEnd(after) {
		return 0
	}
	return -1
}

// listed reports whether the level is one of a list (绝密、机密、秘密; 机密或秘密) or a category
// (机密的, 机密以上), not a document's level.
func listed(after string) bool {
	if hasPrefixAny(after, []string{"的", "、", "/", "以上", "以下"}) {
		return true
	}
	for _, conj := range []string{"和", "或", "及", "与"} {
		if rest, ok := strings.CutPrefix(after, conj); ok && hasPrefixAny(rest, []string{"绝密", "机密", "秘密"}) {
			return true
		}
	}
	return false
}

// clauseBreaks end a clause in folded text (full-width punctuation folds to ASCII).
const clauseBreaks = ",.;:!?()[]\"'。、“”‘’《》〈〉「」【】…"

// clause returns the end of s from the last clause break on.
func clause(s string) string {
	if i := strings.LastIndexAny(s, clauseBreaks); i >= 0 {
		_, size := utf8.DecodeRuneInString(s[i:])
		return s[i+size:]
	}
	return s
}

// clauseEnd reports whether s starts with a clause break other than 、 (a list goes on).
func clauseEnd(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r != '、' && strings.ContainsRune(clauseBreaks, r)
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func hasPrefixAny(s string, words []string) bool {
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

// declared is a declaration found in a text: original bytes [start, end) and its rule.
type declared struct {
	start, end int
	rule       string
	sev        Severity
}

// declaredSpans returns the declarations of a whole normalised text, in order, none
// overlapping another.
func declaredSpans(n *Normalized) []declared {
	var out []declared
	t := n.Text
	for off := 0; ; {
		i := strings.Index(t[off:], "密")
		if i < 0 {
			return out
		}
		i += off
		off = i + len("密")
		a := i - len("秘")
		if a < 0 || !isAnchorFirst(t[a:i]) {
			continue
		}
		from, to := runesBack(t, a, declBefore), runesForward(t, a+anchorLen, declAfter)
		if s, e, rule, sev, ok := declaredIn(t[from:to], a-from); ok {
			s, e = n.Span(from+s, from+e)
			out = appendDeclared(out, declared{s, e, rule, sev})
		}
	}
}

// isAnchorFirst reports whether s is the first character of an anchor: 绝, 机, 秘 or 涉.
func isAnchorFirst(s string) bool { return s == "绝" || s == "机" || s == "秘" || s == "涉" }

// appendDeclared appends d unless it overlaps the last one.
func appendDeclared(out []declared, d declared) []declared {
	if n := len(out); n > 0 && d.start < out[n-1].end {
		return out
	}
	return append(out, d)
}

// declaredAt returns the declarations of t from the anchors scanFolded found (sc.levels and
// sc.anchors, original offsets), as declaredSpans does on the whole normalised t: each is
// judged on a window folded around it, and an anchor not preceded by the end of a cue is passed
// over without folding.
func declaredAt(t string, sc *pieceScratch) []declared {
	var out []declared
	levels, involved := sc.levels, sc.involved
	for len(levels)+len(involved) > 0 {
		var at int
		if len(involved) == 0 || (len(levels) > 0 && levels[0] < involved[0]) {
			at, levels = int(levels[0]), levels[1:]
		} else {
			at, involved = int(involved[0]), involved[1:]
		}
		if !cueMayEnd(t, at) {
			continue
		}
		from, to := keptBack(t, at, declBefore), keptForward(t, at, 2+declAfter)
		n := normalizeInto(&sc.norm, t[from:to], false)
		i := 0
		for i < len(n.Text) && int(n.Start[i]) < at-from {
			i++
		}
		if s, e, rule, sev, ok := declaredIn(n.Text, i); ok {
			s, e = n.Span(s, e)
			out = appendDeclared(out, declared{from + s, from + e, rule, sev})
		}
	}
	return out
}

// cueMayEnd reports whether the characters before t[at:] that folding keeps may end a cue: the
// last is one a cue ends with, and 国家秘密 has a verb before it that no negation precedes
// (不涉及国家秘密, the rules' usual wording, is passed over without folding).
func cueMayEnd(t string, at int) bool {
	var prev [5]rune // the kept characters before at, nearest first; 0 past the start
	t2s := tradToSimpTable()
	for i, k := at, 0; i > 0 && k < len(prev); {
		r, size := utf8.DecodeLastRuneInString(t[:i])
		i -= size
		if f := foldRune(r, t2s); f >= 0 {
			prev[k] = f
			k++
		}
	}
	if !cueEnd[prev[0]] {
		return false
	}
	if prev[0] != '家' {
		return true
	}
	if prev[1] != '国' {
		return false
	}
	switch {
	case prev[2] == '及' && prev[3] == '涉', prev[2] == '于' && prev[3] == '属':
		return !negation[prev[4]]
	}
	return cueEnd[prev[2]]
}

// negation holds the guards of one character that deny a verb right before it: 不涉及, 未涉及,
// 非属于.
var negation = map[rune]bool{'不': true, '未': true, '非': true, '无': true, '没': true}
