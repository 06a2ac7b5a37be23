package review

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Finding is one thing a reviewer must look at, located in the original text.
type Finding struct {
	Category    Category `json:"category"`
	Severity    Severity `json:"severity"`
	Rule        string   `json:"rule"`
	Basis       string   `json:"basis"`
	Match       string   `json:"match"` // the original text, exactly as in the draft
	Part        PartKind `json:"part"`
	Page        int      `json:"page"`
	Line        int      `json:"line"`
	Context     string   `json:"context"`
	Fingerprint string   `json:"fingerprint"`

	// Cell is the worksheet cell a finding in a spreadsheet is in (补贴名单!C4), or the sheet
	// alone for its header or footer; "" outside spreadsheets.
	Cell string `json:"cell,omitempty"`
	// Embedded is the path of the embedded object the finding is in, outermost first
	// (Microsoft_Excel_Worksheet.xlsx › oleObject1.docx), or "" for the file's own text.
	Embedded string `json:"embedded,omitempty"`
	// Image is the name of the image pasted into the document (image1.png) whose recognised
	// text the finding is in, or "".
	Image string `json:"image,omitempty"`
	// OCR says the finding is in text recognised from a page's image (a scan), not read from
	// the file; Confidence is then the recogniser's, 0–100: the lowest of the words the match
	// spans, or the page's mean for a finding about the page. In JSON a confidence of 0 (a
	// word Tesseract was not at all sure of) is left out, like every zero field.
	OCR        bool `json:"ocr,omitempty"`
	Confidence int  `json:"confidence,omitempty"`

	// PartIndex and Offset locate the match in the checked document: Document.Parts[PartIndex],
	// bytes [Offset, Offset+len(Match)). Hidden-content and image-only findings have no match.
	PartIndex int `json:"-"`
	Offset    int `json:"-"`
}

// DispositionKind is a reviewer's decision on one finding.
type DispositionKind string

// The dispositions.
const (
	Dismissed DispositionKind = "dismissed" // 误报: not sensitive, with a reason
	Confirmed DispositionKind = "confirmed" // 确认: sensitive indeed
)

// Disposition is a reviewer's decision on the finding with the same fingerprint.
type Disposition struct {
	Kind   DispositionKind `json:"kind"`
	Reason string          `json:"reason"`
}

// ErrDisposition is wrapped by every error of Disposition.Validate.
var ErrDisposition = errors.New("invalid disposition")

// Validate reports whether d can be recorded: its kind is dismissed or confirmed, and a
// dismissal (误报) says why.
func (d Disposition) Validate() error {
	switch d.Kind {
	case Confirmed:
		return nil
	case Dismissed:
		if strings.TrimSpace(d.Reason) == "" {
			return fmt.Errorf("%w: a dismissal (误报) needs a reason", ErrDisposition)
		}
		return nil
	}
	return fmt.Errorf("%w: kind %q, want dismissed or confirmed", ErrDisposition, d.Kind)
}

// Verdict is the outcome of a check.
type Verdict string

// The verdicts.
const (
	VerdictClean Verdict = "clean" // nothing found, or everything found dismissed
	VerdictWarn  Verdict = "warn"  // a warn finding remains: a person must look
	VerdictBlock Verdict = "block" // a block finding remains: it must not be published as is
	VerdictError Verdict = "error" // the draft could not be read
)

// contextChars is how many characters of context a finding shows on each side.
const contextChars = 20

// Check applies the rule set to every part of doc and returns the findings in document order.
// See CheckContext.
func (rs *RuleSet) Check(doc *Document) []Finding {
	out, _ := rs.CheckContext(context.Background(), doc)
	return out
}

