package review

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"math"
	"strings"
	"unicode"

	"github.com/ledongthuc/pdf"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

func init() {
	// pdfcpu would otherwise create a configuration directory in the user's home.
	api.DisableConfigDir()
}

// readPDF reads a PDF's text page by page, with page numbers, including the text of Form
// XObjects (stamps, overlays), its annotations and form fields, and the files attached to it
// (readAttachments), and flags pages that carry images but no text (scans). A file
// encrypted with an owner password only (it opens without asking) is decrypted first, AES-256
// included; one that needs a user password is ErrEncrypted.
//
// Our own reader (pdfxref.go, pdfsurvey.go) walks the file first, as the text library will:
// a file whose structure would make the library loop for ever or exhaust memory is refused,
// a page that would is not given to it, and every place whose text is lost or may be
// incomplete — a lying /Length, a missing font, a damaged page tree — is a gap of the
// document. A document none of whose pages could be read is ErrMalformed.
func (r *Reader) readPDF(ctx context.Context, src *source) (*Document, error) {
	budget := src.unpackBudget(r.Limits.MaxUnzipped)
	f, err := openPDFFile(src, budget)
	if err != nil {
		return nil, err
	}
	producer, decrypted := "", f.trailer["Encrypt"] != nil
	if decrypted {
		var plain []byte
		plain, producer, err = decryptPDF(src)
		if err != nil {
			return nil, err
		}
		src = &source{r: bytes.NewReader(plain), size: int64(len(plain)), ctx: ctx, budget: budget, depth: src.depth}
		if f, err = openPDFFile(src, budget); err != nil {
			return nil, fmt.Errorf("after decryption: %w", err)
		}
	}
	sv, err := f.survey(ctx)
	if err != nil {
		return nil, err
	}
	if len(sv.pages) == 0 && len(sv.gaps) > 0 {
		return nil, malformed("no page could be found: the page tree is damaged")
	}
	pr, err := newPDFReader(src)
	if err != nil {
		return nil, malformed("%v", err)
	}
	doc := &Document{Format: FormatPDF, Pages: len(sv.pages)}
	for _, g := range sv.gaps {
		doc.addGap(0, g)
	}
	readMetadata(f, pr, doc)
	if decrypted {
		doc.Meta.Producer = producer // the decrypted copy names pdfcpu
	}
	sizes, err := readPages(ctx, pr, sv, doc)
	if err != nil {
		return nil, err
	}
	if err := readAnnotations(ctx, f, sv, doc); err != nil {
		return nil, err
	}
	if err := r.readAttachments(ctx, f, sv, src, doc); err != nil {
		return nil, err
	}
	if err := r.recognisePDF(ctx, src, doc, sizes); err != nil {
		return nil, err
	}
	doc.addMeta()
	return doc, nil
}

// readPages reads the text of every page the survey found, in order, and returns the media
// box of each image-only page, for OCR.
func readPages(ctx context.Context, pr *pdf.Reader, sv *pdfSurvey, doc *Document) (map[int][2]float64, error) {
	pages, err := libPages(pr, sv.pages)
	if err != nil {
		return nil, malformed("page tree: %v", err)
	}
	sizes := map[int][2]float64{}
	read, firstFailure := 0, ""
	for i, sp := range sv.pages {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n := i + 1
		for _, g := range sp.gaps {
			doc.addGap(n, fmt.Sprintf("第%d页%s", n, g))
		}
		text, failure := "", sp.skip
		if failure.none() {
			var err error
			if text, err = pageText(pages[i]); err != nil {
				failure = skipReason{"的文字无法读取（文件已损坏）", err.Error()}
			}
		}
		if !failure.none() {
			doc.addGap(n, fmt.Sprintf("第%d页%s，这一页的文字未能读取", n, failure.zh))
			firstFailure = cmp.Or(firstFailure, fmt.Sprintf("page %d: %s", n, failure.en))
		} else {
			read++
		}
		text += formsText(pages[i], n, sp.forms, doc)
		doc.Parts = append(doc.Parts, Part{Kind: PartBody, Page: n, Text: text})
		if sp.images == 0 {
			continue
		}
		if size := mediaBox(pages[i]); strings.TrimSpace(text) == "" || scanUnderText(text, sp.imageArea, size) {
			doc.ImageOnlyPages = append(doc.ImageOnlyPages, n)
			sizes[n] = size
		}
	}
	if len(sv.pages) > 0 && read == 0 {
		return nil, malformed("no page could be read: %s", firstFailure)
	}
	return sizes, nil
}

