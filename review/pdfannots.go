package review

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Bounds on the annotations and form fields of one PDF.
const (
	maxAnnots     = 100_000 // annotations read in all
	maxFields     = 100_000 // form fields read in all
	maxFieldDepth = 32      // how deep /Kids of form fields nest
)

// readAnnotations adds what a PDF carries besides its pages' content: the text of each page's
// annotations — comments, free text, pop-up notes, every kind but links and form widgets — as
// comment parts on their page, labelled by author; and the value of each form field of the
// AcroForm as a form part, labelled by the field's name, on the page of its widget. Both are
// shown by every PDF viewer and published with the file. A damaged annotation or field is a
// gap; running out of time or budget ends the reading.
func readAnnotations(ctx context.Context, f *pdfFile, sv *pdfSurvey, doc *Document) error {
	a := &annotReader{f: f, ctx: ctx, doc: doc, widgetPage: map[int]int{}, seen: map[int]bool{}}
	for i, p := range sv.pages {
		if err := a.page(p.annots, i+1); err != nil {
			return err
		}
	}
	return a.form()
}

// annotReader is readAnnotations' state.
type annotReader struct {
	f          *pdfFile
	ctx        context.Context
	doc        *Document
	widgetPage map[int]int  // a widget annotation's object number → its page
	seen       map[int]bool // form field objects visited
	annots     int
	fields     int
	damaged    bool // a gap has been reported for damaged annotations or fields
}

// fatal reports whether err ends the reading: the time is up or the budget spent.
func (a *annotReader) fatal(err error) bool {
	return err != nil && (a.ctx.Err() != nil || errors.Is(err, ErrTooLarge))
}

// gap reports damaged annotations or fields, once.
func (a *annotReader) gap() {
	if !a.damaged {
		a.damaged = true
		a.doc.addGap(0, "部分批注或表单域无法读取（文件已损坏），请人工查看")
	}
}

// page reads the annotations of page n.
func (a *annotReader) page(annots any, n int) error {
	v, err := a.f.resolve(annots)
	if a.fatal(err) {
		return err
	}
	arr, ok := v.(pdfArray)
	if err != nil || (v != nil && !ok) {
		a.gap()
		return nil
	}
	for _, item := range arr {
		if a.annots++; a.annots > maxAnnots {
			a.doc.addGap(0, fmt.Sprintf("文件的批注超过 %d 条，其余未读取", maxAnnots))
			return nil
		}
		if err := a.annot(item, n); err != nil {
			return err
		}
	}
	return nil
}

// annot reads one annotation on page n.
func (a *annotReader) annot(item any, n int) error {
	d, err := a.f.dictOf(item)
	if a.fatal(err) {
		return err
	}
	if err != nil || d == nil {
		a.gap()
		return nil
	}
	sub, _ := a.f.resolve(d["Subtype"])
	switch sub {
	case pdfName("Widget"):
		if ref, ok := item.(pdfRef); ok {
			a.widgetPage[ref.num] = n
		}
		return nil
	case pdfName("Link"), pdfName("Popup"): // a pop-up shows its parent's /Contents
		return nil
	}
	text, err := a.text(d["Contents"])
	if err == nil && strings.TrimSpace(text) == "" {
		text, err = a.richText(d["RC"])
	}
	if a.fatal(err) {
		return err
	}
	if err != nil {
		a.gap()
	}
	if strings.TrimSpace(text) == "" {
		return nil
	}
	author, _ := a.text(d["T"])
	a.doc.Parts = append(a.doc.Parts, Part{Kind: PartComment, Page: n, Label: author, Text: text})
	a.doc.Comments++
	return nil
}

// text resolves v as a PDF text string ("" when it is none).
func (a *annotReader) text(v any) (string, error) {
	v, err := a.f.resolve(v)
	if s, ok := v.(pdfString); ok {
		return pdfTextString(string(s)), err
	}
	return "", err
}

// richText resolves v as rich text (/RC: XHTML, a string or a stream) and returns its text.
func (a *annotReader) richText(v any) (string, error) {
	v, err := a.f.resolve(v)
	if err != nil {
		return "", err
	}
	var data []byte
	switch x := v.(type) {
	case pdfString:
		data = []byte(pdfTextString(string(x)))
	case *pdfStream:
		if data, err = a.f.decode(x, maxCMapSize); err != nil {
			return "", err
		}
		data = []byte(pdfTextString(string(data)))
	}
	return xmlText(data), nil
}

// xmlText returns the character data of an XML fragment, a line per paragraph; what is not
// well formed is read as far as it goes.
func xmlText(data []byte) string {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	var b strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF || err != nil {
			return strings.TrimSpace(b.String())
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.EndElement:
			if t.Name.Local == "p" {
				b.WriteByte('\n')
			}
		}
	}
}

// form reads the values of the fields of the document's AcroForm.
func (a *annotReader) form() error {
	root, err := a.f.dictOf(a.f.trailer["Root"])
	if a.fatal(err) {
		return err
	}
	var af pdfDict
	if err == nil && root != nil {
		af, err = a.f.dictOf(root["AcroForm"])
	}
	if a.fatal(err) {
		return err
	}
	if err != nil {
		a.gap()
		return nil
	}
	if af == nil {
		return nil
	}
	fields, err := a.f.resolve(af["Fields"])
	if a.fatal(err) {
		return err
	}
	arr, _ := fields.(pdfArray)
	for _, fld := range arr {
		if err := a.field(fld, "", 0, 0); err != nil {
			return err
		}
	}
	return nil
}

