package review

import (
	"context"
	"slices"
	"testing"
)

func TestScientificIDs(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string // rule:severity:original match
	}{
		{"a default-width cell as CSV", "李四,1.10105E+17,男", []string{"id-card-scientific:warn:1.10105E+17"}},
		{"LibreOffice's three-digit exponent", "1.10105195907213E+017", []string{"id-card-scientific:warn:1.10105195907213E+017"}},
		{"a wide cell: area and birth date", "身份证号 3.50203198506E+17", []string{"id-card-scientific:warn:3.50203198506E+17"}},
		{"lower case", "1.10105e+17", []string{"id-card-scientific:warn:1.10105e+17"}},
		{"not a province", "9.90105E+17", nil},
		{"the birth month impossible", "1.10105195913E+17", nil},
		{"a birth year not yet come", "1.101052999E+17", nil},
		{"17 digits: not an ID's length", "1.10105E+16", nil},
		{"an amount", "金额 1.5E+08 元", nil},
		{"negative exponent", "1.10105E-17", nil},
		{"inside a longer token", "v1.10105E+17a", nil},
		{"a version number", "2.1.10105E+17", nil},
		{"a number cell: the stored value below has the digits", "1.10105195907213E+17\n110105195907213000",
			[]string{"id-card:block:110105195907213000"}},
		{"a number cell whose stored value is the digits shown", "1.10105E+17\n110105000000000000",
			[]string{"id-card-scientific:warn:1.10105E+17"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, r := range recognise(tt.text) {
				got = append(got, r.rule+":"+string(r.severity)+":"+tt.text[r.start:r.end])
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDatePrefix(t *testing.T) {
	tests := []struct {
		p    string
		want bool
	}{
		{"", true}, {"1", true}, {"19", true}, {"195", true}, {"1959", true}, {"19590", true},
		{"195907", true}, {"1959072", true}, {"19590721", true}, {"195902", true}, {"1959023", false},
		{"19591", true}, {"195913", false}, {"3", false}, {"17", false}, {"1799", false}, {"2999", false},
		{"20000229", true}, {"19000229", false},
	}
	for _, tt := range tests {
		if got := datePrefix(tt.p); got != tt.want {
			t.Errorf("datePrefix(%q): got %v, want %v", tt.p, got, tt.want)
		}
	}
}

// TestScientificIDsInWorkbook: an ID typed into a number cell, and the text a CSV made of one,
// are each one probable ID (a warning) on their cell.
func TestScientificIDsInWorkbook(t *testing.T) {
	tests := []struct {
		name string
		cell any
		want []string // rule:severity@cell
	}{
		{"number cell", float64(110105195907210491), []string{"id-card-rounded:warn@Sheet1!A1"}},
		{"text of a CSV, read as the number 110105000000000000", "1.10105E+17", []string{"id-card-scientific:warn@Sheet1!A1"}},
		{"an amount", float64(1.5e8), nil},
		{"in a sentence", "身份证号码1.10105E+17。", []string{"id-card-scientific:warn@Sheet1!A1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, found, err := NewReader().CheckBytes(context.Background(), defaultRules(t), "名单.xlsx", workbookOf(t, [][]any{{tt.cell}}))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range found {
				if f.Category == CatIDCard {
					got = append(got, f.Rule+":"+string(f.Severity)+"@"+f.Cell)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
