package review

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
)

// Bounds on what the pages of one PDF may ask of the text library.
const (
	maxPDFPages     = 100_000
	maxTreeDepth    = 64        // levels of the page tree
	maxParentHops   = 64        // steps up /Parent to a page's inherited /Resources
	maxForms        = 256       // Form XObjects read for one page
	maxFormDepth    = 8         // how deep forms nest
	maxCMapSize     = 2 << 20   // bytes of one decoded ToUnicode CMap
	maxCMapBlock    = 100_000   // entries one begin…range or begin…char block announces
	maxCMapEntries  = 200_000   // entries of one CMap in all
	maxOperandItems = 200_000   // values before one operator: the library keeps them all
	maxBegins       = 16        // dictionaries opened by "begin": the library searches them all for every operator
	maxDecodeWork   = 1_000_000 // thousands of character-map comparisons for one page's text
)

// pdfSurvey is what our own reading of a PDF found: its pages as paths through the page tree,
// and what of the document could not be read.
type pdfSurvey struct {
	pages []surveyPage
	gaps  []string // the whole document's, in the reviewer's words
}

// surveyPage is one page: how to reach it, whether the library may read it, and what may be
// missing from its text.
type surveyPage struct {
	path   []int      // indices into the /Kids arrays from the root /Pages node
	skip   skipReason // why the library is not given it, if it is not
	gaps   []string   // what may be missing from its text (Chinese)
	forms  [][]string
	images int
	// imageArea is the area, in square points of user space, that the page paints with images:
	// each Do of an image is the unit square under the current matrix, and one in a form is
	// scaled as the form is drawn (qpdf's overlays put the page and the overlay each in a form).
	imageArea float64
	annots    any // the page's /Annots, read by readAnnotations
}

// skipReason says why a page or form is not given to the library: zh for the reviewer, after
// "第N页"; en for the error of a document none of whose pages could be read.
type skipReason struct{ zh, en string }

func (s skipReason) none() bool { return s.zh == "" }

// survey walks the page tree and every page the way the library will, with identities: each
// object is visited once, a loop is seen as a loop.
func (f *pdfFile) survey(ctx context.Context) (*pdfSurvey, error) {
	root, err := f.dictOf(f.trailer["Root"])
	if err != nil || root == nil {
		return nil, malformed("no document catalog (/Root): %v", err)
	}
	w := &treeWalk{f: f, ctx: ctx, s: &pdfSurvey{}, visited: map[int]bool{}, onPath: map[int]bool{}}
	if err := w.node(root["Pages"], nil, 0); err != nil {
		return nil, err
	}
	pagesDict, _ := f.dictOf(root["Pages"])
	count, _ := f.intOf(pagesDict["Count"])
	if count != int64(len(w.s.pages)) {
		w.gap(fmt.Sprintf("文件声明共 %d 页，实际找到 %d 页：页面目录已损坏，可能有页面未能读取", count, len(w.s.pages)))
	}
	return w.s, nil
}

// treeWalk is survey's walk through the page tree: the nodes it has visited, those on the path
// from the root to where it is, and the gaps it has reported.
type treeWalk struct {
	f       *pdfFile
	ctx     context.Context
	s       *pdfSurvey
	visited map[int]bool
	onPath  map[int]bool
	said    map[string]bool
}

// gap records a document gap once.
func (w *treeWalk) gap(reason string) {
	if w.said == nil {
		w.said = map[string]bool{}
	}
	if !w.said[reason] {
		w.said[reason] = true
		w.s.gaps = append(w.s.gaps, reason)
	}
}

// fatal reports the errors that end the whole reading: time up, budget spent.
func (w *treeWalk) fatal(err error) bool {
	return err != nil && (w.ctx.Err() != nil || errors.Is(err, ErrTooLarge))
}

