package archive

import "testing"

func TestDocNumberKey(t *testing.T) {
	tests := []struct{ a, b string }{
		{"思司〔2026〕15号", "思司[2026]15号"},
		{"思司〔2026〕15号", "思司［２０２６］１５号"},
		{"思司〔2026〕15号", " 思司 【2026】 15号"},
		{"厦司〔2016〕59号", "厦司（2016）59号"},
	}
	for _, tt := range tests {
		if ka, kb := docNumberKey(tt.a), docNumberKey(tt.b); ka != kb {
			t.Errorf("%q → %q and %q → %q, want one key", tt.a, ka, tt.b, kb)
		}
	}
	for _, pair := range [][2]string{{"思司〔2026〕15号", "思司〔2026〕16号"}, {"思司〔2026〕15号", "厦司〔2026〕15号"}, {"思司〔2026〕15号", "思司〔2025〕15号"}} {
		if docNumberKey(pair[0]) == docNumberKey(pair[1]) {
			t.Errorf("%q and %q: one key, want two", pair[0], pair[1])
		}
	}
	if k := docNumberKey("  "); k != "" {
		t.Errorf("blank: got %q, want none", k)
	}
}

// TestSameDocNumber: the items under a 文号, however it is written, are found, at whatever
// step; a blank 文号 finds none.
func TestSameDocNumber(t *testing.T) {
	o := newOffice(t)
	first := o.propose(t, Draft{Title: "关于开展法律援助进社区活动的通知", DocNumber: "思司〔2026〕15号", Author: "厦门市司法局", Division: "BGS", DocDate: "2026-03-18", Disclosure: Proactive})
	must(t, o.Decide("head", first.ID, Review{Approve: true}))
	o.propose(t, Draft{Title: "另一件", DocNumber: "思司〔2026〕16号", Author: "厦门市司法局", Division: "BGS", DocDate: "2026-03-18", Disclosure: Proactive})
	o.propose(t, Draft{Title: "没有文号的", Author: "厦门市司法局", Division: "BGS", DocDate: "2026-03-18", Disclosure: Proactive})
	same, err := o.SameDocNumber("思司[2026]15号")
	must(t, err)
	if len(same) != 1 || same[0].ID != first.ID || same[0].State != StateSecrecy {
		t.Errorf("思司[2026]15号: got %d items %+v, want the first, at 保密审查", len(same), same)
	}
	if same, err := o.SameDocNumber(""); err != nil || len(same) != 0 {
		t.Errorf("no 文号: got %d items, %v; want none", len(same), err)
	}
}
