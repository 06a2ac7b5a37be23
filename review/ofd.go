package review

import (
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strings"
)

// readOFD reads an OFD document (GB/T 33190-2016, ZIP + XML): OFD.xml names the document root
// and carries DocInfo; the root's Document.xml lists the pages; each page's content holds
// TextObjects whose TextCodes are the text. Text on a page's template (a running head) is read
// as a header part of that page. A page with an image but no text is image-only.
func (r *Reader) readOFD(data []byte) (*Document, error) {
	p, err := openPackage(data, r.Limits)
	if err != nil {
		return nil, err
	}
	entry, err := p.read("OFD.xml")
	if errors.Is(err, errNoEntry) {
		return nil, malformed("not an OFD document: OFD.xml is missing")
	}
	if err != nil {
		return nil, err
	}
	doc := &Document{Format: FormatOFD}
	root, err := r.readOFDEntry(entry, doc)
	if err != nil {
		return nil, err
	}
	if root == "" {
		return nil, malformed("OFD.xml names no DocRoot")
	}
	root = ofdPath("", root)
	rootXML, err := p.read(root)
	if err != nil {
		return nil, malformed("document root %s: %v", root, err)
	}
	pages, templates, err := r.readOFDPageList(rootXML, root)
	if err != nil {
		return nil, err
	}
	dir := path.Dir(root)
	for i, pg := range pages {
		content, err := p.read(ofdPath(dir, pg.loc))
		if err != nil {
			return nil, malformed("page %d (%s): %v", i+1, pg.loc, err)
		}
		text, images, tmpl, err := r.readOFDPage(content, pg.loc)
		if err != nil {
			return nil, err
		}
		if loc, ok := templates[tmpl]; ok && tmpl != "" {
			if tdata, err := p.read(ofdPath(dir, loc)); err == nil {
				ttext, _, _, err := r.readOFDPage(tdata, loc)
				if err != nil {
					return nil, err
				}
				if strings.TrimSpace(ttext) != "" {
					doc.Parts = append(doc.Parts, Part{Kind: PartHeader, Page: i + 1, Label: "模板页 " + loc, Text: ttext})
				}
			}
		}
		doc.Parts = append(doc.Parts, Part{Kind: PartBody, Page: i + 1, Text: text})
		if strings.TrimSpace(text) == "" && images > 0 {
			doc.ImageOnlyPages = append(doc.ImageOnlyPages, i+1)
		}
	}
	doc.Pages = len(pages)
	doc.addMeta()
	return doc, nil
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
func (r *Reader) readOFDEntry(data []byte, doc *Document) (string, error) {
	root := ""
	fields := map[string]*string{
		"DocRoot": &root, "Title": &doc.Meta.Title, "Author": &doc.Meta.Author, "Subject": &doc.Meta.Subject,
		"Abstract": &doc.Meta.Description, "Creator": &doc.Meta.Creator,
	}
	if err := readFlatFields(data, "OFD.xml", r.Limits.MaxXMLDepth, fields); err != nil {
		return "", err
	}
	return root, nil
}

type ofdPage struct{ loc string }

// readOFDPageList reads Document.xml: the pages in order, and the template pages by ID.
func (r *Reader) readOFDPageList(data []byte, name string) ([]ofdPage, map[string]string, error) {
	w := newXMLWalker(data, name, r.Limits.MaxXMLDepth)
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

// readOFDPage returns a page's text (one line per TextObject), its number of images, and the
// ID of the template it uses.
func (r *Reader) readOFDPage(data []byte, name string) (text string, images int, template string, err error) {
	w := newXMLWalker(data, name, r.Limits.MaxXMLDepth)
	var b strings.Builder
	inCode := false
	for {
		tok, err := w.next()
		if err == io.EOF {
			return strings.TrimRight(b.String(), "\n"), images, template, nil
		}
		if err != nil {
			return "", 0, "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "TextCode":
				inCode = true
			case "ImageObject":
				images++
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
