package review

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// TestLexerOpenHex: a hex string still open at the end of a stream is the one shape on which
// the library's lexer never returns; ours must see it, and only it.
func TestLexerOpenHex(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"BT /F1 12 Tf <0041> Tj ET", false},
		{"<< /Type /Font >>", false},
		{"BT <0041", true},
		{"BT <00 41 ", true},
		{"BT (a < b) Tj <0041> Tj", false},
		{"BT (nested (paren) <) Tj", false},
		{`BT (escaped \) <) Tj <00`, true},
		{"% a comment with <\nBT <0041> Tj", false},
		{"<zz> <00", true}, // a malformed pair ends the first string; the second is open
		{"<0>", false},     // '>' as the second digit of a pair ends the string, malformed
		{"", false},
	}
	for _, tt := range tests {
		l := &pdfLexer{data: []byte(tt.in), final: true}
		got := false
		for tok := l.next(); tok.kind != tokEOF; tok = l.next() {
			if tok.kind == tokOpenHex {
				got = true
				break
			}
		}
		if got != tt.want {
			t.Errorf("open hex in %q: got %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestParseObject(t *testing.T) {
	tests := []struct {
		name string
		in   string
		refs bool
		want any
		err  string // a word of the error; "" wants none
	}{
		{"integer", "42", false, int64(42), ""},
		{"real", "-.5", false, -0.5, ""},
		{"boolean", "true", false, true, ""},
		{"null", "null", false, nil, ""},
		{"name with #xx", "/A#20B", false, pdfName("A B"), ""},
		{"string escapes", `(a\nb\(c\)\\)`, false, pdfString("a\nb(c)\\"), ""},
		{"octal escapes", `(\101\60\0053)`, false, pdfString("A0\x053"), ""},
		{"line continuation", "(a\\\r\nb\\\nc)", false, pdfString("abc"), ""},
		{"nested parentheses", "(a (b) c)", false, pdfString("a (b) c"), ""},
		{"hex string", "<48 65 6C6C 6F>", false, pdfString("Hello"), ""},
		{"reference", "3 0 R", true, pdfRef{3, 0}, ""},
		{"no references in content", "3 0 R", false, int64(3), ""},
		{"integer, not a reference", "3 0 obj", true, int64(3), ""},
		{"array", "[1 /A (b) [2]]", false, pdfArray{int64(1), pdfName("A"), pdfString("b"), pdfArray{int64(2)}}, ""},
		{"dictionary with a reference", "<< /Type /Page /Parent 2 0 R >>", true, pdfDict{"Type": pdfName("Page"), "Parent": pdfRef{2, 0}}, ""},
		{"octal escape past 255", `(\777)`, false, nil, "escape"},
		{"invalid escape", `(\q)`, false, nil, "escape"},
		{"malformed name", "/A#zz", false, nil, "name"},
		{"a key that is no name", "<< 1 2 >>", false, nil, "not a name"},
		{"stray delimiter", ">>", false, nil, "unexpected"},
		{"ends inside", "[1 2", false, nil, "ends inside"},
		{"hex string open", "<< /A <00", false, nil, "still open"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := &pdfLexer{data: []byte(tt.in), final: true}
			got, err := l.parseObject(tt.refs, 0)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("got %v, %v; want an error saying %q", got, err, tt.err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, %v; want %#v", got, err, tt.want)
			}
		})
	}
}

// TestLexerWindow: in a window that is not the end of the data, a token that may go on past it
// asks for more rather than being taken as it stands.
func TestLexerWindow(t *testing.T) {
	tests := []struct {
		in   string
		want error
	}{
		{"/Nam", errNeedMore},
		{"12", errNeedMore},
		{"(open", errNeedMore},
		{"<< /A 1", errNeedMore},
		{"<< /A 1 >> ", nil},
	}
	for _, tt := range tests {
		l := &pdfLexer{data: []byte(tt.in)}
		if _, err := l.parseObject(true, 0); !errors.Is(err, tt.want) {
			t.Errorf("%q: got %v, want %v", tt.in, err, tt.want)
		}
	}
}

func TestStreamStart(t *testing.T) {
	tests := []struct {
		in    string
		final bool
		want  int
		err   bool
	}{
		{"stream\r\nabc", true, 8, false},
		{"stream\nabc", true, 7, false},
		{"stream\rabc", true, 7, false},
		{"endobj", true, -1, false},
		{"stream abc", true, 0, true},
		{"stream", false, 0, true},
	}
	for _, tt := range tests {
		l := &pdfLexer{data: []byte(tt.in), final: tt.final}
		got, err := l.streamStart()
		if (err != nil) != tt.err || (!tt.err && got != tt.want) {
			t.Errorf("%q: got %d, %v; want %d (error %v)", tt.in, got, err, tt.want, tt.err)
		}
	}
}

// TestParseObjectDepth: arrays and dictionaries nest at most maxPDFDepth deep, as in the
// library; an array of arrays nested millions deep once overflowed the stack, a fatal error
// that took the whole program down.
func TestParseObjectDepth(t *testing.T) {
	tests := []struct {
		name string
		in   string
		err  bool
	}{
		{"arrays at the bound", strings.Repeat("[", maxPDFDepth) + strings.Repeat("]", maxPDFDepth), false},
		{"arrays past the bound", strings.Repeat("[", maxPDFDepth+2) + strings.Repeat("]", maxPDFDepth+2), true},
		{"arrays millions deep", strings.Repeat("[", 4<<20), true},
		{"dictionaries past the bound", strings.Repeat("<< /A ", maxPDFDepth+2) + "1" + strings.Repeat(" >>", maxPDFDepth+2), true},
		{"arrays and dictionaries past the bound", strings.Repeat("<< /A [", maxPDFDepth/2+1) + "1" + strings.Repeat("] >>", maxPDFDepth/2+1), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := &pdfLexer{data: []byte(tt.in), final: true}
			_, err := l.parseObject(false, 0)
			if got := err != nil && strings.Contains(err.Error(), "nested"); got != tt.err {
				t.Errorf("got %v, want an error saying the objects nest too deep: %v", err, tt.err)
			}
		})
	}
}
