package review

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// sheetReader reads one worksheet in a single pass over its part, beside excelize's row
// iterator: excelize gives each cell as the sheet displays it (shared strings resolved,
// number formats applied); our own walk of the same part gives the hidden columns, the stored
// value of number cells and the header and footer, without loading the sheet whole.
type sheetReader struct {
	wb    *workbook
	sheet sheetEntry

	w          *xmlWalker
	hiddenCols [][2]int       // column ranges [min, max] with hidden="1"
	stored     map[int]string // the row's number cells, by column: the stored value
	storedRow  int            // the row stored holds, 0 before the first
	row, col   int            // the row and cell being walked
	cell       cellScan
	inData     bool              // inside sheetData
	headers    map[string]string // headerFooter's children by local name: oddHeader …
	hiddenRows int
	shown      sheetText // the text of the cells a reader sees
	hidden     sheetText // the text of cells in hidden rows or columns, or of a hidden sheet
	full       bool      // maxCells reached
}

// sheetText is the text of a worksheet part being built, with where each cell starts.
type sheetText struct {
	b     strings.Builder
	cells []Cell
	cols  map[int]bool // columns with a cell here, for the report of hidden columns
}

// add appends one cell's text as a line of its own.
func (t *sheetText) add(row, col int, text string) {
	if t.b.Len() > 0 {
		t.b.WriteByte('\n')
	}
	t.cells = append(t.cells, Cell{Offset: t.b.Len(), Row: row, Col: col})
	t.b.WriteString(text)
}

// read walks the worksheet part w, calling the display iterator for each row it meets.
func (sr *sheetReader) read(w *xmlWalker) error {
	sr.w = w
	rows, err := sr.wb.f.Rows(sr.sheet.name)
	if err != nil {
		return malformed("sheet %q: %v", sr.sheet.name, err)
	}
	defer rows.Close()
	for n := 1; rows.Next(); n++ {
		if n%1024 == 0 {
			if err := sr.wb.ctx.Err(); err != nil {
				return err
			}
		}
		shown, err := rows.Columns()
		if err != nil {
			return malformed("sheet %q row %d: %v", sr.sheet.name, n, err)
		}
		if len(shown) == 0 {
			continue
		}
		if err := sr.storedUpTo(n); err != nil {
			return err
		}
		sr.addRow(n, rows.GetRowOpts().Hidden, shown)
		if sr.full {
			break
		}
	}
	if err := rows.Error(); err != nil {
		return malformed("sheet %q: %v", sr.sheet.name, err)
	}
	if sr.full {
		return nil // the gap says the rest, header and footer included, is not read
	}
	return sr.rest()
}