// node walks the page tree node v, reached by path at depth: a /Pages node's kids in order, a
// page where it is. Loops, damaged nodes and nodes of another type are gaps.
func (w *treeWalk) node(v any, path []int, depth int) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	if ref, ok := v.(pdfRef); ok {
		if !w.enter(ref.num) {
			return nil
		}
		defer delete(w.onPath, ref.num)
	}
	d, err := w.f.dictOf(v)
	if w.fatal(err) {
		return err
	}
	if err != nil || d == nil {
		w.gap("页面目录中有缺失或损坏的节点（文件已损坏），可能有页面未能读取")
		return nil
	}
	typ, _ := w.f.resolve(d["Type"])
	kids, err := w.f.resolve(d["Kids"])
	if w.fatal(err) {
		return err
	}
	switch {
	case typ == pdfName("Pages") || (typ == nil && kids != nil):
		return w.kids(kids, path, depth)
	case typ == pdfName("Page") || typ == nil:
		return w.leaf(d, path)
	}
	w.gap(fmt.Sprintf("页面目录中有类型为 /%v 的节点（文件已损坏），可能有页面未能读取", typ))
	return nil
}

// enter marks node num as visited and on the path from the root, or reports that it is not to
// be walked: one on the path is a loop (a gap), one visited before is listed twice.
func (w *treeWalk) enter(num int) bool {
	if w.onPath[num] {
		w.gap("页面目录有循环引用（文件已损坏），可能有页面未能读取")
		return false
	}
	if w.visited[num] {
		return false // listed twice: read once
	}
	w.visited[num], w.onPath[num] = true, true
	return true
}

// kids walks the /Kids of a /Pages node at depth.
func (w *treeWalk) kids(kids any, path []int, depth int) error {
	arr, ok := kids.(pdfArray)
	if !ok || depth >= maxTreeDepth {
		w.gap("页面目录的结构异常（文件已损坏），可能有页面未能读取")
		return nil
	}
	for i, kid := range arr {
		if err := w.node(kid, append(path[:len(path):len(path)], i), depth+1); err != nil {
			return err
		}
	}
	return nil
}

// leaf surveys a page and adds it, up to maxPDFPages.
func (w *treeWalk) leaf(d pdfDict, path []int) error {
	if len(w.s.pages) >= maxPDFPages {
		w.gap(fmt.Sprintf("文件超过 %d 页，其余页面未读取", maxPDFPages))
		return nil
	}
	p, err := w.page(d, path)
	if err != nil {
		return err
	}
	w.s.pages = append(w.s.pages, p)
	return nil
}

// page surveys one page: its resources, its content, its fonts and its forms.
func (w *treeWalk) page(d pdfDict, path []int) (surveyPage, error) {
	p := surveyPage{path: path, annots: d["Annots"]}
	res, err := w.resources(d)
	if w.fatal(err) {
		return p, err
	}
	if err != nil {
		p.skip = skipReason{"的上级节点或资源无法读取（文件已损坏）", "resources: " + err.Error()}
		if errors.Is(err, errUnsafe) {
			p.skip.zh = "的上级节点循环引用或层级过深（文件已损坏）"
		}
		return p, nil
	}
	fonts, err := w.fonts(res)
	if w.fatal(err) {
		return p, err
	}
	if err != nil {
		p.skip = skipReason{"的字体无法读取（文件已损坏）", "fonts: " + err.Error()}
		return p, nil
	}
	c, err := w.contents(d["Contents"])
	if err != nil {
		return p, err
	}
	p.gaps = append(p.gaps, c.gaps...)
	var drawn map[string]float64
	if p.skip = c.skip; c.skip.none() {
		p.skip, p.gaps, drawn = w.text(c.data, c.clean, fonts, "", p.gaps)
	}
	sc := &formScan{w: w, page: &p, seen: map[int]bool{}}
	p.imageArea, err = sc.xobjects(res, nil, 0, drawn)
	return p, err
}