// formsText is the text of the page's form objects at the paths, each on a line of its own
// after a line break; a form object that cannot be read is a gap of page n in doc.
func formsText(page pdf.Page, n int, paths [][]string, doc *Document) string {
	var text string
	for _, path := range paths {
		if t, err := formText(page, path); err != nil {
			doc.addGap(n, fmt.Sprintf("第%d页的表单对象 %s 无法读取（文件已损坏）", n, strings.Join(path, "/")))
		} else if t != "" {
			text += "\n" + t
		}
	}
	return text
}

// A page whose text layer is a few characters over a scan — a page number, the text of a stamp,
// a scanner's line — is a scan all the same: its text is kept and its image recognised too. It
// is one when its own content paints images over at least minScanCoverage of its media box and
// its text has at most maxScanText characters, white space apart. The fixtures: stamped.pdf (a
// scan under a stamp of 55 characters) and scan-numbered.pdf (scans numbered - 1 -) are scans;
// a text page of the same A4 size holds 600 to 1,000 characters (long.pdf), and the shortest
// text page of the fixtures, 113 characters (full-lo.pdf), stays text even under a scan
// (underlaid.pdf). A page's seal or logo covers a few percent of it, far below the half.
const (
	minScanCoverage = 0.5
	maxScanText     = 64
)

// scanUnderText reports whether a page with text, whose own content paints images over area
// square points and whose media box is size, is a scan with a little text over it.
func scanUnderText(text string, area float64, size [2]float64) bool {
	page := size[0] * size[1]
	if !(page > 0) || area < minScanCoverage*page {
		return false
	}
	chars := 0
	for _, r := range text {
		if !unicode.IsSpace(r) {
			if chars++; chars > maxScanText {
				return false
			}
		}
	}
	return true
}

// mediaBox returns the width and height in points of a page's media box, or zeros when it has
// none that makes sense.
func mediaBox(p pdf.Page) (size [2]float64) {
	defer func() {
		if recover() != nil {
			size = [2]float64{}
		}
	}()
	var box pdf.Value
	for v, depth := p.V, 0; !v.IsNull() && depth < 64 && box.IsNull(); v, depth = v.Key("Parent"), depth+1 {
		box = v.Key("MediaBox") // inherited from the page tree; the survey refused looping trees
	}
	if box.Len() != 4 {
		return size
	}
	return [2]float64{math.Abs(box.Index(2).Float64() - box.Index(0).Float64()), math.Abs(box.Index(3).Float64() - box.Index(1).Float64())}
}

// libPages returns the library's value of each page the survey found, reached by the same
// path through the page tree; each node is resolved once.
func libPages(pr *pdf.Reader, pages []surveyPage) (out []pdf.Page, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, fmt.Errorf("%v", p)
		}
	}()
	out = make([]pdf.Page, len(pages))
	nodes := []pdf.Value{pr.Trailer().Key("Root").Key("Pages")}
	kids := []pdf.Value{nodes[0].Key("Kids")}
	var cur []int
	for i, p := range pages {
		k := 0
		for k < len(cur) && k < len(p.path) && cur[k] == p.path[k] {
			k++
		}
		nodes, kids = nodes[:k+1], kids[:k+1]
		for _, idx := range p.path[k:] {
			node := kids[len(kids)-1].Index(idx)
			nodes, kids = append(nodes, node), append(kids, node.Key("Kids"))
		}
		cur = p.path
		out[i] = pdf.Page{V: nodes[len(nodes)-1]}
	}
	return out, nil
}

// readMetadata reads the document information dictionary through the library, after our
// reader has resolved it and each field: a gap if it cannot.
func readMetadata(f *pdfFile, pr *pdf.Reader, doc *Document) {
	keys := []string{"Title", "Subject", "Author", "Keywords", "Creator", "Producer"}
	info, err := f.dictOf(f.trailer["Info"])
	for _, k := range keys {
		if err == nil && info != nil {
			_, err = f.resolve(info[k])
		}
	}
	if err != nil {
		doc.addGap(0, "文档属性（标题、作者等）无法读取（文件已损坏）")
		return
	}
	defer func() {
		if p := recover(); p != nil {
			doc.Meta = Metadata{}
			doc.addGap(0, "文档属性（标题、作者等）无法读取（文件已损坏）")
		}
	}()
	v := pr.Trailer().Key("Info")
	doc.Meta = Metadata{
		Title: v.Key("Title").Text(), Subject: v.Key("Subject").Text(), Author: v.Key("Author").Text(),
		Keywords: v.Key("Keywords").Text(), Creator: v.Key("Creator").Text(), Producer: v.Key("Producer").Text(),
	}
}

