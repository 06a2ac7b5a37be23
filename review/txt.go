package review

import (
	"bytes"
	"fmt"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

// readTXT decodes a plain-text draft. Detection: a BOM (UTF-8, UTF-16 LE/BE), else valid UTF-8,
// else GB18030 (a superset of GBK and GB 2312) when it decodes with almost no replacement or
// control characters. Anything else is ErrEncoding rather than mojibake.
func readTXT(data []byte) (*Document, error) {
	text, enc, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	return &Document{Format: FormatTXT, Encoding: enc, Parts: []Part{{Kind: PartBody, Text: text}}}, nil
}

func decodeText(data []byte) (text, enc string, err error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		if !utf8.Valid(data[3:]) {
			return "", "", fmt.Errorf("%w: starts with a UTF-8 mark but is not valid UTF-8", ErrEncoding)
		}
		return string(data[3:]), "UTF-8", nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return decodeUTF16(data, xunicode.LittleEndian, "UTF-16LE")
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return decodeUTF16(data, xunicode.BigEndian, "UTF-16BE")
	case utf8.Valid(data):
		if bad := badRunes(string(data)); bad > tolerated(len(data)) {
			return "", "", fmt.Errorf("%w: %d control characters, this is not a text file", ErrEncoding, bad)
		}
		return string(data), "UTF-8", nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		return "", "", fmt.Errorf("%w: %v", ErrEncoding, err)
	}
	text = string(out)
	if bad := badRunes(text); bad > tolerated(utf8.RuneCountInString(text)) {
		return "", "", fmt.Errorf("%w: neither UTF-8, UTF-16 with a byte-order mark, nor GBK/GB18030 (%d undecodable characters)", ErrEncoding, bad)
	}
	return text, "GB18030", nil
}

func decodeUTF16(data []byte, order xunicode.Endianness, name string) (string, string, error) {
	if len(data)%2 != 0 {
		return "", "", fmt.Errorf("%w: %s with an odd number of bytes", ErrEncoding, name)
	}
	out, err := xunicode.UTF16(order, xunicode.ExpectBOM).NewDecoder().Bytes(data)
	if err != nil {
		return "", "", fmt.Errorf("%w: %s: %v", ErrEncoding, name, err)
	}
	text := string(out)
	if bad := badRunes(text); bad > tolerated(utf8.RuneCountInString(text)) {
		return "", "", fmt.Errorf("%w: %s with %d undecodable characters", ErrEncoding, name, bad)
	}
	return text, name, nil
}

// badRunes counts replacement characters and control characters other than tab, line feed,
// carriage return and form feed: a text file has almost none.
func badRunes(s string) int {
	n := 0
	for _, r := range s {
		if r == utf8.RuneError || (unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' && r != '\f') {
			n++
		}
	}
	return n
}

// tolerated is how many bad characters a text of n characters may have: one in a thousand,
// and at least two, for a stray byte in an otherwise good file.
func tolerated(n int) int { return max(2, n/1000) }
