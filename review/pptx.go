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

// readPPTX reads a PowerPoint presentation (ZIP + PresentationML): each slide's text, in the
// order of the presentation, as the body of its page (slide n is page n); the speaker's notes
// of each slide as a notes part of its page; the comments; the document properties; the
// documents embedded in it (ppt/embeddings) and, by OCR, the images on its slides (ppt/media).
// A hidden slide is published with the file: its text is read, and its hiding reported.
func (r *Reader) readPPTX(ctx context.Context, src *source) (*Document, error) {
	p, err := r.openOffice(ctx, src, "PowerPoint", ".ppt")
	if err != nil {
		return nil, err
	}
	slides, err := r.slideOrder(p)
	if err != nil {
		return nil, err
	}
	doc := &Document{Format: FormatPPTX, Pages: len(slides)}
	for i, name := range slides {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := r.addSlide(p, doc, name, i+1); err != nil {
			return nil, err
		}
	}
	for _, name := range mediaNames(p, "ppt/comments") {
		text, _, err := r.pptxText(p, name)
		if err != nil {
			return nil, err
		}
		if strings.TrimSpace(text) != "" {
			doc.Parts = append(doc.Parts, Part{Kind: PartComment, Label: path.Base(name), Text: text})
			doc.Comments++
		}
	}
	if err := r.addOfficeExtras(ctx, p, doc, "ppt"); err != nil {
		return nil, err
	}
	return doc, nil
}

// addSlide adds the text of slide n (the entry name) and of its notes.
func (r *Reader) addSlide(p *pkg, doc *Document, name string, n int) error {
	text, hidden, err := r.pptxText(p, name)
	if errors.Is(err, errNoEntry) {
		doc.addGap(n, fmt.Sprintf("第%d张幻灯片（%s）在文件中缺失，其中的文字未能读取", n, name))
		return nil
	}
	if err != nil {
		return err
	}
	doc.Parts = append(doc.Parts, Part{Kind: PartBody, Page: n, Label: fmt.Sprintf("幻灯片 %d", n), Text: text})
	if hidden {
		doc.Hidden = append(doc.Hidden, fmt.Sprintf("第%d张幻灯片处于隐藏状态，放映时不显示，但其中的内容随文件公开，公开前应删除", n))
	}
	rels, err := r.partRelations(p, name)
	if err != nil {
		return err
	}
	for _, rel := range rels {
		if !strings.HasSuffix(rel.typ, "/notesSlide") {
			continue
		}
		notes, _, err := r.pptxText(p, rel.target)
		if err != nil && !errors.Is(err, errNoEntry) {
			return err
		}
		if strings.TrimSpace(notes) != "" {
			doc.Parts = append(doc.Parts, Part{Kind: PartNotes, Page: n, Label: "演讲者备注", Text: notes})
		}
	}
	return nil
}

// slideOrder returns the slides' entries in the order ppt/presentation.xml lists them (its
// sldIdLst, through the presentation's relationships).
func (r *Reader) slideOrder(p *pkg) ([]string, error) {
	var ids []string
	err := p.walkXML("ppt/presentation.xml", r.Limits.MaxXMLDepth, func(w *xmlWalker) error {
		for {
			tok, err := w.next()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if t, ok := tok.(xml.StartElement); ok && t.Name.Local == "sldId" {
				ids = append(ids, relID(t))
			}
		}
	})
	if errors.Is(err, errNoEntry) {
		return nil, malformed("not a PowerPoint presentation: ppt/presentation.xml is missing")
	}
	if err != nil {
		return nil, err
	}
	rels, err := r.partRelations(p, "ppt/presentation.xml")
	if err != nil {
		return nil, err
	}
	targets := map[string]string{}
	for _, rel := range rels {
		targets[rel.id] = rel.target
	}
	slides := make([]string, 0, len(ids))
	for _, id := range ids {
		if t, ok := targets[id]; ok {
			slides = append(slides, t)
		}
	}
	return slides, nil
}

// relID returns an element's r:id attribute: the id in a namespace, not the element's own id.
func relID(t xml.StartElement) string {
	for _, a := range t.Attr {
		if a.Name.Local == "id" && a.Name.Space != "" {
			return a.Value
		}
	}
	return ""
}

// partRelations reads the relationships of a package part, resolved against its folder; a
// part without a .rels has none.
func (r *Reader) partRelations(p *pkg, name string) ([]relation, error) {
	rels, err := r.relationships(p, path.Dir(name)+"/_rels/"+path.Base(name)+".rels", path.Dir(name))
	if errors.Is(err, errNoEntry) {
		return nil, nil
	}
	return rels, err
}

// pptxText returns the text of a slide, notes or comments part — the a:t runs, a line per
// paragraph (a:p) and per comment (p:text) — and whether it is a slide marked hidden
// (show="0").
func (r *Reader) pptxText(p *pkg, name string) (text string, hidden bool, err error) {
	err = p.walkXML(name, r.Limits.MaxXMLDepth, func(w *xmlWalker) error {
		var b strings.Builder
		in := false
		for {
			tok, err := w.next()
			if err == io.EOF {
				text = strings.TrimRight(b.String(), "\n")
				return nil
			}
			if err != nil {
				return err
			}
			switch t := tok.(type) {
			case xml.StartElement:
				switch t.Name.Local {
				case "sld":
					hidden = attr(t, "show") == "0"
				case "t", "text":
					in = true
				}
			case xml.EndElement:
				switch t.Name.Local {
				case "t":
					in = false
				case "p", "text", "br":
					in = false
					if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
						b.WriteByte('\n')
					}
				}
			case xml.CharData:
				if in {
					b.Write(t)
				}
			}
		}
	})
	return text, hidden, err
}
