package review

import (
	"slices"
	"strings"
	"testing"
)

func TestMaskedIdentifiers(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		want  []string // findings, rule:severity:original match
		sound []string // soundly masked (已脱敏), category:original match
	}{
		{"ID 6+4", "身份证号：350203********0011", nil, []string{"id_card:350203********0011"}},
		{"ID 2+3", "35*************123", nil, []string{"id_card:35*************123"}},
		{"ID 1+2 full-width stars", "3＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊１１", nil, []string{"id_card:3＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊１１"}},
		{"ID 3+4 with x", "350xxxxxxxxxxx0011", nil, []string{"id_card:350xxxxxxxxxxx0011"}},
		{"ID 6+4 with X", "350203XXXXXXXX0011", nil, []string{"id_card:350203XXXXXXXX0011"}},
		{"ID 6+4 with ●", "350203●●●●●●●●0011", nil, []string{"id_card:350203●●●●●●●●0011"}},
		{"ID masked, check X shown", "110105********002X", nil, []string{"id_card:110105********002X"}},
		{"ID 4+4", "3502**********0011", nil, []string{"id_card:3502**********0011"}},
		{"ID 6+4 with ×", "350203××××××××0011", nil, []string{"id_card:350203××××××××0011"}},
		{"ID 2+3 with ＊", "35＊＊＊＊＊＊＊＊＊＊＊＊＊123", nil, []string{"id_card:35＊＊＊＊＊＊＊＊＊＊＊＊＊123"}},
		{"ID last four hidden, birth date shown", "35020319850615****", []string{"id-card-mask-birthdate:warn:35020319850615****"}, nil},
		{"ID birth date shown with X", "350203198506150XXX", []string{"id-card-mask-birthdate:warn:350203198506150XXX"}, nil},
		{"ID only the check digit hidden with ●", "35020319850615001●", []string{"id-card-mask-one:warn:35020319850615001●"}, nil},
		{"ID birth date shown", "350203198506150***", []string{"id-card-mask-birthdate:warn:350203198506150***"}, nil},
		{"ID area hidden, birth date shown", "******198506150011", []string{"id-card-mask-birthdate:warn:******198506150011"}, nil},
		{"ID one digit hidden", "35020319850615*011", []string{"id-card-mask-one:warn:35020319850615*011"}, nil},
		{"ID check digit hidden", "11010519491231002*", []string{"id-card-mask-one:warn:11010519491231002*"}, nil},
		{"ID one digit hidden, no completion", "3502*3198506150019", nil, nil},
		{"ID birth date shown, impossible: not an ID", "350203198513150***", nil, []string{"bank_card:350203198513150***"}},
		{"mobile 3+4", "联系电话：138****1234", nil, []string{"mobile_phone:138****1234"}},
		{"mobile full-width stars", "138＊＊＊＊1234", nil, []string{"mobile_phone:138＊＊＊＊1234"}},
		{"mobile ●", "138●●●●1234", nil, []string{"mobile_phone:138●●●●1234"}},
		{"mobile 3+3", "138*****234", nil, []string{"mobile_phone:138*****234"}},
		{"mobile with x", "138xxxx1234", nil, []string{"mobile_phone:138xxxx1234"}},
		{"mobile with X", "138XXXX1234", nil, []string{"mobile_phone:138XXXX1234"}},
		{"mobile with ×", "138××××1234", nil, []string{"mobile_phone:138××××1234"}},
		{"mobile two hidden", "手机 1381234**78", []string{"mobile-phone-mask-short:warn:1381234**78"}, nil},
		{"mobile one hidden", "13812345*78", []string{"mobile-phone-mask-short:warn:13812345*78"}, nil},
		{"card 4+4", "卡号：6222********6789", nil, []string{"bank_card:6222********6789"}},
		{"card 6+4 of 19", "621700*********0122", nil, []string{"bank_card:621700*********0122"}},
		{"card last 4 of 16", "卡号：************6789", nil, []string{"bank_card:************6789"}},
		{"card last 4 of 19", "***************0122", nil, []string{"bank_card:***************0122"}},
		{"card one hidden", "卡号：622202100112345*789", []string{"bank-card-mask-one:warn:622202100112345*789"}, nil},
		{"card one hidden, UnionPay", "622202100112345*789", []string{"bank-card-mask-one:warn:622202100112345*789"}, nil},
		{"16 characters, one hidden, no context", "编号411111111111*111", nil, nil},
		{"stars in a heading", "★★★★★★★★★★★★", nil, nil},
		{"a mark is not a mask", "秘密★1年", nil, nil},
		{"mask glued to letters", "abc138****1234", nil, nil},
		{"short mask", "138****12", nil, nil},
		{"full ID is not a mask", "11010519491231002x", []string{"id-card:block:11010519491231002x"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c claims
			c.recognise(tt.text)
			var got, sound []string
			for _, r := range c.out {
				got = append(got, r.rule+":"+string(r.severity)+":"+tt.text[r.start:r.end])
			}
			for _, r := range c.sound {
				sound = append(sound, string(r.cat)+":"+tt.text[r.start:r.end])
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("findings: got %q, want %q", got, tt.want)
			}
			if !slices.Equal(sound, tt.sound) {
				t.Errorf("masked: got %q, want %q", sound, tt.sound)
			}
		})
	}
}

// TestMaskedInCheck: through the whole check, a sound mask of any length and character is no
// finding, and a weak one is a warning that says why in its basis.
func TestMaskedInCheck(t *testing.T) {
	tests := []struct {
		text  string
		want  string // rule, or "" for no finding
		basis string // the basis contains this
	}{
		{"身份证号：3502**********0011，联系电话：138*****234。", "", ""},
		{"身份证号：350203XXXXXXXX0011；手机：138xxxx1234", "", ""},
		{"身份证号：350203●●●●●●●●0011；手机：138××××1234", "", ""},
		{"身份证号：35020319850615****", "id-card-mask-birthdate", "出生日期仍完整可见"},
		{"身份证号：35020319850615001＊", "id-card-mask-one", "由末位校验码推算还原"},
	}
	for _, tt := range tests {
		found := NewRuleSet(nil, nil).Check(textDoc(tt.text))
		var got []string
		for _, f := range found {
			got = append(got, f.Rule)
			if f.Rule == tt.want && (f.Severity != Warn || !strings.Contains(f.Basis, tt.basis)) {
				t.Errorf("%s: got %s with basis %q, want a warning saying %q", tt.text, f.Severity, f.Basis, tt.basis)
			}
		}
		var want []string
		if tt.want != "" {
			want = []string{tt.want}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: got %q, want %q", tt.text, got, want)
		}
	}
}
