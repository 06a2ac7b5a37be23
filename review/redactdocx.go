package review

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"golang.org/x/image/font/opentype"
	"io"
	"path"
	"strings"
)

// wordPart is a WordprocessingML part the reader takes text from, as readDOCX lists them.
type wordPart struct {
	name  string
	kind  PartKind
	split string
}

// wordParts lists the text parts of p in the reader's order.
func wordParts(p *pkg) []wordPart {
	out := []wordPart{{"word/document.xml", PartBody, ""}}
	for _, k := range []wordPart{{"header", PartHeader, ""}, {"footer", PartFooter, ""},
		{"footnotes", PartFootnote, "footnote"}, {"endnotes", PartEndnote, "endnote"}, {"comments", PartComment, "comment"}} {
		for _, name := range p.matching("word", k.name, ".xml") {
			out = append(out, wordPart{name, k.kind, k.split})
		}
	}
	return out
}

// The parts that hold comments and who wrote them, by relationship type.
var commentRelTypes = []string{"/comments", "/commentsExtended", "/commentsIds", "/commentsExtensible", "/people"}

// redactDOCX writes the copy of a Word document: the plan's spans masked inside the w:t runs
// of the body, headers, footers, notes and (when kept) comments; comments, tracked changes,
// hidden text, properties and embedded objects cleaned out as clean says.
func (r *Reader) redactDOCX(ctx context.Context, data []byte, doc *Document, plan *Plan, clean CleanOptions) (*redacted, error) {
	src := &source{r: bytes.NewReader(data), size: int64(len(data)), ctx: ctx}
	p, err := openPackage(ctx, src, r.Limits)
	if err != nil {
		return nil, err
	}
	w := &docxWriter{r: r, p: p, doc: doc, plan: plan, clean: clean, res: &redacted{},
		ch: zipEntries{replaced: map[string][]byte{}, removed: map[string]bool{}}, handled: map[int]bool{}}
	if err := w.textParts(); err != nil {
		return nil, err
	}
	if err := w.maskMedia(ctx, "word"); err != nil {
		return nil, err
	}
	if err := w.cleanRest("word", wordCommentPart, commentRelTypes); err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, malformed("not a ZIP package: %v", err)
	}
	if w.res.data, err = rewriteZip(zr, w.ch); err != nil {
		return nil, err
	}
	w.res.removed = append(w.res.removed, cleanedSummary(doc, clean, w.hiddenRuns, w.props, len(w.embedded))...)
	w.res.notMasked = notMasked(doc, plan, clean, w.handled)
	return w.res, nil
}

// docxWriter is redactDOCX's state.
type docxWriter struct {
	r          *Reader
	p          *pkg
	doc        *Document
	plan       *Plan
	clean      CleanOptions
	res        *redacted
	ch         zipEntries
	handled    map[int]bool // parts whose replacements were made
	hiddenRuns int
	props      int
	embedded   []string
	// paint is the face a picture's replacements are painted in, or nil to paint the values
	// out only.
	paint *opentype.Font
}

