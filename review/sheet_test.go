package review

import "testing"

func TestHeaderFooterText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"&C页眉：某某街道办事处", "页眉：某某街道办事处"},
		{"&L左&C中&R右", "左\n中\n右"},
		{`&"宋体,加粗"&12内部资料&K00FF00 第&P页，共&N页`, "内部资料 第页，共页"},
		{"A && B", "A & B"},
		{"&", "&"},
		{`&"未闭合`, ""},
		{"&K12", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := headerFooterText(tt.in); got != tt.want {
			t.Errorf("headerFooterText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWholeNumber(t *testing.T) {
	tests := []struct {
		raw, want string
		ok        bool
	}{
		{"1.10105195907213E+017", "110105195907213000", true}, // as LibreOffice writes it
		{"1.1010519590721E+17", "110105195907210000", true},
		{"13812345678", "13812345678", true},
		{"-1234567", "-1234567", true},
		{"45123", "45123", false}, // a date: too short to be an identifier
		{"1200.5", "", false},     // not whole
		{"1E+300", "", false},     // far past any identifier
		{"NaN", "", false},
		{"秘密", "", false},
	}
	for _, tt := range tests {
		got, ok := wholeNumber(tt.raw)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("wholeNumber(%q) = %q, %v; want %q, %v", tt.raw, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCellNames(t *testing.T) {
	tests := []struct {
		ref      string
		col      int
		name     string
		row, def int
	}{
		{"C4", 3, "C4", 4, 0},
		{"AB12", 28, "AB12", 12, 0},
		{"XFD1", 16384, "XFD1", 1, 0},
		{"XFE1", 7, "", 1, 7}, // past the last column: the default
		{"4", 9, "", 4, 9},
	}
	for _, tt := range tests {
		col := cellColumn(tt.ref, tt.def)
		if col != tt.col {
			t.Errorf("cellColumn(%q) = %d, want %d", tt.ref, col, tt.col)
		}
		if tt.name != "" {
			if got := (Cell{Row: tt.row, Col: col}).Name(); got != tt.name {
				t.Errorf("Cell{%d, %d}.Name() = %q, want %q", tt.row, col, got, tt.name)
			}
		}
	}
}
