package review

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The PDF text library (ledongthuc/pdf) takes no context, caches nothing and trusts what a file
// says: a hex string left open at the end of a stream keeps its lexer reading forever, a page
// tree whose Kids hold their own node keeps its page lookup walking forever, a predictor's
// /Columns sizes an allocation. We cannot change it, so before it sees a file, our own reader
// walks the same structure the same way — lexing as it lexes, resolving objects as it resolves
// them — and decides what the library may safely be given. This file is that reader's lexer
// and object parser.

// tokKind is the kind of a PDF token.
type tokKind int

const (
	tokEOF     tokKind = iota
	tokError           // a malformed token: lexing goes on after it, as the library's does
	tokOpenHex         // a hex string still open at the end: the library's lexer never returns
	tokInt
	tokReal
	tokBool
	tokName
	tokString
	tokKeyword // also the delimiters << >> [ ] { }
	tokMore    // the token runs past the end of a window that is not the end of the data
)

// pdfToken is one token; s holds a name, a string's bytes, a keyword, or an error's text.
type pdfToken struct {
	kind tokKind
	s    string
	i    int64
	f    float64
	b    bool
}

// pdfLexer reads tokens from data, a window of the file or a decoded stream, by the rules of
// PDF 32000-1 §7.2–7.3 as the library applies them, including where it resumes after a
// malformed token: a hex string is read in pairs of digits and an invalid pair ends it, an
// invalid escape ends a literal string.
//
// A lexer over a window of the file (final unset) returns tokMore for a token that may go on
// past the window; the caller reads a larger window and starts again.
type pdfLexer struct {
	data  []byte
	pos   int
	final bool // data ends where the stream or the file does
}

// end returns the token for running out of data: tokMore in a window, else eof.
func (l *pdfLexer) end(eof pdfToken) pdfToken {
	if !l.final {
		return pdfToken{kind: tokMore}
	}
	return eof
}

func isPDFSpace(c byte) bool {
	switch c {
	case 0, '\t', '\n', '\f', '\r', ' ':
		return true
	}
	return false
}

