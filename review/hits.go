package review

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// A long part is checked a piece at a time: each piece of about pieceSize bytes is folded and
// matched with a margin of pieceMargin characters (that normalisation keeps) on either side,
// and keeps the hits that start in it. Memory follows the piece, not the part, and a
// term, mark or number that straddles two pieces is found whole by the piece it starts in.
// Only a run of overlapping matches longer than the margin could come out differently than
// in one pass; a margin stops at marginScan bytes, so a term spread over more white space
// than that across a piece boundary may be missed.
const (
	pieceMargin = 512
	marginScan  = 64 << 10
)

// pieceSize is a variable only so that a fuzz target can cut a short text into many pieces.
var pieceSize = 1 << 20

// ruleInfo is what a hit of one rule reports.
type ruleInfo struct {
	cat   Category
	sev   Severity
	rule  string
	basis string
}

// hit is one place a rule matched in a part: the original bytes [start, end), and the index
// of its ruleInfo in RuleSet.infos. It holds no pointer, so the collector's garbage is cheap.
type hit struct {
	start, end int32
	info       int32
}

// builtinInfos are the ruleInfos of the marks and the recognisers, first in every RuleSet's
// infos; builtinIndex finds a recogniser's by rule and severity.
var builtinInfos, builtinIndex = func() ([]ruleInfo, map[string]int32) {
	infos := []ruleInfo{{CatClassificationMark, Block, "classification-mark", BasisSecrecy}}
	index := map[string]int32{}
	for _, r := range builtinRules {
		for _, sev := range []Severity{Block, Warn} {
			index[r.rule+"/"+string(sev)] = int32(len(infos))
			infos = append(infos, ruleInfo{r.cat, sev, r.rule, r.basis})
		}
	}
	return infos, index
}()

// builtinRules are the rules of the recognisers and of levels declared in running text, each
// with the basis a reviewer reads: the law, and for a rule that is not plain from its category
// (a rounded or weakly masked number, a declaration), why the text was flagged.
var builtinRules = []struct {
	cat   Category
	rule  string
	basis string
}{
	{CatIDCard, "id-card", BasisArt15}, {CatIDCard, "id-card-15", BasisArt15},
	{CatIDCard, "id-card-rounded", BasisArt15 + "。疑似身份证号：前17位的地区码和出生日期有效，末尾为0、校验码不符，" +
		"像是电子表格只保留15位有效数字后被舍入的身份证号"},
	{CatIDCard, "id-card-scientific", BasisArt15 + "。疑似身份证号：以科学计数法显示的18位数字（如 1.10105E+17），开头是有效的地区码和出生日期，" +
		"像是输入数值单元格后按科学计数法显示的身份证号；请查看原表格中的完整数值"},
	{CatIDCard, "id-card-mask-birthdate", BasisArt15 + "。身份证号虽已部分遮盖，但8位出生日期仍完整可见，去标识化不充分"},
	{CatIDCard, "id-card-mask-one", BasisArt15 + "。身份证号只遮盖了1位，可由末位校验码推算还原"},
	{CatMobilePhone, "mobile-phone", BasisArt15},
	{CatMobilePhone, "mobile-phone-mask-short", BasisArt15 + "。手机号遮盖不足4位，可逐一试拨还原"},
	{CatBankCard, "bank-card", BasisArt15}, {CatBankCard, "bank-account", BasisArt15},
	{CatBankCard, "bank-card-mask-one", BasisArt15 + "。银行卡号只遮盖了1位，可由 Luhn 校验位推算还原"},
	{CatEmail, "email", BasisArt15}, {CatPassport, "passport", BasisArt15},
	{CatClassificationMark, "declared-level", BasisDeclared},
	{CatClassificationMark, "declared-secret", BasisDeclared},
}

const markInfo = 0 // the index of the marks' ruleInfo