func newPDFReader(src *source) (pr *pdf.Reader, err error) {
	defer func() {
		if p := recover(); p != nil {
			pr, err = nil, fmt.Errorf("%v", p)
		}
	}()
	return pdf.NewReader(src, src.size)
}

// decryptPDF removes an owner-password-only encryption with pdfcpu, returning the decrypted
// file and the producer the original named (pdfcpu writes its own name into the copy). A file
// that needs a user password to open is ErrEncrypted.
func decryptPDF(src *source) (out []byte, producer string, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, malformed("encrypted PDF: %v", p)
		}
	}()
	conf := model.NewDefaultConfiguration()
	conf.UserPW, conf.OwnerPW = "", ""
	conf.Cmd = model.DECRYPT
	fail := func(err error) ([]byte, string, error) {
		if src.ctx.Err() != nil {
			return nil, "", src.ctx.Err()
		}
		msg := strings.ToLower(err.Error())
		if strings.Contains(msg, "password") || strings.Contains(msg, "decrypt") || strings.Contains(msg, "encrypt") {
			return nil, "", fmt.Errorf("%w (%v)", ErrEncrypted, err)
		}
		return nil, "", malformed("%v", err)
	}
	ctx, err := api.ReadValidateAndOptimize(src.section(0, src.size), conf)
	if err != nil {
		return fail(err)
	}
	producer = ctx.Producer
	var buf bytes.Buffer
	if err := api.WriteContext(ctx, &buf); err != nil {
		return fail(err)
	}
	return buf.Bytes(), producer, nil
}

// pageText returns the plain text of one page (interpretText); the library panics on some
// malformed content.
func pageText(p pdf.Page) (text string, err error) {
	defer func() {
		if r := recover(); r != nil {
			text, err = "", fmt.Errorf("%v", r)
		}
	}()
	content := p.V.Key("Contents")
	if content.Kind() == pdf.Null { // none, or not there: the survey says which
		return "", nil
	}
	return interpretText(content, p.Resources().Key("Font")), nil
}

// formText returns the text of the Form XObject reached from a page's resources by the names
// of path: stamps, overlays (qpdf --overlay), imposed pages and some scanners' text layers
// live in forms, which the library does not read. Every form of the page's resources is
// read, drawn or not: text that ships in the file is text a reviewer must see.
func formText(page pdf.Page, path []string) (text string, err error) {
	defer func() {
		if r := recover(); r != nil {
			text, err = "", fmt.Errorf("form XObject: %v", r)
		}
	}()
	res := page.Resources()
	var form pdf.Value
	for _, name := range path {
		form = res.Key("XObject").Key(name)
		res = form.Key("Resources")
	}
	return strings.TrimSpace(streamText(form)), nil
}

// streamText interprets a content stream's text operators as pageText does,
// with the fonts of the stream's own resources.
func streamText(strm pdf.Value) string {
	return interpretText(strm, strm.Key("Resources").Key("Font"))
}

// interpretText interprets the text operators of content, strings shown by Tj, ', " and TJ,
// decoding each font's strings with fontDecoder. Unlike the library's GetPlainText, which
// starts a line at every text object (BT), it starts one where the text moves to another
// baseline: a producer that writes each run of one font as a text object of its own
// (LibreOffice: 关于发放 / 2016 / 年度…) reads as the line it is, with a space between the
// runs, and lines one text object positions with Td read as lines. The space keeps a table's
// cells apart (a 序号 beside a 身份证号 must not make a longer digit run).
func interpretText(content, fonts pdf.Value) string {
	var t textState
	var enc pdf.TextEncoding = rawEncoding{}
	decoders := map[string]pdf.TextEncoding{}
	show := func(v pdf.Value) { t.show(enc.Decode(v.RawString())) }
	pdf.Interpret(content, func(stk *pdf.Stack, op string) {
		args := make([]pdf.Value, stk.Len())
		for i := len(args) - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		if t.operate(op, args) {
			return
		}
		switch op {
		case "Tf":
			enc = rawEncoding{}
			if len(args) == 2 {
				name := args[0].Name()
				if _, ok := decoders[name]; !ok {
					decoders[name] = fontDecoder(fonts.Key(name))
				}
				enc = decoders[name]
				t.size = args[1].Float64()
			}
		case "Tj", "'", "\"":
			if op != "Tj" {
				t.nextLine()
			}
			if len(args) > 0 {
				show(args[len(args)-1])
			}
		case "TJ":
			if len(args) == 1 {
				for i := 0; i < args[0].Len(); i++ {
					if x := args[0].Index(i); x.Kind() == pdf.String {
						show(x)
					}
				}
			}
		}
	})
	return t.b.String()
}

