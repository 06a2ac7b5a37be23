package review

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"
	"unicode/utf8"
)

// redactXLSX writes the copy of an Excel workbook: the plan's spans masked in the cells'
// shared or inline strings (a number cell holding an identifier becomes a text cell with the
// masked value) and in headers and footers; hidden sheets, the cells of hidden rows and
// columns, cell comments, properties and embedded objects cleaned out as clean says.
func (r *Reader) redactXLSX(ctx context.Context, data []byte, doc *Document, plan *Plan, clean CleanOptions) (*redacted, error) {
	src := &source{r: bytes.NewReader(data), size: int64(len(data)), ctx: ctx}
	p, err := openPackage(ctx, src, r.Limits)
	if err != nil {
		return nil, err
	}
	sheets, err := r.workbookSheets(p)
	if err != nil {
		return nil, err
	}
	w := &xlsxWriter{docxWriter: docxWriter{r: r, p: p, doc: doc, plan: plan, clean: clean, res: &redacted{},
		ch: zipEntries{replaced: map[string][]byte{}, removed: map[string]bool{}}, handled: map[int]bool{}},
		cells: map[string]map[[2]int]string{}, shared: map[int][]Replacement{}, used: map[int]bool{}, gone: map[string]bool{}}
	w.planCells(sheets, clean)
	if err := w.sheets(sheets); err != nil {
		return nil, err
	}
	if err := w.sharedStrings(); err != nil {
		return nil, err
	}
	w.res.masked = slices.DeleteFunc(w.res.masked, func(m PreviewItem) bool { return w.gone[m.Where] })
	if err := w.workbook(sheets); err != nil {
		return nil, err
	}
	if err := w.maskMedia(ctx, "xl"); err != nil {
		return nil, err
	}
	if err := w.cleanRest("xl", sheetCommentPart, sheetCommentRelTypes); err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, malformed("not a ZIP package: %v", err)
	}
	if w.res.data, err = rewriteZip(zr, w.ch); err != nil {
		return nil, err
	}
	w.res.removed = append(w.res.removed, cleanedSummary(doc, clean, 0, w.props, len(w.embedded))...)
	w.res.removed = append(w.res.removed, w.hiddenSummary()...)
	w.res.notMasked = append(w.res.notMasked, notMasked(doc, plan, clean, w.handled)...)
	return w.res, nil
}

// xlsxWriter is redactXLSX's state.
type xlsxWriter struct {
	docxWriter
	cells      map[string]map[[2]int]string // by sheet, the new text of each cell to mask, by row and column
	originals  map[string][]string          // by sheet, the originals of its header and footer replacements
	shared     map[int][]Replacement        // by shared string, the replacements in its text
	sharedOld  map[int]string               // the cell text each shared string was planned from
	used       map[int]bool                 // the shared strings a cell of the copy refers to
	gone       map[string]bool              // the cells 清理 removed, 补贴名单!C4: nothing was masked there
	unused     int                          // shared strings emptied: no cell of the copy refers to them
	removedSh  []string
	hiddenRows int
	hiddenCols int
}

// planCells turns the plan's replacements in worksheet parts into the new text of each cell.
// Those of a hidden sheet that 清理 removes are removed with it.
func (w *xlsxWriter) planCells(sheets []sheetEntry, clean CleanOptions) {
	removed := map[string]bool{}
	for _, sh := range sheets {
		removed[sh.name] = sh.hidden && sh.part != "" && clean.Hidden
	}
	for _, pp := range w.plan.Parts {
		p := &w.doc.Parts[pp.Index]
		if p.Sheet == "" || p.Embedded != "" {
			continue
		}
		if removed[p.Sheet] {
			w.handled[pp.Index] = true
			continue
		}
		switch {
		case p.Kind == PartBody && len(p.Cells) > 0:
			w.planPart(p, pp)
		case p.Kind == PartHeader || p.Kind == PartFooter:
			if w.originals == nil {
				w.originals = map[string][]string{}
			}
			for _, r := range pp.Replacements {
				w.originals[p.Sheet] = append(w.originals[p.Sheet], r.Original, r.Masked)
			}
		default:
			continue
		}
		w.handled[pp.Index] = true
		for _, r := range pp.Replacements {
			w.res.masked = append(w.res.masked, PreviewItem{Kind: r.Kind.Label(), Where: r.Where, Masked: r.Masked})
		}
	}
}

