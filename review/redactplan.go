package review

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"unicode"
	"unicode/utf8"
)

// The plan of a publishable copy: which spans of which parts are replaced by what. It is made
// from the check's findings and the spans a reviewer selects, shown to the reviewer as a
// preview, and then written by Redact.

// Selection is a span of a document's text a reviewer selects to be masked as Kind:
// Document.Parts[Part].Text[Start:End].
type Selection struct {
	Part       int
	Start, End int
	Kind       MaskKind
}

// Replacement is one span of a part replaced in the publishable copy. Original is kept for the
// writer's consistency check only: no report or preview shows it.
type Replacement struct {
	Start, End int      `json:"-"` // bytes of the part's text
	Original   string   `json:"-"`
	Masked     string   `json:"masked"`
	Kind       MaskKind `json:"kind"`
	Where      string   `json:"where"` // in the reviewer's words: 第3行, 补贴名单!C4, 页眉, 批注
}

// PartPlan is the replacements of one part, in order, none overlapping.
type PartPlan struct {
	Index        int // in Document.Parts
	Replacements []Replacement
}

// Plan is every replacement of a document, by part in order.
type Plan struct {
	Parts []PartPlan
}

// PlanOptions choose what PlanRedaction masks.
type PlanOptions struct {
	// Categories are the recognisers' categories masked; nil means id_card, mobile_phone and
	// bank_card.
	Categories []Category
	// Fingerprints, when not nil, limit the findings masked to these (the ones the reviewer
	// confirmed); nil masks every finding of the categories.
	Fingerprints []string
	// Selections are the spans the reviewer selected.
	Selections []Selection
	// Masks are the profiles; nil means DefaultMasks.
	Masks MaskSet
	// Rules find the identifiers past the check's cap (it lists at most 1,000 of a rule, and
	// a list of 5,000 rows has 5,000 IDs); nil finds them with NewRuleSet(nil, nil).
	Rules *RuleSet
}

// ErrPlan is wrapped by every error of PlanRedaction and by Redact for a plan that does not
// fit the file.
var ErrPlan = errors.New("invalid redaction plan")

// span is a span to mask before merging.
type span struct {
	part, start, end int
	kind             MaskKind
}

// kindRank orders the kinds when merged spans differ: the strongest mask wins.
var kindRank = map[MaskKind]int{MaskIDCard: 0, MaskBank: 1, MaskMobile: 2, MaskOther: 3, MaskAddress: 4, MaskName: 5}

// selectedKind reports whether k is a kind only a reviewer's selection has (a name, an
// address, other text), not a recogniser's.
func selectedKind(k MaskKind) bool { return k == MaskName || k == MaskAddress || k == MaskOther }

// maskedCategories are the findings a 脱敏稿 masks unless PlanOptions says otherwise: the
// identifiers whose masked form (11*************02X) is what offices publish on lists.
var maskedCategories = []Category{CatIDCard, CatMobilePhone, CatBankCard}

// Masked reports whether a 脱敏稿 masks findings of category c by default, so that a draft
// blocked only by them can be published as a 脱敏稿 (脱敏后通过) rather than rewritten.
func (c Category) Masked() bool { return slices.Contains(maskedCategories, c) }

// PlanRedaction returns the replacements that mask doc's findings of the chosen categories and
// the reviewer's selections. Overlapping or adjacent identifiers of a part are merged into one,
// masked as the strongest kind among them (ID, card, mobile), and so are overlapping or
// adjacent selections (other, address, name); a selection that overlaps an identifier is
// masked by its own kind outside the identifier, its spaces at either end left as they are,
// so a name selected with the ID beside it keeps neither whole. The result does not depend on
// the order of findings or selections. A selection outside its part's text, not
// on character boundaries, or of a kind with no profile is an error wrapping ErrPlan; findings
// without a match (hidden content, scans) are passed over.
func PlanRedaction(doc *Document, findings []Finding, opt PlanOptions) (*Plan, error) {
	masks := opt.Masks
	if masks == nil {
		masks = DefaultMasks()
	}
	if err := masks.Validate(); err != nil {
		return nil, err
	}
	cats := opt.Categories
	if cats == nil {
		cats = maskedCategories
	}
	spans := findingSpans(doc, findings, opt, cats, masks)
	for _, s := range opt.Selections {
		if err := s.check(doc, masks); err != nil {
			return nil, err
		}
		spans = append(spans, span{s.Part, s.Start, s.End, s.Kind})
	}
	return buildPlan(doc, mergeMasked(doc, spans), masks), nil
}