// resources finds a page's /Resources as the library does: on the page or the nearest node up
// its /Parent chain that has the key. A chain that loops without one would keep the library
// climbing for ever.
func (w *treeWalk) resources(d pdfDict) (pdfDict, error) {
	seen := map[int]bool{}
	for hop := 0; d != nil; hop++ {
		if hop > maxParentHops {
			return nil, fmt.Errorf("%w: /Parent more than %d levels up", errUnsafe, maxParentHops)
		}
		res, err := w.f.resolve(d["Resources"])
		if err != nil {
			return nil, err
		}
		if res != nil {
			rd, err := w.f.dictOf(res)
			return rd, err
		}
		parent := d["Parent"]
		if ref, ok := parent.(pdfRef); ok {
			if seen[ref.num] {
				return nil, fmt.Errorf("%w: the /Parent chain loops", errUnsafe)
			}
			seen[ref.num] = true
		}
		if d, err = w.f.dictOf(parent); err != nil {
			return nil, err
		}
	}
	return nil, nil
}

// pdfFont is what matters of one font to the library's decoding of text shown in it.
type pdfFont struct {
	missing     bool   // the name is not in the resources: the library shows raw bytes
	undecodable bool   // no way from its codes to characters: the text is lost
	unsafe      string // what in its character map would make the library hang or exhaust memory
	cost        int64  // comparisons per code the library's decoder makes
	damaged     bool   // its character map's /Length does not match the file
}