// planPart works out the new text of each cell of worksheet part p the replacements touch.
func (w *xlsxWriter) planPart(p *Part, pp PartPlan) {
	segs := make([]segment, len(p.Cells))
	for i, c := range p.Cells {
		end := len(p.Text)
		if i+1 < len(p.Cells) {
			end = p.Cells[i+1].Offset - 1 // the line break between cells is the reader's
		}
		segs[i] = segment{c.Offset, max(c.Offset, end)}
	}
	got, changed := distribute(p.Text, segs, pp.Replacements)
	if w.cells[p.Sheet] == nil {
		w.cells[p.Sheet] = map[[2]int]string{}
	}
	for i, c := range p.Cells {
		if changed[i] {
			w.cells[p.Sheet][[2]int{c.Row, c.Col}] = p.Text[segs[i].start:segs[i].end] + "\x00" + got[i]
		}
	}
}

// diffReplacement returns the one replacement that turns old into new: the characters between
// their common start and end.
func diffReplacement(old, new string) Replacement {
	p := 0
	for p < len(old) && p < len(new) {
		r1, s1 := utf8.DecodeRuneInString(old[p:])
		r2, _ := utf8.DecodeRuneInString(new[p:])
		if r1 != r2 {
			break
		}
		p += s1
	}
	s := 0
	for s < len(old)-p && s < len(new)-p {
		r1, s1 := utf8.DecodeLastRuneInString(old[:len(old)-s])
		r2, _ := utf8.DecodeLastRuneInString(new[:len(new)-s])
		if r1 != r2 {
			break
		}
		s += s1
	}
	return Replacement{Start: p, End: len(old) - s, Original: old[p : len(old)-s], Masked: new[p : len(new)-s]}
}

// sheets edits each worksheet part.
func (w *xlsxWriter) sheets(sheets []sheetEntry) error {
	for _, sh := range sheets {
		if sh.part == "" {
			continue
		}
		if sh.hidden && w.clean.Hidden {
			w.removeSheet(sh)
			continue
		}
		raw, err := w.entry(sh.part)
		if err != nil {
			return err
		}
		e := &sheetEditor{w: w, sheet: sh.name, cells: w.cells[sh.name]}
		if o := w.originals[sh.name]; len(o) > 0 {
			e.originals = strings.NewReplacer(o...)
		}
		if err := walkRaw(raw, sh.part, w.r.Limits.MaxXMLDepth, e.token); err != nil {
			return err
		}
		if len(e.edits) > 0 {
			w.ch.replaced[sh.part] = applyEdits(raw, e.edits)
		}
	}
	return nil
}

// removeSheet removes a hidden sheet's part and what only it uses.
func (w *xlsxWriter) removeSheet(sh sheetEntry) {
	w.ch.removed[sh.part] = true
	w.removedSh = append(w.removedSh, sh.name)
	rels, err := w.r.relationships(w.p, path.Join(path.Dir(sh.part), "_rels", path.Base(sh.part)+".rels"), path.Dir(sh.part))
	if err != nil {
		return
	}
	for _, rel := range rels {
		if !strings.HasSuffix(rel.typ, "/hyperlink") {
			w.ch.removed[rel.target] = true
		}
	}
}

// hiddenSummary says what of the hidden content was removed.
func (w *xlsxWriter) hiddenSummary() []string {
	var out []string
	for _, name := range w.removedSh {
		out = append(out, fmt.Sprintf("隐藏的工作表“%s”已删除", name))
	}
	if w.hiddenRows > 0 {
		out = append(out, fmt.Sprintf("隐藏行 %d 行的内容已删除", w.hiddenRows))
	}
	if w.unused > 0 {
		out = append(out, fmt.Sprintf("无单元格引用的共享文字 %d 条已清空", w.unused))
	}
	if w.hiddenCols > 0 {
		out = append(out, fmt.Sprintf("隐藏列中 %d 个单元格的内容已删除", w.hiddenCols))
	}
	return out
}

