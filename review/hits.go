package review

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// A long part is checked a piece at a time: each piece of about pieceSize bytes is normalised
// and matched with a margin of pieceMargin characters (that normalisation keeps) on either
// side, and keeps the hits that start in it. Memory follows the piece, not the part, and a
// term, mark or number that straddles two pieces is found whole by the piece it starts in.
// Only a run of overlapping matches longer than the margin could come out differently than
// in one pass; a margin stops at marginScan bytes, so a term spread over more white space
// than that across a piece boundary may be missed.
const (
	pieceSize   = 1 << 20
	pieceMargin = 512
	marginScan  = 64 << 10
)

// ruleInfo is what a hit of one rule reports.
type ruleInfo struct {
	cat   Category
	sev   Severity
	rule  string
	basis string
}

// hit is one place a rule matched in a part: the original bytes [start, end).
type hit struct {
	start, end int
	info       *ruleInfo
}

var markInfo = &ruleInfo{CatClassificationMark, Block, "classification-mark", BasisSecrecy}

// recogniserInfos holds the ruleInfo of each recogniser rule and severity.
var recogniserInfos = func() map[string]*ruleInfo {
	m := map[string]*ruleInfo{}
	for _, r := range []struct {
		cat  Category
		rule string
	}{
		{CatIDCard, "id-card"}, {CatIDCard, "id-card-15"}, {CatMobilePhone, "mobile-phone"},
		{CatBankCard, "bank-card"}, {CatBankCard, "bank-account"}, {CatEmail, "email"}, {CatPassport, "passport"},
	} {
		for _, sev := range []Severity{Block, Warn} {
			m[r.rule+"/"+string(sev)] = &ruleInfo{r.cat, sev, r.rule, BasisArt15}
		}
	}
	return m
}()

func recogniserInfo(r recognised) *ruleInfo {
	if info, ok := recogniserInfos[r.rule+"/"+string(r.severity)]; ok {
		return info
	}
	return &ruleInfo{r.cat, r.severity, r.rule, BasisArt15} // a recogniser added without an entry above
}

// piece is one stretch of a part: text[from:to] is read, the hits starting in [own, end) kept.
type piece struct{ from, own, end, to int }

// splitPieces cuts text into pieces of about size bytes with margins of margin kept characters.
func splitPieces(text string, size, margin int) []piece {
	if len(text) <= size {
		return []piece{{0, 0, len(text), len(text)}}
	}
	var out []piece
	for own := 0; own < len(text); {
		end := min(len(text), own+size)
		for end < len(text) && !utf8.RuneStart(text[end]) {
			end++
		}
		out = append(out, piece{from: keptBack(text, own, margin), own: own, end: end, to: keptForward(text, end, margin)})
		own = end
	}
	return out
}

// keptBack returns the offset n kept characters before i (or marginScan bytes, or 0);
// keptForward the offset n kept characters after i.
func keptBack(text string, i, n int) int {
	t2s := tradToSimpTable()
	for stop := i - marginScan; n > 0 && i > 0 && i > stop; {
		r, size := utf8.DecodeLastRuneInString(text[:i])
		i -= size
		if foldRune(r, t2s) >= 0 {
			n--
		}
	}
	return i
}

func keptForward(text string, i, n int) int {
	t2s := tradToSimpTable()
	for stop := i + marginScan; n > 0 && i < len(text) && i < stop; {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if foldRune(r, t2s) >= 0 {
			n--
		}
	}
	return i
}

// scanPart calls fn with the hits of each piece of part p in turn, in order of their starts:
// keyword terms, classification marks and identifiers, less those an allow-list phrase
// covers. head says the part holds the document head, where a level alone is a mark.
func (rs *RuleSet) scanPart(ctx context.Context, p *Part, head bool, fn func([]hit)) error {
	var bare [][2]int
	if head || p.Kind == PartHeader || p.Kind == PartFooter {
		bare = bareLevels(p.Text, head)
	}
	for _, pc := range splitPieces(p.Text, pieceSize, rs.margin) {
		if err := ctx.Err(); err != nil {
			return err
		}
		fn(rs.pieceHits(p.Text, pc, bare))
	}
	return nil
}

