package review

import (
	"errors"
	"testing"
)

func TestMaskProfileMask(t *testing.T) {
	tests := []struct {
		name, profile, text, want string
	}{
		{"ID default 2+3", "id_card:2+3", "350203198506150011", "35*************011"},
		{"ID 6+4", "id_card:6+4", "350203198506150011", "350203********0011"},
		{"ID 3+4", "id_card:3+4", "11010519491231002X", "110***********002X"},
		{"ID full-width", "id_card:2+3", "１１０１０５１９４９１２３１００２Ｘ", "１１＊＊＊＊＊＊＊＊＊＊＊＊＊０２Ｘ"},
		{"ID removed", "id_card:remove", "350203198506150011", ""},
		{"ID weak mask masked again", "id_card:2+3", "350203198506150***", "35****************"},
		{"mobile 3+4", "mobile_phone:3+4", "13812345678", "138****5678"},
		{"mobile with separators", "mobile_phone:3+4", "138-1234-5678", "138-****-5678"},
		{"card last 4", "bank_card:0+4", "6222020000000000005", "***************0005"},
		{"card with spaces", "bank_card:0+4", "4111 1111 1111 1111", "**** **** **** 1111"},
		{"short number keeps less", "mobile_phone:3+4", "12345", "1**45"},
		{"name of three", "name:surname", "陈建国", "陈*国"},
		{"name of two", "name:surname", "陈国", "陈*"},
		{"name 某", "name:mou", "陈建国", "陈某"},
		{"compound surname", "name:surname", "欧阳建国", "欧阳*国"},
		{"name with spaces kept", "name:surname", " 李四 ", " 李* "},
		{"address to the town", "address:town", "福建省永安市燕西街道解放路12号3栋", "福建省永安市燕西街道***"},
		{"address to the township", "address:town", "某县城关乡大湖村5组", "某县城关乡***"},
		{"address with no town", "address:town", "解放路12号", "解放***"},
		{"other text hidden whole", "other:stars", "项目代号 K-7 甲", "＊＊＊＊ *** ＊"},
		{"other text across lines", "other:stars", "厦门\n思明", "＊＊\n＊＊"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParseMaskProfile(tt.profile)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Mask(tt.text); got != tt.want {
				t.Errorf("Mask(%q): got %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestMaskProfileValidate(t *testing.T) {
	tests := []struct {
		text string
		ok   bool
	}{
		{"id_card:2+3", true}, {"id_card:6+4", true}, {"id_card:3+4", true}, {"id_card:remove", true},
		{"id_card:14+3", false}, // the birth date whole
		{"id_card:0+12", false}, // likewise
		{"id_card:10+7", false}, // one digit hidden: the check digit gives it back
		{"id_card:-1+3", false},
		{"mobile_phone:3+4", true}, {"mobile_phone:4+4", false}, // three hidden
		{"bank_card:0+4", true}, {"bank_card:6+9", false},
		{"name:surname", true}, {"name:mou", true}, {"name:2+3", false},
		{"address:town", true}, {"address:remove", false},
		{"other:stars", true}, {"other:remove", false}, {"name:stars", false},
		{"passport:2+3", false}, {"id_card", false}, {"id_card:a+b", false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			p, err := ParseMaskProfile(tt.text)
			if got := err == nil; got != tt.ok {
				t.Fatalf("ParseMaskProfile(%q): got error %v, want ok %v", tt.text, err, tt.ok)
			}
			if err != nil && !errors.Is(err, ErrMaskProfile) {
				t.Errorf("got error %v, want it to wrap ErrMaskProfile", err)
			}
			if err == nil && p.String() != tt.text {
				t.Errorf("String: got %q, want %q", p.String(), tt.text)
			}
		})
	}
}

// TestMaskedOutputIsSound checks that what every accepted identifier profile writes reads to
// the check as a sound mask (已脱敏): no finding at all.
func TestMaskedOutputIsSound(t *testing.T) {
	values := map[MaskKind][]string{
		MaskIDCard: {"11010519491231002X", "440524188001010014"},
		MaskMobile: {"13812345678"},
		MaskBank:   {"6222020000000000005", "4111111111111111"},
	}
	profiles := append(ShippedIDProfiles(), DefaultMasks()[MaskMobile], DefaultMasks()[MaskBank],
		MaskProfile{Kind: MaskBank, Style: StyleKeep, First: 6, Last: 4}, MaskProfile{Kind: MaskMobile, Style: StyleKeep, First: 3, Last: 3})
	for _, p := range profiles {
		for _, v := range values[p.Kind] {
			t.Run(p.String()+" "+v, func(t *testing.T) {
				text := "号码：" + p.Mask(v) + "。"
				var c claims
				c.recognise(text)
				if len(c.out) != 0 {
					t.Errorf("%q: got %d findings (%s), want none", text, len(c.out), c.out[0].rule)
				}
				if p.Style == StyleKeep && len(c.sound) != 1 {
					t.Errorf("%q: got %d sound masks, want 1", text, len(c.sound))
				}
			})
		}
	}
}

func TestMaskSetText(t *testing.T) {
	set, err := ParseMaskSet("id_card:6+4， mobile_phone:3+4")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := set.String(), "id_card:6+4,mobile_phone:3+4,bank_card:0+4,name:surname,address:town,other:stars"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := set[MaskIDCard].Weak(); got == "" {
		t.Errorf("6+4: got no weakness, want the birth date one")
	}
	if got := DefaultMasks()[MaskIDCard].Weak(); got != "" {
		t.Errorf("2+3: got weakness %q, want none", got)
	}
	if _, err := ParseMaskSet("id_card:2+3,id_card:3+4"); !errors.Is(err, ErrMaskProfile) {
		t.Errorf("a kind twice: got %v, want ErrMaskProfile", err)
	}
	back, err := ParseMaskSet(DefaultMasks().String())
	if err != nil || back.String() != DefaultMasks().String() {
		t.Errorf("round trip: got %v, %v", back, err)
	}
}

// TestMaskIdentifiers: a title taken from an OFD's properties holds a mobile number; the 提出
// form gets it masked as the 脱敏稿 masks it, and a title without one as it is.
func TestMaskIdentifiers(t *testing.T) {
	tests := []struct {
		name, in, want string
		n              int
	}{
		{"mobile in a title", "补贴名单（联系人 13812345678）", "补贴名单（联系人 138****5678）", 1},
		{"ID and mobile", "陈建国 350203198506150011 13912345678", "陈建国 35*************011 139****5678", 2},
		{"nothing to mask", "关于发放2016年度困难群众补贴的公示", "关于发放2016年度困难群众补贴的公示", 0},
		{"empty", "", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, n := MaskIdentifiers(tt.in, nil)
			if got != tt.want || n != tt.n {
				t.Errorf("got %q, %d; want %q, %d", got, n, tt.want, tt.n)
			}
		})
	}
}