// sheetEditor walks one worksheet part, masking cells and cleaning.
type sheetEditor struct {
	w         *xlsxWriter
	sheet     string
	cells     map[[2]int]string
	originals *strings.Replacer
	edits     []xmlEdit

	hiddenCols [][2]int
	row, col   int
	rowHidden  bool
	rowHasR    bool
	cell       editCell
	inHF       bool
	alt        int  // depth in mc:AlternateContent
	altObject  bool // it holds an embedded object
}

// editCell is the cell being walked.
type editCell struct {
	start    int
	typ      string
	ref, s   string
	inValue  bool
	value    []byte
	inInline bool
	inPh     bool
	inT      bool
	text     strings.Builder
	segs     []rawSegment
}

// token handles one token of a worksheet part.
func (e *sheetEditor) token(t rawToken) error {
	switch tok := t.tok.(type) {
	case xml.StartElement:
		e.start(tok, t)
	case xml.EndElement:
		e.end(tok.Name.Local, t)
	case xml.CharData:
		e.charData(tok, t)
	}
	return nil
}

// start handles an opening tag of a worksheet.
func (e *sheetEditor) start(tok xml.StartElement, t rawToken) {
	switch name := tok.Name.Local; {
	case name == "col" && (attr(tok, "hidden") == "1" || attr(tok, "hidden") == "true"):
		lo, hi := attrInt(tok, "min", 0), attrInt(tok, "max", 0)
		e.hiddenCols = append(e.hiddenCols, [2]int{lo, hi})
	case name == "row":
		e.row, e.col = attrInt(tok, "r", e.row+1), 0
		e.rowHidden = attr(tok, "hidden") == "1" || attr(tok, "hidden") == "true"
		e.rowHasR = attr(tok, "r") != ""
	case name == "c":
		e.col = cellColumn(attr(tok, "r"), e.col+1)
		e.cell = editCell{start: t.start, typ: attr(tok, "t"), ref: attr(tok, "r"), s: attr(tok, "s")}
	case strings.HasSuffix(name, "Header") || strings.HasSuffix(name, "Footer"):
		e.inHF = true
	case name == "AlternateContent":
		e.alt++
	case name == "oleObject" && e.alt > 0:
		e.altObject = true
	default:
		e.cell.open(name)
	}
}

// open notes an element opening inside a cell: its value, its inline string and the text of
// that, phonetic runs apart.
func (c *editCell) open(name string) {
	switch {
	case name == "v":
		c.inValue = true
	case name == "is":
		c.inInline = true
	case name == "rPh":
		c.inPh = true
	case name == "t" && c.inInline && !c.inPh:
		c.inT = true
	}
}

// end handles a closing tag of a worksheet.
func (e *sheetEditor) end(name string, t rawToken) {
	switch name {
	case "v":
		e.cell.inValue = false
	case "t":
		e.cell.inT = false
	case "rPh":
		e.cell.inPh = false
	case "is":
		e.cell.inInline = false
	case "c":
		e.endCell(t)
	default:
		e.cleanEnd(name, t)
	}
	if strings.HasSuffix(name, "Header") || strings.HasSuffix(name, "Footer") {
		e.inHF = false
	}
}

// cleanEnd removes, as cleaning says, a hidden row that ends, the drawing of the cell
// comments, the embedded objects.
func (e *sheetEditor) cleanEnd(name string, t rawToken) {
	whole := xmlEdit{start: t.open, end: t.end}
	clean := e.w.clean
	switch name {
	case "row":
		if clean.Hidden && e.rowHidden {
			if e.rowHasR {
				e.edits = append(e.edits, whole)
			}
			e.w.hiddenRows++
		}
	case "legacyDrawing":
		if clean.Comments {
			e.edits = append(e.edits, whole)
		}
	case "oleObjects":
		if clean.Embedded && e.alt == 0 {
			e.edits = append(e.edits, whole)
		}
	case "AlternateContent":
		e.alt--
		if clean.Embedded && e.altObject && e.alt == 0 {
			e.edits = append(e.edits, whole)
			e.altObject = false
		}
	}
}

