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
// comments with their authors, the text of tracked deletions, the document properties, and the
// documents embedded in it (addEmbedded) and, by OCR, the images pasted into it (addMediaImages). Field-code instructions and the duplicate mc:Fallback renderings are skipped.
func (r *Reader) readDOCX(ctx context.Context, src *source) (*Document, error) {
	p, err := r.openOffice(ctx, src, "Word", ".doc")
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
	if err := r.addOfficeExtras(ctx, p, doc, "word"); err != nil {
		return nil, err
	}
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

// extractWordML reads the text of a WordprocessingML part: runs' text, tabs and breaks, a line
// per paragraph, and the tracked changes. With split set, each element of that local name is an
// item of its own and what lies outside them is passed over; otherwise the part is one item.
func extractWordML(w *xmlWalker, split string) ([]wmlItem, error) {
	x := &wmlReader{w: w, split: split}
	if split == "" {
		x.begin("")
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
			err = x.start(t)
		case xml.EndElement:
			x.end(t.Name.Local)
		case xml.CharData:
			x.charData(t)
		}
		if err != nil {
			return nil, err
		}
	}
	if split == "" {
		x.cur.finish(x.text.String())
	}
	return x.items, nil
}

// wmlReader is extractWordML's state as it walks a part.
type wmlReader struct {
	w       *xmlWalker
	split   string
	items   []wmlItem
	cur     *wmlItem // the item being read, nil between split elements
	text    strings.Builder
	deleted strings.Builder // the text of the tracked deletion being read
	delBy   string          // its author
	inDel   int
	inRun   int
	inText  bool // inside w:t or a:t: keep character data
	inDelT  bool // inside w:delText
	lines   int  // line breaks written to text, so a revision's line costs nothing to find
}

// begin starts a new item by author.
func (x *wmlReader) begin(author string) {
	x.items = append(x.items, wmlItem{author: author})
	x.cur = &x.items[len(x.items)-1]
	x.text.Reset()
	x.lines = 0
}

func (x *wmlReader) newline() {
	x.text.WriteByte('\n')
	x.lines++
}

// start handles an opening tag: field instructions and the duplicate mc:Fallback renderings
// are skipped whole, as are note separators; a split element begins an item.
func (x *wmlReader) start(t xml.StartElement) error {
	switch name := t.Name.Local; {
	case name == "Fallback" || name == "instrText":
		return x.w.skip()
	case x.split != "" && name == x.split && noteSeparators[attr(t, "type")]:
		return x.w.skip()
	case x.split != "" && name == x.split:
		x.begin(attr(t, "author"))
	case x.cur != nil:
		x.open(t)
	}
	return nil
}

// open handles an element opening inside an item.
func (x *wmlReader) open(t xml.StartElement) {
	switch t.Name.Local {
	case "t":
		x.inText = true
	case "delText":
		x.inDelT = true
	case "r":
		x.inRun++
	case "tab":
		if x.inRun > 0 {
			x.text.WriteByte('\t')
		}
	case "br", "cr":
		if x.inRun > 0 {
			x.newline()
		}
	case "ins":
		x.cur.insertions++
	case "del":
		x.cur.deletions++
		if x.inDel == 0 {
			x.deleted.Reset()
			x.delBy = attr(t, "author")
		}
		x.inDel++
	}
}

// end handles a closing tag inside an item: the end of a paragraph is a line, the end of a
// tracked deletion records its text, the end of a split element finishes its item.
func (x *wmlReader) end(name string) {
	if x.cur == nil {
		return
	}
	switch name {
	case "t":
		x.inText = false
	case "delText":
		x.inDelT = false
	case "r":
		x.inRun--
	case "p":
		x.newline()
	case "del":
		x.inDel--
		if x.inDel == 0 && x.deleted.Len() > 0 {
			x.cur.addDeletion(x.deleted.String(), x.delBy, x.text.Len(), x.lines+1)
		}
	}
	if x.split != "" && name == x.split {
		x.cur.finish(x.text.String())
		x.cur = nil
	}
}

// charData keeps the text of w:t (and a:t) and of w:delText inside an item.
func (x *wmlReader) charData(t xml.CharData) {
	switch {
	case x.cur == nil:
	case x.inDelT:
		x.deleted.Write(t)
	case x.inText:
		x.text.Write(t)
		x.lines += bytes.Count(t, []byte{'\n'})
	}
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
