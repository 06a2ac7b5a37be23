package review

import "testing"

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
