package review

import (
	"sort"
	"strconv"
	"unicode/utf8"
)

// Format is the kind of file a draft arrived as; the names are those used in JSON and the UI.
type Format string

// The formats Read accepts.
const (
	FormatTXT  Format = "txt"
	FormatDOCX Format = "docx"
	FormatPDF  Format = "pdf"
	FormatOFD  Format = "ofd"
	FormatDOC  Format = "doc"
	FormatWPS  Format = "wps"
	FormatXLSX Format = "xlsx"
	FormatXLS  Format = "xls"
	FormatET   Format = "et" // WPS 表格
	FormatODS  Format = "ods"
	FormatPPTX Format = "pptx"
	// Images, read by OCR: a scan or a photograph of a document. .jpeg is FormatJPEG, .tiff
	// FormatTIFF.
	FormatPNG  Format = "png"
	FormatJPEG Format = "jpg"
	FormatTIFF Format = "tif"
	FormatBMP  Format = "bmp"
)

// PartKind says where in a document a part's text sits; the names are used in JSON and the UI.
type PartKind string

// The kinds of part. A reviewer must see every one of them: text in a header, a comment or a
// tracked deletion is published with the file just as the body is.
const (
	PartBody     PartKind = "body"
	PartHeader   PartKind = "header"
	PartFooter   PartKind = "footer"
	PartFootnote PartKind = "footnote"
	PartEndnote  PartKind = "endnote"
	PartComment  PartKind = "comment"
	PartRevision PartKind = "revision" // text a tracked change deleted: still in the file
	PartMetadata PartKind = "metadata" // a document property: author, company, title…
	PartForm     PartKind = "form"     // the value of a PDF form field
	PartNotes    PartKind = "notes"    // a slide's speaker notes: in the file, not on the slide
)

// Part is one run of text of a document, exactly as extracted.
type Part struct {
	Kind PartKind
	// Page is the 1-based page the part is on, or 0 when the format has no pages (txt, docx).
	Page int
	// Label says which part this is in the reviewer's terms: the header's file, a comment's
	// author, a metadata field's name.
	Label string
	// Anchor is the line of the body at which a revision sits, or 0.
	Anchor int
	Text   string
	// Sheet is the worksheet a spreadsheet's part belongs to, or "".
	Sheet string
	// Cells says where each cell's text starts in Text, in order of offset, for a worksheet's
	// part: a finding is located at the cell it starts in.
	Cells []Cell
	// Embedded is the path of the embedded object the part was read from, outermost first
	// (Microsoft_Excel_Worksheet.xlsx › oleObject1.docx), or "" for the file's own text.
	Embedded string
	// Image is the name of the image pasted into the document (word/media/image1.png) whose
	// text OCR gave this part, or "".
	Image string
	// Template is the location in an OFD package of the template page the part was read from
	// (Tpls/Tpl_0/Content.xml), or "": the writer of the 脱敏稿 masks that file.
	Template string
	// OCR is set when the text was recognised from the page's image (a scan) rather than read
	// from the file: how sure the recogniser was, word by word.
	OCR *Recognition

	lines []int // byte offsets of line starts, built on first use
}

// Position returns the 1-based line and column (in characters) of byte offset off in p.Text.
// Lines end at "\n"; an offset past the end is clamped to the end. The line takes a binary
// search; the column counts the characters from the line's start, so the check, which locates
// many findings at once, does not call it (see locateLines).
func (p *Part) Position(off int) (line, col int) {
	if p.lines == nil {
		p.lines = []int{0}
		for i := 0; i < len(p.Text); i++ {
			if p.Text[i] == '\n' {
				p.lines = append(p.lines, i+1)
			}
		}
	}
	off = max(0, min(off, len(p.Text)))
	i := sort.Search(len(p.lines), func(i int) bool { return p.lines[i] > off }) - 1
	return i + 1, utf8.RuneCountInString(p.Text[p.lines[i]:off]) + 1
}

// Cell is where one worksheet cell's text starts in its part's Text.
type Cell struct {
	Offset   int // byte offset in Part.Text
	Row, Col int // 1-based
}

