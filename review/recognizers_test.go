package review

import (
	"slices"
	"testing"
)

func TestRecognisers(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string // category:severity:original match
	}{
		// 公民身份号码 (GB 11643-1999)
		{"ID valid", "身份证号：11010519491231002X。", []string{"id_card:block:11010519491231002X"}},
		{"ID valid 2", "440524188001010014", []string{"id_card:block:440524188001010014"}},
		{"ID lower-case x", "11010519491231002x", []string{"id_card:block:11010519491231002x"}},
		{"ID full-width digits", "１１０１０５１９４９１２３１００２Ｘ", []string{"id_card:block:１１０１０５１９４９１２３１００２Ｘ"}},
		{"ID bad check digit", "110105194912310021", nil},
		{"ID impossible date", "110105194902300028", nil},
		{"ID first digit 0", "010105194912310026", nil},
		{"ID inside a longer run", "911010519491231002X", nil},
		{"ID followed by digits", "11010519491231002X5", nil},
		{"ID legacy 15 with context", "身份证号码 110105491231002", []string{"id_card:block:110105491231002"}},
		{"ID legacy 15 without context", "编号110105491231002", nil},
		// mobile
		{"mobile plain", "电话13812345678", []string{"mobile_phone:block:13812345678"}},
		{"mobile separators", "138-1234-5678 与 138 1234 5678", []string{"mobile_phone:warn:138-1234-5678", "mobile_phone:warn:138 1234 5678"}},
		{"mobile +86", "+86 13812345678", []string{"mobile_phone:warn:+86 13812345678"}},
		{"mobile 0086", "008613812345678", []string{"mobile_phone:warn:008613812345678"}},
		{"mobile second digit 2", "12812345678", nil},
		{"mobile inside longer run", "213812345678", nil},
		{"landline is not a hit", "监督电话：0592-5071234，(0592)5071234", nil},
		// bank cards: Luhn, 62 prefix, context words
		{"card Luhn with context", "卡号：4111 1111 1111 1111", []string{"bank_card:block:4111 1111 1111 1111"}},
		{"UnionPay 62 Luhn", "6222020000000000005", nil},
		{"account without Luhn, with context", "开户行：某银行，账号：1234567890123456", []string{"bank_card:warn:1234567890123456"}},
		{"Luhn alone is not enough", "编号4111111111111111", nil},
		// email, passport
		{"email", "来信请寄 zhang.san@example.com 。", []string{"email:warn:zhang.san@example.com"}},
		{"passport with context", "护照号码E12345678", []string{"passport:block:E12345678"}},
		{"passport-like without context", "型号E12345678", nil},
		// 统一社会信用代码 is public information
		{"credit code", "统一社会信用代码91350100M000100Y43", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, r := range recognise(tt.text) {
				got = append(got, string(r.cat)+":"+string(r.severity)+":"+tt.text[r.start:r.end])
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestUnionPayLuhn(t *testing.T) {
	// 62 + Luhn-valid: a UnionPay card even without context.
	n := "6222020000000000000"
	for d := byte('0'); d <= '9'; d++ {
		c := n[:18] + string(d)
		if luhn(c) {
			if got := recognise("号码" + c); len(got) != 1 || got[0].cat != CatBankCard {
				t.Errorf("%s: %+v, want a bank card", c, got)
			}
			return
		}
	}
	t.Fatal("no Luhn-valid completion")
}

func TestLuhnAndChecksums(t *testing.T) {
	for s, want := range map[string]bool{"79927398713": true, "79927398710": false, "4111111111111111": true} {
		if luhn(s) != want {
			t.Errorf("luhn(%s) != %v", s, want)
		}
	}
	for s, want := range map[string]bool{"11010519491231002x": true, "440524188001010014": true, "440524188001010015": false} {
		if validID(s) != want {
			t.Errorf("validID(%s) != %v", s, want)
		}
	}
}
