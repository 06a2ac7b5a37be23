package review

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"
)

// Bounds on the files attached to one PDF.
const (
	maxAttachments   = 256 // attached files read; the rest are a gap
	maxNameTreeDepth = 32  // how deep the /EmbeddedFiles name tree's /Kids nest
)

// pdfAttachment is a file attached to a PDF: its name and its embedded file stream.
type pdfAttachment struct {
	name   string
	stream *pdfStream
}

// readAttachments reads the files attached to a PDF — those of the document's /EmbeddedFiles
// name tree (a viewer's attachments pane) and those of /FileAttachment annotations (a paper
// clip on a page) — as documents embedded in it, as the objects of a docx are: each one's
// parts name it, within the depth and the unpacking budget of the PDF. An attachment that
// cannot be read is a gap; running out of time or budget ends the reading.
func (r *Reader) readAttachments(ctx context.Context, f *pdfFile, sv *pdfSurvey, src *source, doc *Document) error {
	c := &attachmentCollector{f: f, doc: doc, seen: map[int]bool{}, nodes: map[int]bool{}}
	if err := c.nameTree(); err != nil {
		return err
	}
	for _, p := range sv.pages {
		if err := c.annotations(p.annots); err != nil {
			return err
		}
	}
	for _, a := range c.found {
		if err := ctx.Err(); err != nil {
			return err
		}
		data, err := f.decode(a.stream, r.Limits.MaxFileSize)
		if err != nil && (errors.Is(err, ErrTooLarge) || ctx.Err() != nil) {
			return err
		}
		if err != nil {
			doc.addGap(0, fmt.Sprintf("附件“%s”无法解压（文件已损坏或过大），请人工打开查看", a.name))
			continue
		}
		child, err := r.readEmbedded(ctx, a.name, data, src)
		if err != nil {
			if fatalRead(err) {
				return err
			}
			doc.addGap(0, fmt.Sprintf("附件“%s”%s，请人工打开查看", a.name, embeddedProblem(err)))
			continue
		}
		doc.adopt(child, a.name)
	}
	return nil
}

// attachmentCollector finds a PDF's attached files, each embedded file stream once.
type attachmentCollector struct {
	f       *pdfFile
	doc     *Document
	found   []pdfAttachment
	seen    map[int]bool // embedded file streams found, by object number
	nodes   map[int]bool // name tree nodes visited, by object number
	damaged bool
	full    bool
}

// fatal reports whether err ends the reading: the time is up or the budget spent.
func (c *attachmentCollector) fatal(err error) bool {
	return err != nil && (c.f.src.ctx.Err() != nil || errors.Is(err, ErrTooLarge))
}

// gap reports damaged attachments, once.
func (c *attachmentCollector) gap() {
	if !c.damaged {
		c.damaged = true
		c.doc.addGap(0, "部分附件无法读取（文件已损坏），请人工在 PDF 阅读器的附件栏中查看")
	}
}

// nameTree collects the files of the catalogue's /Names /EmbeddedFiles name tree.
func (c *attachmentCollector) nameTree() error {
	root, err := c.f.dictOf(c.f.trailer["Root"])
	var names pdfDict
	if err == nil && root != nil {
		names, err = c.f.dictOf(root["Names"])
	}
	if err == nil && names != nil {
		return c.node(names["EmbeddedFiles"], 0)
	}
	if c.fatal(err) {
		return err
	}
	if err != nil {
		c.gap()
	}
	return nil
}

// node collects the files of one node of the name tree: its /Names pairs and its /Kids.
func (c *attachmentCollector) node(v any, depth int) error {
	if ref, ok := v.(pdfRef); ok {
		if c.nodes[ref.num] {
			return nil // a loop
		}
		c.nodes[ref.num] = true
	}
	d, err := c.f.dictOf(v)
	if c.fatal(err) {
		return err
	}
	if err != nil || depth > maxNameTreeDepth {
		c.gap()
		return nil
	}
	pairs, err := c.f.resolve(d["Names"])
	if c.fatal(err) {
		return err
	}
	arr, _ := pairs.(pdfArray)
	for i := 0; i+1 < len(arr); i += 2 {
		key, _ := c.f.resolve(arr[i])
		s, _ := key.(pdfString)
		if err := c.fileSpec(arr[i+1], pdfTextString(string(s))); err != nil {
			return err
		}
	}
	kids, err := c.f.resolve(d["Kids"])
	if c.fatal(err) {
		return err
	}
	kidArr, _ := kids.(pdfArray)
	for _, kid := range kidArr {
		if err := c.node(kid, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// annotations collects the files of a page's /FileAttachment annotations.
func (c *attachmentCollector) annotations(annots any) error {
	v, err := c.f.resolve(annots)
	if c.fatal(err) {
		return err
	}
	arr, _ := v.(pdfArray)
	for i, item := range arr {
		if i >= maxAnnots {
			return nil // readAnnotations says so
		}
		d, err := c.f.dictOf(item)
		if c.fatal(err) {
			return err
		}
		if sub, _ := c.f.resolve(d["Subtype"]); sub != pdfName("FileAttachment") {
			continue
		}
		if err := c.fileSpec(d["FS"], ""); err != nil {
			return err
		}
	}
	return nil
}

// fileSpec collects the embedded file of a file specification, named by its /UF or /F, else
// by key (the name tree's), else numbered.
func (c *attachmentCollector) fileSpec(v any, key string) error {
	spec, err := c.f.dictOf(v)
	var ef pdfDict
	if err == nil && spec != nil {
		ef, err = c.f.dictOf(spec["EF"])
	}
	var stream any
	if err == nil && ef != nil {
		stream, err = c.f.resolve(firstOf(ef["UF"], ef["F"]))
	}
	if c.fatal(err) {
		return err
	}
	s, ok := stream.(*pdfStream)
	if err != nil {
		c.gap()
		return nil
	}
	if !ok {
		return nil // a file specification of a file outside the PDF: nothing in it to read
	}
	if ref, ok := firstOf(ef["UF"], ef["F"]).(pdfRef); ok {
		if c.seen[ref.num] {
			return nil
		}
		c.seen[ref.num] = true
	}
	if len(c.found) >= maxAttachments {
		if !c.full {
			c.full = true
			c.doc.addGap(0, fmt.Sprintf("文件的附件超过 %d 个，其余未读取，请人工在 PDF 阅读器的附件栏中查看", maxAttachments))
		}
		return nil
	}
	c.found = append(c.found, pdfAttachment{name: c.name(spec, key), stream: s})
	return nil
}

// name returns an attachment's file name: /UF, /F, the name tree's key, or 附件N.
func (c *attachmentCollector) name(spec pdfDict, key string) string {
	for _, k := range []string{"UF", "F"} {
		v, _ := c.f.resolve(spec[k])
		if s, ok := v.(pdfString); ok {
			if n := path.Base(strings.ReplaceAll(pdfTextString(string(s)), `\`, "/")); strings.Trim(n, "./") != "" {
				return n
			}
		}
	}
	if key = strings.TrimSpace(key); key != "" {
		return path.Base(key)
	}
	return fmt.Sprintf("附件%d", len(c.found)+1)
}

// firstOf returns the first of vs that is set.
func firstOf(vs ...any) any {
	for _, v := range vs {
		if v != nil {
			return v
		}
	}
	return nil
}
