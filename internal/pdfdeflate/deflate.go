// Package pdfdeflate compresses the streams of a PDF that gofpdf wrote uncompressed, with one
// compressor for the whole document.
//
// gofpdf compresses each page's content with a new zlib writer, and a new writer costs about a
// megabyte of zeroed memory before it has compressed a byte: writing a 300-page report spent
// more time making compressors, and faulting in the memory for them, than compressing. Written
// with compression off and passed through [Deflate], the same document comes out byte for byte
// as gofpdf would have compressed it (the same zlib level, so the same bytes), at a fraction of
// the cost.
package pdfdeflate

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"slices"
	"strconv"
)

// ErrLayout is returned when a document is not laid out as gofpdf writes one.
var ErrLayout = errors.New("pdfdeflate: not a PDF as gofpdf writes it")

// object is one entry of the cross-reference table: its number and where it starts.
type object struct {
	num, at int
}

// Deflate returns pdf with every stream whose dictionary holds only its length
// ("<</Length n>>", how gofpdf writes a stream when compression is off) compressed with zlib
// at gofpdf's level and marked /FlateDecode — except a font's character map, which gofpdf
// never compresses — and the cross-reference table and startxref moved
// to match. Every other byte is kept. pdf must be a whole document with one classic
// cross-reference table and no encryption, as gofpdf writes it.
//
// Errors: [ErrLayout], wrapped with what was not found, when the trailer, the table or an
// object is not where it should be; pdf is never changed.
func Deflate(pdf []byte) ([]byte, error) {
	xref, err := findXref(pdf)
	if err != nil {
		return nil, err
	}
	objs, tail, err := readTable(pdf, xref)
	if err != nil {
		return nil, err
	}
	d := deflater{out: bytes.NewBuffer(make([]byte, 0, len(pdf)/3))}
	d.zw, _ = zlib.NewWriterLevel(&d.raw, zlib.BestSpeed) // a valid level is never an error
	moved := make([]int, len(objs)+1)
	byAt := slices.Clone(objs)
	slices.SortFunc(byAt, func(a, b object) int { return a.at - b.at })
	d.out.Write(pdf[:byAt[0].at])
	for i, o := range byAt {
		end := xref
		if i+1 < len(byAt) {
			end = byAt[i+1].at
		}
		moved[o.num] = d.out.Len()
		if err := d.object(pdf[o.at:end], o.num); err != nil {
			return nil, err
		}
	}
	newXref := d.out.Len()
	fmt.Fprintf(d.out, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, at := range moved[1:] {
		fmt.Fprintf(d.out, "%010d 00000 n \n", at)
	}
	d.out.Write(tail)
	fmt.Fprintf(d.out, "startxref\n%d\n%%%%EOF\n", newXref)
	return d.out.Bytes(), nil
}

// findXref reads where the cross-reference table starts from the document's last lines.
func findXref(pdf []byte) (int, error) {
	const key = "\nstartxref\n"
	i := bytes.LastIndex(pdf, []byte(key))
	if i < 0 {
		return 0, fmt.Errorf("%w: no startxref", ErrLayout)
	}
	rest := pdf[i+len(key):]
	n := bytes.IndexByte(rest, '\n')
	if n < 0 || !bytes.Equal(bytes.TrimSpace(rest[n:]), []byte("%%EOF")) {
		return 0, fmt.Errorf("%w: no %%%%EOF after startxref", ErrLayout)
	}
	at, err := strconv.Atoi(string(rest[:n]))
	if err != nil || at <= 0 || at >= i {
		return 0, fmt.Errorf("%w: startxref %q", ErrLayout, rest[:n])
	}
	return at, nil
}

// readTable reads the table at xref: its objects, numbered from 1, and the trailer up to
// its startxref line.
func readTable(pdf []byte, xref int) ([]object, []byte, error) {
	head := pdf[xref:]
	var size int
	if _, err := fmt.Sscanf(string(head[:min(len(head), 32)]), "xref\n0 %d\n", &size); err != nil || size < 2 {
		return nil, nil, fmt.Errorf("%w: no xref table at %d", ErrLayout, xref)
	}
	rows := bytes.IndexByte(head[5:], '\n') + 6 // past "xref\n0 n\n"
	const row = 20                              // "0000012345 00000 n \n"
	if size > (len(head)-rows)/row || !bytes.HasPrefix(head[rows:], []byte("0000000000 65535 f \n")) {
		return nil, nil, fmt.Errorf("%w: xref table of %d objects", ErrLayout, size)
	}
	objs := make([]object, 0, size-1)
	for n := 1; n < size; n++ {
		e := head[rows+n*row : rows+(n+1)*row]
		at, err := strconv.Atoi(string(e[:10]))
		if err != nil || string(e[10:]) != " 00000 n \n" || at <= 0 || at >= xref {
			return nil, nil, fmt.Errorf("%w: xref entry %d %q", ErrLayout, n, e)
		}
		objs = append(objs, object{num: n, at: at})
	}
	tail := head[rows+size*row:]
	end := bytes.LastIndex(tail, []byte("startxref\n"))
	if end < 0 {
		return nil, nil, fmt.Errorf("%w: no trailer", ErrLayout)
	}
	return objs, tail[:end], nil
}

// cmapStart begins the ToUnicode character map of a font, which gofpdf writes uncompressed
// whether compression is on or off.
const cmapStart = "/CIDInit /ProcSet findresource begin"

// deflater writes the new document, compressing streams with one zlib writer.
type deflater struct {
	out *bytes.Buffer
	raw bytes.Buffer
	zw  *zlib.Writer
}

// object copies one object, o being its bytes up to the next object, compressing its stream
// when it has only a length.
func (d *deflater) object(o []byte, num int) error {
	open := fmt.Appendf(nil, "%d 0 obj\n", num)
	if !bytes.HasPrefix(o, open) {
		return fmt.Errorf("%w: object %d is not where the table says", ErrLayout, num)
	}
	body := o[len(open):]
	var n int
	if _, err := fmt.Sscanf(string(body[:min(len(body), 40)]), "<</Length %d>>\nstream\n", &n); err != nil {
		d.out.Write(o)
		return nil
	}
	start := bytes.Index(body, []byte(">>\nstream\n")) + len(">>\nstream\n")
	if n < 0 || n > len(body)-start || !bytes.Equal(body[start+n:], []byte("\nendstream\nendobj\n")) ||
		!bytes.Equal(body[:start], fmt.Appendf(nil, "<</Length %d>>\nstream\n", n)) {
		return fmt.Errorf("%w: stream of object %d", ErrLayout, num)
	}
	if bytes.HasPrefix(body[start:], []byte(cmapStart)) {
		d.out.Write(o)
		return nil
	}
	d.raw.Reset()
	d.zw.Reset(&d.raw)
	d.zw.Write(body[start : start+n]) // writes to a bytes.Buffer never fail
	d.zw.Close()
	d.out.Write(open)
	fmt.Fprintf(d.out, "<</Filter /FlateDecode /Length %d>>\nstream\n", d.raw.Len())
	d.out.Write(d.raw.Bytes())
	d.out.WriteString("\nendstream\nendobj\n")
	return nil
}