// endCell masks or clears the cell that ends.
func (e *sheetEditor) endCell(t rawToken) {
	whole := xmlEdit{start: e.cell.start, end: t.end}
	if e.clearHidden(whole) {
		return
	}
	idx, shared := 0, false
	if e.cell.typ == "s" {
		_, err := fmt.Sscan(string(e.cell.value), &idx)
		shared = err == nil
		e.w.used[idx] = e.w.used[idx] || shared
	}
	planned, ok := e.cells[[2]int{e.row, e.col}]
	if !ok {
		return
	}
	old, new, _ := strings.Cut(planned, "\x00")
	switch e.cell.typ {
	case "s":
		if shared {
			e.w.planShared(idx, old, new)
		}
	case "inlineStr":
		e.maskInline(old, new)
	default: // a number, a formula's result: a text cell with the masked value
		if shown, stored, two := strings.Cut(new, "\n"); two && e.cell.typ != "str" {
			if oldShown, _, _ := strings.Cut(old, "\n"); oldShown == shown {
				shown = stored // the identifier was in the stored digits
			}
			new = shown
		}
		whole.repl = inlineCell(e.cell.ref, e.cell.s, new)
		e.edits = append(e.edits, whole)
	}
}

// clearHidden removes the cell that ends, the element whole, when cleaning removes it: it is
// in a hidden column (left empty in its place) or a hidden row. It reports whether it did.
func (e *sheetEditor) clearHidden(whole xmlEdit) bool {
	if !e.w.clean.Hidden || !e.rowHidden && !e.colHidden(e.col) {
		return false
	}
	name := Cell{Row: e.row, Col: e.col}.Name()
	e.w.gone[e.sheet+"!"+name] = true
	switch {
	case !e.rowHidden:
		whole.repl = `<c r="` + name + `"/>`
		e.edits = append(e.edits, whole)
		e.w.hiddenCols++
	case !e.rowHasR: // a row without its number stays, emptied, so the rows after keep theirs
		e.edits = append(e.edits, whole)
	}
	return true
}

// maskInline masks an inline string cell, read as old, into new, in its runs.
func (e *sheetEditor) maskInline(old, new string) {
	if old != e.cell.text.String() {
		return
	}
	got, changed := distribute(old, segmentsOf(e.cell.segs), []Replacement{diffReplacement(old, new)})
	for i, s := range e.cell.segs {
		if changed[i] {
			e.edits = append(e.edits, xmlEdit{start: s.rawStart, end: s.rawEnd, repl: escapeText(got[i])})
		}
	}
}

// inlineCell returns a cell element holding text as an inline string.
func inlineCell(ref, style, text string) string {
	var b strings.Builder
	b.WriteString(`<c`)
	if ref != "" {
		b.WriteString(` r="` + escapeText(ref) + `"`)
	}
	if style != "" {
		b.WriteString(` s="` + escapeText(style) + `"`)
	}
	b.WriteString(` t="inlineStr"><is><t xml:space="preserve">` + escapeText(text) + `</t></is></c>`)
	return b.String()
}

// colHidden reports whether column col is hidden.
func (e *sheetEditor) colHidden(col int) bool {
	for _, r := range e.hiddenCols {
		if col >= r[0] && col <= r[1] {
			return true
		}
	}
	return false
}

// charData keeps a cell's value and inline text, and masks headers and footers.
func (e *sheetEditor) charData(tok xml.CharData, t rawToken) {
	switch {
	case e.cell.inValue:
		e.cell.value = append(e.cell.value, tok...)
	case e.cell.inT:
		at := e.cell.text.Len()
		e.cell.text.Write(tok)
		e.cell.segs = append(e.cell.segs, rawSegment{segment{at, e.cell.text.Len()}, t.start, t.end})
	case e.inHF && e.originals != nil:
		if s := e.originals.Replace(string(tok)); s != string(tok) {
			e.edits = append(e.edits, xmlEdit{start: t.start, end: t.end, repl: escapeText(s)})
		}
	}
}