// Name returns the cell's A1-style name: C4, AB12.
func (c Cell) Name() string {
	col := ""
	for n := c.Col; n > 0; n = (n - 1) / 26 {
		col = string(rune('A'+(n-1)%26)) + col
	}
	return col + strconv.Itoa(c.Row)
}

// cellAt returns the index in p.Cells of the cell whose text holds byte offset off of p, or -1
// when p has no cells.
func (p *Part) cellAt(off int) int {
	return sort.Search(len(p.Cells), func(i int) bool { return p.Cells[i].Offset > off }) - 1
}

// Gap is a place in a draft whose text could not be read, or not fully: what is missing there
// is missing from every check, so a person must look at that place in the original file.
type Gap struct {
	Part PartKind
	Page int // 1-based, or 0 when the format has no pages or the gap is the whole document's
	// Reason says in the reviewer's words what could not be read and why:
	// "第2页的内容流长度与文件不符（文件已损坏），文字可能不完整".
	Reason string
}

// addGap records a gap on page (0 for the whole document) of the body.
func (d *Document) addGap(page int, reason string) {
	d.Gaps = append(d.Gaps, Gap{Part: PartBody, Page: page, Reason: reason})
}

// Metadata is what a file says about itself. Every non-empty field is also a PartMetadata part,
// so the check reads it.
type Metadata struct {
	Title          string
	Subject        string
	Author         string
	LastModifiedBy string
	Company        string
	Creator        string // the application that made the file
	Producer       string // the PDF library that wrote it
	Keywords       string
	Description    string
}

// Document is a draft as read: its format, what it says about itself, and its parts in reading
// order (body before headers and footers, then notes, comments, revisions, metadata).
type Document struct {
	Name     string // the file's base name
	Format   Format
	Encoding string // for txt: "UTF-8", "UTF-16LE", "UTF-16BE" or "GB18030"
	// Pages is the number of pages, or 0 when the format has none.
	Pages int
	Meta  Metadata
	Parts []Part
	// ImageOnlyPages lists the pages that carry images but no text layer, or a PDF page's few
	// characters over a scan (scanUnderText): scans, and every page of an image file.
	ImageOnlyPages []int
	// Recognised lists the image-only pages OCR was tried on and what it gave; their text is
	// in the parts whose OCR is set. An image-only page not listed was not recognised (no
	// Tesseract, or past Limits.MaxOCRPages): a gap says why.
	Recognised []RecognisedPage
	// Gaps lists what could not be read, wholly or in part: a damaged page, a font whose
	// characters cannot be decoded, bytes that decode to nothing. A document with a gap is never
	// clean: the check reports each one for a person to read in the original.
	Gaps []Gap
	// Comments, Insertions and Deletions count the comments and tracked changes the file carries.
	Comments, Insertions, Deletions int
	// Hidden says, in the reviewer's words, what the file keeps out of sight but publishes with
	// it: a hidden worksheet, hidden rows and columns. Their text is in Parts; each entry is a
	// hidden-content finding.
	Hidden []string
}

// addMeta appends the non-empty metadata fields as parts.
func (d *Document) addMeta() {
	fields := []struct{ label, value string }{
		{"标题", d.Meta.Title}, {"主题", d.Meta.Subject}, {"作者", d.Meta.Author},
		{"最后修改者", d.Meta.LastModifiedBy}, {"单位", d.Meta.Company},
		{"创建程序", d.Meta.Creator}, {"生成程序", d.Meta.Producer},
		{"关键词", d.Meta.Keywords}, {"备注", d.Meta.Description},
	}
	for _, f := range fields {
		if f.value != "" {
			d.Parts = append(d.Parts, Part{Kind: PartMetadata, Label: f.label, Text: f.value})
		}
	}
}

// Text returns the concatenated text of the parts of kind k, one part per paragraph.
func (d *Document) Text(k PartKind) string {
	var s []byte
	for _, p := range d.Parts {
		if p.Kind == k {
			if len(s) > 0 {
				s = append(s, '\n')
			}
			s = append(s, p.Text...)
		}
	}
	return string(s)
}