// entry reads one entry of the package whole, within the budget.
func (w *docxWriter) entry(name string) ([]byte, error) {
	rc, err := w.p.open(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// textParts masks and cleans each text part.
func (w *docxWriter) textParts() error {
	next := 0 // the index in doc.Parts of the next part the reader made
	for _, wp := range wordParts(w.p) {
		if wp.kind == PartComment && w.clean.Comments {
			w.ch.removed[wp.name] = true
			continue
		}
		var items []wmlItem
		err := w.p.walkXML(wp.name, w.r.Limits.MaxXMLDepth, func(x *xmlWalker) (err error) {
			items, err = extractWordML(x, wp.split)
			return err
		})
		if err != nil {
			return err
		}
		index := make([]int, len(items)) // the part of each item, or -1
		for i, it := range items {
			index[i] = -1
			if wp.kind == PartBody || strings.TrimSpace(it.text) != "" {
				index[i] = next
				next++
			}
			for _, rev := range it.revisions {
				if strings.TrimSpace(rev.Text) != "" {
					next++
				}
			}
		}
		if err := w.editPart(wp, items, index); err != nil {
			return err
		}
	}
	return nil
}

// editPart masks and cleans one text part whose items are the parts index gives.
func (w *docxWriter) editPart(wp wordPart, items []wmlItem, index []int) error {
	raw, err := w.entry(wp.name)
	if err != nil {
		return err
	}
	e := newWordEditor(wp.split, w.clean, w.originals())
	if err := walkRaw(raw, wp.name, w.r.Limits.MaxXMLDepth, e.token); err != nil {
		return err
	}
	if len(e.items) != len(items) {
		return malformed("%s: %d items, the reader saw %d", wp.name, len(e.items), len(items))
	}
	for i, it := range e.items {
		if strings.TrimRight(it.text.String(), "\n") != items[i].text {
			return malformed("%s: the text of item %d does not read as the reader's", wp.name, i+1)
		}
		if index[i] < 0 || index[i] >= len(w.doc.Parts) || w.doc.Parts[index[i]].Text != items[i].text {
			continue
		}
		e.edits = append(e.edits, w.mask(index[i], items[i].text, it.segs)...)
	}
	w.hiddenRuns += e.hiddenRuns
	if len(e.edits) > 0 {
		w.ch.replaced[wp.name] = applyEdits(raw, e.edits)
	}
	return nil
}

// originals returns the original text of every replacement, for the renderings the reader
// skips (mc:Fallback), which repeat the text they stand for.
func (w *docxWriter) originals() *strings.Replacer {
	var pairs []string
	for _, pp := range w.plan.Parts {
		for _, r := range pp.Replacements {
			if r.Original != "" {
				pairs = append(pairs, r.Original, r.Masked)
			}
		}
	}
	return strings.NewReplacer(pairs...)
}

// mask returns the edits that make the replacements of part pi in its segments.
func (w *docxWriter) mask(pi int, text string, segs []rawSegment) []xmlEdit {
	pp := w.plan.part(pi)
	if pp == nil {
		return nil
	}
	w.handled[pi] = true
	spans := make([]segment, len(segs))
	for i, s := range segs {
		spans[i] = s.segment
	}
	got, changed := distribute(text, spans, pp.Replacements)
	var edits []xmlEdit
	for i, s := range segs {
		if changed[i] {
			edits = append(edits, xmlEdit{start: s.rawStart, end: s.rawEnd, repl: escapeText(got[i])})
		}
	}
	for _, r := range pp.Replacements {
		w.res.masked = append(w.res.masked, PreviewItem{Kind: r.Kind.Label(), Where: r.Where, Masked: r.Masked})
	}
	return edits
}

// part returns the plan of part pi, or nil.
func (p *Plan) part(pi int) *PartPlan {
	for i := range p.Parts {
		if p.Parts[i].Index == pi {
			return &p.Parts[i]
		}
	}
	return nil
}

// wordCommentPart reports whether entry n holds comments or who wrote them (comments.xml,
// commentsExtended.xml, people.xml).
func wordCommentPart(n string) bool {
	return path.Dir(n) == "word" && (strings.HasPrefix(path.Base(n), "comments") || path.Base(n) == "people.xml")
}

// cleanRest cleans what the package holds besides its text parts, as w.clean says: the
// embedded objects under dir/embeddings (and the charts' data that points at them), the
// entries commentPart names and the relationships of commentRels, the properties; then the
// relationships and content types of everything removed. Word documents and workbooks differ
// only in dir and in what holds their comments.
func (w *docxWriter) cleanRest(dir string, commentPart func(string) bool, commentRels []string) error {
	if w.clean.Embedded {
		for _, n := range w.p.names {
			if strings.HasPrefix(n, dir+"/embeddings/") {
				w.ch.removed[n], w.embedded = true, append(w.embedded, n)
			}
		}
		if len(w.embedded) > 0 {
			if err := dropChartData(w.p, w.r.Limits.MaxXMLDepth, w.ch, w.entry); err != nil {
				return err
			}
		}
	}
	var relTypes []string
	if w.clean.Comments {
		relTypes = commentRels
		for _, n := range w.p.names {
			if commentPart(n) {
				w.ch.removed[n] = true
			}
		}
	}
	if w.clean.Properties {
		if err := w.properties(); err != nil {
			return err
		}
	}
	return cleanPackage(w.p, w.r.Limits.MaxXMLDepth, w.ch, relTypes, w.current)
}

// current reads one entry of the package as the copy has it so far: its replacement, or the
// entry itself.
func (w *docxWriter) current(name string) ([]byte, error) {
	if b, ok := w.ch.replaced[name]; ok {
		return b, nil
	}
	return w.entry(name)
}

// properties empties the document properties and removes the custom ones.
func (w *docxWriter) properties() error {
	for _, name := range []string{"docProps/core.xml", "docProps/app.xml"} {
		raw, err := w.entry(name)
		if errors.Is(err, errNoEntry) {
			continue
		}
		if err != nil {
			return err
		}
		edits, n, err := clearProperties(raw, name, w.r.Limits.MaxXMLDepth)
		if err != nil {
			return err
		}
		w.props += n
		if n > 0 {
			w.ch.replaced[name] = applyEdits(raw, edits)
		}
	}
	if _, ok := w.p.files["docProps/custom.xml"]; ok {
		w.ch.removed["docProps/custom.xml"] = true
		w.props++
	}
	return nil
}

// cleanPackage removes from every .rels part the relationships of the removed entries (and
// of the given types), and their overrides from [Content_Types].xml; a .rels of a removed
// part goes with it.
func cleanPackage(p *pkg, maxDepth int, ch zipEntries, relTypes []string, entry func(string) ([]byte, error)) error {
	if len(ch.removed) == 0 && len(relTypes) == 0 {
		return nil
	}
	for _, n := range p.names {
		if !strings.HasSuffix(n, ".rels") || ch.removed[n] {
			continue
		}
		dir := path.Dir(path.Dir(n)) // word/_rels/document.xml.rels → word
		owner := path.Join(dir, strings.TrimSuffix(path.Base(n), ".rels"))
		if ch.removed[owner] {
			ch.removed[n] = true
			continue
		}
		if dir == "." {
			dir = ""
		}
		raw, err := entry(n)
		if err != nil {
			return err
		}
		if prev, ok := ch.replaced[n]; ok {
			raw = prev
		}
		edits, err := removeRelated(raw, n, dir, maxDepth, relTypes, ch.removed)
		if err != nil {
			return err
		}
		if len(edits) > 0 {
			ch.replaced[n] = applyEdits(raw, edits)
		}
	}
	raw, err := entry("[Content_Types].xml")
	if err != nil {
		return fmt.Errorf("[Content_Types].xml: %w", err)
	}
	edits, err := removeOverrides(raw, maxDepth, ch.removed)
	if err != nil {
		return err
	}
	if len(edits) > 0 {
		ch.replaced["[Content_Types].xml"] = applyEdits(raw, edits)
	}
	return nil
}

// rawSegment is a segment of an item's text and the bytes of the w:t character data that
// hold it.
type rawSegment struct {
	segment
	rawStart, rawEnd int
}

// editItem is an item as the editor reads it: the same text as the reader's, and where each
// piece of it lies in the part.
type editItem struct {
	text strings.Builder
	segs []rawSegment
}

// wordEditor walks a WordprocessingML part as extractWordML does, keeping the byte ranges of
// the text and the edits that clean the part.
type wordEditor struct {
	split     string
	clean     CleanOptions
	originals *strings.Replacer

	items      []editItem
	cur        int      // the item being read, -1 between split elements
	names      []string // the local names of the open elements
	skip       int      // depth within a skipped element (field instruction, note separator), 0 outside
	fallback   int      // depth within mc:Fallback
	inText     bool
	inRun      int
	runs       []run // the open w:r elements
	edits      []xmlEdit
	hiddenRuns int
}

// run is an open w:r: where it starts and whether it is hidden.
type run struct {
	start  int
	hidden bool
}

// newWordEditor returns an editor of a part split at the given elements, or of one item.
func newWordEditor(split string, clean CleanOptions, originals *strings.Replacer) *wordEditor {
	e := &wordEditor{split: split, clean: clean, originals: originals, cur: -1}
	if split == "" {
		e.items, e.cur = []editItem{{}}, 0
	}
	return e
}

// item returns the item being read, or nil.
func (e *wordEditor) item() *editItem {
	if e.cur < 0 {
		return nil
	}
	return &e.items[e.cur]
}

// token handles one token of the part.
func (e *wordEditor) token(t rawToken) error {
	switch tok := t.tok.(type) {
	case xml.StartElement:
		e.names = append(e.names, tok.Name.Local)
		e.start(tok, t)
	case xml.EndElement:
		e.end(tok.Name.Local, t)
		e.names = e.names[:max(0, len(e.names)-1)]
	case xml.CharData:
		e.charData(tok, t)
	}
	return nil
}

// start handles an opening tag.
func (e *wordEditor) start(tok xml.StartElement, t rawToken) {
	name := tok.Name.Local
	if e.skipped(tok) {
		e.cleanStart(name, t)
		return
	}
	if e.split != "" && name == e.split {
		e.items = append(e.items, editItem{})
		e.cur = len(e.items) - 1
	}
	e.cleanStart(name, t)
	it := e.item()
	if it == nil {
		return
	}
	switch name {
	case "t":
		e.inText = true
	case "r":
		e.inRun++
	case "tab":
		if e.inRun > 0 {
			it.text.WriteByte('\t')
		}
	case "br", "cr":
		if e.inRun > 0 {
			it.text.WriteByte('\n')
		}
	}
}

// skipped reports whether the element that opens is one the reader skips, or lies in one: a
// field instruction, a note separator, an mc:Fallback rendering.
func (e *wordEditor) skipped(tok xml.StartElement) bool {
	name := tok.Name.Local
	switch {
	case e.skip > 0 || e.fallback > 0:
		e.skip += boolInt(e.skip > 0)
		e.fallback += boolInt(e.fallback > 0)
	case name == "Fallback":
		e.fallback = 1
	case name == "instrText", e.split != "" && name == e.split && noteSeparators[attr(tok, "type")]:
		e.skip = 1
	default:
		return false
	}
	return true
}

// cleanStart notes the opening tags that cleaning acts on: a run, and a run's w:vanish.
func (e *wordEditor) cleanStart(name string, t rawToken) {
	switch name {
	case "r":
		e.runs = append(e.runs, run{start: t.start})
	case "vanish":
		n := len(e.names)
		if e.clean.Hidden && n >= 3 && e.names[n-2] == "rPr" && e.names[n-3] == "r" && len(e.runs) > 0 {
			v := attr(t.tok.(xml.StartElement), "val")
			e.runs[len(e.runs)-1].hidden = v != "0" && v != "false" && v != "off"
		}
	}
}

// boolInt is 1 for true.
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// trackedRemoved and trackedUnwrapped are the elements of tracked changes that accepting them
// removes whole or unwraps; the rest of the mark-up of changes goes whole.
var (
	trackedRemoved = map[string]bool{"del": true, "moveFrom": true, "rPrChange": true, "pPrChange": true,
		"sectPrChange": true, "tblPrChange": true, "trPrChange": true, "tcPrChange": true, "tblGridChange": true,
		"tblPrExChange": true, "numberingChange": true, "moveFromRangeStart": true, "moveFromRangeEnd": true,
		"moveToRangeStart": true, "moveToRangeEnd": true, "cellDel": true, "cellIns": true, "cellMerge": true}
	trackedUnwrapped = map[string]bool{"ins": true, "moveTo": true}
	commentMarks     = map[string]bool{"commentRangeStart": true, "commentRangeEnd": true, "commentReference": true}
)

// end handles a closing tag: the text structure as the reader counts it, and the cleaning.
func (e *wordEditor) end(name string, t rawToken) {
	e.cleanEnd(name, t)
	switch {
	case e.skip > 0:
		e.skip--
		return
	case e.fallback > 0:
		e.fallback--
		return
	case e.cur < 0:
		return
	}
	switch name {
	case "t":
		e.inText = false
	case "r":
		e.inRun--
	case "p":
		e.item().text.WriteByte('\n')
	}
	if e.split != "" && name == e.split {
		e.cur = -1
	}
}

// cleanEnd records the edits of an element that ends: a hidden run, tracked changes, comment
// marks, embedded objects.
func (e *wordEditor) cleanEnd(name string, t rawToken) {
	whole := xmlEdit{start: t.open, end: t.end}
	switch {
	case name == "r" && len(e.runs) > 0:
		r := e.runs[len(e.runs)-1]
		e.runs = e.runs[:len(e.runs)-1]
		if r.hidden {
			e.edits = append(e.edits, xmlEdit{start: r.start, end: t.end})
			e.hiddenRuns++
		}
	case e.clean.Revisions && trackedRemoved[name]:
		e.edits = append(e.edits, whole)
	case e.clean.Revisions && trackedUnwrapped[name]:
		e.edits = append(e.edits, xmlEdit{start: t.open, end: t.openEnd}, xmlEdit{start: t.start, end: t.end})
	case e.clean.Comments && commentMarks[name]:
		e.edits = append(e.edits, whole)
	case e.clean.Embedded && name == "object":
		e.edits = append(e.edits, whole)
	}
}

// charData keeps the text of w:t as the reader does, with its bytes.
func (e *wordEditor) charData(tok xml.CharData, t rawToken) {
	switch {
	case e.fallback > 0 && e.names[len(e.names)-1] == "t":
		if s := e.originals.Replace(string(tok)); s != string(tok) {
			e.edits = append(e.edits, xmlEdit{start: t.start, end: t.end, repl: escapeText(s)})
		}
	case e.skip > 0 || e.fallback > 0 || e.cur < 0 || !e.inText:
	default:
		it := e.item()
		at := it.text.Len()
		it.text.Write(tok)
		it.segs = append(it.segs, rawSegment{segment{at, it.text.Len()}, t.start, t.end})
	}
}