// addRow adds the non-empty cells of row n, as shown and, where it differs, as stored.
func (sr *sheetReader) addRow(n int, hiddenRow bool, shown []string) {
	if hiddenRow {
		sr.hiddenRows++
	}
	for i, text := range shown {
		col := i + 1
		if v, ok := sr.stored[col]; ok && sr.storedRow == n && v != strings.TrimSpace(text) {
			text += "\n" + v
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		if sr.wb.p.budget.cells++; sr.wb.p.budget.cells > sr.wb.r.Limits.MaxCells {
			sr.full = true
			sr.wb.doc.addGap(0, fmt.Sprintf("工作簿超过 %d 个单元格，工作表“%s”第%d行起（及其页眉页脚）、其后的工作表未读取", sr.wb.r.Limits.MaxCells, sr.sheet.name, n))
			return
		}
		t := &sr.shown
		if sr.sheet.hidden || hiddenRow || sr.colHidden(col) {
			t = &sr.hidden
		}
		t.add(n, col, text)
		if t.cols == nil {
			t.cols = map[int]bool{}
		}
		t.cols[col] = true
	}
}

// colHidden reports whether column col is hidden.
func (sr *sheetReader) colHidden(col int) bool {
	for _, r := range sr.hiddenCols {
		if col >= r[0] && col <= r[1] {
			return true
		}
	}
	return false
}

// storedUpTo walks our own reading of the part on to row n, keeping its number cells in stored.
func (sr *sheetReader) storedUpTo(n int) error {
	for sr.storedRow < n {
		row, err := sr.nextRow()
		if err == io.EOF {
			sr.storedRow = math.MaxInt
			return nil
		}
		if err != nil {
			return err
		}
		sr.storedRow = row
	}
	return nil
}

// nextRow reads on to the end of the next row of sheetData and returns its number, with its
// number cells in sr.stored; io.EOF after the last. The columns before sheetData are read on
// the way.
func (sr *sheetReader) nextRow() (int, error) {
	clear(sr.stored)
	sr.row, sr.col = sr.storedRow, 0
	for {
		tok, err := sr.w.next()
		if err != nil {
			return 0, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			sr.startElement(t)
		case xml.CharData:
			if sr.cell.inValue && sr.cell.number {
				sr.cell.value = append(sr.cell.value, t...)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v":
				sr.endValue()
			case "row":
				return sr.row, nil
			case "sheetData":
				sr.inData = false
				return 0, io.EOF
			}
		}
	}
}

// cellScan is our own reading of the cell being walked.
type cellScan struct {
	col     int
	number  bool // a number cell: t absent or "n"
	inValue bool
	value   []byte
}

// startElement handles an opening tag of the worksheet part.
func (sr *sheetReader) startElement(t xml.StartElement) {
	switch t.Name.Local {
	case "col":
		sr.addHiddenCols(t)
	case "sheetData":
		sr.inData = true
	case "row":
		sr.row = attrInt(t, "r", sr.row+1)
		sr.col = 0
	case "c":
		sr.col = cellColumn(attr(t, "r"), sr.col+1)
		typ := attr(t, "t")
		sr.cell = cellScan{col: sr.col, number: typ == "" || typ == "n", value: sr.cell.value[:0]}
	case "v":
		sr.cell.inValue = true
	}
}

// endValue ends a cell's value, keeping a number cell's.
func (sr *sheetReader) endValue() {
	sr.cell.inValue = false
	if sr.cell.number {
		sr.keepStored(sr.cell.col, string(sr.cell.value))
	}
}

// keepStored keeps a number cell's stored value when it is a whole number of storedDigits or
// more, written out in full: 1.10105195907213E+017 is 110105195907213000.
func (sr *sheetReader) keepStored(col int, raw string) {
	if s, ok := wholeNumber(raw); ok {
		if sr.stored == nil {
			sr.stored = map[int]string{}
		}
		sr.stored[col] = s
	}
}

// wholeNumber returns the digits of a stored number that is whole and has at least
// storedDigits digits.
func wholeNumber(raw string) (string, bool) {
	v, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) || v != math.Trunc(v) || math.Abs(v) >= 1e30 {
		return "", false
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	return s, len(strings.TrimPrefix(s, "-")) >= storedDigits
}

// addHiddenCols records the columns a hidden col element covers.
func (sr *sheetReader) addHiddenCols(t xml.StartElement) {
	if h := attr(t, "hidden"); h != "1" && h != "true" {
		return
	}
	lo, hi := attrInt(t, "min", 0), attrInt(t, "max", 0)
	if lo >= 1 && hi >= lo {
		sr.hiddenCols = append(sr.hiddenCols, [2]int{lo, min(hi, excelize.MaxColumns)})
	}
}

// rest reads the part on from the last row: the header and footer.
func (sr *sheetReader) rest() error {
	if sr.storedRow != math.MaxInt {
		for {
			if _, err := sr.nextRow(); err == io.EOF {
				break
			} else if err != nil {
				return err
			}
		}
	}
	var in string
	for {
		tok, err := sr.w.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			in = ""
			if strings.HasSuffix(t.Name.Local, "Header") || strings.HasSuffix(t.Name.Local, "Footer") {
				in = t.Name.Local
			}
		case xml.CharData:
			if in != "" {
				if sr.headers == nil {
					sr.headers = map[string]string{}
				}
				sr.headers[in] += string(t)
			}
		case xml.EndElement:
			in = ""
		}
	}
}