// pieceHits returns the hits of one piece, sorted by start.
func (rs *RuleSet) pieceHits(text string, pc piece, bare [][2]int) []hit {
	t := text[pc.from:pc.to]
	n := Normalize(t)
	var terms, allow []Match
	for _, m := range rs.both.findRaw(n.Text, nil) {
		if m.Pattern < len(rs.Terms) {
			terms = append(terms, m)
		} else {
			allow = append(allow, m)
		}
	}
	allowed := make([][2]int, 0, len(allow))
	for _, m := range leftmostLongest(allow) {
		s, e := n.Span(m.Start, m.End)
		allowed = append(allowed, [2]int{s, e})
	}
	var hits []hit
	add := func(s, e int, info *ruleInfo) {
		if s+pc.from < pc.own || s+pc.from >= pc.end || covered(allowed, s, e) {
			return
		}
		hits = append(hits, hit{s + pc.from, e + pc.from, info})
	}
	for _, m := range leftmostLongest(terms) {
		s, e := n.Span(m.Start, m.End)
		add(s, e, &rs.info[m.Pattern])
	}
	marks := markSpans(n)
	for _, b := range bare {
		if b[0] >= pc.own && b[0] < pc.end {
			marks = append(marks, [2]int{b[0] - pc.from, b[1] - pc.from})
		}
	}
	for _, m := range mergeSpans(marks) {
		add(m[0], m[1], markInfo)
	}
	for _, r := range recogniseAll(t) {
		add(r.start, r.end, recogniserInfo(r))
	}
	slices.SortStableFunc(hits, func(a, b hit) int { return a.start - b.start })
	return hits
}

// covered reports whether [s, e) lies inside one of the sorted, disjoint allowed spans.
func covered(allowed [][2]int, s, e int) bool {
	i, _ := slices.BinarySearchFunc(allowed, s, func(a [2]int, s int) int {
		if a[0] <= s {
			return -1
		}
		return 1
	})
	return i > 0 && allowed[i-1][1] >= e
}

// A check lists at most maxPerRule findings of one rule and maxFindings in all; the rest of
// each rule is one summary finding that counts them, as severe as the most severe of them. A
// draft with twelve million hits is blocked by the first; a reviewer reads the first thousand.
const (
	maxPerRule  = 1000
	maxFindings = 10000
)

// collector turns hits into findings, in document order, within the caps.
type collector struct {
	out     []Finding
	perRule map[string]int
	omitted []*omission
	byRule  map[string]*omission
}

// omission counts the hits of one rule past the caps.
type omission struct {
	info  ruleInfo
	count int
	part  PartKind
	page  int
}

func newCollector() *collector {
	return &collector{perRule: map[string]int{}, byRule: map[string]*omission{}}
}

// take adds the hits of part pi, in order.
func (c *collector) take(pi int, p *Part, hits []hit) {
	for _, h := range hits {
		if len(c.out) < maxFindings && c.perRule[h.info.rule] < maxPerRule {
			c.perRule[h.info.rule]++
			c.out = append(c.out, Finding{Category: h.info.cat, Severity: h.info.sev, Rule: h.info.rule, Basis: h.info.basis,
				Match: p.Text[h.start:h.end], Part: p.Kind, Page: p.Page, Context: contextAround(p.Text, h.start, h.end),
				PartIndex: pi, Offset: h.start})
			continue
		}
		o := c.byRule[h.info.rule]
		if o == nil {
			o = &omission{info: *h.info, part: p.Kind, page: p.Page}
			c.byRule[h.info.rule] = o
			c.omitted = append(c.omitted, o)
		}
		if o.count++; h.info.sev == Block {
			o.info.sev = Block
		}
	}
}

// summaries returns one finding for each rule with hits past the caps.
func (c *collector) summaries(after int) []Finding {
	var out []Finding
	for _, o := range c.omitted {
		out = append(out, Finding{Category: o.info.cat, Severity: o.info.sev, Rule: o.info.rule, Basis: o.info.basis,
			Part: o.part, Page: o.page, PartIndex: after,
			Context: fmt.Sprintf("另有 %d 处%s未逐一列出（每条规则最多列出 %d 处），请在原件中查看", o.count, o.info.cat.Label(), maxPerRule)})
	}
	return out
}

// locateLines sets the line of each finding of part p, which are in order of offset, in one
// pass over the text: a revision's line is its anchor in the body.
func locateLines(p *Part, fs []Finding) {
	line, at := 1, 0
	for i := range fs {
		if p.Anchor > 0 {
			fs[i].Line = p.Anchor
			continue
		}
		line += strings.Count(p.Text[at:fs[i].Offset], "\n")
		at = fs[i].Offset
		fs[i].Line = line
	}
}
