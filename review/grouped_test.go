package review

import (
	"slices"
	"testing"
)

// recognisedAs lists what recognise finds in text as rule:severity:original match.
func recognisedAs(text string) []string {
	var got []string
	for _, r := range recognise(text) {
		got = append(got, r.rule+":"+string(r.severity)+":"+text[r.start:r.end])
	}
	return got
}

func TestGroupedIdentifiers(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string // rule:severity:original match
	}{
		{"ID 6-8-4 spaces", "身份证号：350203 19850615 0011。", []string{"id-card:block:350203 19850615 0011"}},
		{"ID 6-8-4 ideographic spaces", "350203\u300019850615\u30000011", []string{"id-card:block:350203\u300019850615\u30000011"}},
		{"ID 6-4-4-4 hyphens", "证件号码 350203-1985-0615-0011", []string{"id-card:block:350203-1985-0615-0011"}},
		{"ID 6-8-4 two spaces", "350203  19850615  0011", []string{"id-card:block:350203  19850615  0011"}},
		{"ID 6-8-4 spaced hyphen", "350203 - 19850615 - 0011", []string{"id-card:block:350203 - 19850615 - 0011"}},
		{"ID grouped full-width", "３５０２０３　１９８５０６１５　００１１", []string{"id-card:block:３５０２０３　１９８５０６１５　００１１"}},
		{"ID grouped with X", "110105 19491231 002X", []string{"id-card:block:110105 19491231 002X"}},
		{"ID grouped with full-width x", "110105 19491231 002ｘ", []string{"id-card:block:110105 19491231 002ｘ"}},
		{"ID grouped, tab separated", "张三\t350203 19850615 0011\t男", []string{"id-card:block:350203 19850615 0011"}},
		{"ID full-width hyphens", "350203－19850615－0011", []string{"id-card:block:350203－19850615－0011"}},
		{"ID mixed separators", "350203 19850615-0011", nil},
		{"ID grouped bad check", "350203 19850615 0012", nil},
		{"ID grouped 4-4-4-4-2", "3502 0319 8506 1500 11", nil},
		{"ID grouped first group of 7", "1350203 19850615 0011", nil},
		{"ID grouped, digit glued after", "350203 19850615 00112", nil},
		{"ID grouped, group of 5 at the end", "350203 19850615 001", nil},
		{"ID grouped, too wide a gap", "350203    19850615    0011", nil},
		{"years in a row", "2016 2017 2018 2019 2020 2021", nil},
		{"amounts in a row", "合计 123456 20231301 0001 元", nil},
		{"dates and counts", "350203 20160101 12 人", nil},
		// phones and cards in groups, ideographic spaces and full-width digits
		{"mobile ideographic spaces", "手机：138\u30001234\u30005678", []string{"mobile-phone:block:138\u30001234\u30005678"}},
		{"mobile full-width hyphens", "１３８－１２３４－５６７８", []string{"mobile-phone:warn:１３８－１２３４－５６７８"}},
		{"mobile full-width", "联系电话１３８１２３４５６７８", []string{"mobile-phone:block:１３８１２３４５６７８"}},
		{"card 4-4-4-4-3 ideographic", "卡号：６２２２\u3000０２１０\u3000０１１２\u3000３４５６\u3000７８９",
			[]string{"bank-card:block:６２２２\u3000０２１０\u3000０１１２\u3000３４５６\u3000７８９"}},
		{"card 4-4-4-4 hyphens", "银行卡号 4111-1111-1111-1111", []string{"bank-card:block:4111-1111-1111-1111"}},
		// 18-digit numbers a spreadsheet rounded to 15 or 16 significant digits
		{"rounded ID, 16 digits kept", "110105195907210500", []string{"id-card-rounded:warn:110105195907210500"}},
		{"rounded ID, 15 digits kept", "身份证 110105195907210000", []string{"id-card-rounded:warn:110105195907210000"}},
		{"rounded ID full-width", "１１０１０５１９５９０７２１０５００", []string{"id-card-rounded:warn:１１０１０５１９５９０７２１０５００"}},
		{"rounded, no province", "000105195907210500", nil},
		{"rounded, province 19", "190105195907210500", nil},
		{"rounded, no such month", "110105195913210500", nil},
		{"18 digits, one trailing zero", "110105195907210510", nil},
		{"18 digits inside a longer run", "1101051959072105001", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := recognisedAs(tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// FuzzIdentifiers: with identifiers in groups, rounded or masked, the recognisers' spans are
// characters of the text that do not overlap, and reading only the windows around numbers finds
// what reading the whole text finds.
func FuzzIdentifiers(f *testing.F) {
	for _, s := range []string{"身份证号：350203 19850615 0011。", "３５０２０３\u3000１９８５０６１５\u3000００１１", "350203-1985-0615-0011",
		"110105195907210500", "350203********0011", "35*************123", "138＊＊＊＊1234", "350203198506150***",
		"35020319850615*011", "卡号：622202100112345*789", "1381234**78 与 350203●●●●●●●●0011", "2016 2017 2018 2019",
		"1.10105E+17", "1.10105E+17\n110105000000000000", "3502**********0011", "138*****234", "350203××××××××0011"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var c claims
		c.recognise(text)
		spans := append(slices.Clone(c.out), c.sound...)
		slices.SortFunc(spans, func(a, b recognised) int { return a.start - b.start })
		for i, r := range spans {
			if r.start < 0 || r.end > len(text) || r.start >= r.end || (i > 0 && r.start < spans[i-1].end) {
				t.Fatalf("%q: span [%d,%d) of %d, after %v", text, r.start, r.end, len(text), spans[:i])
			}
		}
		got, want := recogniseAll(text), c.out
		order := func(a, b recognised) int { return a.start - b.start }
		slices.SortStableFunc(got, order)
		slices.SortStableFunc(want, order)
		if !slices.Equal(got, want) {
			t.Fatalf("%q: windows find %v, the whole text %v", text, got, want)
		}
	})
}