// findingSpans returns the spans of the findings to mask: those of the categories (and of
// the fingerprints, when given) with a match, or, when the check did not list every one of a
// category, every match of the categories found anew.
func findingSpans(doc *Document, findings []Finding, opt PlanOptions, cats []Category, masks MaskSet) []span {
	if opt.Fingerprints == nil && capped(findings, cats) {
		rules := opt.Rules
		if rules == nil {
			rules = NewRuleSet(nil, nil)
		}
		return rules.identifierSpans(doc, cats, masks)
	}
	var spans []span
	for _, f := range findings {
		if f.Match == "" || f.PartIndex < 0 || f.PartIndex >= len(doc.Parts) || !slices.Contains(cats, f.Category) {
			continue
		}
		if opt.Fingerprints != nil && !slices.Contains(opt.Fingerprints, f.Fingerprint) {
			continue
		}
		if _, ok := masks[MaskKind(f.Category)]; ok {
			spans = append(spans, span{f.PartIndex, f.Offset, f.Offset + len(f.Match), MaskKind(f.Category)})
		}
	}
	return spans
}

// capped reports whether the check left findings of one of the categories unlisted: a
// summary finding, with no match, counts them.
func capped(findings []Finding, cats []Category) bool {
	for _, f := range findings {
		if f.Match == "" && slices.Contains(cats, f.Category) {
			return true
		}
	}
	return false
}

// identifierSpans returns every match of the categories in the text parts of doc, no cap.
// Text recognised from scans is passed over: no writer keeps it.
func (rs *RuleSet) identifierSpans(doc *Document, cats []Category, masks MaskSet) []span {
	var spans []span
	head := true
	for pi := range doc.Parts {
		p := &doc.Parts[pi]
		isHead := head && p.Kind == PartBody
		if p.Kind == PartBody {
			head = false
		}
		if p.OCR != nil {
			continue
		}
		_ = rs.scanPart(context.Background(), p, isHead, func(hits []hit) {
			for _, h := range hits {
				cat := rs.infos[h.info].cat
				if _, ok := masks[MaskKind(cat)]; ok && slices.Contains(cats, cat) {
					spans = append(spans, span{pi, int(h.start), int(h.end), MaskKind(cat)})
				}
			}
		})
	}
	return spans
}

// check reports whether a selection fits doc and has a profile.
func (s Selection) check(doc *Document, masks MaskSet) error {
	if s.Part < 0 || s.Part >= len(doc.Parts) {
		return fmt.Errorf("%w: 选中的内容不在文件中（第%d部分）", ErrPlan, s.Part)
	}
	t := doc.Parts[s.Part].Text
	if s.Start < 0 || s.End > len(t) || s.Start >= s.End || !boundary(t, s.Start) || !boundary(t, s.End) {
		return fmt.Errorf("%w: 选中的范围 %d–%d 不在文字之内", ErrPlan, s.Start, s.End)
	}
	if _, ok := masks[s.Kind]; !ok {
		return fmt.Errorf("%w: 没有“%s”的脱敏方式", ErrPlan, s.Kind)
	}
	return nil
}

// boundary reports whether byte i of t starts a character or ends t.
func boundary(t string, i int) bool { return i == len(t) || utf8.RuneStart(t[i]) }

// mergeMasked returns the spans to mask, sorted and none overlapping: the identifiers merged
// among themselves, the selections among themselves, and each selection less what the
// identifiers cover.
func mergeMasked(doc *Document, spans []span) []span {
	var ids, sel []span
	for _, s := range spans {
		if selectedKind(s.kind) {
			sel = append(sel, s)
		} else {
			ids = append(ids, s)
		}
	}
	out := mergeKinds(ids)
	for _, s := range mergeKinds(sel) {
		for _, piece := range subtract(s, out) {
			if piece = trimSpan(doc, piece); piece.start < piece.end {
				out = append(out, piece)
			}
		}
	}
	sortSpans(out)
	return out
}

// sortSpans orders spans by part and start, the longer and then the stronger first.
func sortSpans(spans []span) {
	sort.Slice(spans, func(i, j int) bool {
		a, b := spans[i], spans[j]
		if a.part != b.part {
			return a.part < b.part
		}
		if a.start != b.start {
			return a.start < b.start
		}
		if a.end != b.end {
			return a.end > b.end
		}
		return kindRank[a.kind] < kindRank[b.kind]
	})
}