// setInfos fills rs.infos (the builtin ones, then one for each term) and rs.ruleOf, which
// numbers the distinct rule ids the caps count by.
func (rs *RuleSet) setInfos() {
	rs.infos = append(make([]ruleInfo, 0, len(builtinInfos)+len(rs.Terms)), builtinInfos...)
	for _, t := range rs.Terms {
		rs.infos = append(rs.infos, ruleInfo{t.Category, t.Severity, t.Rule, t.Basis})
	}
	ids := map[string]int32{}
	rs.ruleOf = make([]int32, len(rs.infos))
	for i, info := range rs.infos {
		id, ok := ids[info.rule]
		if !ok {
			id = int32(len(ids))
			ids[info.rule] = id
		}
		rs.ruleOf[i] = id
	}
	rs.rules = len(ids)
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
// covers. head says the part holds the document head, where a level alone is a mark. The
// pieces of a long part are matched on every processor, a batch at a time, and handed to fn
// in order; the slice fn is given is reused after it returns.
func (rs *RuleSet) scanPart(ctx context.Context, p *Part, head bool, fn func([]hit)) error {
	var bare [][2]int
	if head || p.Kind == PartHeader || p.Kind == PartFooter {
		bare = bareLevels(p.Text, head)
	}
	pieces := splitPieces(p.Text, pieceSize, rs.margin)
	m := newBatchMatcher(min(runtime.GOMAXPROCS(0), len(pieces)))
	for b := 0; b < len(pieces); b += len(m.scratch) {
		if err := ctx.Err(); err != nil {
			return err
		}
		batch := pieces[b:min(b+len(m.scratch), len(pieces))]
		for _, hits := range m.match(rs, p.Text, batch, bare) {
			fn(hits)
		}
	}
	return nil
}

// batchMatcher matches a batch of pieces at once, one on each processor, with the buffers of
// each kept for the next batch.
type batchMatcher struct {
	scratch []pieceScratch
	results [][]hit
}

func newBatchMatcher(workers int) *batchMatcher {
	workers = max(1, workers)
	return &batchMatcher{scratch: make([]pieceScratch, workers), results: make([][]hit, workers)}
}

// match returns the hits of each piece of batch (at most one a worker) of text, in order. The
// slices are reused by the next batch.
func (m *batchMatcher) match(rs *RuleSet, text string, batch []piece, bare [][2]int) [][]hit {
	if len(batch) == 1 {
		m.results[0] = rs.pieceHits(text, batch[0], bare, &m.scratch[0])
		return m.results[:1]
	}
	var wg sync.WaitGroup
	for i, pc := range batch {
		wg.Go(func() { m.results[i] = rs.pieceHits(text, pc, bare, &m.scratch[i]) })
	}
	wg.Wait()
	return m.results[:len(batch)]
}

// pieceScratch holds the buffers one piece's matching uses, kept for the next.
type pieceScratch struct {
	raw, terms, allow   []foldMatch
	ring                []int32
	levels              []int32
	involved            []int32 // the original offset of each 涉 followed by 密
	candidates          []int32 // the original offset of each digit and @, where an identifier may be
	norm                Normalized
	allowed             [][2]int // spans an allow-list phrase hides any finding in
	allowedWarn         [][2]int // spans a WarnOnly phrase hides warn term findings in
	termHits, otherHits []hit
	hits                []hit
}

// foldMatch is one occurrence of a pattern in the folded text: the indices of its first and
// past its last folded character, and the original bytes [start, end) they came from.
type foldMatch struct {
	pattern, first, last, start, end int32
}

// pieceHits returns the hits of one piece, sorted by start (terms before marks and declared
// levels before identifiers at the same start). A declared level a mark overlaps is the mark's.
func (rs *RuleSet) pieceHits(text string, pc piece, bare [][2]int, sc *pieceScratch) []hit {
	t := text[pc.from:pc.to]
	rs.scanFolded(t, sc)
	rs.splitAllowed(sc)
	first := int32(len(builtinInfos))
	add := func(hits []hit, s, e int, info int32) []hit {
		if rs.hidden(pc, sc, s, e, info) {
			return hits
		}
		return append(hits, hit{int32(s + pc.from), int32(e + pc.from), info})
	}
	sc.termHits = sc.termHits[:0]
	for _, m := range leftmostLongestFolded(sc.terms) {
		sc.termHits = add(sc.termHits, int(m.start), int(m.end), first+m.pattern)
	}
	sc.otherHits = sc.otherHits[:0]
	marks := mergeSpans(rs.pieceMarks(t, pc, bare, sc))
	for _, m := range marks {
		sc.otherHits = add(sc.otherHits, m[0], m[1], markInfo)
	}
	for _, d := range declaredAt(t, sc) {
		if !overlapsAny(marks, d.start, d.end) {
			sc.otherHits = add(sc.otherHits, d.start, d.end, builtinIndex[d.rule+"/"+string(d.sev)])
		}
	}
	slices.SortStableFunc(sc.otherHits, func(a, b hit) int { return int(a.start - b.start) })
	found := recogniseFrom(t, sc.candidates)
	slices.SortStableFunc(found, func(a, b recognised) int { return a.start - b.start })
	marksEnd := len(sc.otherHits)
	for _, r := range found {
		sc.otherHits = add(sc.otherHits, r.start, r.end, builtinIndex[r.rule+"/"+string(r.severity)])
	}
	sc.hits = mergeHits(sc.hits[:0], sc.termHits, sc.otherHits[:marksEnd], sc.otherHits[marksEnd:])
	return sc.hits
}

// splitAllowed parts the scan's occurrences into term matches (sc.terms) and allow-list
// matches, and turns the leftmost-longest allow-list matches into the spans they hide:
// sc.allowed for every finding, sc.allowedWarn for warn term findings only (WarnOnly phrases).
func (rs *RuleSet) splitAllowed(sc *pieceScratch) {
	sc.terms, sc.allow = sc.terms[:0], sc.allow[:0]
	for _, m := range sc.raw {
		if int(m.pattern) < len(rs.Terms) {
			sc.terms = append(sc.terms, m)
		} else {
			sc.allow = append(sc.allow, m)
		}
	}
	sc.allowed, sc.allowedWarn = sc.allowed[:0], sc.allowedWarn[:0]
	for _, m := range leftmostLongestFolded(sc.allow) {
		span := [2]int{int(m.start), int(m.end)}
		if rs.Allow[int(m.pattern)-len(rs.Terms)].WarnOnly {
			sc.allowedWarn = append(sc.allowedWarn, span)
		} else {
			sc.allowed = append(sc.allowed, span)
		}
	}
}

// hidden reports whether a finding at [s, e) of the piece, with the given info index, is not
// reported here: it starts outside the piece's own part (a neighbour reports it), or an
// allow-list phrase covers it.
func (rs *RuleSet) hidden(pc piece, sc *pieceScratch, s, e int, info int32) bool {
	if s+pc.from < pc.own || s+pc.from >= pc.end || covered(sc.allowed, s, e) {
		return true
	}
	first := int32(len(builtinInfos))
	return len(sc.allowedWarn) > 0 && info >= first && rs.Terms[info-first].Severity == Warn &&
		covered(sc.allowedWarn, s, e)
}

// pieceMarks returns the classification marks of a piece, relative to its start: those the
// scan found and the bare marks of the whole text that start in the piece's own part.
func (rs *RuleSet) pieceMarks(t string, pc piece, bare [][2]int, sc *pieceScratch) [][2]int {
	marks := rs.marksAt(t, sc)
	for _, b := range bare {
		if b[0] >= pc.own && b[0] < pc.end {
			marks = append(marks, [2]int{b[0] - pc.from, b[1] - pc.from})
		}
	}
	return marks
}

// scanFolded folds t character by character exactly as Normalize does and runs the terms and
// allow-list automaton over the folded characters as they come, without writing the folded
// text out: sc.raw gets every occurrence, with its original bytes (a ring of the last
// characters' offsets gives a match's start), sc.levels the original offset of every level
// character (绝, 机, 秘) followed by 密, where a classification mark or a declared level may
// start, sc.involved that of every 涉 followed by 密, and sc.candidates that of every character
// that folds to a digit or @, where the recognisers look (see candidates).
func (rs *RuleSet) scanFolded(t string, sc *pieceScratch) {
	m := rs.both
	// The ring holds the offsets of the characters a match can span and, for a level word, of
	// the character before 密: two at least, with no term or only one-character terms.
	if size := nextPowerOfTwo(max(m.longest, 1) + 1); len(sc.ring) < size {
		sc.ring = make([]int32, size)
	}
	ring, mask := sc.ring, int32(len(sc.ring)-1)
	t2s := tradToSimpTable()
	sc.raw, sc.levels, sc.involved, sc.candidates = sc.raw[:0], sc.levels[:0], sc.involved[:0], sc.candidates[:0]
	var k, s int32 // folded characters so far, automaton state
	prev := rune(0)
	for i := 0; i < len(t); {
		f, size := foldAt(t, i, t2s)
		if f < 0 {
			i += size
			continue
		}
		ring[k&mask] = int32(i)
		sc.mark(f, prev, int32(i), ring[(k-1)&mask])
		prev = f
		k++
		i += size
		if s == 0 && f < rootSize { // most of a text: one table lookup
			s = m.root[f]
		} else {
			s = m.advance(s, f)
		}
		for o := s; o != 0; o = m.outLink[o] {
			if p := m.out[o]; p >= 0 {
				from := k - m.runes[p]
				sc.raw = append(sc.raw, foldMatch{p, from, k, ring[from&mask], int32(i)})
			}
		}
	}
}

// foldAt folds the character at t[i] exactly as Normalize does and returns it and its length
// in bytes; the character is < 0 when matching ignores it.
func foldAt(t string, i int, t2s []rune) (rune, int) {
	r, size := decodeRune(t, i)
	switch {
	case r < utf8.RuneSelf:
		f := rune(asciiFold[r])
		if f == 0 {
			return -1, size
		}
		if f == '*' {
			f = '★'
		}
		return f, size
	case keptAsIs(r, t2s):
		return r, size
	}
	return foldRune(r, t2s), size
}

// mark notes where the recognisers and the level checks look: at (the offset of folded
// character f, after prev) when f is a digit or @; before (the offset of prev) when f is the
// 密 of a level word or of 涉密.
func (sc *pieceScratch) mark(f, prev rune, at, before int32) {
	switch {
	case ('0' <= f && f <= '9') || f == '@':
		sc.candidates = append(sc.candidates, at)
	case f == '密' && isLevelFirst(prev):
		sc.levels = append(sc.levels, before)
	case f == '密' && prev == '涉':
		sc.involved = append(sc.involved, before)
	}
}

// isLevelFirst reports whether r is the first character of a level word: 绝 (绝密), 机 (机密)
// or 秘 (秘密).
func isLevelFirst(r rune) bool { return r == '绝' || r == '机' || r == '秘' }

func nextPowerOfTwo(n int) int {
	p := 1
	for p < n {
		p <<= 1
	}
	return p
}

// leftmostLongestFolded keeps, of overlapping matches, the one starting first and of those the
// longest, in order, as leftmostLongest does for Match. It reorders all.
func leftmostLongestFolded(all []foldMatch) []foldMatch {
	if len(all) < 2 {
		return all
	}
	slices.SortFunc(all, func(a, b foldMatch) int {
		if a.first != b.first {
			return int(a.first - b.first)
		}
		return int(b.last - a.last)
	})
	kept := all[:0]
	last := int32(-1)
	for _, mt := range all {
		if mt.first >= last {
			kept = append(kept, mt)
			last = mt.last
		}
	}
	return kept
}

// marksAt returns the classification marks starting at the level characters scanFolded found,
// as original spans of t: each is matched on the folded text from there (markWindow bytes of
// it), as markSpans does on a whole folded text, and one mark's end is where the next may start.
func (rs *RuleSet) marksAt(t string, sc *pieceScratch) [][2]int {
	var spans [][2]int
	next := 0
	for _, at := range sc.levels {
		if int(at) < next || !markMayFollow(t, int(at)) {
			continue
		}
		n := foldWindow(&sc.norm, t[at:], markWindow)
		end, star, term := matchMark(n.Text[:min(len(n.Text), markWindow)])
		if !star && !term {
			continue
		}
		s, e := n.Span(0, end)
		spans = append(spans, [2]int{int(at) + s, int(at) + e})
		next = int(at) + e
	}
	return spans
}

// markMayFollow reports whether the level word at t[at:] is followed by what a mark goes on
// with — a star, a digit, or the first character of 长期, 启用前, 公布前, 解密前 — so that
// the ordinary 国家秘密 is passed over without folding a window for it.
func markMayFollow(t string, at int) bool {
	t2s := tradToSimpTable()
	levels := 0
	for i := at; i < len(t); {
		r, size := decodeRune(t, i)
		i += size
		f := foldRune(r, t2s)
		if f < 0 {
			continue
		}
		if levels < 2 { // the two characters of the level word
			levels++
			continue
		}
		switch {
		case f == '★', '0' <= f && f <= '9', f == '长', f == '启', f == '公', f == '解':
			return true
		}
		return false
	}
	return false
}

// foldWindow normalises the start of t until it has at least n folded bytes, or all of t.
func foldWindow(dst *Normalized, t string, n int) *Normalized {
	for size := 2 * n; ; size *= 4 {
		w := t[:min(len(t), size)]
		for len(w) < len(t) && !utf8.RuneStart(t[len(w)]) {
			w = t[:len(w)+1]
		}
		norm := normalizeInto(dst, w, false)
		if len(norm.Text) >= n || len(w) == len(t) {
			return norm
		}
	}
}

// overlapsAny reports whether [s, e) overlaps one of the sorted, disjoint spans.
func overlapsAny(spans [][2]int, s, e int) bool {
	i, _ := slices.BinarySearchFunc(spans, e, func(a [2]int, e int) int {
		if a[0] < e {
			return -1
		}
		return 1
	})
	return i > 0 && spans[i-1][1] > s
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

// mergeHits appends to out the hits of the sorted lists a, b and c in order of start, taking
// from the earlier list on a tie.
func mergeHits(out []hit, a, b, c []hit) []hit {
	for len(a)+len(b)+len(c) > 0 {
		list := &a
		if len(*list) == 0 || (len(b) > 0 && b[0].start < (*list)[0].start) {
			list = &b
		}
		if len(*list) == 0 || (len(c) > 0 && c[0].start < (*list)[0].start) {
			list = &c
		}
		out = append(out, (*list)[0])
		*list = (*list)[1:]
	}
	return out
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
	rs      *RuleSet
	out     []Finding
	kept    []int       // findings kept, by rule id
	omitted []*omission // hits past the caps, by rule id
	order   []int32     // rule ids with omissions, as first met
	copies  bool        // copy matches and contexts out of the text (see takeFrom)
}

// omission counts the hits of one rule past the caps.
type omission struct {
	info  ruleInfo
	count int
	part  PartKind
	page  int
}

func newCollector(rs *RuleSet) *collector {
	return &collector{rs: rs, kept: make([]int, rs.rules), omitted: make([]*omission, rs.rules)}
}

// take adds the hits of part pi, in order.
func (c *collector) take(pi int, p *Part, hits []hit) { c.takeFrom(pi, p, p.Text, 0, hits) }

// takeFrom adds the hits of part pi, in order, given as offsets in text, a stretch of the
// part's text that starts at its byte base. With copies set, a finding's match and context are
// copied out of text, which the caller may then overwrite.
func (c *collector) takeFrom(pi int, p *Part, text string, base int, hits []hit) {
	for _, h := range hits {
		rule := c.rs.ruleOf[h.info]
		info := &c.rs.infos[h.info]
		if len(c.out) < maxFindings && c.kept[rule] < maxPerRule {
			c.kept[rule]++
			s, e := int(h.start), int(h.end)
			match, context := text[s:e], contextAround(text, s, e)
			if c.copies {
				match, context = strings.Clone(match), strings.Clone(context)
			}
			c.out = append(c.out, Finding{Category: info.cat, Severity: info.sev, Rule: info.rule, Basis: info.basis,
				Match: match, Part: p.Kind, Page: p.Page, Embedded: p.Embedded, Image: p.Image, Context: context,
				PartIndex: pi, Offset: base + s})
			continue
		}
		o := c.omitted[rule]
		if o == nil {
			o = &omission{info: *info, part: p.Kind, page: p.Page}
			c.omitted[rule] = o
			c.order = append(c.order, rule)
		}
		if o.count++; info.sev == Block {
			o.info.sev = Block
		}
	}
}

// summaries returns one finding for each rule with hits past the caps.
func (c *collector) summaries(after int) []Finding {
	var out []Finding
	for _, rule := range c.order {
		o := c.omitted[rule]
		out = append(out, Finding{Category: o.info.cat, Severity: o.info.sev, Rule: o.info.rule, Basis: o.info.basis,
			Part: o.part, Page: o.page, PartIndex: after,
			Context: fmt.Sprintf("另有 %d 处%s未逐一列出（每条规则最多列出 %d 处），请在原件中查看", o.count, o.info.cat.Label(), maxPerRule)})
	}
	return out
}

// locateLines sets the line of each finding of part p, which are in order of offset, in one
// pass over the text: a revision's line is its anchor in the body. A finding in a worksheet is
// located by its cell instead.
func locateLines(p *Part, fs []Finding) {
	if p.Sheet != "" {
		locateCells(p, fs)
		return
	}
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

// locateCells sets the cell of each finding of worksheet part p (补贴名单!C4, or the sheet's
// name alone for a part without cells: its header or footer), and its context to the cell's
// own text, not its neighbours'.
func locateCells(p *Part, fs []Finding) {
	for i := range fs {
		fs[i].Cell = p.Sheet
		k := p.cellAt(fs[i].Offset)
		if k < 0 {
			continue
		}
		from, to := p.Cells[k].Offset, len(p.Text)
		if k+1 < len(p.Cells) {
			to = p.Cells[k+1].Offset
		}
		fs[i].Cell += "!" + p.Cells[k].Name()
		if s, e := fs[i].Offset-from, fs[i].Offset-from+len(fs[i].Match); e <= to-from {
			fs[i].Context = contextAround(p.Text[from:to], s, e)
		}
	}
}
