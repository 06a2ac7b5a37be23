package review

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/adler32"
	"hash/crc32"
	"strconv"
	"strings"
	"testing"
)

// Builders of the hostile files of hostile_test.go, written by hand so that each is exactly
// the shape it names.

// pdfObjects is the body of a one-page PDF whose page shows text in a font the reader decodes
// (Type0, UniGB-UCS2-H: the codes are UTF-16BE): catalog 1, pages 2, page 3, content 4, font 5.
func pdfObjects(text string) []string {
	return []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		pdfStreamObj("", "BT /F1 12 Tf <"+ucs2Hex(text)+"> Tj ET"),
		"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /UniGB-UCS2-H /DescendantFonts [] >>",
	}
}

// ucs2Hex is text as the hex string of a UniGB-UCS2-H font.
func ucs2Hex(text string) string {
	var b strings.Builder
	for _, r := range text {
		fmt.Fprintf(&b, "%04X", r)
	}
	return b.String()
}

// pdfStreamObj is a stream object with data and a true /Length.
func pdfStreamObj(dict, data string) string {
	return fmt.Sprintf("<< /Length %d %s >>\nstream\n%s\nendstream", len(data), dict, data)
}

// buildPDF writes objects 1…n with a classic cross-reference table. In trailer, XREF stands
// for the table's own offset.
func buildPDF(objs []string, trailer string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n",
		len(objs)+1, strings.ReplaceAll(trailer, "XREF", strconv.Itoa(xref)), xref)
	return b.Bytes()
}

// xrefRow is one entry of a cross-reference stream: type, and the two fields.
type xrefRow struct{ typ, a, b int }

