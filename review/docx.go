package review

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// oleMagic starts an OLE compound file: a .doc, or a password-protected Office file.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// readDOCX reads a Word document: the body (paragraphs and tables in reading order, text boxes,
// tracked insertions as they now read), every header and footer, footnotes and endnotes,
// comments with their authors, the text of tracked deletions, and the document properties.
// Field-code instructions and the duplicate mc:Fallback renderings are skipped.
func (r *Reader) readDOCX(ctx context.Context, src *source) (*Document, error) {
	magic := make([]byte, len(oleMagic))
	if _, err := src.ReadAt(magic, 0); err == nil && bytes.Equal(magic, oleMagic) {
		return nil, errors.Join(ErrEncrypted, errors.New("an encrypted Word file (or a .doc named .docx)"))
	}
	p, err := openPackage(ctx, src, r.Limits)
	if err != nil {
		return nil, err
	}
	doc := &Document{Format: FormatDOCX}
	err = r.addWordPart(p, doc, "word/document.xml", PartBody, "", "")
	if errors.Is(err, errNoEntry) {
		return nil, malformed("not a Word document: word/document.xml is missing")
	}
	if err != nil {
		return nil, err
	}
	for _, kind := range []struct {
		prefix string
		kind   PartKind
		split  string
	}{
		{"header", PartHeader, ""}, {"footer", PartFooter, ""},
		{"footnotes", PartFootnote, "footnote"}, {"endnotes", PartEndnote, "endnote"},
		{"comments", PartComment, "comment"},
	} {
		for _, name := range p.matching("word", kind.prefix, ".xml") {
			if err := r.addWordPart(p, doc, name, kind.kind, kind.split, ""); err != nil {
				return nil, err
			}
		}
	}
	if err := r.readOfficeProps(p, doc); err != nil {
		return nil, err
	}
	doc.addMeta()
	return doc, nil
}

// addWordPart extracts one WordprocessingML part. With split set, each element of that local
// name (a comment, a footnote) becomes a part of its own; otherwise the whole part is one.
func (r *Reader) addWordPart(p *pkg, doc *Document, name string, kind PartKind, split, label string) error {
	var items []wmlItem
	err := p.walkXML(name, r.Limits.MaxXMLDepth, func(w *xmlWalker) (err error) {
		items, err = extractWordML(w, split)
		return err
	})
	if err != nil {
		return err
	}
	for _, it := range items {
		l := label
		if it.author != "" {
			l = it.author
		}
		if kind == PartBody || strings.TrimSpace(it.text) != "" {
			doc.Parts = append(doc.Parts, Part{Kind: kind, Label: l, Text: it.text})
		}
		if kind == PartComment {
			doc.Comments++
		}
		for _, rev := range it.revisions {
			if strings.TrimSpace(rev.Text) != "" {
				doc.Parts = append(doc.Parts, rev)
			}
		}
		doc.Insertions += it.insertions
		doc.Deletions += it.deletions
	}
	return nil
}

// wmlItem is the text of a WordprocessingML part, or of one comment or note in it.
type wmlItem struct {
	author                string
	text                  string
	revisions             []Part
	insertions, deletions int

	revText   []*strings.Builder // the text of each revision, joined by finish
	lastDelAt int                // body length where the last deletion ended, to join split deletions
	lastDelBy string             // its author
}

// addDeletion records the text of one tracked deletion. Word splits a deletion into one w:del
// per formatting run (机密★ | 5 | 年), so a deletion that follows another by the same author
// with no text between them continues it: the reviewer and the check see the words whole.
func (it *wmlItem) addDeletion(text, author string, at, line int) {
	if n := len(it.revisions); n > 0 && it.lastDelAt == at && it.lastDelBy == author {
		it.revText[n-1].WriteString(text)
		return
	}
	it.lastDelAt, it.lastDelBy = at, author
	label := "删除"
	if author != "" {
		label += "（" + author + "）"
	}
	b := &strings.Builder{}
	b.WriteString(text)
	it.revisions = append(it.revisions, Part{Kind: PartRevision, Label: label, Anchor: line})
	it.revText = append(it.revText, b)
}

