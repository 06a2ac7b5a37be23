package review

import (
	"strings"
	"testing"
)

func TestPartPosition(t *testing.T) {
	p := &Part{Text: "第一行\n第二行abc\n\n末行"}
	tests := []struct {
		sub             string
		line, col       int
		occurrenceAfter int
	}{
		{"第一行", 1, 1, 0}, {"二", 2, 2, 0}, {"abc", 2, 4, 0}, {"末", 4, 1, 0},
	}
	for _, tt := range tests {
		off := strings.Index(p.Text, tt.sub)
		if line, col := p.Position(off); line != tt.line || col != tt.col {
			t.Errorf("Position(%q at %d) = %d:%d, want %d:%d", tt.sub, off, line, col, tt.line, tt.col)
		}
	}
	if line, _ := p.Position(len(p.Text) + 10); line != 4 {
		t.Errorf("past the end: line %d, want 4", line)
	}
}
