package review

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Bounds on reading one workbook, beyond Limits.
const (
	// sheetInMemory is the size past which excelize keeps a worksheet or the shared strings in a
	// temporary file and streams them, instead of holding them in memory.
	sheetInMemory = 16 << 20
	// storedDigits is how many digits a whole number must have for its stored value to be
	// checked besides its display: identifiers have seven or more, dates and amounts fewer.
	storedDigits = 7
)

// readXLSX reads an Excel workbook: every worksheet, hidden ones too, each cell as the sheet
// displays it and, for a long whole number, as stored (an 18-digit ID typed into a number
// cell is displayed 1.10105E+17 but stored with its first 15 digits); cell comments with their
// authors; headers and footers; the document properties; the documents embedded in it; and,
// by OCR, the images pasted into it.
// Cells in hidden sheets, rows and columns are parts of their own, and each hiding is reported.
// Each cell's text is a line of its worksheet's part, located by Part.Cells.
func (r *Reader) readXLSX(ctx context.Context, src *source) (*Document, error) {
	p, err := r.openOffice(ctx, src, "Excel", ".xls")
	if err != nil {
		return nil, err
	}
	// excelize unpacks every entry by itself, so the whole package is charged at once.
	if err := p.chargeAll(); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(src.section(0, src.size), excelize.Options{
		UnzipSizeLimit: r.Limits.MaxUnzipped, UnzipXMLSizeLimit: sheetInMemory,
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, malformed("not an Excel workbook: %v", err)
	}
	defer f.Close()
	sheets, err := r.workbookSheets(p)
	if err != nil {
		return nil, err
	}
	doc := &Document{Format: FormatXLSX}
	wb := &workbook{r: r, ctx: ctx, p: p, f: f, doc: doc}
	for _, sh := range sheets {
		if err := wb.readSheet(sh); err != nil {
			return nil, err
		}
	}
	if err := r.addOfficeExtras(ctx, p, doc, "xl"); err != nil {
		return nil, err
	}
	return doc, nil
}

// workbook is readXLSX's state as it reads the sheets of one workbook.
type workbook struct {
	r   *Reader
	ctx context.Context
	p   *pkg
	f   *excelize.File
	doc *Document
}

// sheetEntry is one sheet of a workbook as its workbook part lists it.
type sheetEntry struct {
	name   string
	hidden bool   // state="hidden" or "veryHidden"
	part   string // the worksheet's entry in the package, "" for a chart sheet
}

// readSheet reads one worksheet: its cells, comments, header and footer. A worksheet that
// cannot be read is a gap, the others are read on.
func (wb *workbook) readSheet(sh sheetEntry) error {
	if sh.part == "" || wb.p.budget.cells >= wb.r.Limits.MaxCells {
		return nil // a chart sheet or a dialog sheet: no cells; or the gap of MaxCells says it
	}
	sr := &sheetReader{wb: wb, sheet: sh}
	err := wb.p.walkXML(sh.part, wb.r.Limits.MaxXMLDepth, sr.read)
	switch {
	case err == nil:
	case errors.Is(err, ErrTooLarge), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	default:
		wb.doc.addGap(0, fmt.Sprintf("工作表“%s”无法读取（文件已损坏）", sh.name))
		return nil
	}
	sr.finish()
	return wb.readComments(sh.name)
}

// readComments adds the cell comments of a worksheet, one part each, labelled by author.
func (wb *workbook) readComments(sheet string) error {
	comments, err := wb.f.GetComments(sheet)
	if err != nil {
		wb.doc.addGap(0, fmt.Sprintf("工作表“%s”的批注无法读取（文件已损坏）", sheet))
		return nil
	}
	for _, c := range comments {
		text := c.Text
		for _, run := range c.Paragraph {
			text += run.Text
		}
		col, row, err := excelize.CellNameToCoordinates(c.Cell)
		if err != nil {
			col, row = 0, 0
		}
		wb.doc.Comments++
		if strings.TrimSpace(text) == "" {
			continue
		}
		wb.doc.Parts = append(wb.doc.Parts, Part{Kind: PartComment, Label: c.Author, Sheet: sheet, Text: text,
			Cells: []Cell{{Offset: 0, Row: row, Col: col}}})
	}
	return nil
}

// workbookSheets lists the sheets of the workbook in p in order, with the worksheet part of
// each, from the workbook part and its relationships.
func (r *Reader) workbookSheets(p *pkg) ([]sheetEntry, error) {
	wbPart := "xl/workbook.xml"
	if rels, err := r.relationships(p, "_rels/.rels", ""); err == nil {
		for _, rel := range rels {
			if strings.HasSuffix(rel.typ, "/officeDocument") {
				wbPart = rel.target
			}
		}
	}
	rels, err := r.relationships(p, path.Join(path.Dir(wbPart), "_rels", path.Base(wbPart)+".rels"), path.Dir(wbPart))
	if err != nil && !errors.Is(err, errNoEntry) {
		return nil, err
	}
	var sheets []sheetEntry
	err = p.walkXML(wbPart, r.Limits.MaxXMLDepth, func(w *xmlWalker) error {
		return eachElement(w, "sheet", func(attrs map[string]string) {
			sh := sheetEntry{name: attrs["name"], hidden: attrs["state"] == "hidden" || attrs["state"] == "veryHidden"}
			for _, rel := range rels {
				if rel.id == attrs["id"] && strings.HasSuffix(rel.typ, "/worksheet") {
					sh.part = rel.target
				}
			}
			sheets = append(sheets, sh)
		})
	})
	if errors.Is(err, errNoEntry) {
		return nil, malformed("not an Excel workbook: %s is missing", wbPart)
	}
	return sheets, err
}

// relation is one relationship of a package part.
type relation struct{ id, typ, target string }

// relationships reads a .rels part, resolving each internal target against dir.
func (r *Reader) relationships(p *pkg, name, dir string) ([]relation, error) {
	var out []relation
	err := p.walkXML(name, r.Limits.MaxXMLDepth, func(w *xmlWalker) error {
		return eachElement(w, "Relationship", func(attrs map[string]string) {
			target := attrs["Target"]
			if attrs["TargetMode"] == "External" {
				return
			}
			if strings.HasPrefix(target, "/") {
				target = strings.TrimPrefix(path.Clean(target), "/")
			} else {
				target = strings.TrimPrefix(path.Clean("/"+path.Join(dir, target)), "/")
			}
			out = append(out, relation{id: attrs["Id"], typ: attrs["Type"], target: target})
		})
	})
	return out, err
}

// eachElement calls fn with the attributes, by local name, of every element of the given
// local name in the part.
func eachElement(w *xmlWalker, local string, fn func(map[string]string)) error {
	for {
		tok, err := w.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if t, ok := tok.(xml.StartElement); ok && t.Name.Local == local {
			attrs := make(map[string]string, len(t.Attr))
			for _, a := range t.Attr {
				attrs[a.Name.Local] = a.Value
			}
			fn(attrs)
		}
	}
}