// mergeKinds sorts spans and merges those of a part that overlap or touch, as the strongest
// kind among them.
func mergeKinds(spans []span) []span {
	sortSpans(spans)
	var out []span
	for _, s := range spans {
		if n := len(out); n > 0 && out[n-1].part == s.part && s.start <= out[n-1].end {
			last := &out[n-1]
			last.end = max(last.end, s.end)
			if kindRank[s.kind] < kindRank[last.kind] {
				last.kind = s.kind
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

// subtract returns the pieces of s that none of the sorted, disjoint spans cover.
func subtract(s span, covered []span) []span {
	var out []span
	for _, c := range covered {
		if c.part != s.part || c.end <= s.start || c.start >= s.end {
			continue
		}
		if c.start > s.start {
			out = append(out, span{s.part, s.start, c.start, s.kind})
		}
		s.start = c.end
		if s.start >= s.end {
			return out
		}
	}
	return append(out, s)
}

// trimSpan returns s without the spaces and line ends at either end of its text.
func trimSpan(doc *Document, s span) span {
	t := doc.Parts[s.part].Text
	for s.start < s.end {
		r, size := utf8.DecodeRuneInString(t[s.start:s.end])
		if !unicode.IsSpace(r) {
			break
		}
		s.start += size
	}
	for s.start < s.end {
		r, size := utf8.DecodeLastRuneInString(t[s.start:s.end])
		if !unicode.IsSpace(r) {
			break
		}
		s.end -= size
	}
	return s
}

// buildPlan masks each merged span and locates it.
func buildPlan(doc *Document, spans []span, masks MaskSet) *Plan {
	plan := &Plan{}
	for _, s := range spans {
		p := &doc.Parts[s.part]
		if n := len(plan.Parts); n == 0 || plan.Parts[n-1].Index != s.part {
			plan.Parts = append(plan.Parts, PartPlan{Index: s.part})
		}
		pp := &plan.Parts[len(plan.Parts)-1]
		orig := p.Text[s.start:s.end]
		pp.Replacements = append(pp.Replacements, Replacement{Start: s.start, End: s.end, Original: orig,
			Masked: masks[s.kind].Mask(orig), Kind: s.kind, Where: where(p, s.start)})
	}
	return plan
}

// where says where byte off of part p is, as a finding there would say it.
func where(p *Part, off int) string {
	f := []Finding{{Part: p.Kind, Page: p.Page, Embedded: p.Embedded, Image: p.Image, Offset: off}}
	locateLines(p, f)
	return f[0].Where()
}

// Count returns the number of replacements.
func (p *Plan) Count() int {
	n := 0
	for _, pp := range p.Parts {
		n += len(pp.Replacements)
	}
	return n
}

// PreviewItem is one replacement as the reviewer sees it before anything is written: what,
// where, and what it becomes. The original text is never in it.
type PreviewItem struct {
	Kind   string `json:"kind"` // 身份证号, 手机号, 姓名 …
	Where  string `json:"where"`
	Masked string `json:"masked"`
}

// Preview returns the replacements in document order, for the reviewer to see.
func (p *Plan) Preview() []PreviewItem {
	var out []PreviewItem
	for _, pp := range p.Parts {
		out = pp.preview(out)
	}
	return out
}

// Split is Preview in two: the replacements made in the copy of doc made with clean, and
// those in a part the copy leaves out (LeftOut), which go with their part.
func (p *Plan) Split(doc *Document, clean CleanOptions) (masked, leftOut []PreviewItem) {
	for _, pp := range p.Parts {
		if pp.Index >= 0 && pp.Index < len(doc.Parts) && LeftOut(doc.Format, &doc.Parts[pp.Index], clean) {
			leftOut = pp.preview(leftOut)
		} else {
			masked = pp.preview(masked)
		}
	}
	return masked, leftOut
}

// preview appends the part's replacements to out as the reviewer sees them.
func (pp *PartPlan) preview(out []PreviewItem) []PreviewItem {
	for _, r := range pp.Replacements {
		m := r.Masked
		if m == "" {
			m = "（删除）"
		}
		out = append(out, PreviewItem{Kind: r.Kind.Label(), Where: r.Where, Masked: m})
	}
	return out
}

// applyText returns text with the part's replacements made.
func (pp *PartPlan) applyText(text string) string {
	var b []byte
	at := 0
	for _, r := range pp.Replacements {
		b = append(b, text[at:r.Start]...)
		b = append(b, r.Masked...)
		at = r.End
	}
	return string(append(b, text[at:]...))
}

// fits reports whether the plan was made for doc: each replacement's original is where it says.
func (p *Plan) fits(doc *Document) error {
	for _, pp := range p.Parts {
		if pp.Index < 0 || pp.Index >= len(doc.Parts) {
			return fmt.Errorf("%w: 第%d部分不在文件中，文件在审查后已改动", ErrPlan, pp.Index)
		}
		t := doc.Parts[pp.Index].Text
		at := 0
		for _, r := range pp.Replacements {
			if r.Start < at || r.End > len(t) || r.Start > r.End || t[r.Start:r.End] != r.Original {
				return fmt.Errorf("%w: %s 的内容与审查时不同，文件在审查后已改动", ErrPlan, r.Where)
			}
			at = r.End
		}
	}
	return nil
}
