package review

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ledongthuc/pdf"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

func init() {
	// pdfcpu would otherwise create a configuration directory in the user's home.
	api.DisableConfigDir()
}

// readPDF reads a PDF's text page by page, with page numbers, including the text of Form
// XObjects (stamps, overlays), and flags pages that carry images but no text (scans). A file encrypted with an owner password only (it opens without asking)
// is decrypted first, AES-256 included; one that needs a user password is ErrEncrypted.
func (r *Reader) readPDF(ctx context.Context, data []byte) (*Document, error) {
	pr, err := openPDF(data)
	if err != nil {
		return nil, err
	}
	doc := &Document{Format: FormatPDF, Pages: pr.NumPage()}
	info := pr.Trailer().Key("Info")
	doc.Meta = Metadata{
		Title: info.Key("Title").Text(), Subject: info.Key("Subject").Text(), Author: info.Key("Author").Text(),
		Keywords: info.Key("Keywords").Text(), Creator: info.Key("Creator").Text(), Producer: info.Key("Producer").Text(),
	}
	for i := 1; i <= doc.Pages; i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		page := pr.Page(i)
		if page.V.IsNull() {
			return nil, malformed("page %d is missing", i)
		}
		if err := checkPageStreams(page); err != nil {
			return nil, malformed("page %d: %v", i, err)
		}
		text, err := pageText(page)
		if err != nil {
			return nil, malformed("page %d: %v", i, err)
		}
		forms, err := formsText(page.Resources())
		if err != nil {
			return nil, malformed("page %d: %v", i, err)
		}
		if forms != "" {
			text += "\n" + forms
		}
		doc.Parts = append(doc.Parts, Part{Kind: PartBody, Page: i, Text: text})
		if strings.TrimSpace(text) == "" && countImages(page.Resources(), 0) > 0 {
			doc.ImageOnlyPages = append(doc.ImageOnlyPages, i)
		}
	}
	doc.addMeta()
	return doc, nil
}

// openPDF opens data, decrypting it with pdfcpu when the reader cannot (AES-256).
func openPDF(data []byte) (*pdf.Reader, error) {
	pr, err := newPDFReader(data)
	if err == nil {
		return pr, nil
	}
	if !bytes.Contains(data, []byte("/Encrypt")) {
		return nil, malformed("%v", err)
	}
	plain, derr := decryptPDF(data)
	if derr != nil {
		return nil, derr
	}
	pr, err = newPDFReader(plain)
	if err != nil {
		return nil, malformed("after decryption: %v", err)
	}
	return pr, nil
}

func newPDFReader(data []byte) (pr *pdf.Reader, err error) {
	defer func() {
		if p := recover(); p != nil {
			pr, err = nil, fmt.Errorf("%v", p)
		}
	}()
	pr, err = pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err == nil && pr.NumPage() == 0 && pr.Trailer().Key("Root").IsNull() {
		return nil, errors.New("no document catalog")
	}
	return pr, err
}

// decryptPDF removes an owner-password-only encryption. A file that needs a user password to
// open is ErrEncrypted.
func decryptPDF(data []byte) (out []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, malformed("encrypted PDF: %v", p)
		}
	}()
	conf := model.NewDefaultConfiguration()
	conf.UserPW, conf.OwnerPW = "", ""
	var buf bytes.Buffer
	if err := api.Decrypt(bytes.NewReader(data), &buf, conf); err != nil {
		msg := strings.ToLower(err.Error())
		if strings.Contains(msg, "password") || strings.Contains(msg, "decrypt") || strings.Contains(msg, "encrypt") {
			return nil, fmt.Errorf("%w (%v)", ErrEncrypted, err)
		}
		return nil, malformed("%v", err)
	}
	return buf.Bytes(), nil
}

// pageText returns the plain text of one page; the reader panics on some malformed content.
func pageText(p pdf.Page) (text string, err error) {
	defer func() {
		if r := recover(); r != nil {
			text, err = "", fmt.Errorf("%v", r)
		}
	}()
	return p.GetPlainText(nil)
}

// Bounds on the Form XObjects read for one page: how deep they nest and how many there are.
// Forms can refer to themselves; the bounds end such a cycle.
const (
	maxFormDepth = 8
	maxForms     = 256
)