// segmentsOf returns the segments of raw segments.
func segmentsOf(rs []rawSegment) []segment {
	out := make([]segment, len(rs))
	for i, s := range rs {
		out[i] = s.segment
	}
	return out
}

// planShared records that shared string idx, read as old in a cell, becomes new.
func (w *xlsxWriter) planShared(idx int, old, new string) {
	if _, ok := w.shared[idx]; ok {
		return
	}
	if w.sharedOld == nil {
		w.sharedOld = map[int]string{}
	}
	w.shared[idx] = []Replacement{diffReplacement(old, new)}
	w.sharedOld[idx] = old
}

// sharedStrings masks the shared strings the cells planned, in their runs, and empties those
// no cell of the copy refers to: the strings of the cells 清理 removed (a hidden sheet, row or
// column) would otherwise stay in the file, unseen by any reader but there for anyone who
// unzips it.
func (w *xlsxWriter) sharedStrings() error {
	name := "xl/sharedStrings.xml"
	raw, err := w.entry(name)
	if errors.Is(err, errNoEntry) {
		return nil
	}
	if err != nil {
		return err
	}
	sst := &sstEditor{w: w, idx: -1}
	if err := walkRaw(raw, name, w.r.Limits.MaxXMLDepth, sst.token); err != nil {
		return err
	}
	edits := sst.edits
	if len(edits) > 0 {
		w.ch.replaced[name] = applyEdits(raw, edits)
	}
	return nil
}

// sstEditor walks the shared strings, masking and emptying them.
type sstEditor struct {
	w         *xlsxWriter
	idx       int // the string being walked
	inT, inPh bool
	text      strings.Builder
	segs      []rawSegment
	edits     []xmlEdit
}

// token handles one token of the shared strings part.
func (e *sstEditor) token(t rawToken) error {
	switch tok := t.tok.(type) {
	case xml.StartElement:
		switch tok.Name.Local {
		case "si":
			e.idx++
			e.text.Reset()
			e.segs = e.segs[:0]
		case "rPh":
			e.inPh = true
		case "t":
			e.inT = !e.inPh
		}
	case xml.EndElement:
		switch tok.Name.Local {
		case "rPh":
			e.inPh = false
		case "t":
			e.inT = false
		case "si":
			e.endString()
		}
	case xml.CharData:
		if e.inT {
			at := e.text.Len()
			e.text.Write(tok)
			e.segs = append(e.segs, rawSegment{segment{at, e.text.Len()}, t.start, t.end})
		}
	}
	return nil
}

// endString masks the string that ends, or empties it when no cell of the copy refers to it.
func (e *sstEditor) endString() {
	e.edits = append(e.edits, e.w.maskShared(e.idx, e.text.String(), e.segs)...)
	if !e.w.used[e.idx] && e.text.Len() > 0 {
		for _, s := range e.segs {
			e.edits = append(e.edits, xmlEdit{start: s.rawStart, end: s.rawEnd})
		}
		e.w.unused++
	}
}

// maskShared returns the edits of shared string idx, whose text is text in segs.
func (w *xlsxWriter) maskShared(idx int, text string, segs []rawSegment) []xmlEdit {
	reps, ok := w.shared[idx]
	if !ok {
		return nil
	}
	if text != w.sharedOld[idx] {
		w.res.notMasked = append(w.res.notMasked, NotMasked{Kind: "单元格", Where: fmt.Sprintf("共享字符串 %d", idx),
			Reason: "单元格显示的文字与文件中保存的不同，未能改写"})
		return nil
	}
	got, changed := distribute(text, segmentsOf(segs), reps)
	var edits []xmlEdit
	for i, s := range segs {
		if changed[i] {
			edits = append(edits, xmlEdit{start: s.rawStart, end: s.rawEnd, repl: escapeText(got[i])})
		}
	}
	return edits
}