func isPDFDelim(c byte) bool {
	switch c {
	case '<', '>', '(', ')', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func unhexDigit(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// next returns the next token.
func (l *pdfLexer) next() pdfToken {
	l.skipSpaceAndComments()
	if l.pos >= len(l.data) {
		return l.end(pdfToken{kind: tokEOF})
	}
	c := l.data[l.pos]
	l.pos++
	switch c {
	case '<', '>':
		return l.angle(c)
	case '(':
		return l.literalString()
	case '[', ']', '{', '}':
		return pdfToken{kind: tokKeyword, s: string(c)}
	case '/':
		return l.name()
	}
	if isPDFDelim(c) {
		return pdfToken{kind: tokError, s: fmt.Sprintf("unexpected %q", c)}
	}
	l.pos--
	return l.keyword()
}

// skipSpaceAndComments moves past white space and comments.
func (l *pdfLexer) skipSpaceAndComments() {
	for l.pos < len(l.data) {
		c := l.data[l.pos]
		if isPDFSpace(c) {
			l.pos++
			continue
		}
		if c != '%' {
			return
		}
		for l.pos < len(l.data) && l.data[l.pos] != '\r' && l.data[l.pos] != '\n' {
			l.pos++
		}
	}
}

// angle reads what starts with the < or > just read: << or >>, a hex string, or a stray >.
// Whether one doubles cannot be told at the end of a window.
func (l *pdfLexer) angle(c byte) pdfToken {
	if l.pos >= len(l.data) && !l.final {
		return pdfToken{kind: tokMore}
	}
	doubled := l.pos < len(l.data) && l.data[l.pos] == c
	switch {
	case doubled && c == '<':
		l.pos++
		return pdfToken{kind: tokKeyword, s: "<<"}
	case doubled:
		l.pos++
		return pdfToken{kind: tokKeyword, s: ">>"}
	case c == '<':
		return l.hexString()
	}
	return pdfToken{kind: tokError, s: "unexpected >"}
}

// skipSpace moves past white space and reports whether a byte follows.
func (l *pdfLexer) skipSpace() bool {
	for l.pos < len(l.data) && isPDFSpace(l.data[l.pos]) {
		l.pos++
	}
	return l.pos < len(l.data)
}

func (l *pdfLexer) hexString() pdfToken {
	var out []byte
	open := pdfToken{kind: tokOpenHex, s: "a hex string is still open at the end"}
	for {
		if !l.skipSpace() {
			return l.end(open)
		}
		c := l.data[l.pos]
		l.pos++
		if c == '>' {
			return pdfToken{kind: tokString, s: string(out)}
		}
		if !l.skipSpace() {
			return l.end(open)
		}
		c2 := l.data[l.pos]
		l.pos++
		hi, lo := unhexDigit(c), unhexDigit(c2)
		if hi < 0 || lo < 0 {
			return pdfToken{kind: tokError, s: "malformed hex string"}
		}
		out = append(out, byte(hi<<4|lo))
	}
}

func (l *pdfLexer) literalString() pdfToken {
	var out []byte
	for depth := 1; l.pos < len(l.data); {
		c := l.data[l.pos]
		l.pos++
		switch c {
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				return pdfToken{kind: tokString, s: string(out)}
			}
		case '\\':
			if l.pos >= len(l.data) {
				return l.end(pdfToken{kind: tokString, s: string(out)})
			}
			b, ok := l.escape()
			if !ok {
				return pdfToken{kind: tokError, s: "invalid escape in a string"}
			}
			out = append(out, b...)
			continue
		}
		out = append(out, c)
	}
	return l.end(pdfToken{kind: tokString, s: string(out)})
}

// escape reads the escape after a backslash: the bytes it stands for, or false if invalid.
func (l *pdfLexer) escape() ([]byte, bool) {
	c := l.data[l.pos]
	l.pos++
	if k := strings.IndexByte(escapeLetters, c); k >= 0 {
		return []byte{escapedBytes[k]}, true
	}
	switch c {
	case '\r': // a line break after a backslash is no character: \r\n, \r or \n
		if l.pos < len(l.data) && l.data[l.pos] == '\n' {
			l.pos++
		}
		return nil, true
	case '\n':
		return nil, true
	}
	if c < '0' || c > '7' {
		return nil, false
	}
	return l.octal(c)
}

// escapeLetters are the characters that follow a backslash in a string's single-character
// escapes, and escapedBytes what each stands for.
const (
	escapeLetters = "nrbtf()\\"
	escapedBytes  = "\n\r\b\t\f()\\"
)

// octal reads the rest of an octal escape \ddd whose first digit was first: up to two more
// digits; a value past 255 is invalid.
func (l *pdfLexer) octal(first byte) ([]byte, bool) {
	x := int(first - '0')
	for k := 0; k < 2 && l.pos < len(l.data) && l.data[l.pos] >= '0' && l.data[l.pos] <= '7'; k++ {
		x = x*8 + int(l.data[l.pos]-'0')
		l.pos++
	}
	if x > 255 {
		return nil, false
	}
	return []byte{byte(x)}, true
}

func (l *pdfLexer) name() pdfToken {
	var out []byte
	for l.pos < len(l.data) {
		c := l.data[l.pos]
		if isPDFDelim(c) || isPDFSpace(c) {
			break
		}
		l.pos++
		if c == '#' {
			if l.pos+2 > len(l.data) {
				return l.end(pdfToken{kind: tokError, s: "malformed name"})
			}
			hi, lo := unhexDigit(l.data[l.pos]), unhexDigit(l.data[l.pos+1])
			l.pos += 2
			if hi < 0 || lo < 0 {
				return pdfToken{kind: tokError, s: "malformed name"}
			}
			c = byte(hi<<4 | lo)
		}
		out = append(out, c)
	}
	if l.pos >= len(l.data) && !l.final {
		return pdfToken{kind: tokMore}
	}
	return pdfToken{kind: tokName, s: string(out)}
}

func (l *pdfLexer) keyword() pdfToken {
	start := l.pos
	for l.pos < len(l.data) && !isPDFDelim(l.data[l.pos]) && !isPDFSpace(l.data[l.pos]) {
		l.pos++
	}
	if l.pos >= len(l.data) && !l.final {
		return pdfToken{kind: tokMore}
	}
	s := string(l.data[start:l.pos])
	switch {
	case s == "true", s == "false":
		return pdfToken{kind: tokBool, b: s == "true"}
	case isPDFInteger(s):
		i, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return pdfToken{kind: tokError, s: "invalid integer " + s}
		}
		return pdfToken{kind: tokInt, i: i}
	case isPDFReal(s):
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return pdfToken{kind: tokError, s: "invalid number " + s}
		}
		return pdfToken{kind: tokReal, f: f}
	}
	return pdfToken{kind: tokKeyword, s: s}
}

func isPDFInteger(s string) bool {
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isPDFReal(s string) bool {
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	dots := 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '.':
			dots++
		case s[i] < '0' || s[i] > '9':
			return false
		}
	}
	return s != "" && dots == 1
}

// PDF objects as our reader holds them: nil (null), bool, int64, float64, pdfString,
// pdfName, pdfArray, pdfDict, pdfRef, and *pdfStream.
type (
	pdfString string
	pdfName   string
	pdfArray  []any
	pdfDict   map[string]any
	pdfRef    struct{ num, gen int }
	// pdfStream is a stream's dictionary and where its data starts in the file.
	pdfStream struct {
		dict   pdfDict
		offset int64
	}
)

