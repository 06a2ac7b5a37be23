package review

import (
	"bytes"
	"compress/zlib"
	"encoding/ascii85"
	"errors"
	"fmt"
	"io"
)

// Bounds on a PDF's structure, each far above what a real document needs and each below what
// would let the text library run out of memory or time.
const (
	// maxPDFObjects bounds object numbers: the library allocates its cross-reference table
	// to the highest one (about 32 bytes an entry).
	maxPDFObjects = 4_000_000
	// maxXrefSections bounds the cross-reference sections chained by /Prev: one per saved edit.
	maxXrefSections = 4096
	// maxObjectBytes bounds one object in the file, its stream data apart.
	maxObjectBytes = 16 << 20
	// maxXrefTableBytes bounds one classic cross-reference table: 20 bytes an entry.
	maxXrefTableBytes = 20*maxPDFObjects + 1<<20
	// maxPredictorColumns bounds a predictor's /Columns: the library allocates two rows of it.
	maxPredictorColumns = 1 << 20
	// maxStreamSize bounds one decoded content stream, form or object stream.
	maxStreamSize = 16 << 20
)

// errUnsafe marks what the text library must not be given: it would not return, or would
// exhaust memory, on it. errColumns is the unsafe predictor.
var (
	errUnsafe  = errors.New("unsafe for the PDF library")
	errColumns = fmt.Errorf("%w: predictor columns out of range", errUnsafe)
)

// xrefEntry is one object's cross-reference entry, as the library keeps it.
type xrefEntry struct {
	kind   byte // 0: none or free; 1: at offset in the file; 2: in object stream
	gen    int
	offset int64
	stream int // kind 2: the object stream's number
}

// pdfFile is our own reading of a PDF's structure: its cross-reference entries and trailer,
// and the objects resolved so far. It resolves objects exactly as the library does — the same
// entries win, a reference whose generation differs is null — so that what it finds sound is
// what the library will read.
type pdfFile struct {
	src     *source
	budget  *budget
	xref    []xrefEntry
	trailer pdfDict
	objects map[int]any
	failed  map[int]error
	loading map[int]bool // objects being loaded: one that is needed to load itself is a loop
	objStms map[int]*objStm
}

// objStm is a decoded object stream (PDF 32000-1 §7.5.7).
type objStm struct {
	data    []byte
	first   int
	pairs   [][2]int // object number and offset, in the order listed
	extends any
}

// openPDFFile reads the cross-reference chain of src and checks every object stream.
func openPDFFile(src *source, b *budget) (*pdfFile, error) {
	f := &pdfFile{src: src, budget: b, objects: map[int]any{}, failed: map[int]error{}, loading: map[int]bool{}, objStms: map[int]*objStm{}}
	start, err := f.startxref()
	if err != nil {
		return nil, err
	}
	if err := f.readXrefChain(start); err != nil {
		return nil, err
	}
	if err := f.checkObjectStreams(); err != nil {
		return nil, err
	}
	return f, nil
}

// startxref checks the header and finds the last startxref, where the library looks for them.
func (f *pdfFile) startxref() (int64, error) {
	head := make([]byte, 10)
	if _, err := f.src.ReadAt(head, 0); err != nil && !errors.Is(err, io.EOF) {
		return 0, err
	}
	if !bytes.HasPrefix(head, []byte("%PDF-1.")) || head[7] < '0' || head[7] > '7' || (head[8] != '\r' && head[8] != '\n') {
		return 0, malformed("not a PDF file: no %%PDF-1.x header")
	}
	const endChunk = 100
	tail := make([]byte, min(endChunk, f.src.size))
	if _, err := f.src.ReadAt(tail, f.src.size-int64(len(tail))); err != nil && !errors.Is(err, io.EOF) {
		return 0, err
	}
	tail = bytes.TrimRight(tail, "\r\n\t ")
	if !bytes.HasSuffix(tail, []byte("%%EOF")) {
		return 0, malformed("not a PDF file: no %%%%EOF at the end")
	}
	i := lastLine(tail, "startxref")
	if i < 0 {
		return 0, malformed("no startxref at the end")
	}
	l := &pdfLexer{data: tail[i+len("startxref"):], final: true}
	tok := l.next()
	if tok.kind != tokInt || tok.i < 0 || tok.i >= f.src.size {
		return 0, malformed("startxref is not followed by an offset in the file")
	}
	return tok.i, nil
}