// workbook removes the hidden sheets from the workbook part: their sheet elements, the names
// defined on them, and the views' tabs shifted.
func (w *xlsxWriter) workbook(sheets []sheetEntry) error {
	if len(w.removedSh) == 0 {
		return nil
	}
	wbPart := "xl/workbook.xml"
	raw, err := w.entry(wbPart)
	if err != nil {
		return err
	}
	removedAt := map[int]bool{}
	for i, sh := range sheets {
		if sh.hidden && sh.part != "" {
			removedAt[i] = true
		}
	}
	shift := func(n int) (int, bool) {
		k := 0
		for i := range n {
			if removedAt[i] {
				k++
			}
		}
		return n - k, removedAt[n]
	}
	var edits []xmlEdit
	sheetNo := -1
	err = walkRaw(raw, wbPart, w.r.Limits.MaxXMLDepth, func(t rawToken) error {
		switch tok := t.tok.(type) {
		case xml.StartElement:
			if tok.Name.Local == "workbookView" {
				edits = append(edits, viewEdits(raw, t, shift)...)
			}
		case xml.EndElement:
			start := relStart(raw, t.open)
			switch tok.Name.Local {
			case "sheet":
				if sheetNo++; removedAt[sheetNo] {
					edits = append(edits, xmlEdit{start: t.open, end: t.end})
				}
			case "definedName":
				edits = append(edits, w.definedName(raw, t, start, shift)...)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	w.ch.replaced[wbPart] = applyEdits(raw, edits)
	return nil
}

// definedName returns the edits of a defined name: removed when it belongs to or refers to a
// removed sheet, its sheet index shifted otherwise.
func (w *xlsxWriter) definedName(raw []byte, t rawToken, start xml.StartElement, shift func(int) (int, bool)) []xmlEdit {
	body := string(raw[t.openEnd:t.start])
	for _, name := range w.removedSh {
		if strings.Contains(body, name+"!") || strings.Contains(body, "'"+strings.ReplaceAll(name, "'", "''")+"'!") {
			return []xmlEdit{{start: t.open, end: t.end}}
		}
	}
	id := attrInt(start, "localSheetId", -1)
	if attr(start, "localSheetId") == "0" {
		id = 0
	}
	if id < 0 {
		return nil
	}
	n, gone := shift(id)
	if gone {
		return []xmlEdit{{start: t.open, end: t.end}}
	}
	return attrEdit(raw, t.open, t.openEnd, "localSheetId", n)
}

// viewEdits shifts a workbook view's active and first tabs past the removed sheets.
func viewEdits(raw []byte, t rawToken, shift func(int) (int, bool)) []xmlEdit {
	start := t.tok.(xml.StartElement)
	var edits []xmlEdit
	for _, a := range []string{"activeTab", "firstSheet"} {
		n := attrInt(start, a, -1)
		if n < 0 {
			continue
		}
		m, gone := shift(n)
		if gone {
			m = 0
		}
		edits = append(edits, attrEdit(raw, t.start, t.end, a, m)...)
	}
	return edits
}

// attrEdit returns the edit that sets the value of attribute name in the start tag at
// raw[start:end] to n.
func attrEdit(raw []byte, start, end int, name string, n int) []xmlEdit {
	tag := raw[start:end]
	i := bytes.Index(tag, []byte(" "+name+`="`))
	if i < 0 {
		return nil
	}
	from := i + len(name) + 3
	to := bytes.IndexByte(tag[from:], '"')
	if to < 0 {
		return nil
	}
	return []xmlEdit{{start: start + from, end: start + from + to, repl: fmt.Sprint(n)}}
}

// The parts that hold cell comments, their authors and their drawing, by relationship type.
var sheetCommentRelTypes = []string{"/comments", "/vmlDrawing", "/threadedComment", "/person"}

// sheetCommentPart reports whether entry n holds cell comments, their authors or their
// drawing (comments1.xml, threadedComment1.xml, persons/person.xml, vmlDrawing1.vml).
func sheetCommentPart(n string) bool {
	base := path.Base(n)
	return strings.HasPrefix(n, "xl/") && !strings.HasSuffix(n, ".rels") &&
		(strings.HasPrefix(base, "comments") || strings.HasPrefix(base, "threadedComment") ||
			strings.HasPrefix(n, "xl/persons/") || strings.HasPrefix(base, "vmlDrawing"))
}