// finish sets the item's text and the text of its revisions.
func (it *wmlItem) finish(text string) {
	it.text = strings.TrimRight(text, "\n")
	for i, b := range it.revText {
		it.revisions[i].Text = b.String()
	}
	it.revText = nil
}

// noteSeparators are the footnote and endnote types that hold a separator line, not a note.
var noteSeparators = map[string]bool{"separator": true, "continuationSeparator": true, "continuationNotice": true}

func extractWordML(w *xmlWalker, split string) ([]wmlItem, error) {
	var (
		items   []wmlItem
		cur     *wmlItem
		text    strings.Builder
		deleted strings.Builder
		delBy   string
		inDel   int
		inRun   int
		inText  bool // inside w:t or a:t: keep character data
		inDelT  bool // inside w:delText
		lines   int  // line breaks written to text, so a revision's line costs nothing to find
	)
	begin := func(author string) {
		items = append(items, wmlItem{author: author})
		cur = &items[len(items)-1]
		text.Reset()
		lines = 0
	}
	newline := func() {
		text.WriteByte('\n')
		lines++
	}
	if split == "" {
		begin("")
	}
	for {
		tok, err := w.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "Fallback", "instrText":
				if err := w.skip(); err != nil {
					return nil, err
				}
				continue
			}
			if split != "" && t.Name.Local == split {
				if noteSeparators[attr(t, "type")] {
					if err := w.skip(); err != nil {
						return nil, err
					}
					continue
				}
				begin(attr(t, "author"))
				continue
			}
			if cur == nil {
				continue
			}
			switch t.Name.Local {
			case "t":
				inText = true
			case "delText":
				inDelT = true
			case "r":
				inRun++
			case "tab":
				if inRun > 0 {
					text.WriteByte('\t')
				}
			case "br", "cr":
				if inRun > 0 {
					newline()
				}
			case "ins":
				cur.insertions++
			case "del":
				cur.deletions++
				if inDel == 0 {
					deleted.Reset()
					delBy = attr(t, "author")
				}
				inDel++
			}
		case xml.EndElement:
			if cur == nil {
				continue
			}
			switch t.Name.Local {
			case "t":
				inText = false
			case "delText":
				inDelT = false
			case "r":
				inRun--
			case "p":
				newline()
			case "del":
				inDel--
				if inDel == 0 && deleted.Len() > 0 {
					cur.addDeletion(deleted.String(), delBy, text.Len(), lines+1)
				}
			}
			if split != "" && t.Name.Local == split {
				cur.finish(text.String())
				cur = nil
			}
		case xml.CharData:
			switch {
			case cur == nil:
			case inDelT:
				deleted.Write(t)
			case inText:
				text.Write(t)
				lines += bytes.Count(t, []byte{'\n'})
			}
		}
	}
	if split == "" {
		cur.finish(text.String())
	}
	return items, nil
}

// readOfficeProps reads docProps/core.xml and docProps/app.xml into doc.Meta.
func (r *Reader) readOfficeProps(p *pkg, doc *Document) error {
	fields := map[string]*string{
		"title": &doc.Meta.Title, "subject": &doc.Meta.Subject, "creator": &doc.Meta.Author,
		"lastModifiedBy": &doc.Meta.LastModifiedBy, "keywords": &doc.Meta.Keywords,
		"description": &doc.Meta.Description, "Company": &doc.Meta.Company, "Application": &doc.Meta.Creator,
	}
	for _, name := range []string{"docProps/core.xml", "docProps/app.xml"} {
		err := p.walkXML(name, r.Limits.MaxXMLDepth, func(w *xmlWalker) error { return readFlatFields(w, fields) })
		if err != nil && !errors.Is(err, errNoEntry) {
			return err
		}
	}
	return nil
}

// readFlatFields sets each field named by an element's local name to the text of the first
// such element.
func readFlatFields(w *xmlWalker, fields map[string]*string) error {
	var target *string
	seen := map[string]bool{}
	for {
		tok, err := w.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			target = nil
			if !seen[t.Name.Local] {
				target = fields[t.Name.Local]
				seen[t.Name.Local] = true
			}
		case xml.CharData:
			if target != nil {
				*target += strings.TrimSpace(string(t))
			}
		case xml.EndElement:
			target = nil
		}
	}
}
