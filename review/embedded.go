package review

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
)

// maxEmbedDepth is how deep embedded objects are opened: a workbook in a letter is depth 1, a
// document embedded in that workbook depth 2. A deeper one is a gap, for a person to open.
const maxEmbedDepth = 3

// addEmbedded reads each object embedded in the package under dir (word/embeddings,
// xl/embeddings, ppt/embeddings) as a document of its own — a workbook, a Word document, a PDF, or an OLE
// object wrapping one — and adds what it holds to doc, each part naming the object. The objects
// share the package's unpacking budget and time. An object that cannot be read is a gap; one
// that passes the budget, or the time, ends the reading of the whole file.
func (r *Reader) addEmbedded(ctx context.Context, p *pkg, doc *Document, dir string) error {
	var names []string
	for _, n := range p.names {
		if strings.HasPrefix(n, dir+"/") && !strings.HasSuffix(n, "/") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		obj := path.Base(name)
		child, err := r.readEntry(ctx, p, name)
		if err != nil {
			if fatalRead(err) {
				return err
			}
			doc.addGap(0, fmt.Sprintf("嵌入对象“%s”%s，请人工打开查看", obj, embeddedProblem(err)))
			continue
		}
		doc.adopt(child, obj)
	}
	return nil
}

// fatalRead reports whether err ends the reading of the whole file: the unpacking budget or
// the time is spent, or the caller cancelled.
func fatalRead(err error) bool {
	return errors.Is(err, ErrTooLarge) || errors.Is(err, ErrTimeout) ||
		errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// embeddedProblem says in the reviewer's words why an embedded object could not be read.
func embeddedProblem(err error) string {
	switch {
	case errors.Is(err, ErrUnsupported):
		return "的类型无法识别，未能读取"
	case errors.Is(err, ErrEncrypted):
		return "已加密，未能读取"
	case errors.Is(err, ErrConverterMissing):
		return "需要 LibreOffice 才能读取，本机没有找到"
	case errors.Is(err, errTooDeep):
		return fmt.Sprintf("嵌套超过 %d 层，未读取", maxEmbedDepth)
	}
	return "已损坏，未能读取"
}

// errTooDeep is the error of an object embedded more than maxEmbedDepth levels deep.
var errTooDeep = errors.New("embedded objects nested too deep")

// readEntry reads one package entry as an embedded document.
func (r *Reader) readEntry(ctx context.Context, p *pkg, name string) (*Document, error) {
	if p.src.depth+1 > maxEmbedDepth {
		return nil, fmt.Errorf("%w: %s", errTooDeep, name)
	}
	data, err := r.entryBytes(p, name)
	if err != nil {
		return nil, err
	}
	return r.readEmbedded(ctx, path.Base(name), data, p.src)
}

// entryBytes reads the package entry name whole, up to the largest file the reader takes.
func (r *Reader) entryBytes(p *pkg, name string) ([]byte, error) {
	rc, err := p.open(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, r.Limits.MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > r.Limits.MaxFileSize {
		return nil, fmt.Errorf("%w: entry %s is more than %d bytes", ErrTooLarge, name, r.Limits.MaxFileSize)
	}
	return data, nil
}

// readEmbedded reads the bytes of an object named name, embedded in the file parent, as a
// document, one level deeper and within the parent's budget. What it is comes from its
// content, then its name: an OLE object is opened for the file it wraps.
func (r *Reader) readEmbedded(ctx context.Context, name string, data []byte, parent *source) (doc *Document, err error) {
	defer func() {
		if p := recover(); p != nil {
			doc, err = nil, malformed("embedded %s: %v", name, p)
		}
	}()
	if parent.depth+1 > maxEmbedDepth {
		return nil, fmt.Errorf("%w: %s", errTooDeep, name)
	}
	src := &source{r: bytes.NewReader(data), size: int64(len(data)), ctx: ctx, budget: parent.budget, depth: parent.depth + 1}
	format, err := embeddedFormat(name, data)
	if err != nil {
		return nil, err
	}
	if format == formatOLE {
		return r.readOLE(ctx, name, src)
	}
	if _, ok := convertedTo[format]; ok {
		return r.readConverted(ctx, format, src)
	}
	return r.parse(ctx, format, src)
}

// formatOLE is an OLE compound file (oleObject1.bin): a wrapper round the object's file.
const formatOLE Format = "ole"

// embeddedFormat tells what an embedded object is: by its first bytes, a ZIP package by the
// part that makes it a workbook or a Word document, and otherwise by its name's extension.
func embeddedFormat(name string, data []byte) (Format, error) {
	switch {
	case bytes.HasPrefix(data, oleMagic):
		return formatOLE, nil
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return FormatPDF, nil
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		if zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err == nil {
			for _, f := range zr.File {
				switch strings.ToLower(f.Name) {
				case "xl/workbook.xml":
					return FormatXLSX, nil
				case "word/document.xml":
					return FormatDOCX, nil
				case "ppt/presentation.xml":
					return FormatPPTX, nil
				}
			}
		}
	}
	switch ext := strings.ToLower(path.Ext(name)); ext {
	case ".xlsx", ".xlsm":
		return FormatXLSX, nil
	case ".docx", ".docm":
		return FormatDOCX, nil
	case ".pptx", ".pptm":
		return FormatPPTX, nil
	case ".txt":
		return FormatTXT, nil
	case ".ofd":
		return FormatOFD, nil
	}
	return formatOf(name)
}

// adopt adds the parts, gaps and hidden content of a document embedded as obj.
func (d *Document) adopt(child *Document, obj string) {
	for _, p := range child.Parts {
		p.Embedded = joinEmbedded(obj, p.Embedded)
		d.Parts = append(d.Parts, p)
	}
	in := "嵌入对象“" + obj + "”"
	for _, g := range child.Gaps {
		d.addGap(0, in+"："+g.Reason)
	}
	for _, page := range child.ImageOnlyPages {
		d.addGap(0, fmt.Sprintf("%s第%d页没有文字层（扫描件），请人工阅读", in, page))
	}
	for _, h := range child.Hidden {
		d.Hidden = append(d.Hidden, in+"："+h)
	}
	for _, f := range []struct{ label, value string }{
		{"作者", child.Meta.Author}, {"最后修改者", child.Meta.LastModifiedBy}, {"单位", child.Meta.Company},
	} {
		if f.value != "" {
			d.Hidden = append(d.Hidden, in+"的文档属性“"+f.label+"”："+f.value+"，公开前应清除个人信息")
		}
	}
	d.Comments += child.Comments
	d.Insertions += child.Insertions
	d.Deletions += child.Deletions
}

// joinEmbedded joins the path of an embedded object: outer › inner.
func joinEmbedded(outer, inner string) string {
	if inner == "" {
		return outer
	}
	return outer + " › " + inner
}
