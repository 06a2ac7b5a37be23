package review

import (
	"encoding/binary"
	"strings"

	"github.com/ledongthuc/pdf"
)

// toUnicode is a font's ToUnicode CMap (PDF 32000-1 §9.10.3), read by us rather than the
// library where the library reads it wrongly: a bfrange whose first and last codes differ
// before their last byte. The CMap specification forbids such ranges, but gofpdf, tFPDF and
// the FPDF ports write one range over every code (<0000> <FFFF> <0000>), and viewers honour it;
// the library adds only the difference of the last bytes, so 陈 (U+9648) comes out as H and
// every Chinese character of such a file is lost to the check.
type toUnicode struct {
	spaces [4][][2]string // code space ranges by code length - 1
	chars  map[string]string
	ranges []cmapRange
	wide   bool // a range spans more than its last byte
}

// cmapRange is one bfrange: codes lo…hi map to dst and on (a string), or to the strings of
// an array in turn.
type cmapRange struct {
	lo, hi string
	dst    string
	array  []string
}

// parseToUnicode reads the code spaces, bfchar and bfrange entries of CMap data. wide says
// whether a range spans more than its last byte, which the library gets wrong. Malformed
// entries are skipped, as the library skips them.
func parseToUnicode(data []byte) (_ *toUnicode, wide bool) {
	p := &cmapParser{m: &toUnicode{chars: map[string]string{}}}
	l := &pdfLexer{data: data, final: true}
	for {
		tok := l.next()
		if tok.kind == tokEOF || tok.kind == tokOpenHex {
			return p.m, p.m.wide
		}
		p.token(tok)
	}
}

// cmapParser is parseToUnicode's state between tokens.
type cmapParser struct {
	m       *toUnicode
	block   string   // the begin… keyword of the block being read
	vals    []string // its strings, in order
	array   []string // the strings of a bfrange's array destination
	inArray bool
}

func (p *cmapParser) token(tok pdfToken) {
	switch {
	case tok.kind == tokString && p.inArray:
		p.array = append(p.array, tok.s)
	case tok.kind == tokString:
		p.vals = append(p.vals, tok.s)
	case tok.kind != tokKeyword:
	case tok.s == "[":
		p.inArray, p.array = true, nil
	case tok.s == "]" && p.inArray:
		p.inArray = false
		if n := len(p.vals); p.block == "beginbfrange" && n%3 == 2 {
			p.m.addRange(p.vals[n-2], p.vals[n-1], "", p.array)
			p.vals = p.vals[:n-2]
		}
	case strings.HasPrefix(tok.s, "begin"):
		p.block, p.vals = tok.s, nil
	case strings.HasPrefix(tok.s, "end") && p.block != "":
		p.m.addBlock(p.block, p.vals)
		p.block, p.vals = "", nil
	}
}

// addBlock adds the entries of a codespacerange, bfchar or bfrange block (array
// destinations were added as they were read).
func (m *toUnicode) addBlock(block string, vals []string) {
	switch block {
	case "begincodespacerange":
		for i := 0; i+1 < len(vals); i += 2 {
			if n := len(vals[i]); n >= 1 && n <= 4 && len(vals[i+1]) == n {
				m.spaces[n-1] = append(m.spaces[n-1], [2]string{vals[i], vals[i+1]})
			}
		}
	case "beginbfchar":
		for i := 0; i+1 < len(vals); i += 2 {
			m.chars[vals[i]] = vals[i+1]
		}
	case "beginbfrange":
		for i := 0; i+2 < len(vals); i += 3 {
			m.addRange(vals[i], vals[i+1], vals[i+2], nil)
		}
	}
}

func (m *toUnicode) addRange(lo, hi, dst string, array []string) {
	if len(lo) >= 1 && len(lo) == len(hi) && lo <= hi {
		m.ranges = append(m.ranges, cmapRange{lo: lo, hi: hi, dst: dst, array: array})
		m.wide = m.wide || lo[:len(lo)-1] != hi[:len(hi)-1]
	}
}

// Decode implements pdf.TextEncoding: raw is split into codes by the code spaces, each code
// mapped by bfchar, else by the range holding it, the distance from the range's start added
// to its destination as one big-endian number. A code nothing maps is U+FFFD.
func (m *toUnicode) Decode(raw string) string {
	var b strings.Builder
	for len(raw) > 0 {
		n := m.codeLength(raw)
		if n == 0 {
			b.WriteRune('\uFFFD')
			raw = raw[1:]
			continue
		}
		code := raw[:n]
		raw = raw[n:]
		b.WriteString(m.decodeCode(code))
	}
	return b.String()
}

// codeLength is the length of the code at the start of raw: the shortest code space that
// holds it, or 0.
func (m *toUnicode) codeLength(raw string) int {
	for n := 1; n <= 4 && n <= len(raw); n++ {
		for _, sp := range m.spaces[n-1] {
			if sp[0] <= raw[:n] && raw[:n] <= sp[1] {
				return n
			}
		}
	}
	return 0
}

func (m *toUnicode) decodeCode(code string) string {
	if s, ok := m.chars[code]; ok {
		return utf16String(s, binary.BigEndian.Uint16)
	}
	for _, r := range m.ranges {
		if len(r.lo) != len(code) || code < r.lo || code > r.hi {
			continue
		}
		off := codeNumber(code) - codeNumber(r.lo)
		if r.array != nil {
			if off < uint64(len(r.array)) {
				return utf16String(r.array[off], binary.BigEndian.Uint16)
			}
			return "\uFFFD"
		}
		if r.dst == "" {
			return "\uFFFD"
		}
		dst := []byte(r.dst)
		for i := len(dst) - 1; i >= 0 && off > 0; i-- { // dst + off, big-endian, carrying
			sum := uint64(dst[i]) + off&0xff
			dst[i] = byte(sum)
			off = off>>8 + sum>>8
		}
		return utf16String(string(dst), binary.BigEndian.Uint16)
	}
	return "\uFFFD"
}

// codeNumber reads a code of up to four bytes as a big-endian number.
func codeNumber(s string) uint64 {
	var n uint64
	for i := 0; i < len(s); i++ {
		n = n<<8 | uint64(s[i])
	}
	return n
}

// wideDecoder returns our decoder for font f when its ToUnicode CMap has a range the library
// reads wrongly (see toUnicode), else nil: the library's own Font.Encoder is right for it.
// The survey has already checked the CMap's size.
func wideDecoder(f pdf.Value) pdf.TextEncoding {
	cm := f.Key("ToUnicode")
	if cm.Kind() != pdf.Stream {
		return nil
	}
	rd := cm.Reader()
	defer rd.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for b.Len() <= maxCMapSize {
		n, err := rd.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	if b.Len() > maxCMapSize {
		return nil
	}
	if m, wide := parseToUnicode([]byte(b.String())); wide {
		return m
	}
	return nil
}