// finish adds the sheet's parts to the document: the cells shown, the cells hidden, the
// header and the footer, and reports what is hidden.
func (sr *sheetReader) finish() {
	doc, name := sr.wb.doc, sr.sheet.name
	if sr.shown.b.Len() > 0 {
		doc.Parts = append(doc.Parts, Part{Kind: PartBody, Label: name, Sheet: name, Text: sr.shown.b.String(), Cells: sr.shown.cells})
	}
	if sr.hidden.b.Len() > 0 {
		label := name + "（隐藏的行、列）"
		if sr.sheet.hidden {
			label = name + "（隐藏的工作表）"
		}
		doc.Parts = append(doc.Parts, Part{Kind: PartBody, Label: label, Sheet: name, Text: sr.hidden.b.String(), Cells: sr.hidden.cells})
	}
	sr.reportHidden()
	for _, hf := range []struct {
		kind  PartKind
		names []string
	}{
		{PartHeader, []string{"oddHeader", "evenHeader", "firstHeader"}},
		{PartFooter, []string{"oddFooter", "evenFooter", "firstFooter"}},
	} {
		seen := map[string]bool{}
		for _, n := range hf.names {
			text := headerFooterText(sr.headers[n])
			if strings.TrimSpace(text) != "" && !seen[text] {
				seen[text] = true
				doc.Parts = append(doc.Parts, Part{Kind: hf.kind, Label: name, Sheet: name, Text: text})
			}
		}
	}
}

// reportHidden says what of the sheet is hidden and holds text.
func (sr *sheetReader) reportHidden() {
	doc, name := sr.wb.doc, sr.sheet.name
	switch {
	case sr.sheet.hidden && sr.hidden.b.Len() > 0:
		doc.Hidden = append(doc.Hidden, fmt.Sprintf("工作表“%s”处于隐藏状态，其中的内容公开后仍可看到，公开前应删除", name))
	case sr.hidden.b.Len() > 0:
		cols := 0
		for col := range sr.hidden.cols {
			if sr.colHidden(col) {
				cols++
			}
		}
		doc.Hidden = append(doc.Hidden, fmt.Sprintf("工作表“%s”有隐藏的行 %d 行、列 %d 列，其中的内容公开后仍可看到，公开前应删除", name, sr.hiddenRows, cols))
	}
}

// headerFooterText turns a header or footer of SpreadsheetML into its text: the section codes
// &L, &C, &R begin lines; page numbers, dates, file names, fonts, sizes and colours are dropped;
// && is an ampersand.
func headerFooterText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '&' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i = headerFooterCode(s, i+1, &b)
	}
	return strings.TrimSpace(b.String())
}

// headerFooterCode handles the code at s[i], after an ampersand, and returns the index of its
// last byte.
func headerFooterCode(s string, i int, b *strings.Builder) int {
	switch c := s[i]; {
	case c == '&':
		b.WriteByte('&')
	case c == 'L' || c == 'C' || c == 'R':
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
	case c == '"': // &"font,style"
		if j := strings.IndexByte(s[i+1:], '"'); j >= 0 {
			return i + j + 1
		}
		return len(s)
	case c == 'K': // &Krrggbb or &KttSnnn: six characters of colour
		return i + min(6, len(s)-i-1)
	case c >= '0' && c <= '9': // a font size
		for i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
			i++
		}
	}
	return i
}

// attrInt returns the attribute as a positive integer, or def.
func attrInt(e xml.StartElement, local string, def int) int {
	if v, err := strconv.Atoi(attr(e, local)); err == nil && v > 0 {
		return v
	}
	return def
}

// cellColumn returns the column of a cell reference (C4 → 3), or def when it has none.
func cellColumn(ref string, def int) int {
	col := 0
	for i := 0; i < len(ref); i++ {
		c := ref[i] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			break
		}
		if col = col*26 + int(c-'a') + 1; col > excelize.MaxColumns {
			return def
		}
	}
	if col == 0 {
		return def
	}
	return col
}