// CheckContext applies the rule set to every part of doc and returns the findings in document
// order: keyword terms, classification marks and identifiers, less those an allow-list
// phrase covers; what the file hides (comments, tracked changes, personal metadata); pages
// without a text layer; and each gap, text the reader could not read. At most maxPerRule
// findings of a rule are listed, the rest counted in one more. Its time is linear in the
// length of the text and its memory in the piece read at a time. It stops with the context's
// error when the context is done.
func (rs *RuleSet) CheckContext(ctx context.Context, doc *Document) ([]Finding, error) {
	c := newCollector(rs)
	head := true // the first body part holds the document head (版头)
	for pi := range doc.Parts {
		p := &doc.Parts[pi]
		isHead := head && p.Kind == PartBody
		if p.Kind == PartBody {
			head = false
		}
		first := len(c.out)
		if p.OCR != nil {
			if err := rs.scanRecognised(ctx, c, pi, p, isHead); err != nil {
				return nil, err
			}
			continue
		}
		if err := rs.scanPart(ctx, p, isHead, func(hits []hit) { c.take(pi, p, hits) }); err != nil {
			return nil, err
		}
		locateLines(p, c.out[first:])
	}
	return c.finish(doc, len(doc.Parts)), nil
}

// finish returns the findings collected from the parts of doc, of which there are parts, with
// those of the document as a whole, sorted into document order and fingerprinted.
func (c *collector) finish(doc *Document, parts int) []Finding {
	out := append(c.out, c.summaries(parts+1)...)
	out = append(out, hiddenContent(doc, parts)...)
	layer := doc.layerChars()
	for _, page := range doc.ImageOnlyPages {
		out = append(out, imageOnly(doc, page, layer[page], parts))
	}
	for _, g := range doc.Gaps {
		out = append(out, Finding{Category: CatUnreadable, Severity: Warn, Rule: "unreadable", Basis: BasisReview,
			Part: g.Part, Page: g.Page, Context: g.Reason, PartIndex: parts})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].PartIndex != out[j].PartIndex {
			return out[i].PartIndex < out[j].PartIndex
		}
		return out[i].Offset < out[j].Offset
	})
	fingerprint(out)
	return out
}

// imageOnly is the finding of a page with no text layer, or only a few characters of one
// (layer) over a scan: a person must read it, or, where OCR read it, check what was recognised
// against the original, the more so as the recogniser was unsure. Every scanned page stays a
// warning: recognised text is never as sure as the file's own.
func imageOnly(doc *Document, page, layer, partIndex int) Finding {
	scan := fmt.Sprintf("第%d页没有文字层（扫描件）", page)
	if n := layer; n > 0 {
		scan = fmt.Sprintf("第%d页是扫描件（文字层只有 %d 个字，如页码、印章文字）", page, n)
	}
	f := Finding{Category: CatImageOnly, Severity: Warn, Rule: "image-only", Basis: BasisReview,
		Part: PartBody, Page: page, Context: scan + "，请人工阅读", PartIndex: partIndex}
	rp, ok := doc.recognised(page)
	switch {
	case !ok:
	case rp.Chars == 0:
		f.Rule, f.OCR = "ocr-empty", true
		f.Context = scan + "，图像识别没有识别出任何文字，请人工阅读"
	case rp.Confidence < lowConfidence:
		f.Rule, f.OCR, f.Confidence = "ocr-low-confidence", true, rp.Confidence
		f.Context = fmt.Sprintf("%s，图像识别的置信度低（%d%%），识别结果不可靠，请人工阅读", scan, rp.Confidence)
	default:
		f.Rule, f.OCR, f.Confidence = "ocr", true, rp.Confidence
		f.Context = fmt.Sprintf("%s，已用图像识别读出 %d 个字（置信度 %d%%）并作审查；识别可能有误，请对照原件核对", scan, rp.Chars, rp.Confidence)
	}
	return f
}

// layerChars returns, for each image-only page that has a text layer, how many characters,
// white space apart, it has: its body parts read from the file, not recognised. One pass over
// the parts, however many pages are scans.
func (d *Document) layerChars() map[int]int {
	if len(d.ImageOnlyPages) == 0 {
		return nil
	}
	scans := make(map[int]bool, len(d.ImageOnlyPages))
	for _, n := range d.ImageOnlyPages {
		scans[n] = true
	}
	chars := map[int]int{}
	for _, p := range d.Parts {
		if p.Kind != PartBody || !scans[p.Page] || p.OCR != nil || p.Embedded != "" {
			continue
		}
		for _, r := range p.Text {
			if !unicode.IsSpace(r) {
				chars[p.Page]++
			}
		}
	}
	return chars
}