// buildPDFXrefStream writes objects 1…n (an empty body is an object kept only in an object
// stream) and a cross-reference stream as object n+1. rows overrides the entries of the
// objects it names; dict is added to the stream's dictionary, with XREF for its own offset;
// compress deflates the entries with the given /DecodeParms.
func buildPDFXrefStream(objs []string, rows map[int]xrefRow, dict string, parms string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.5\n")
	entries := make([]xrefRow, len(objs)+2)
	entries[0] = xrefRow{0, 0, 65535}
	for i, o := range objs {
		if o == "" {
			continue
		}
		entries[i+1] = xrefRow{1, b.Len(), 0}
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	for n, r := range rows {
		entries[n] = r
	}
	xref := b.Len()
	entries[len(objs)+1] = xrefRow{1, xref, 0}
	var data bytes.Buffer
	for _, e := range entries {
		data.WriteByte(byte(e.typ))
		binary.Write(&data, binary.BigEndian, uint32(e.a))
		binary.Write(&data, binary.BigEndian, uint16(e.b))
	}
	raw := data.String()
	filter := ""
	if parms != "" {
		raw, filter = zlibString(raw), "/Filter /FlateDecode /DecodeParms "+parms
	}
	fmt.Fprintf(&b, "%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d %s %s >>\nstream\n%s\nendstream\nendobj\n",
		len(objs)+1, len(entries), len(raw), filter, strings.ReplaceAll(dict, "XREF", strconv.Itoa(xref)), raw)
	fmt.Fprintf(&b, "startxref\n%d\n%%%%EOF\n", xref)
	return b.Bytes()
}

// objStmObj is an object stream holding objects (number → body), with dict added.
func objStmObj(objects map[int]string, dict string) string {
	var head, body strings.Builder
	for n := 1; len(objects) > 0 && n < 1000; n++ {
		o, ok := objects[n]
		if !ok {
			continue
		}
		fmt.Fprintf(&head, "%d %d ", n, body.Len())
		body.WriteString(o + "\n")
		delete(objects, n)
	}
	data := head.String() + body.String()
	return pdfStreamObj(fmt.Sprintf("/Type /ObjStm /N %d /First %d %s", strings.Count(head.String(), " ")/2, head.Len(), dict), data)
}

func zlibString(s string) string {
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

// deflateRepeat returns raw DEFLATE data (one block, fixed Huffman codes) that inflates to
// head, then unit repeated to about size bytes, then tail; and the inflated length and CRC-32.
// Each further 258 bytes of the repetition costs 13 bits: a ZIP bomb at a ratio of about 160,
// made without compressing anything.
func deflateRepeat(head, unit, tail string, size int64) (data []byte, n int64, crc uint32) {
	w := &bitWriter{}
	w.bits(1, 1) // final block
	w.bits(1, 2) // fixed Huffman codes
	literals := func(s string) {
		for i := 0; i < len(s); i++ {
			if c := int(s[i]); c < 144 {
				w.code(0x30+c, 8)
			} else {
				w.code(0x190+c-144, 9)
			}
		}
	}
	literals(head + unit)
	copies := (size - int64(len(head)+len(unit)+len(tail))) / 258
	dcode, dextra, dbits := distanceCode(len(unit))
	for range copies {
		w.code(0xC5, 8) // length 258: code 285
		w.code(dcode, 5)
		w.bits(dextra, dbits)
	}
	literals(tail)
	w.code(0, 7) // end of block
	data = w.flush()
	n = int64(len(head)+len(unit)) + copies*258 + int64(len(tail))

	// The CRC of the inflated data, a megabyte of the repetition at a time.
	crc = crc32.Update(0, crc32.IEEETable, []byte(head))
	chunk := []byte(strings.Repeat(unit, (1<<20)/len(unit)+1))
	for left, phase := int64(len(unit))+copies*258, 0; left > 0; {
		k := min(left, int64(len(chunk)-len(unit)))
		crc = crc32.Update(crc, crc32.IEEETable, chunk[phase:phase+int(k)])
		phase = (phase + int(k)) % len(unit)
		left -= k
	}
	crc = crc32.Update(crc, crc32.IEEETable, []byte(tail))
	return data, n, crc
}

// distanceCode returns the DEFLATE distance code for d (up to 256) and its extra bits.
func distanceCode(d int) (code, extra, bits int) {
	if d <= 4 {
		return d - 1, 0, 0
	}
	for code, base, bits := 4, 5, 1; ; code, bits = code+2, bits+1 {
		if d < base+2<<bits {
			if d < base+1<<bits {
				return code, d - base, bits
			}
			return code + 1, d - base - 1<<bits, bits
		}
		base += 2 << bits
	}
}

// bitWriter writes DEFLATE's bit stream: values least significant bit first, Huffman codes
// most significant bit first.
type bitWriter struct {
	out  []byte
	acc  uint64
	nacc int
}

func (w *bitWriter) bits(v, n int) {
	w.acc |= uint64(v) << w.nacc
	for w.nacc += n; w.nacc >= 8; w.nacc -= 8 {
		w.out = append(w.out, byte(w.acc))
		w.acc >>= 8
	}
}

func (w *bitWriter) code(c, n int) {
	r := 0
	for i := 0; i < n; i++ {
		r = r<<1 | (c>>i)&1
	}
	w.bits(r, n)
}

// flush ends the stream at a byte boundary.
func (w *bitWriter) flush() []byte {
	if w.nacc > 0 {
		w.out = append(w.out, byte(w.acc))
		w.acc, w.nacc = 0, 0
	}
	return w.out
}

// zipBomb is a .docx whose document.xml inflates to about size bytes of 内部资料.
func zipBomb(tb testing.TB, size int64) []byte {
	tb.Helper()
	head := `<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>`
	data, n, crc := deflateRepeat(head, "内部资料", `</w:t></w:r></w:p></w:body></w:document>`, size)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(len(data)), UncompressedSize64: uint64(n)})
	if err != nil {
		tb.Fatal(err)
	}
	w.Write(data)
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// zlibBomb is zlib data that inflates to about size bytes of unit.
func zlibBomb(unit string, size int64) string {
	data, n, _ := deflateRepeat("", unit, "", size)
	sum := adler32.New()
	chunk := []byte(strings.Repeat(unit, (1<<20)/len(unit)))
	for left := n; left > 0; left -= int64(len(chunk)) {
		sum.Write(chunk[:min(left, int64(len(chunk)))])
	}
	return "\x78\x01" + string(data) + string(binary.BigEndian.AppendUint32(nil, sum.Sum32()))
}