// lastLine returns the offset of the last s in buf that stands on a line of its own.
func lastLine(buf []byte, s string) int {
	end := len(buf)
	for {
		i := bytes.LastIndex(buf[:end], []byte(s))
		if i <= 0 || i+len(s) >= len(buf) {
			return -1
		}
		eol := func(c byte) bool { return c == '\n' || c == '\r' }
		if eol(buf[i-1]) && eol(buf[i+len(s)]) {
			return i
		}
		end = i
	}
}

// readXrefChain reads the cross-reference section at off and those its /Prev entries chain to,
// refusing a chain that loops: the library would follow it for ever.
func (f *pdfFile) readXrefChain(off int64) error {
	seen := map[int64]bool{}
	size := int64(-1)
	streams := false
	for n := 0; ; n++ {
		if seen[off] {
			return malformed("the cross-reference chain loops: /Prev leads back to offset %d", off)
		}
		if n >= maxXrefSections {
			return malformed("more than %d cross-reference sections", maxXrefSections)
		}
		seen[off] = true
		isStream, err := f.isXrefStream(off)
		if err != nil {
			return err
		}
		if n == 0 {
			streams = isStream
		} else if isStream != streams {
			return malformed("the cross-reference chain mixes tables and streams")
		}
		var trailer pdfDict
		if isStream {
			trailer, err = f.readXrefStream(off, &size)
		} else {
			trailer, err = f.readXrefTable(off)
		}
		if err != nil {
			return err
		}
		if n == 0 {
			f.trailer = trailer
		}
		prev, more, err := f.prevSection(trailer)
		if err != nil {
			return err
		}
		if !more {
			break
		}
		off = prev
	}
	if streams {
		return nil // held to the newest stream's /Size as they were read
	}
	return f.cutToSize()
}

// cutToSize cuts the entries read from a chain of tables to the newest trailer's /Size, as the
// library does.
func (f *pdfFile) cutToSize() error {
	size, ok := f.trailer["Size"].(int64)
	if !ok {
		return malformed("the trailer has no /Size")
	}
	if size >= 0 && size < int64(len(f.xref)) {
		f.xref = f.xref[:size]
	}
	return nil
}

// prevSection returns the offset of the older section a trailer's /Prev names, and false at
// the end of the chain; a /Prev that is not an offset in the file is an error.
func (f *pdfFile) prevSection(trailer pdfDict) (int64, bool, error) {
	prev, ok := trailer["Prev"]
	if !ok || prev == nil {
		return 0, false, nil
	}
	p, ok := prev.(int64)
	if !ok || p < 0 || p >= f.src.size {
		return 0, false, malformed("/Prev is not an offset in the file")
	}
	return p, true, nil
}

// isXrefStream tells a cross-reference stream ("n g obj") from a table ("xref") at off.
func (f *pdfFile) isXrefStream(off int64) (bool, error) {
	var tok pdfToken
	err := f.withWindow(off, 64, func(l *pdfLexer) error {
		if tok = l.next(); tok.kind == tokMore {
			return errNeedMore
		}
		return nil
	})
	switch {
	case err != nil:
		return false, err
	case tok.kind == tokKeyword && tok.s == "xref":
		return false, nil
	case tok.kind == tokInt:
		return true, nil
	}
	return false, malformed("no cross-reference section at offset %d", off)
}

// withWindow runs parse over the file from off, reading a larger window while parse reports
// errNeedMore, up to limit bytes.
func (f *pdfFile) withWindow(off, limit int64, parse func(*pdfLexer) error) error {
	if off < 0 || off >= f.src.size {
		return malformed("offset %d is outside the file", off)
	}
	for size := min(limit, 64<<10); ; size *= 8 {
		n := min(size, limit, f.src.size-off)
		buf := make([]byte, n)
		if _, err := f.src.ReadAt(buf, off); err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		err := parse(&pdfLexer{data: buf, final: off+n >= f.src.size})
		if !errors.Is(err, errNeedMore) {
			return err
		}
		if n >= limit {
			return malformed("an object at offset %d is larger than %d bytes", off, limit)
		}
	}
}