// maxPDFDepth bounds the nesting of arrays and dictionaries, as the library's does.
const maxPDFDepth = 1000

// errNeedMore is returned when an object runs past the end of the lexer's window; errOpenHex
// when a hex string is still open at the end of the data.
var (
	errNeedMore = errors.New("object runs past the window")
	errOpenHex  = errors.New("a hex string is still open at the end")
)

// parseObject reads one object. With refs set, "n g R" is a reference, as in the file's body;
// content streams have none. A malformed object is an error.
func (l *pdfLexer) parseObject(refs bool, depth int) (any, error) {
	tok := l.next()
	return l.objectFrom(tok, refs, depth)
}

// objectFrom reads the object that starts with tok, depth arrays and dictionaries deep. The
// depth is checked here, where the elements of an array arrive as well as the values of a
// dictionary: a file of nothing but '[' would otherwise overflow the stack, which no recover
// catches.
func (l *pdfLexer) objectFrom(tok pdfToken, refs bool, depth int) (any, error) {
	if depth > maxPDFDepth {
		return nil, fmt.Errorf("objects nested more than %d deep", maxPDFDepth)
	}
	switch tok.kind {
	case tokMore:
		return nil, errNeedMore
	case tokEOF:
		return nil, errors.New("the data ends inside an object")
	case tokOpenHex:
		return nil, errOpenHex
	case tokError:
		return nil, errors.New(tok.s)
	case tokBool:
		return tok.b, nil
	case tokReal:
		return tok.f, nil
	case tokName:
		return pdfName(tok.s), nil
	case tokString:
		return pdfString(tok.s), nil
	case tokInt:
		if !refs {
			return tok.i, nil
		}
		return l.maybeRef(tok.i)
	}
	switch tok.s {
	case "null":
		return nil, nil
	case "[":
		return l.array(refs, depth)
	case "<<":
		return l.dict(refs, depth)
	}
	return nil, fmt.Errorf("unexpected %q in an object", tok.s)
}

// maybeRef reads "n g R" after the integer n, or leaves the lexer after n.
func (l *pdfLexer) maybeRef(n int64) (any, error) {
	save := l.pos
	// The library reads these two tokens too: one that never ends must be seen here.
	g := l.next()
	switch g.kind {
	case tokMore:
		return nil, errNeedMore
	case tokOpenHex:
		return nil, errOpenHex
	}
	if g.kind == tokInt && n >= 0 && n <= math.MaxUint32 && g.i >= 0 && g.i <= math.MaxUint16 {
		r := l.next()
		switch r.kind {
		case tokMore:
			return nil, errNeedMore
		case tokOpenHex:
			return nil, errOpenHex
		}
		if r.kind == tokKeyword && r.s == "R" {
			return pdfRef{int(n), int(g.i)}, nil
		}
	}
	l.pos = save
	return n, nil
}

func (l *pdfLexer) array(refs bool, depth int) (pdfArray, error) {
	var a pdfArray
	for {
		tok := l.next()
		if tok.kind == tokKeyword && tok.s == "]" {
			return a, nil
		}
		v, err := l.objectFrom(tok, refs, depth+1)
		if err != nil {
			return nil, err
		}
		a = append(a, v)
	}
}

func (l *pdfLexer) dict(refs bool, depth int) (pdfDict, error) {
	d := pdfDict{}
	for {
		tok := l.next()
		switch {
		case tok.kind == tokKeyword && tok.s == ">>":
			return d, nil
		case tok.kind == tokMore:
			return nil, errNeedMore
		case tok.kind != tokName:
			return nil, fmt.Errorf("a dictionary key is not a name")
		}
		v, err := l.parseObject(refs, depth+1)
		if err != nil {
			return nil, err
		}
		d[tok.s] = v
	}
}

// streamStart reads what follows a dictionary: the keyword stream and its end of line, giving
// the offset of the stream's data in l.data, or -1 when no stream follows.
func (l *pdfLexer) streamStart() (int, error) {
	save := l.pos
	tok := l.next()
	if tok.kind == tokMore {
		return 0, errNeedMore
	}
	if tok.kind != tokKeyword || tok.s != "stream" {
		l.pos = save
		return -1, nil
	}
	switch {
	case l.pos+1 < len(l.data) && l.data[l.pos] == '\r' && l.data[l.pos+1] == '\n':
		return l.pos + 2, nil
	case l.pos < len(l.data) && (l.data[l.pos] == '\n' || l.data[l.pos] == '\r'):
		return l.pos + 1, nil
	case l.pos+1 >= len(l.data) && !l.final:
		return 0, errNeedMore
	}
	return 0, errors.New("the keyword stream is not followed by a line break")
}