// field reads one form field and its kids: its value, under its full name (parent.child), on
// the page of its widget. A field seen before, or nested too deep, is passed over.
func (a *annotReader) field(v any, parent string, page, depth int) error {
	page, ok := a.enter(v, page, depth)
	if !ok {
		return nil
	}
	d, err := a.f.dictOf(v)
	if a.fatal(err) {
		return err
	}
	if err != nil || d == nil {
		a.gap()
		return nil
	}
	name, _ := a.text(d["T"])
	if parent != "" && name != "" {
		name = parent + "." + name
	} else if name == "" {
		name = parent
	}
	kids, err := a.f.resolve(d["Kids"])
	if a.fatal(err) {
		return err
	}
	if arr, ok := kids.(pdfArray); ok {
		page = a.kidsPage(arr, page)
		for _, kid := range arr {
			if err := a.field(kid, name, page, depth+1); err != nil {
				return err
			}
		}
	}
	return a.value(d["V"], name, page)
}

// enter counts a field and returns its page, or false when it is not to be read: seen before,
// nested too deep, or one too many.
func (a *annotReader) enter(v any, page, depth int) (int, bool) {
	if ref, ok := v.(pdfRef); ok {
		if a.seen[ref.num] {
			return page, false
		}
		a.seen[ref.num] = true
		if p, ok := a.widgetPage[ref.num]; ok {
			page = p
		}
	}
	if a.fields++; depth > maxFieldDepth || a.fields > maxFields {
		a.gap()
		return page, false
	}
	return page, true
}

// kidsPage returns the page of the first of a field's kids that is a widget, or page.
func (a *annotReader) kidsPage(kids pdfArray, page int) int {
	for _, kid := range kids {
		if ref, ok := kid.(pdfRef); ok {
			if p, ok := a.widgetPage[ref.num]; ok {
				return p
			}
		}
	}
	return page
}

// value adds a field's value, a text string or an array of them (a list with several chosen),
// as a form part.
func (a *annotReader) value(v any, name string, page int) error {
	v, err := a.f.resolve(v)
	if a.fatal(err) {
		return err
	}
	var values []string
	switch x := v.(type) {
	case pdfString:
		values = append(values, pdfTextString(string(x)))
	case pdfArray:
		for _, item := range x {
			if s, err := a.text(item); err == nil && s != "" {
				values = append(values, s)
			}
		}
	}
	text := strings.Join(values, "\n")
	if strings.TrimSpace(text) != "" {
		a.doc.Parts = append(a.doc.Parts, Part{Kind: PartForm, Page: page, Label: name, Text: text})
	}
	return nil
}

// pdfTextString decodes a PDF text string (PDF 32000-1 §7.9.2.2): UTF-16BE after its byte
// order mark, UTF-8 after its own (PDF 2.0), otherwise PDFDocEncoding — except that a string
// of valid UTF-8, which some Chinese producers write without a mark, is read as UTF-8.
func pdfTextString(s string) string {
	switch {
	case strings.HasPrefix(s, "\xfe\xff"):
		return utf16String(s[2:], func(b []byte) uint16 { return uint16(b[0])<<8 | uint16(b[1]) })
	case strings.HasPrefix(s, "\xff\xfe"):
		return utf16String(s[2:], func(b []byte) uint16 { return uint16(b[1])<<8 | uint16(b[0]) })
	case strings.HasPrefix(s, "\xef\xbb\xbf"):
		return strings.ToValidUTF8(s[3:], "\uFFFD")
	case utf8.ValidString(s) && strings.ContainsFunc(s, func(r rune) bool { return r >= utf8.RuneSelf }):
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteRune(pdfDocRune(s[i]))
	}
	return b.String()
}

// utf16String decodes UTF-16 code units read by unit; an odd last byte is dropped.
func utf16String(s string, unit func([]byte) uint16) string {
	units := make([]uint16, 0, len(s)/2)
	for i := 0; i+1 < len(s); i += 2 {
		units = append(units, unit([]byte{s[i], s[i+1]}))
	}
	return string(utf16.Decode(units))
}

// pdfDocHigh maps PDFDocEncoding's bytes 0x80–0xA0 to Unicode (PDF 32000-1 Annex D.2); from
// 0xA1 it is Latin-1. 0x9F is undefined.
var pdfDocHigh = [...]rune{
	0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044, 0x2039, 0x203A, 0x2212, 0x2030,
	0x201E, 0x201C, 0x201D, 0x2018, 0x2019, 0x201A, 0x2122, 0xFB01, 0xFB02, 0x0141, 0x0152, 0x0160,
	0x0178, 0x017D, 0x0131, 0x0142, 0x0153, 0x0161, 0x017E, 0xFFFD, 0x20AC,
}

// pdfDocLow maps PDFDocEncoding's bytes 0x18–0x1F, the spacing accents.
var pdfDocLow = [...]rune{0x02D8, 0x02C7, 0x02C6, 0x02D9, 0x02DD, 0x02DB, 0x02DA, 0x02DC}

// pdfDocRune returns the character of one byte in PDFDocEncoding.
func pdfDocRune(c byte) rune {
	switch {
	case c >= 0x18 && c <= 0x1F:
		return pdfDocLow[c-0x18]
	case c >= 0x80 && c <= 0xA0:
		return pdfDocHigh[c-0x80]
	case c == 0xAD:
		return 0xFFFD
	}
	return rune(c)
}