// textState follows where text is drawn, as far as interpretText needs it: the graphics
// state's matrix (cm, q, Q), the text and line matrices (Tm, Td, TD, T*, TL) and the font
// size, to tell a new baseline from more text on the same one.
type textState struct {
	b          strings.Builder
	ctm        matrix
	saved      []matrix
	tm, tlm    matrix
	leading    float64
	size       float64
	started    bool    // something was shown
	newObject  bool    // a text object began since the last string shown
	lastY      float64 // the baseline of the last string shown, in page space
	lastHeight float64 // its font's height in page space
}

// operate applies a graphics or text-positioning operator and reports whether op was one.
func (t *textState) operate(op string, args []pdf.Value) bool {
	if t.ctm == (matrix{}) {
		t.ctm, t.tm, t.tlm = identity, identity, identity
	}
	nums := make([]float64, len(args))
	for i, a := range args {
		nums[i] = a.Float64()
	}
	return t.graphics(op, nums) || t.position(op, nums)
}

// graphics applies q, Q and cm.
func (t *textState) graphics(op string, n []float64) bool {
	switch {
	case op == "q":
		if len(t.saved) < maxSaved { // as the survey's scanner: past it, Q restores nothing
			t.saved = append(t.saved, t.ctm)
		}
	case op == "Q":
		if k := len(t.saved); k > 0 {
			t.ctm, t.saved = t.saved[k-1], t.saved[:k-1]
		}
	case op == "cm" && len(n) == 6:
		t.ctm = matrix(n).times(t.ctm)
	default:
		return false
	}
	return true
}

// position applies the text object's and text positioning operators.
func (t *textState) position(op string, n []float64) bool {
	switch {
	case op == "BT":
		t.tm, t.tlm, t.newObject = identity, identity, true
	case op == "Tm" && len(n) == 6:
		t.tm = matrix(n)
		t.tlm = t.tm
	case (op == "Td" || op == "TD") && len(n) == 2:
		if op == "TD" {
			t.leading = -n[1]
		}
		t.moveLine(n[0], n[1])
	case op == "TL" && len(n) == 1:
		t.leading = n[0]
	case op == "T*":
		t.nextLine()
	default:
		return false
	}
	return true
}

func (t *textState) moveLine(tx, ty float64) {
	t.tlm = matrix{1, 0, 0, 1, tx, ty}.times(t.tlm)
	t.tm = t.tlm
}

func (t *textState) nextLine() { t.moveLine(0, -t.leading) }

// show writes s, after a line break when it is drawn on another baseline than the string
// before it, or a space when it begins another text object on the same baseline.
func (t *textState) show(s string) {
	if s == "" {
		return
	}
	m := t.tm.times(t.ctm)
	y := m[5]
	height := math.Abs(t.size) * math.Hypot(m[2], m[3])
	if height == 0 {
		height = 1
	}
	if t.started {
		switch {
		case math.Abs(y-t.lastY) > 0.5*max(height, t.lastHeight):
			t.b.WriteByte('\n')
		case t.newObject:
			t.b.WriteByte(' ')
		}
	}
	t.b.WriteString(s)
	t.started, t.newObject, t.lastY, t.lastHeight = true, false, y, height
}

// fontDecoder is how text in font f is decoded: our reading of its character map where the
// library's is wrong, else the library's; raw bytes for a font that is not there.
func fontDecoder(f pdf.Value) pdf.TextEncoding {
	if f.IsNull() {
		return rawEncoding{}
	}
	if d := wideDecoder(f); d != nil {
		return d
	}
	return (&pdf.Font{V: f}).Encoder()
}

// rawEncoding passes bytes through, for text shown before any font is set.
type rawEncoding struct{}

func (rawEncoding) Decode(raw string) string { return raw }
