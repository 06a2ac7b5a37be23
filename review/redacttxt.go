package review

import (
	"bytes"
	"context"
	"fmt"
	"unicode/utf8"

	"golang.org/x/text/encoding"
)

// redactTXT makes the replacements of a text file's one part in the bytes of the file, in the
// encoding it was read in: every other byte stays as it was. The copy is decoded again and
// must read as the planned text, or it is refused.
func redactTXT(data []byte, doc *Document, plan *Plan) (*redacted, error) {
	res := &redacted{data: data}
	if len(plan.Parts) == 0 || len(doc.Parts) == 0 {
		return res, nil
	}
	pp := plan.Parts[0]
	text := doc.Parts[pp.Index].Text
	enc, skip := txtEncoding(doc.Encoding, data)
	offsets, err := byteOffsets(data[skip:], text, doc.Encoding, pp.Replacements)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(data))
	at := 0
	for i, r := range pp.Replacements {
		masked := []byte(r.Masked)
		if enc != nil {
			if masked, err = enc.NewEncoder().Bytes(masked); err != nil {
				return nil, fmt.Errorf("%w: %s 的脱敏结果无法以 %s 编码写出", ErrPlan, r.Where, doc.Encoding)
			}
		}
		s, e := skip+offsets[2*i], skip+offsets[2*i+1]
		out = append(append(out, data[at:s]...), masked...)
		at = e
		res.masked = append(res.masked, PreviewItem{Kind: r.Kind.Label(), Where: r.Where, Masked: r.Masked})
	}
	res.data = append(out, data[at:]...)
	want := pp.applyText(text)
	back, err := readTXT(&source{r: bytes.NewReader(res.data), size: int64(len(res.data)), ctx: context.Background()})
	if err != nil || len(back.Parts) != 1 || back.Parts[0].Text != want {
		return nil, malformed("the masked text does not read back as planned in %s", doc.Encoding)
	}
	return res, nil
}

// txtEncoding returns the encoding of a text file read as name (nil for UTF-8) and the length
// of its byte-order mark.
func txtEncoding(name string, data []byte) (encoding.Encoding, int) {
	switch name {
	case gb18030.name:
		return gb18030.enc, 0
	case utf16LE.name, utf16BE.name:
		enc := utf16LE.enc
		if name == utf16BE.name {
			enc = utf16BE.enc
		}
		if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
			return enc, 2
		}
		return enc, 0
	}
	if bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}) {
		return nil, 3
	}
	return nil, 0
}

// byteOffsets returns, for each replacement, the byte offsets in data (the file after its
// mark) of its start and end in text, walking data one encoded character per character of text.
func byteOffsets(data []byte, text, enc string, reps []Replacement) ([]int, error) {
	out := make([]int, 0, 2*len(reps))
	want := make([]int, 0, 2*len(reps))
	for _, r := range reps {
		want = append(want, r.Start, r.End)
	}
	if enc == "UTF-8" {
		return want, nil
	}
	at := 0
	for i := 0; len(out) < len(want); {
		for len(out) < len(want) && want[len(out)] == i {
			out = append(out, at)
		}
		if i >= len(text) || at >= len(data) {
			break
		}
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
		at += encodedLen(data[at:], enc)
	}
	if len(out) != len(want) {
		return nil, malformed("the text does not map onto the file's bytes in %s", enc)
	}
	return out, nil
}

// encodedLen returns the length of the character at the start of b in the encoding.
func encodedLen(b []byte, enc string) int {
	switch enc {
	case utf16LE.name, utf16BE.name:
		if len(b) < 2 {
			return len(b)
		}
		u := uint16(b[0])<<8 | uint16(b[1])
		if enc == utf16LE.name {
			u = uint16(b[1])<<8 | uint16(b[0])
		}
		if u >= 0xD800 && u < 0xDC00 && len(b) >= 4 {
			return 4
		}
		return 2
	}
	switch {
	case b[0] < 0x80 || b[0] == 0x80 || b[0] == 0xFF || len(b) < 2:
		return 1
	case b[1] >= 0x30 && b[1] <= 0x39 && len(b) >= 4:
		return 4
	}
	return 2
}