// formsText returns the text of the Form XObjects in resources and in theirs, which the PDF
// library does not read: stamps, overlays (qpdf --overlay), imposed pages and some scanners'
// text layers live there. Every form of the page's resources is read, drawn or not: text that
// ships in the file is text a reviewer must see.
func formsText(resources pdf.Value) (text string, err error) {
	defer func() {
		if r := recover(); r != nil {
			text, err = "", fmt.Errorf("form XObject: %v", r)
		}
	}()
	var b strings.Builder
	count := 0
	var walk func(res pdf.Value, depth int) error
	walk = func(res pdf.Value, depth int) error {
		xobj := res.Key("XObject")
		for _, name := range xobj.Keys() {
			form := xobj.Key(name)
			if form.Key("Subtype").Name() != "Form" {
				continue
			}
			if count++; count > maxForms || depth > maxFormDepth {
				return fmt.Errorf("more than %d form XObjects, or nested deeper than %d", maxForms, maxFormDepth)
			}
			content, err := streamBytes(form)
			if err != nil {
				return err
			}
			if !hexStringsClosed(content) {
				return fmt.Errorf("form %s ends inside a hex string", name)
			}
			if err := checkFontCMaps(form.Key("Resources")); err != nil {
				return err
			}
			if t := strings.TrimSpace(streamText(form)); t != "" {
				if b.Len() > 0 {
					b.WriteByte('\n')
				}
				b.WriteString(t)
			}
			if err := walk(form.Key("Resources"), depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	err = walk(resources, 0)
	return b.String(), err
}

// streamText interprets a content stream's text operators as the library's GetPlainText does,
// with the fonts of the stream's own resources.
func streamText(strm pdf.Value) string {
	fonts := strm.Key("Resources").Key("Font")
	var b strings.Builder
	var enc pdf.TextEncoding = rawEncoding{}
	show := func(v pdf.Value) { b.WriteString(enc.Decode(v.RawString())) }
	pdf.Interpret(strm, func(stk *pdf.Stack, op string) {
		args := make([]pdf.Value, stk.Len())
		for i := len(args) - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		switch op {
		case "BT", "T*":
			b.WriteByte('\n')
		case "Tf":
			enc = rawEncoding{}
			if len(args) == 2 {
				if f := fonts.Key(args[0].Name()); !f.IsNull() {
					enc = (&pdf.Font{V: f}).Encoder()
				}
			}
		case "Tj", "'", "\"":
			if len(args) > 0 {
				show(args[len(args)-1])
			}
		case "TJ":
			if len(args) == 1 {
				for i := 0; i < args[0].Len(); i++ {
					if x := args[0].Index(i); x.Kind() == pdf.String {
						show(x)
					}
				}
			}
		}
	})
	return b.String()
}

// rawEncoding passes bytes through, for text shown before any font is set.
type rawEncoding struct{}

func (rawEncoding) Decode(raw string) string { return raw }

// countImages counts image XObjects in resources, looking into form XObjects a few levels down.
func countImages(res pdf.Value, depth int) int {
	if depth > 4 || res.IsNull() {
		return 0
	}
	xobj := res.Key("XObject")
	n := 0
	for _, name := range xobj.Keys() {
		x := xobj.Key(name)
		switch x.Key("Subtype").Name() {
		case "Image":
			n++
		case "Form":
			n += countImages(x.Key("Resources"), depth+1)
		}
	}
	return n
}

// maxStreamSize bounds one decoded content stream or CMap read by checkPageStreams.
const maxStreamSize = 64 << 20

// checkPageStreams lexes a page's content streams and its fonts' ToUnicode CMaps before the PDF
// library does. The library's lexer loops forever on a hex string left open at the end of a
// stream (it reads '\n' past the end and waits for '>'), and a goroutine in that loop cannot be
// stopped: such a page is malformed, and is refused here instead.
func checkPageStreams(p pdf.Page) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	contents := p.V.Key("Contents")
	var streams []pdf.Value
	if contents.Kind() == pdf.Array {
		for i := 0; i < contents.Len(); i++ {
			streams = append(streams, contents.Index(i))
		}
	} else if !contents.IsNull() {
		streams = append(streams, contents)
	}
	var content []byte
	for _, s := range streams {
		b, err := streamBytes(s)
		if err != nil {
			return err
		}
		content = append(content, b...)
	}
	if !hexStringsClosed(content) {
		return errors.New("content stream ends inside a hex string")
	}
	return checkFontCMaps(p.Resources())
}

// checkFontCMaps applies the hex-string check to the ToUnicode CMaps of the fonts in resources.
func checkFontCMaps(resources pdf.Value) error {
	fonts := resources.Key("Font")
	for _, name := range fonts.Keys() {
		cmap := fonts.Key(name).Key("ToUnicode")
		if cmap.IsNull() {
			continue
		}
		b, err := streamBytes(cmap)
		if err != nil {
			return err
		}
		if !hexStringsClosed(b) {
			return fmt.Errorf("font %s: ToUnicode CMap ends inside a hex string", name)
		}
	}
	return nil
}

func streamBytes(v pdf.Value) ([]byte, error) {
	rc := v.Reader()
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxStreamSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxStreamSize {
		return nil, fmt.Errorf("a stream decodes to more than %d bytes", maxStreamSize)
	}
	return b, nil
}

// hexStringsClosed reports whether every hex string <…> in a PDF content stream or CMap is
// closed, skipping literal strings (…), with their escapes and nesting, and comments.
func hexStringsClosed(b []byte) bool {
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '%':
			for i < len(b) && b[i] != '\r' && b[i] != '\n' {
				i++
			}
		case '(':
			depth := 1
			for i++; i < len(b) && depth > 0; i++ {
				switch b[i] {
				case '\\':
					i++
				case '(':
					depth++
				case ')':
					depth--
				}
			}
			i--
		case '<':
			if i+1 < len(b) && b[i+1] == '<' {
				i++
				continue
			}
			end := bytes.IndexByte(b[i+1:], '>')
			if end < 0 {
				return false
			}
			i += end + 1
		}
	}
	return true
}