// readXrefTable reads a classic table and its trailer. As in the library, an in-use entry is
// taken from the newest section that has one with a non-zero offset.
func (f *pdfFile) readXrefTable(off int64) (pdfDict, error) {
	var rows []xrefTableRow
	var trailer pdfDict
	err := f.withWindow(off, maxXrefTableBytes, func(l *pdfLexer) (err error) {
		rows, trailer, err = f.parseXrefTable(l, rows[:0])
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		f.growXref(r.num)
		if e := &f.xref[r.num]; e.offset == 0 {
			*e = xrefEntry{kind: 1, gen: r.gen, offset: r.offset}
		}
	}
	return trailer, nil
}

// xrefTableRow is an in-use entry of a classic cross-reference table.
type xrefTableRow struct {
	num, gen int
	offset   int64
}

// parseXrefTable parses "xref", its subsections and the trailer dictionary, appending the
// in-use entries to rows; a free entry only makes room for its number.
func (f *pdfFile) parseXrefTable(l *pdfLexer, rows []xrefTableRow) ([]xrefTableRow, pdfDict, error) {
	l.next() // xref
	for {
		tok := l.next()
		if tok.kind == tokMore {
			return rows, nil, errNeedMore
		}
		if tok.kind == tokKeyword && tok.s == "trailer" {
			break
		}
		var err error
		if rows, err = f.parseXrefSubsection(l, tok, rows); err != nil {
			return rows, nil, err
		}
	}
	d, err := l.parseObject(true, 0)
	if err != nil {
		return rows, nil, err
	}
	trailer, ok := d.(pdfDict)
	if !ok {
		return rows, nil, malformed("the cross-reference table is not followed by a trailer dictionary")
	}
	return rows, trailer, nil
}

// parseXrefSubsection parses the subsection whose first object number is first: its count
// and its entries.
func (f *pdfFile) parseXrefSubsection(l *pdfLexer, first pdfToken, rows []xrefTableRow) ([]xrefTableRow, error) {
	cnt := l.next()
	if cnt.kind == tokMore {
		return rows, errNeedMore
	}
	if first.kind != tokInt || cnt.kind != tokInt || first.i < 0 || cnt.i < 0 || first.i+cnt.i > maxPDFObjects {
		return rows, malformed("a cross-reference subsection is not two numbers within %d objects", maxPDFObjects)
	}
	for i := int64(0); i < cnt.i; i++ {
		offset, gen, inUse, err := nextXrefEntry(l)
		if err != nil {
			return rows, err
		}
		if inUse {
			rows = append(rows, xrefTableRow{int(first.i + i), int(gen), offset})
		} else {
			f.growXref(int(first.i + i))
		}
	}
	return rows, nil
}

// nextXrefEntry parses one entry of a table: "offset generation n" in use, or "… f" free.
func nextXrefEntry(l *pdfLexer) (offset, gen int64, inUse bool, err error) {
	o, g, use := l.next(), l.next(), l.next()
	if more(o, g, use) {
		return 0, 0, false, errNeedMore
	}
	if o.kind != tokInt || g.kind != tokInt || use.kind != tokKeyword || (use.s != "n" && use.s != "f") {
		return 0, 0, false, malformed("a cross-reference entry is malformed")
	}
	return o.i, g.i, use.s == "n", nil
}

// more reports whether one of the tokens runs past the lexer's window.
func more(toks ...pdfToken) bool {
	for _, t := range toks {
		if t.kind == tokMore {
			return true
		}
	}
	return false
}

func (f *pdfFile) growXref(num int) {
	if num >= len(f.xref) {
		f.xref = append(f.xref, make([]xrefEntry, num-len(f.xref)+1)...)
	}
}

// readXrefStream reads a cross-reference stream. size is the /Size of the newest one, which
// older ones may not exceed (the library's rule).
func (f *pdfFile) readXrefStream(off int64, size *int64) (pdfDict, error) {
	_, obj, err := f.objectAt(off)
	if err != nil {
		return nil, err
	}
	s, ok := obj.(*pdfStream)
	if !ok || s.dict["Type"] != pdfName("XRef") {
		return nil, malformed("no cross-reference stream at offset %d", off)
	}
	n, err := xrefStreamSize(s.dict, *size)
	if err != nil {
		return nil, err
	}
	if *size < 0 {
		*size = n
		f.growXref(int(n) - 1)
	}
	w, total, err := xrefWidths(s.dict)
	if err != nil {
		return nil, err
	}
	index := pdfArray{int64(0), n}
	if x, ok := s.dict["Index"].(pdfArray); ok {
		index = x
	}
	if len(index)%2 != 0 {
		return nil, malformed("a cross-reference stream's /Index is malformed")
	}
	// While it reads cross-reference streams the library has no table yet: a reference in
	// their dictionaries reads as null. Such a stream is refused rather than read two ways.
	if _, ok := s.dict["Length"].(int64); !ok || hasRef(s.dict["Filter"]) || hasRef(s.dict["DecodeParms"]) {
		return nil, malformed("a cross-reference stream's /Length, /Filter or /DecodeParms is indirect")
	}
	data, err := f.decode(s, 0)
	if err != nil {
		return nil, malformed("cross-reference stream: %v", err)
	}
	return s.dict, f.xrefStreamEntries(data, index, w, total)
}

// xrefStreamSize returns a cross-reference stream's /Size: at most maxPDFObjects, and at most
// newest, the newest stream's, when that is known (not negative).
func xrefStreamSize(d pdfDict, newest int64) (int64, error) {
	n, ok := d["Size"].(int64)
	if !ok || n < 0 || n > maxPDFObjects || (newest >= 0 && n > newest) {
		return 0, malformed("a cross-reference stream's /Size is missing or out of range")
	}
	return n, nil
}

// xrefWidths returns the byte widths of a cross-reference stream's three fields (/W) and of a
// whole row; each width is at most 8, and fields past the third only widen the row.
func xrefWidths(d pdfDict) (w [3]int, total int, err error) {
	ws, ok := d["W"].(pdfArray)
	if !ok || len(ws) < 3 {
		return w, 0, malformed("a cross-reference stream's /W is missing")
	}
	for i, x := range ws {
		v, ok := x.(int64)
		if !ok || v < 0 || v > 8 {
			return w, 0, malformed("a cross-reference stream's /W is out of range")
		}
		if i < 3 {
			w[i] = int(v)
		}
		total += int(v)
	}
	return w, total, nil
}

// xrefStreamEntries applies the entries of a decoded cross-reference stream: the first entry
// read for an object number wins, as in the library.
func (f *pdfFile) xrefStreamEntries(data []byte, index pdfArray, w [3]int, total int) error {
	for ; len(index) > 0; index = index[2:] {
		start, ok1 := index[0].(int64)
		count, ok2 := index[1].(int64)
		if !ok1 || !ok2 || start < 0 || count < 0 || start+count > maxPDFObjects {
			return malformed("a cross-reference stream's /Index is out of range")
		}
		for i := int64(0); i < count; i++ {
			if len(data) < total {
				return malformed("a cross-reference stream ends early")
			}
			f.xrefStreamRow(int(start+i), data[:total], w)
			data = data[total:]
		}
	}
	return nil
}

// xrefStreamRow applies the row of object num unless a newer section gave num an entry: type 0
// is free (and taken, so that older sections do not fill it), 1 at an offset, 2 in an object
// stream; a missing type field is 1.
func (f *pdfFile) xrefStreamRow(num int, row []byte, w [3]int) {
	typ := int64(1)
	if w[0] > 0 {
		typ = bigEndian(row[:w[0]])
	}
	a, b := bigEndian(row[w[0]:w[0]+w[1]]), bigEndian(row[w[0]+w[1]:w[0]+w[1]+w[2]])
	f.growXref(num)
	e := &f.xref[num]
	if e.kind != 0 || e.gen == -1 {
		return
	}
	switch typ {
	case 0:
		e.gen = -1
	case 1:
		*e = xrefEntry{kind: 1, gen: int(b), offset: a}
	case 2:
		*e = xrefEntry{kind: 2, stream: int(a)}
	}
}

// bigEndian reads a field of a cross-reference stream's row.
func bigEndian(b []byte) int64 {
	var x int64
	for _, c := range b {
		x = x<<8 | int64(c)
	}
	return x
}

// hasRef reports whether v holds a reference.
func hasRef(v any) bool {
	switch x := v.(type) {
	case pdfRef:
		return true
	case pdfArray:
		for _, el := range x {
			if hasRef(el) {
				return true
			}
		}
	case pdfDict:
		for _, el := range x {
			if hasRef(el) {
				return true
			}
		}
	}
	return false
}

// objectAt parses the indirect object "num gen obj … endobj" at off; a dictionary followed by
// stream is a stream.
func (f *pdfFile) objectAt(off int64) (pdfRef, any, error) {
	var ref pdfRef
	var obj any
	err := f.withWindow(off, maxObjectBytes, func(l *pdfLexer) (err error) {
		ref, obj, err = l.indirectObject(off)
		return err
	})
	if err != nil && !errors.Is(err, ErrMalformed) && f.src.ctx.Err() == nil {
		err = malformed("object at offset %d: %v", off, err)
	}
	return ref, obj, err
}

// indirectObject parses "num gen obj … endobj" from the start of l, a window of the file at
// offset off.
func (l *pdfLexer) indirectObject(off int64) (pdfRef, any, error) {
	num, gen, kw := l.next(), l.next(), l.next()
	if more(num, gen, kw) {
		return pdfRef{}, nil, errNeedMore
	}
	if num.kind != tokInt || gen.kind != tokInt || kw.kind != tokKeyword || kw.s != "obj" {
		return pdfRef{}, nil, malformed("no object at offset %d", off)
	}
	ref := pdfRef{int(num.i), int(gen.i)}
	v, err := l.parseObject(true, 1)
	if err != nil {
		return ref, nil, err
	}
	if d, ok := v.(pdfDict); ok {
		start, err := l.streamStart()
		if err != nil {
			return ref, nil, err
		}
		if start >= 0 {
			return ref, &pdfStream{dict: d, offset: off + int64(start)}, nil
		}
	}
	switch end := l.next(); {
	case end.kind == tokMore:
		return ref, nil, errNeedMore
	case end.kind != tokKeyword || end.s != "endobj":
		return ref, nil, malformed("object %d has no endobj", ref.num)
	}
	return ref, v, nil
}

// object returns the object a reference resolves to, as the library resolves it: nil when the
// file has no such object (or another generation of it), an error when it is damaged.
func (f *pdfFile) object(ref pdfRef) (any, error) {
	e, ok := f.entry(ref)
	if !ok {
		return nil, nil
	}
	if v, ok := f.objects[ref.num]; ok {
		return v, nil
	}
	if err, ok := f.failed[ref.num]; ok {
		return nil, err
	}
	// An object in an object stream that extends it, or that is its /Length, is needed to read
	// itself: the library would recurse until its stack overflows, which no recover catches.
	if f.loading[ref.num] {
		return nil, fmt.Errorf("%w: %w: object %d is needed to read itself (a loop through object streams)", ErrMalformed, errUnsafe, ref.num)
	}
	f.loading[ref.num] = true
	v, err := f.load(ref.num, e)
	delete(f.loading, ref.num)
	if _, isRef := v.(pdfRef); isRef && err == nil {
		err = malformed("object %d is only a reference to another", ref.num)
	}
	if err != nil {
		if f.src.ctx.Err() != nil {
			return nil, f.src.ctx.Err()
		}
		f.failed[ref.num] = err
		return nil, err
	}
	f.objects[ref.num] = v
	return v, nil
}

// entry returns the cross-reference entry of ref, and false when the library reads ref as
// null: no entry, a free one, or one of another generation.
func (f *pdfFile) entry(ref pdfRef) (xrefEntry, bool) {
	if ref.num < 0 || ref.num >= len(f.xref) {
		return xrefEntry{}, false
	}
	switch e := f.xref[ref.num]; e.kind {
	case 1:
		return e, e.gen == ref.gen && e.offset != 0
	case 2:
		return e, ref.gen == 0
	}
	return xrefEntry{}, false
}

func (f *pdfFile) load(num int, e xrefEntry) (any, error) {
	if e.kind == 2 {
		return f.inObjectStream(num, pdfRef{e.stream, 0})
	}
	got, v, err := f.objectAt(e.offset)
	if err != nil {
		return nil, err
	}
	if got.num != num || got.gen != e.gen {
		return nil, malformed("object %d is not where the cross-reference table says", num)
	}
	return v, nil
}

// resolve follows v if it is a reference.
func (f *pdfFile) resolve(v any) (any, error) {
	if r, ok := v.(pdfRef); ok {
		return f.object(r)
	}
	return v, nil
}

// dictOf resolves v and returns it as a dictionary (a stream's dictionary too), or nil.
func (f *pdfFile) dictOf(v any) (pdfDict, error) {
	v, err := f.resolve(v)
	switch x := v.(type) {
	case pdfDict:
		return x, err
	case *pdfStream:
		return x.dict, err
	}
	return nil, err
}

// intOf resolves v as an integer, 0 when it is none (the library's Int64).
func (f *pdfFile) intOf(v any) (int64, error) {
	v, err := f.resolve(v)
	i, _ := v.(int64)
	return i, err
}

// checkObjectStreams checks every object stream the cross-reference entries name before the
// library can look into one: an object stream held in another object stream makes the
// library recurse without end, an /Extends chain that loops makes it search for ever, an /N
// larger than the stream makes it count for ever, and a hex string open at the end of one
// makes its lexer read for ever.
func (f *pdfFile) checkObjectStreams() error {
	checked := map[int]bool{}
	for num, e := range f.xref {
		if e.kind != 2 || checked[e.stream] {
			continue
		}
		checked[e.stream] = true
		if e.stream < 0 || e.stream >= len(f.xref) {
			continue
		}
		if f.xref[e.stream].kind == 2 {
			return malformed("object %d is in object stream %d, which is itself in an object stream", num, e.stream)
		}
		seen := map[int]bool{}
		for ref := (pdfRef{e.stream, 0}); ; {
			if seen[ref.num] {
				return malformed("the /Extends chain of object stream %d loops", e.stream)
			}
			seen[ref.num] = true
			stm, err := f.objectStream(ref)
			if err != nil {
				if errors.Is(err, errUnsafe) || errors.Is(err, ErrTooLarge) || f.src.ctx.Err() != nil {
					return err
				}
				break // the library fails on it too, and says so: not a hang
			}
			next, ok := stm.extends.(pdfRef)
			if !ok {
				break
			}
			ref = next
		}
	}
	return nil
}

// objectStream decodes and checks the object stream ref, once.
func (f *pdfFile) objectStream(ref pdfRef) (*objStm, error) {
	if stm, ok := f.objStms[ref.num]; ok {
		return stm, nil
	}
	v, err := f.object(ref)
	if err != nil {
		return nil, err
	}
	s, ok := v.(*pdfStream)
	if !ok || s.dict["Type"] != pdfName("ObjStm") {
		return nil, malformed("object %d is not an object stream", ref.num)
	}
	n, err1 := f.intOf(s.dict["N"])
	first, err2 := f.intOf(s.dict["First"])
	if err := errors.Join(err1, err2); err != nil {
		return nil, err
	}
	data, err := f.decode(s, maxStreamSize)
	if err != nil {
		return nil, err
	}
	if first <= 0 || n < 0 || n > first || first > int64(len(data)) {
		return nil, fmt.Errorf("%w: object stream %d: /N %d and /First %d do not fit its %d bytes", errUnsafe, ref.num, n, first, len(data))
	}
	stm := &objStm{data: data, first: int(first), extends: s.dict["Extends"]}
	if stm.pairs, err = objStmPairs(data, n, ref.num); err != nil {
		return nil, err
	}
	f.objStms[ref.num] = stm
	return stm, nil
}

// objStmPairs reads the n pairs of object number and offset at the start of the data of object
// stream num. A hex string open in them, or fewer pairs than n, would keep the library reading
// for ever: errUnsafe.
func objStmPairs(data []byte, n int64, num int) ([][2]int, error) {
	var pairs [][2]int
	l := &pdfLexer{data: data, final: true}
	for i := int64(0); i < n; i++ {
		obj, off := l.next(), l.next()
		switch {
		case obj.kind == tokOpenHex || off.kind == tokOpenHex:
			return nil, fmt.Errorf("%w: object stream %d: %s", errUnsafe, num, obj.s+off.s)
		case obj.kind == tokEOF || off.kind == tokEOF:
			return nil, fmt.Errorf("%w: object stream %d lists %d objects but holds %d", errUnsafe, num, n, i)
		}
		pairs = append(pairs, [2]int{int(obj.i), int(off.i)})
	}
	return pairs, nil
}

// inObjectStream finds object num in the object stream stmRef or those it extends, as the
// library does: the first pair that names it.
func (f *pdfFile) inObjectStream(num int, stmRef pdfRef) (any, error) {
	seen := map[int]bool{}
	for ref := stmRef; !seen[ref.num]; {
		seen[ref.num] = true
		stm, err := f.objectStream(ref)
		if err != nil {
			return nil, err
		}
		for _, p := range stm.pairs {
			if p[0] != num {
				continue
			}
			off := stm.first + p[1]
			if p[1] < 0 || off > len(stm.data) {
				return nil, malformed("object %d lies outside its object stream", num)
			}
			l := &pdfLexer{data: stm.data, pos: off, final: true}
			// The library reads an object stream to its end: a hex string open there is a
			// lexer that never returns, so the object must not reach the library.
			v, err := l.parseObject(true, 1)
			if errors.Is(err, errOpenHex) {
				return nil, fmt.Errorf("%w: object %d: %v", errUnsafe, num, err)
			}
			if err != nil {
				return nil, malformed("object %d: %v", num, err)
			}
			if _, isDict := v.(pdfDict); isDict {
				if t := l.next(); t.kind == tokOpenHex { // the library looks for "stream" after a dictionary
					return nil, fmt.Errorf("%w: object %d: %s", errUnsafe, num, t.s)
				}
			}
			return v, nil
		}
		next, ok := stm.extends.(pdfRef)
		if !ok {
			break
		}
		ref = next
	}
	return nil, malformed("object %d is not in its object stream", num)
}

// decode returns a stream's data as the library reads it: /Length bytes from its offset
// (however long the stream really is), through FlateDecode (with the PNG Up predictor only)
// and ASCII85Decode, the filters it knows. Past limit bytes (0: no limit but the budget), a
// stream is errUnsafe; so is a predictor whose rows the library would allocate past reason.
func (f *pdfFile) decode(s *pdfStream, limit int64) ([]byte, error) {
	length, err := f.intOf(s.dict["Length"])
	if err != nil {
		return nil, err
	}
	if length == 0 {
		return nil, nil
	}
	if length < 0 {
		return nil, malformed("a stream's /Length is negative")
	}
	var r io.Reader = f.src.section(s.offset, length)
	names, params, err := f.filters(s.dict)
	if err != nil {
		return nil, err
	}
	for i, name := range names {
		if r, err = f.filter(r, name, params[i]); err != nil {
			return nil, err
		}
	}
	r = &meteredReader{r: r, b: f.budget, ctx: f.src.ctx}
	if limit > 0 {
		r = io.LimitReader(r, limit+1)
	}
	data, err := io.ReadAll(r)
	switch {
	case err != nil && (errors.Is(err, ErrTooLarge) || f.src.ctx.Err() != nil):
		return nil, err
	case err != nil:
		return data, malformed("a stream cannot be decoded: %v", err)
	case limit > 0 && int64(len(data)) > limit:
		return nil, fmt.Errorf("%w: a stream decodes to more than %d MB", errUnsafe, limit>>20)
	}
	return data, nil
}

// filters returns a stream's filter names and their parameters, paired as the library pairs
// them: a name with /DecodeParms whatever it is, an array with the array's elements.
func (f *pdfFile) filters(d pdfDict) ([]string, []any, error) {
	filter, err1 := f.resolve(d["Filter"])
	param, err2 := f.resolve(d["DecodeParms"])
	if err := errors.Join(err1, err2); err != nil {
		return nil, nil, err
	}
	switch x := filter.(type) {
	case nil:
		return nil, nil, nil
	case pdfName:
		return []string{string(x)}, []any{param}, nil
	case pdfArray:
		names := make([]string, len(x))
		params := make([]any, len(x))
		for i, el := range x {
			v, err := f.resolve(el)
			if err != nil {
				return nil, nil, err
			}
			n, _ := v.(pdfName)
			names[i] = string(n)
			if pa, ok := param.(pdfArray); ok && i < len(pa) {
				if params[i], err = f.resolve(pa[i]); err != nil {
					return nil, nil, err
				}
			}
		}
		return names, params, nil
	}
	return nil, nil, malformed("a stream's /Filter is neither a name nor an array")
}

// filter applies one filter as the library does; any other filter is one it cannot read.
func (f *pdfFile) filter(r io.Reader, name string, param any) (io.Reader, error) {
	switch name {
	case "FlateDecode":
		zr, err := zlib.NewReader(r)
		if err != nil {
			return nil, malformed("FlateDecode: %v", err)
		}
		p, _ := param.(pdfDict)
		pred, err := f.resolve(p["Predictor"])
		if err != nil || pred == nil {
			return zr, err
		}
		if pred != int64(12) {
			return nil, malformed("predictor %v is not one the reader knows", pred)
		}
		cols, err := f.intOf(p["Columns"])
		if err != nil {
			return nil, err
		}
		if cols < 0 || cols > maxPredictorColumns {
			return nil, fmt.Errorf("%w: %d", errColumns, cols)
		}
		return &pngUpReader{r: zr, row: make([]byte, 1+cols), sum: make([]byte, 1+cols)}, nil
	case "ASCII85Decode":
		switch param.(type) {
		case pdfDict, *pdfStream:
			return nil, malformed("ASCII85Decode with parameters")
		}
		return ascii85.NewDecoder(&ascii85Chars{r: r}), nil
	}
	return nil, malformed("the filter %q is not one the reader knows", name)
}

// pngUpReader undoes the PNG Up predictor row by row; every row must use it.
type pngUpReader struct {
	r        io.Reader
	row, sum []byte
	pending  []byte
}

func (p *pngUpReader) Read(b []byte) (int, error) {
	n := 0
	for len(b) > 0 {
		if len(p.pending) > 0 {
			k := copy(b, p.pending)
			n, b, p.pending = n+k, b[k:], p.pending[k:]
			continue
		}
		if _, err := io.ReadFull(p.r, p.row); err != nil {
			return n, err
		}
		if p.row[0] != 2 {
			return n, errors.New("a row does not use the PNG Up predictor")
		}
		for i, c := range p.row {
			p.sum[i] += c
		}
		p.pending = p.sum[1:]
	}
	return n, nil
}

// ascii85Chars passes the characters of ASCII base-85 data to the decoder, stopping at ~.
type ascii85Chars struct {
	r    io.Reader
	done bool
}

func (a *ascii85Chars) Read(p []byte) (int, error) {
	if a.done {
		return 0, io.EOF
	}
	n, err := a.r.Read(p)
	out := 0
	for _, c := range p[:n] {
		if c == '~' {
			a.done = true
			return out, io.EOF
		}
		if (c >= '!' && c <= 'u') || c == 'z' {
			p[out] = c
			out++
		}
	}
	return out, err
}
