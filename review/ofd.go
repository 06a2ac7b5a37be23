package review

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// readOFD reads an OFD document (GB/T 33190-2016, ZIP + XML): OFD.xml names the document root
// and carries DocInfo; the root's Document.xml lists the pages; each page's content holds
// TextObjects whose TextCodes are the text. Text on a page's template (a running head) is read
// as a header part of that page. A page with an image but no text is image-only, and its images
// are recognised by OCR (recogniseOFD).
func (r *Reader) readOFD(ctx context.Context, src *source) (*Document, error) {
	p, err := openPackage(ctx, src, r.Limits)
	if err != nil {
		return nil, err
	}
	doc := &Document{Format: FormatOFD}
	root, err := r.readOFDEntry(p, doc)
	if errors.Is(err, errNoEntry) {
		return nil, malformed("not an OFD document: OFD.xml is missing")
	}
	if err != nil {
		return nil, err
	}
	if root == "" {
		return nil, malformed("OFD.xml names no DocRoot")
	}
	root = ofdPath("", root)
	pages, templates, err := r.readOFDPageList(p, root)
	if err != nil {
		return nil, err
	}
	dir := path.Dir(root)
	scans := map[int][]string{} // the image-only pages' images, by page
	for i, pg := range pages {
		text, images, tmpl, err := r.readOFDPage(p, ofdPath(dir, pg.loc))
		if err != nil {
			return nil, pageError(i+1, pg.loc, err)
		}
		if loc, ok := templates[tmpl]; ok && tmpl != "" {
			if err := r.readOFDTemplate(p, dir, loc, i+1, doc); err != nil {
				return nil, err
			}
		}
		doc.Parts = append(doc.Parts, Part{Kind: PartBody, Page: i + 1, Text: text})
		if strings.TrimSpace(text) == "" && len(images) > 0 {
			doc.ImageOnlyPages = append(doc.ImageOnlyPages, i+1)
			scans[i+1] = images
		}
	}
	doc.Pages = len(pages)
	if err := r.recogniseOFD(ctx, p, doc, root, scans); err != nil {
		return nil, err
	}
	doc.addMeta()
	return doc, nil
}

// readOFDTemplate reads the template page at loc (relative to dir) that page n uses, and adds
// its text, if any, as a header part of page n. A template page missing from the package is a
// gap of page n, not an error; the error is any other of reading it.
func (r *Reader) readOFDTemplate(p *pkg, dir, loc string, n int, doc *Document) error {
	text, _, _, err := r.readOFDPage(p, ofdPath(dir, loc))
	switch {
	case errors.Is(err, errNoEntry):
		doc.addGap(n, fmt.Sprintf("第%d页使用的模板页 %s 在文件中缺失，模板上的文字（如页眉）未能读取", n, loc))
	case err != nil:
		return err
	case strings.TrimSpace(text) != "":
		doc.Parts = append(doc.Parts, Part{Kind: PartHeader, Page: n, Label: templateLabel, Template: loc, Text: text})
	}
	return nil
}

// templateLabel names a template page's part as a clerk reads it: the page's text that every
// page using the template shows.
const templateLabel = "各页共用的模板"

// pageError says which page could not be read: a missing page is a damaged document.
func pageError(page int, loc string, err error) error {
	if errors.Is(err, errNoEntry) {
		return malformed("page %d (%s): %v", page, loc, err)
	}
	return err
}

// ofdPath resolves an OFD location: absolute from the package root when it starts with "/",
// else relative to dir.
func ofdPath(dir, loc string) string {
	loc = strings.ReplaceAll(strings.TrimSpace(loc), `\`, "/")
	if strings.HasPrefix(loc, "/") {
		return strings.TrimPrefix(path.Clean(loc), "/")
	}
	return strings.TrimPrefix(path.Clean("/"+path.Join(dir, loc)), "/")
}

// readOFDEntry reads OFD.xml: the first DocRoot, and DocInfo into doc.Meta.
func (r *Reader) readOFDEntry(p *pkg, doc *Document) (string, error) {
	root := ""
	fields := map[string]*string{
		"DocRoot": &root, "Title": &doc.Meta.Title, "Author": &doc.Meta.Author, "Subject": &doc.Meta.Subject,
		"Abstract": &doc.Meta.Description, "Creator": &doc.Meta.Creator,
	}
	err := p.walkXML("OFD.xml", r.Limits.MaxXMLDepth, func(w *xmlWalker) error { return readFlatFields(w, fields) })
	return root, err
}

type ofdPage struct{ loc string }

// readOFDPageList reads Document.xml: the pages in order, and the template pages by ID.
func (r *Reader) readOFDPageList(p *pkg, name string) (pages []ofdPage, templates map[string]string, err error) {
	err = p.walkXML(name, r.Limits.MaxXMLDepth, func(w *xmlWalker) error {
		pages, templates, err = ofdPageList(w)
		return err
	})
	if errors.Is(err, errNoEntry) {
		return nil, nil, malformed("document root %s: %v", name, err)
	}
	return pages, templates, err
}

func ofdPageList(w *xmlWalker) ([]ofdPage, map[string]string, error) {
	var pages []ofdPage
	templates := map[string]string{}
	for {
		tok, err := w.next()
		if err == io.EOF {
			return pages, templates, nil
		}
		if err != nil {
			return nil, nil, err
		}
		if t, ok := tok.(xml.StartElement); ok {
			switch t.Name.Local {
			case "Page":
				if loc := attr(t, "BaseLoc"); loc != "" {
					pages = append(pages, ofdPage{loc: loc})
				}
			case "TemplatePage":
				templates[attr(t, "ID")] = attr(t, "BaseLoc")
			}
		}
	}
}

// readOFDPage returns a page's text (one line per TextObject), the resource IDs of its images
// (ImageObject), and the ID of the template it uses.
func (r *Reader) readOFDPage(p *pkg, name string) (text string, images []string, template string, err error) {
	err = p.walkXML(name, r.Limits.MaxXMLDepth, func(w *xmlWalker) error {
		text, images, template, err = ofdPageText(w)
		return err
	})
	return text, images, template, err
}

func ofdPageText(w *xmlWalker) (text string, images []string, template string, err error) {
	var b strings.Builder
	inCode := false
	for {
		tok, err := w.next()
		if err == io.EOF {
			return strings.TrimRight(b.String(), "\n"), images, template, nil
		}
		if err != nil {
			return "", nil, "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "TextCode":
				inCode = true
			case "ImageObject":
				images = append(images, attr(t, "ResourceID"))
			case "Template":
				if template == "" {
					template = attr(t, "TemplateID")
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "TextCode":
				inCode = false
			case "TextObject":
				b.WriteByte('\n')
			}
		case xml.CharData:
			if inCode {
				b.Write(t)
			}
		}
	}
}
