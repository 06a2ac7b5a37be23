package review

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"golang.org/x/image/font/opentype"
)

// The 脱敏稿 of an OFD document is a PDF made in two stages (ofdpdf.go): first the OFD itself
// is masked, here, every page as it was drawn — seals, rules, pictures, layout — with the
// masked characters replaced in the pages' TextCode elements, where the reader took them from;
// then the masked OFD is drawn into a PDF. A TextObject whose text
// changed loses its CGTransform (the glyphs it maps would still draw the old digits); a scanned
// page's image has the values painted out of its pixels, as a pasted picture's (redactmedia.go).
//
// Text can sit elsewhere in an OFD — annotations, attachments, custom tags, signatures and the
// signed copies they hold, versions, outlines, the document information, extensions — and the
// check reads none of it. So the copy keeps only what the pages need: OFD.xml with its first
// DocBody, whose DocInfo keeps only DocID; Document.xml with its CommonData and Pages; the
// pages' and templates' content; the resource files and the fonts and images they name.
// Everything else in the package is left out, whatever it is, and the report says so.

// ofdWriter is redactOFD's state: the package edits, as for a Word document.
type ofdWriter struct {
	docxWriter
	keep  map[string]bool // the entries the copy keeps
	root  string          // the document root, Document.xml
	units int             // the document's MaxUnitID, raised by the text layers added
}