// contextAround returns up to contextChars characters either side of text[s:e], with the match, on
// one line.
func contextAround(text string, s, e int) string {
	from, to := s, e
	for k := 0; k < contextChars && from > 0; k++ {
		_, size := utf8.DecodeLastRuneInString(text[:from])
		from -= size
	}
	for k := 0; k < contextChars && to < len(text); k++ {
		_, size := utf8.DecodeRuneInString(text[to:])
		to += size
	}
	return strings.Join(strings.Fields(text[from:to]), " ")
}

// hiddenContent reports what a file carries besides its visible text: comments, tracked
// changes and personal metadata. Their text is checked like any part; these findings say
// that the file itself must be cleaned before it is published. pi is the part index they sort
// by: past the parts'.
func hiddenContent(doc *Document, pi int) []Finding {
	var out []Finding
	hidden := func(rule string, part PartKind, match, ctx string) {
		out = append(out, Finding{Category: CatHiddenContent, Severity: Warn, Rule: rule, Basis: BasisReview,
			Match: match, Part: part, Context: ctx, PartIndex: pi})
	}
	if doc.Comments > 0 {
		hidden("hidden-comments", PartComment, "", fmt.Sprintf("文件含 %d 条批注，公开前应删除", doc.Comments))
	}
	if doc.Insertions+doc.Deletions > 0 {
		hidden("hidden-revisions", PartRevision, "", fmt.Sprintf("文件含修订痕迹（插入 %d 处、删除 %d 处），公开前应接受或拒绝全部修订", doc.Insertions, doc.Deletions))
	}
	for _, f := range []struct{ label, value string }{
		{"作者", doc.Meta.Author}, {"最后修改者", doc.Meta.LastModifiedBy}, {"单位", doc.Meta.Company},
	} {
		if f.value != "" {
			hidden("hidden-metadata", PartMetadata, f.value, "文档属性“"+f.label+"”："+f.value+"，公开前应清除个人信息")
		}
	}
	for _, reason := range doc.Hidden {
		hidden("hidden-cells", PartBody, "", reason)
	}
	return out
}

// fingerprint gives each finding an id that survives a re-scan of a revised draft: its rule,
// its normalised match, its part and which occurrence of that it is.
func fingerprint(fs []Finding) {
	seen := map[string]int{}
	for i := range fs {
		key := fs[i].Rule + "|" + Normalize(fs[i].Match).Text + "|" + string(fs[i].Part)
		switch {
		case fs[i].Category == CatImageOnly:
			key += fmt.Sprintf("|page %d", fs[i].Page)
		case fs[i].Category == CatUnreadable:
			key += fmt.Sprintf("|page %d|%s", fs[i].Page, fs[i].Context)
		case fs[i].Match == "" && fs[i].Category != CatHiddenContent:
			key += "|more" // the count of a rule's findings past the cap
		}
		occurrence := seen[key]
		seen[key]++
		sum := sha256.Sum256([]byte(fmt.Sprintf("%s|%d", key, occurrence)))
		fs[i].Fingerprint = hex.EncodeToString(sum[:8])
	}
}

// Decide computes the verdict of findings given the reviewer's dispositions by fingerprint:
// block while any block finding is not dismissed, warn while any warn finding is not,
// clean otherwise. A confirmed finding stays.
func Decide(findings []Finding, dispositions map[string]Disposition) Verdict {
	v := VerdictClean
	for _, f := range findings {
		if d, ok := dispositions[f.Fingerprint]; ok && d.Kind == Dismissed {
			continue
		}
		if f.Severity == Block {
			return VerdictBlock
		}
		v = VerdictWarn
	}
	return v
}