// fonts checks every font of a resource dictionary: the library resolves them all before it
// reads a page.
func (w *treeWalk) fonts(res pdfDict) (map[string]*pdfFont, error) {
	fd, err := w.f.dictOf(res["Font"])
	if err != nil {
		return nil, err
	}
	out := map[string]*pdfFont{}
	for _, name := range sortedKeys(fd) {
		font, err := w.f.dictOf(fd[name])
		if err != nil {
			return nil, err
		}
		if font == nil {
			out[name] = &pdfFont{missing: true, cost: 1}
			continue
		}
		if out[name], err = w.font(font); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// font works out how the library will decode text in font d (its Font.Encoder).
func (w *treeWalk) font(d pdfDict) (*pdfFont, error) {
	sub, err1 := w.f.resolve(d["Subtype"])
	enc, err2 := w.f.resolve(d["Encoding"])
	if err := errors.Join(err1, err2); err != nil {
		return nil, err
	}
	composite := sub == pdfName("Type0")
	pf := &pdfFont{cost: 1}
	switch e := enc.(type) {
	case pdfName:
		switch e {
		case "WinAnsiEncoding", "MacRomanEncoding", "UniGB-UCS2-H":
			return pf, nil
		case "Identity-H":
			return w.charMap(d, pf, composite)
		}
		pf.undecodable = composite
	case pdfDict:
		diffs, err := w.f.resolve(e["Differences"])
		if err != nil {
			return nil, err
		}
		arr, _ := diffs.(pdfArray)
		for _, el := range arr {
			if _, err := w.f.resolve(el); err != nil {
				return nil, err
			}
		}
		pf.cost = int64(len(arr)) + 1
		pf.undecodable = composite
	case nil:
		return w.charMap(d, pf, composite)
	default:
		pf.undecodable = composite
	}
	return pf, nil
}

// charMap checks a font's /ToUnicode, which the library reads for Identity-H and for fonts
// without an /Encoding: a PostScript program it interprets, trusting its counts.
func (w *treeWalk) charMap(d pdfDict, pf *pdfFont, composite bool) (*pdfFont, error) {
	v, err := w.f.resolve(d["ToUnicode"])
	if err != nil {
		return nil, err
	}
	s, ok := v.(*pdfStream)
	if !ok {
		pf.undecodable = composite // the library falls back to PDFDocEncoding: not CJK
		return pf, nil
	}
	pf.damaged = w.f.lengthLies(s)
	data, err := w.f.decode(s, maxCMapSize)
	switch {
	case w.fatal(err):
		return nil, err
	case errors.Is(err, errUnsafe):
		pf.unsafe = "过大"
		return pf, nil
	case err != nil:
		pf.undecodable = true // the library fails on it when the font is used
		return pf, nil
	}
	entries, spaces, bad := scanCMap(data)
	switch {
	case bad != "":
		pf.unsafe = bad
	case spaces == 0:
		pf.undecodable = true
	}
	pf.cost = entries + 1
	return pf, nil
}

// scanCMap lexes a ToUnicode CMap as the library's interpreter will: it counts the entries the
// blocks announce (the library loops that many times, whatever follows) and the code space
// ranges, and names what would make the library hang or exhaust memory.
func scanCMap(data []byte) (entries, spaces int64, bad string) {
	l := &pdfLexer{data: data, final: true}
	var prev pdfToken
	begins := 0
	for {
		tok := l.next()
		switch tok.kind {
		case tokEOF:
			return entries, spaces, ""
		case tokOpenHex:
			return entries, spaces, "以未闭合的十六进制字符串结尾"
		case tokKeyword:
			switch tok.s {
			case "begin":
				if begins++; begins > maxBegins {
					return entries, spaces, "结构异常"
				}
			case "begincodespacerange", "beginbfchar", "beginbfrange":
				if prev.kind != tokInt || prev.i < 0 || prev.i > maxCMapBlock {
					return entries, spaces, "条目数异常"
				}
				if entries += prev.i; entries > maxCMapEntries {
					return entries, spaces, "条目过多"
				}
				if tok.s == "begincodespacerange" {
					spaces += prev.i
				}
			}
		}
		prev = tok
	}
}

// content is the content data of a page or form as the library will read it.
type content struct {
	data  []byte
	clean bool       // every stream decoded: where one does not, the library stops with an error
	gaps  []string   // what may be missing from its text
	skip  skipReason // why the library must not be given it, if so
}

// Reasons for gaps and skips that more than one place gives.
const (
	contentMissing = "的内容流缺失或损坏，文字未能读取"
	contentUnsafe  = "的内容流无法安全读取（文件已损坏）"
)

// contents decodes a page's content streams as the library reads them, one after another as
// one stream. The data is not clean when a stream failed to decode: the library stops there,
// with an error, so the data read before cannot end in a hang. A stream whose /Length does not
// match the file, or that cannot be read, is a gap; one the library must not be given is a
// reason to skip the page. Only the errors that end the whole reading are returned.
func (w *treeWalk) contents(v any) (content, error) {
	c, err := w.f.resolve(v)
	if w.fatal(err) {
		return content{}, err
	}
	if errors.Is(err, errUnsafe) {
		return content{skip: skipReason{contentUnsafe, err.Error()}}, nil
	}
	switch x := c.(type) {
	case nil:
		if err != nil || v != nil {
			return content{clean: true, gaps: []string{contentMissing}}, nil
		}
		return content{clean: true}, nil
	case *pdfStream:
		return w.streams([]any{x})
	case pdfArray:
		return w.streams(x)
	}
	return content{gaps: []string{"的内容不是内容流（文件已损坏），文字未能读取"}}, nil
}

// streams decodes the content streams of an array, as contents does.
func (w *treeWalk) streams(streams []any) (content, error) {
	var all bytes.Buffer
	var gaps []string
	for _, el := range streams {
		sv, err := w.f.resolve(el)
		if w.fatal(err) {
			return content{}, err
		}
		if errors.Is(err, errUnsafe) {
			return content{skip: skipReason{contentUnsafe, err.Error()}}, nil
		}
		s, ok := sv.(*pdfStream)
		if !ok {
			return content{data: all.Bytes(), gaps: append(gaps, contentMissing)}, nil
		}
		if w.f.lengthLies(s) {
			gaps = appendOnce(gaps, "的内容流长度与文件不符（文件已损坏），文字可能不完整")
		}
		b, err := w.f.decode(s, maxStreamSize-int64(all.Len()))
		all.Write(b)
		switch {
		case w.fatal(err):
			return content{}, err
		case errors.Is(err, errUnsafe):
			return content{gaps: gaps, skip: skipReason{unsafeReason(err), err.Error()}}, nil
		case err != nil:
			return content{data: all.Bytes(), gaps: append(gaps, "的内容流无法解码（文件已损坏），文字未能读取")}, nil
		}
	}
	return content{data: all.Bytes(), clean: true, gaps: gaps}, nil
}

// unsafeReason says in Chinese why a stream is not given to the library.
func unsafeReason(err error) string {
	if errors.Is(err, errColumns) {
		return "的压缩参数异常（/Columns，文件已损坏）"
	}
	return fmt.Sprintf("的内容解压后超过 %d MB", maxStreamSize>>20)
}

// text checks the content data of a page or form against the fonts it may use, adding gaps
// for text that cannot be decoded; it returns why the library must not read it, if so, and
// the area each XObject name is painted over (contentScan.drawn).
func (w *treeWalk) text(data []byte, clean bool, fonts map[string]*pdfFont, form string, gaps []string) (skipReason, []string, map[string]float64) {
	cs := scanContent(data)
	switch {
	case cs.openHex && clean:
		return skipReason{"的内容以未闭合的十六进制字符串结尾（文件已损坏）", "content stream ends inside a hex string"}, gaps, cs.drawn
	case cs.begins > maxBegins, cs.maxRun > maxOperandItems:
		return skipReason{"的内容结构异常（文件已损坏）", "content stream: too many operands or dictionaries"}, gaps, cs.drawn
	}
	// The library reads a font's character map when Tf selects it, shown or not.
	for _, name := range sortedKeys(cs.selected) {
		if f, ok := fonts[name]; ok && f.unsafe != "" {
			return skipReason{fmt.Sprintf("使用的字体 %s 的字符对照表%s（文件已损坏）", name, f.unsafe), "font " + name + ": unsafe ToUnicode CMap"}, gaps, cs.drawn
		}
	}
	var work int64
	for _, name := range sortedKeys(cs.shown) {
		f, ok := fonts[name]
		switch {
		case name == "" && !cs.fontless:
			continue // text before any Tf: the library shows its bytes as they are
		case !ok || f.missing:
			gaps = append(gaps, fmt.Sprintf("%s使用的字体 %s 在文件中找不到，用它写的文字无法解码", form, name))
			continue
		case f.undecodable:
			gaps = append(gaps, fmt.Sprintf("%s的字体 %s 没有可用的字符对照表，用它写的文字无法解码", form, name))
		case f.damaged:
			gaps = append(gaps, fmt.Sprintf("%s的字体 %s 的字符对照表已损坏，用它写的文字可能无法解码", form, name))
		}
		work += cs.shown[name] * f.cost / 1000
	}
	if work > maxDecodeWork {
		return skipReason{"的文字解码量过大", "too much text for its character maps"}, gaps, cs.drawn
	}
	return skipReason{}, gaps, cs.drawn
}

// contentScan is what the library's interpreter will meet in a content stream.
type contentScan struct {
	openHex  bool
	begins   int
	maxRun   int              // values read before one operator: the library keeps them all
	selected map[string]bool  // fonts Tf selects: the library reads their character maps then
	shown    map[string]int64 // bytes of strings shown in each font ("" before any Tf)
	fontless bool             // a Tf named no font: text after it is shown as raw bytes
	// drawn is the area, in square units of user space, over which Do paints each XObject
	// name: the unit square under the current transformation matrix (cm, q, Q), which is
	// where an image is drawn.
	drawn map[string]float64
}

// scanContent lexes content data as the library's interpreter does, counting the values it
// keeps before each operator and the dictionaries it opens, and which fonts the text-showing
// operators use. It stops where the interpreter gives up: at a malformed token outside an
// array or dictionary, or at Tf without its two operands.
func scanContent(data []byte) contentScan {
	sc := &contentScanner{cs: contentScan{selected: map[string]bool{}, shown: map[string]int64{}, drawn: map[string]float64{}}, ctm: identity}
	l := &pdfLexer{data: data, final: true}
	for {
		tok := l.next()
		switch tok.kind {
		case tokEOF:
			return sc.cs
		case tokOpenHex:
			sc.cs.openHex = true
			return sc.cs
		case tokError:
			if sc.depth == 0 {
				return sc.cs
			}
			continue
		case tokString:
			sc.strs += int64(len(tok.s))
		case tokKeyword:
			value, goOn := sc.keyword(tok.s)
			if !goOn {
				return sc.cs
			}
			if !value {
				continue
			}
		}
		sc.value(tok)
	}
}

// contentScanner is scanContent's state between tokens.
type contentScanner struct {
	cs    contentScan
	items int       // values before the operator, outside arrays and dictionaries
	run   int       // values before the operator, those inside arrays and dictionaries too
	depth int       // arrays and dictionaries open
	first pdfToken  // the first value before the operator
	strs  int64     // bytes of strings since the last operator
	font  string    // the font Tf last selected
	nums  []float64 // the numbers before the operator, outside arrays and dictionaries
	ctm   matrix    // the current transformation matrix
	saved []matrix  // the matrices q saved, at most maxSaved
}

// matrix is a PDF transformation matrix [a b c d e f].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// times returns m × n: m applied first, then n (a cm operand times the CTM).
func (m matrix) times(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

// maxSaved bounds the graphics states q saves that the scanner tracks: a viewer's limit is 28
// (PDF 1.7 Annex C); past it the matrices are not saved, and their Q's restore nothing.
const maxSaved = 256

// keyword handles a keyword: it reports whether the keyword is a value the interpreter keeps
// (null, or the end of an array or dictionary), and whether the interpreter goes on.
func (sc *contentScanner) keyword(kw string) (value, goOn bool) {
	switch kw {
	case "[", "<<":
		sc.depth++
		return false, true
	case "]", ">>":
		sc.depth = max(0, sc.depth-1)
		return true, true
	case "null":
		return true, true
	}
	if sc.depth > 0 {
		return false, true // the interpreter reads it as part of the object
	}
	return false, sc.operator(kw)
}

// operator applies an operator and starts counting its successor's values; false at Tf
// without its two operands, where the interpreter gives up.
func (sc *contentScanner) operator(op string) bool {
	switch op {
	case "begin":
		sc.cs.begins++
	case "Tf":
		if sc.items != 2 {
			return false
		}
		sc.font = sc.first.s
		if sc.first.kind != tokName || sc.font == "" {
			sc.font, sc.cs.fontless = "", true
		}
		sc.cs.selected[sc.font] = true
	case "Tj", "TJ", "'", "\"":
		sc.cs.shown[sc.font] += sc.strs
	default:
		sc.graphics(op)
	}
	sc.items, sc.run, sc.strs, sc.nums = 0, 0, 0, sc.nums[:0]
	return true
}

// graphics follows the operators that place an XObject: q and Q save and restore the matrix,
// cm changes it, Do paints the named object over the unit square under it.
func (sc *contentScanner) graphics(op string) {
	switch op {
	case "q":
		if len(sc.saved) < maxSaved {
			sc.saved = append(sc.saved, sc.ctm)
		}
	case "Q":
		if n := len(sc.saved); n > 0 {
			sc.ctm, sc.saved = sc.saved[n-1], sc.saved[:n-1]
		}
	case "cm":
		if len(sc.nums) == 6 && sc.items == 6 {
			sc.ctm = matrix(sc.nums).times(sc.ctm)
		}
	case "Do":
		if sc.items == 1 && sc.first.kind == tokName {
			m := sc.ctm
			if area := math.Abs(m[0]*m[3] - m[1]*m[2]); !math.IsInf(area, 0) && !math.IsNaN(area) {
				sc.cs.drawn[sc.first.s] += area
			}
		}
	}
}

// value counts a value the interpreter keeps until the next operator.
func (sc *contentScanner) value(tok pdfToken) {
	if sc.run++; sc.run > sc.cs.maxRun {
		sc.cs.maxRun = sc.run
	}
	if sc.depth == 0 {
		if sc.items == 0 {
			sc.first = tok
		}
		sc.items++
		switch {
		case len(sc.nums) == 6:
		case tok.kind == tokInt:
			sc.nums = append(sc.nums, float64(tok.i))
		case tok.kind == tokReal:
			sc.nums = append(sc.nums, tok.f)
		}
	}
}

// lengthLies reports whether a stream's /Length misses its data: after that many bytes the
// file must say endstream (after at most a line break and spaces).
func (f *pdfFile) lengthLies(s *pdfStream) bool {
	length, err := f.intOf(s.dict["Length"])
	if err != nil || length < 0 || s.offset+length > f.src.size {
		return true
	}
	buf := make([]byte, 32)
	n, _ := f.src.ReadAt(buf, s.offset+length)
	return !bytes.HasPrefix(bytes.TrimLeft(buf[:n], "\r\n\t \x00\f"), []byte("endstream"))
}

// formScan finds the Form XObjects of a page (and of its forms) and its images, each object
// once however often it is listed.
type formScan struct {
	w     *treeWalk
	page  *surveyPage
	seen  map[int]bool
	forms int
}

// xobjects looks into the XObjects of res, which content painted over the areas drawn (by
// name), and returns the area its images cover.
func (s *formScan) xobjects(res pdfDict, path []string, depth int, drawn map[string]float64) (float64, error) {
	xo, err := s.w.f.dictOf(res["XObject"])
	if s.w.fatal(err) {
		return 0, err
	}
	area := 0.0
	for _, name := range sortedKeys(xo) {
		if ref, ok := xo[name].(pdfRef); ok {
			if s.seen[ref.num] {
				continue
			}
			s.seen[ref.num] = true
		}
		v, err := s.w.f.resolve(xo[name])
		if s.w.fatal(err) {
			return 0, err
		}
		x, ok := v.(*pdfStream)
		if !ok {
			continue
		}
		switch sub, _ := s.w.f.resolve(x.dict["Subtype"]); sub {
		case pdfName("Image"):
			s.page.images++
			area += drawn[name]
		case pdfName("Form"):
			inner, err := s.form(x, append(path[:len(path):len(path)], name), depth)
			if err != nil {
				return 0, err
			}
			area += drawn[name] * s.scale(x.dict["Matrix"]) * inner
		}
	}
	return area, nil
}

// scale returns how a form's /Matrix scales areas: the absolute value of its determinant, 1
// when it has none that makes sense.
func (s *formScan) scale(v any) float64 {
	v, _ = s.w.f.resolve(v)
	m, ok := v.(pdfArray)
	if !ok || len(m) != 6 {
		return 1
	}
	var n [4]float64
	for i := range n {
		switch x := m[i].(type) {
		case int64:
			n[i] = float64(x)
		case float64:
			n[i] = x
		default:
			return 1
		}
	}
	if d := math.Abs(n[0]*n[3] - n[1]*n[2]); d < math.MaxFloat32 {
		return d
	}
	return 1
}

// form checks one Form XObject as the page's own content is checked, with the fonts of the
// form's own resources, and looks into the forms and images it holds.
func (s *formScan) form(x *pdfStream, path []string, depth int) (float64, error) {
	label := fmt.Sprintf("的表单对象 %s", path[len(path)-1])
	if s.forms++; s.forms > maxForms || depth >= maxFormDepth {
		s.page.gaps = appendOnce(s.page.gaps, fmt.Sprintf("的表单对象超过 %d 个或嵌套超过 %d 层，其余未读取", maxForms, maxFormDepth))
		return 0, nil
	}
	res, err := s.w.f.dictOf(x.dict["Resources"])
	if s.w.fatal(err) {
		return 0, err
	}
	fonts, err := s.w.fonts(res)
	if s.w.fatal(err) {
		return 0, err
	}
	if err != nil {
		s.page.gaps = append(s.page.gaps, label+"的字体无法读取，其中的文字未能读取")
		return 0, nil
	}
	c, err := s.w.contents(x)
	if err != nil {
		return 0, err
	}
	for _, g := range c.gaps {
		s.page.gaps = append(s.page.gaps, label+g)
	}
	skip := c.skip
	var drawn map[string]float64
	if skip.none() {
		skip, s.page.gaps, drawn = s.w.text(c.data, c.clean, fonts, label, s.page.gaps)
	}
	if !skip.none() {
		s.page.gaps = append(s.page.gaps, label+skip.zh+"，其中的文字未能读取")
		return 0, nil
	}
	s.page.forms = append(s.page.forms, path)
	return s.xobjects(res, path, depth+1, drawn)
}

func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// sortedKeys returns a map's keys in order, as the library's Keys does.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