// redactOFD writes the masked OFD, the first stage of an OFD document's copy, with the plan's
// replacements made.
// A scanned page's values are painted out and their replacements painted in paint's face
// (none when paint is empty), and the page gets the text OCR read, masked, as an invisible
// text layer (redactofdscan.go).
func (r *Reader) redactOFD(ctx context.Context, data []byte, doc *Document, plan *Plan, paint []byte) (*redacted, error) {
	src := &source{r: bytes.NewReader(data), size: int64(len(data)), ctx: ctx}
	p, err := openPackage(ctx, src, r.Limits)
	if err != nil {
		return nil, err
	}
	w := &ofdWriter{docxWriter: docxWriter{r: r, p: p, doc: doc, plan: plan, res: &redacted{},
		ch: zipEntries{replaced: map[string][]byte{}, removed: map[string]bool{}}, handled: map[int]bool{}},
		keep: map[string]bool{"OFD.xml": true}}
	if len(paint) > 0 {
		if w.paint, err = opentype.Parse(paint); err != nil {
			return nil, fmt.Errorf("the face to paint replacements in: %w", err)
		}
	}
	root, err := w.entryFile()
	if err != nil {
		return nil, err
	}
	if err := w.document(root); err != nil {
		return nil, err
	}
	if err := w.pages(ctx, root); err != nil {
		return nil, err
	}
	w.raiseUnits()
	dropped := 0
	for _, n := range p.names {
		if !w.keep[n] && !strings.HasSuffix(n, "/") {
			w.ch.removed[n] = true
			dropped++
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, malformed("not a ZIP package: %v", err)
	}
	if w.res.data, err = rewriteZip(zr, w.ch); err != nil {
		return nil, err
	}
	w.res.removed = append(w.res.removed, "文档信息（标题、作者等）、签名、版本、注释、附件、自定义标签、书签和扩展信息未带入脱敏文件")
	if dropped > 0 {
		w.res.removed = append(w.res.removed, fmt.Sprintf("页面不需要的 %d 个文件未带入脱敏文件", dropped))
	}
	for i, part := range doc.Parts {
		if part.Kind == PartMetadata {
			w.handled[i] = true // DocInfo is left out
		}
	}
	w.res.notMasked = notMasked(doc, plan, CleanOptions{}, w.handled)
	return w.res, nil
}

// entryFile prunes OFD.xml to its first DocBody, and that DocBody to its DocInfo (keeping
// only DocID) and DocRoot, and returns the document root it names.
func (w *ofdWriter) entryFile() (string, error) {
	raw, err := w.entry("OFD.xml")
	if err != nil {
		return "", err
	}
	var root string
	bodies := 0
	edits, err := pruneXML(raw, "OFD.xml", w.r.Limits.MaxXMLDepth, func(parent, child string) bool {
		switch parent {
		case "OFD":
			bodies += boolInt(child == "DocBody")
			return child == "DocBody" && bodies == 1
		case "DocBody":
			return child == "DocInfo" || child == "DocRoot"
		case "DocInfo":
			return child == "DocID"
		}
		return true
	}, func(parent, text string) {
		if parent == "DocRoot" && root == "" && bodies == 1 {
			root = strings.TrimSpace(text)
		}
	})
	if err != nil {
		return "", err
	}
	if root == "" {
		return "", malformed("OFD.xml names no DocRoot")
	}
	w.ch.replaced["OFD.xml"] = applyEdits(raw, edits)
	return ofdPath("", root), nil
}

// document prunes the document root to its CommonData and Pages and keeps the resource files
// it names and what they name.
func (w *ofdWriter) document(root string) error {
	raw, err := w.entry(root)
	if err != nil {
		return malformed("document root %s: %v", root, err)
	}
	w.keep[root] = true
	var resFiles []string
	edits, err := pruneXML(raw, root, w.r.Limits.MaxXMLDepth, func(parent, child string) bool {
		return parent != "Document" || child == "CommonData" || child == "Pages"
	}, func(parent, text string) {
		if loc := strings.TrimSpace(text); (parent == "PublicRes" || parent == "DocumentRes") && loc != "" {
			resFiles = append(resFiles, loc)
		}
	})
	if err != nil {
		return err
	}
	w.ch.replaced[root] = applyEdits(raw, edits)
	w.root = root
	w.units = maxUnitID(w.ch.replaced[root])
	for _, loc := range resFiles {
		if err := w.keepResources(ofdPath(path.Dir(root), loc)); err != nil {
			return err
		}
	}
	return nil
}

// keepResources keeps a resource file and the files its resources name (FontFile,
// MediaFile…, under the file's BaseLoc). A missing resource file names nothing.
func (w *ofdWriter) keepResources(name string) error {
	if _, ok := w.p.files[name]; !ok {
		return nil
	}
	w.keep[name] = true
	err := w.p.walkXML(name, w.r.Limits.MaxXMLDepth, func(x *xmlWalker) error {
		base, inFile := path.Dir(name), false
		for {
			tok, err := x.next()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			switch t := tok.(type) {
			case xml.StartElement:
				if loc := attr(t, "BaseLoc"); t.Name.Local == "Res" && loc != "" {
					base = ofdPath(path.Dir(name), loc)
				}
				inFile = strings.HasSuffix(t.Name.Local, "File")
			case xml.EndElement:
				inFile = false
			case xml.CharData:
				if loc := strings.TrimSpace(string(t)); inFile && loc != "" {
					w.keep[ofdPath(base, loc)] = true
				}
			}
		}
	})
	return err
}

// pages masks each page's and template's text, and the images of the scanned pages.
func (w *ofdWriter) pages(ctx context.Context, root string) error {
	pages, templates, err := w.r.readOFDPageList(w.p, root)
	if err != nil {
		return err
	}
	dir := path.Dir(root)
	media, err := w.r.ofdMedia(w.p, root)
	if err != nil {
		return err
	}
	done := map[string]bool{} // templates masked
	for i, pg := range pages {
		n := i + 1
		name := ofdPath(dir, pg.loc)
		text, images, tmpl, err := w.r.readOFDPage(w.p, name)
		if err != nil {
			return pageError(n, pg.loc, err)
		}
		if err := w.keepPage(name); err != nil {
			return err
		}
		if err := w.editText(name, w.partOf(PartBody, n, false), text); err != nil {
			return err
		}
		if loc, ok := templates[tmpl]; ok && tmpl != "" {
			if err := w.template(ofdPath(dir, loc), loc, done); err != nil {
				return err
			}
		}
		if err := w.scannedImages(ctx, n, name, images, media); err != nil {
			return err
		}
	}
	return nil
}

// template masks the text of a page's template (entry tname, at loc in the document), once
// however many pages use it.
func (w *ofdWriter) template(tname, loc string, done map[string]bool) error {
	if _, ok := w.p.files[tname]; !ok || done[tname] {
		return nil
	}
	done[tname] = true
	ttext, _, _, err := w.r.readOFDPage(w.p, tname)
	if err != nil {
		return err
	}
	if err := w.keepPage(tname); err != nil {
		return err
	}
	return w.editText(tname, w.templatePlan(loc), ttext)
}

// scannedImages paints the values out of the images of page n (entry name), a scanned page,
// and gives the page the text layer of each image painted.
func (w *ofdWriter) scannedImages(ctx context.Context, n int, name string, images []string, media map[string]string) error {
	pi := w.partOf(PartBody, n, true)
	if pi < 0 {
		return nil
	}
	for _, id := range images {
		if entry, ok := media[id]; ok {
			lines, err := w.maskPicture(ctx, entry, fmt.Sprintf("第%d页的扫描图像", n), w.plansOf(pi))
			if err != nil {
				return err
			}
			if err := w.textLayer(name, id, lines); err != nil {
				return err
			}
		}
	}
	return nil
}

// keepPage keeps a page's (or template's) content and the page resource files it names.
func (w *ofdWriter) keepPage(name string) error {
	w.keep[name] = true
	var res []string
	err := w.p.walkXML(name, w.r.Limits.MaxXMLDepth, func(x *xmlWalker) error {
		in := false
		for {
			tok, err := x.next()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			switch t := tok.(type) {
			case xml.StartElement:
				in = t.Name.Local == "PageRes"
			case xml.EndElement:
				in = false
			case xml.CharData:
				if loc := strings.TrimSpace(string(t)); in && loc != "" {
					res = append(res, loc)
				}
			}
		}
	})
	if err != nil {
		return err
	}
	for _, loc := range res {
		if err := w.keepResources(ofdPath(path.Dir(name), loc)); err != nil {
			return err
		}
	}
	return nil
}

// partOf returns the index of page n's part of kind k, recognised by OCR or not, or -1.
func (w *ofdWriter) partOf(k PartKind, n int, ocr bool) int {
	for i, p := range w.doc.Parts {
		if p.Kind == k && p.Page == n && p.Embedded == "" && (p.OCR != nil) == ocr {
			return i
		}
	}
	return -1
}

// templatePlan returns the index of the first part read from the template at loc that has
// replacements, or -1; the other pages' parts of the same template are marked handled, as the
// one file is masked for all of them.
func (w *ofdWriter) templatePlan(loc string) int {
	first := -1
	for i, p := range w.doc.Parts {
		if p.Kind != PartHeader || p.Template != loc || w.plan.part(i) == nil {
			continue
		}
		if first < 0 {
			first = i
		} else {
			w.handled[i] = true
			for _, r := range w.plan.part(i).Replacements {
				w.res.masked = append(w.res.masked, PreviewItem{Kind: r.Kind.Label(), Where: r.Where, Masked: r.Masked})
			}
		}
	}
	return first
}

// plansOf returns part pi's plan as a list, or none.
func (w *ofdWriter) plansOf(pi int) []PartPlan {
	if pp := w.plan.part(pi); pp != nil {
		return []PartPlan{*pp}
	}
	return nil
}

// editText makes the replacements of part pi (read from the page XML name, whose text the
// reader read as text) in the TextCodes of the page, and drops the CGTransform of each
// TextObject it changed. A part whose text is not the page's (the file changed) is left, for
// notMasked to list.
func (w *ofdWriter) editText(name string, pi int, text string) error {
	if pi < 0 || w.plan.part(pi) == nil || w.doc.Parts[pi].Text != text {
		return nil
	}
	raw, err := w.entry(name)
	if err != nil {
		return err
	}
	e := &ofdEditor{}
	if err := walkRaw(raw, name, w.r.Limits.MaxXMLDepth, e.token); err != nil {
		return err
	}
	if strings.TrimRight(e.text.String(), "\n") != text {
		return malformed("%s: the text does not read as the reader's", name)
	}
	edits := w.mask(pi, text, e.segs)
	for _, obj := range e.objects {
		if obj.changed(edits) {
			edits = append(edits, obj.transforms...)
		}
	}
	w.ch.replaced[name] = applyEdits(raw, edits)
	return nil
}

// ofdEditor reads a page's content as ofdPageText does, keeping where each piece of the text
// lies in the XML and where each TextObject's CGTransforms are.
type ofdEditor struct {
	text    strings.Builder
	segs    []rawSegment
	objects []ofdTextObject
	inCode  bool
}

// ofdTextObject is one TextObject: the bytes its text lies in and its CGTransform elements.
type ofdTextObject struct {
	start, end int
	transforms []xmlEdit // each removes one CGTransform
}

// changed says whether an edit falls inside the object.
func (o ofdTextObject) changed(edits []xmlEdit) bool {
	for _, e := range edits {
		if e.start >= o.start && e.end <= o.end {
			return true
		}
	}
	return false
}

func (e *ofdEditor) token(t rawToken) error {
	switch tok := t.tok.(type) {
	case xml.StartElement:
		switch tok.Name.Local {
		case "TextCode":
			e.inCode = true
		case "TextObject":
			e.objects = append(e.objects, ofdTextObject{start: t.start, end: -1})
		}
	case xml.EndElement:
		switch tok.Name.Local {
		case "TextCode":
			e.inCode = false
		case "TextObject":
			if k := len(e.objects) - 1; k >= 0 {
				e.objects[k].end = t.end
			}
			e.text.WriteByte('\n')
		case "CGTransform":
			if k := len(e.objects) - 1; k >= 0 && e.objects[k].end < 0 {
				e.objects[k].transforms = append(e.objects[k].transforms, xmlEdit{start: t.open, end: t.end})
			}
		}
	case xml.CharData:
		if e.inCode {
			at := e.text.Len()
			e.text.Write(tok)
			e.segs = append(e.segs, rawSegment{segment: segment{at, e.text.Len()}, rawStart: t.start, rawEnd: t.end})
		}
	}
	return nil
}

// pruneXML returns the edits that remove from the XML part raw every element whose parent's
// and own local names keep rejects (its whole subtree), calling text with the character data
// of each element kept, by its local name.
func pruneXML(raw []byte, name string, maxDepth int, keep func(parent, child string) bool, text func(elem, data string)) ([]xmlEdit, error) {
	var edits []xmlEdit
	var stack []string
	dropping := -1 // the depth of the element being dropped, -1 when none
	err := walkRaw(raw, name, maxDepth, func(t rawToken) error {
		switch tok := t.tok.(type) {
		case xml.StartElement:
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			if dropping < 0 && len(stack) > 0 && !keep(parent, tok.Name.Local) {
				dropping = len(stack)
			}
			stack = append(stack, tok.Name.Local)
		case xml.EndElement:
			stack = stack[:max(0, len(stack)-1)]
			if dropping == len(stack) {
				edits = append(edits, xmlEdit{start: t.open, end: t.end})
				dropping = -1
			}
		case xml.CharData:
			if dropping < 0 && len(stack) > 0 {
				text(stack[len(stack)-1], string(tok))
			}
		}
		return nil
	})
	if errors.Is(err, errNoEntry) {
		return nil, malformed("%s: %v", name, err)
	}
	return edits, err
}
