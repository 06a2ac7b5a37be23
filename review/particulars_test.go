package review

import "testing"

func TestGuessParticulars(t *testing.T) {
	tests := []struct {
		name string
		doc  *Document
		want Particulars
	}{
		{"an office notice", mustRead(t, noticeFixture),
			Particulars{Title: "云溪市司法局关于印发2026年政务公开工作要点的通知", DocNumber: "云司〔2026〕15号", Date: "2026-03-18"}},
		{"a 公示 without 文号", mustRead(t, gongshiFixture),
			Particulars{Title: "关于2026年度法律援助工作先进集体拟表彰名单的公示", Date: "2026-03-31"}},
		{"a head with marks", textDoc("000023", "秘密★1年", "特急", "", "厦门市司法局关于调整律师事务所年度检查考核工作安排的请示", "", "市政府：", "厦门市司法局", "2016年6月29日"),
			Particulars{Title: "厦门市司法局关于调整律师事务所年度检查考核工作安排的请示", Date: "2016-06-29"}},
		{"square brackets from a PDF", textDoc("厦司[2016]7号", "关于某事的函", "2016 年 7 月 1 日"),
			Particulars{Title: "关于某事的函", DocNumber: "厦司[2016]7号", Date: "2016-07-01"}},
		{"the title property wins", &Document{Meta: Metadata{Title: "属性中的标题"}, Parts: []Part{{Kind: PartBody, Text: "关于别的事的通知"}}},
			Particulars{Title: "属性中的标题"}},
		{"nothing to find", textDoc(""), Particulars{}},
	}
	for _, tt := range tests {
		if got := GuessParticulars(tt.doc); got != tt.want {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, got, tt.want)
		}
	}
}

// TestGuessParticularsOfSeed: the customer's notice, where SHENDANG_SEED_DIR names it.
func TestGuessParticularsOfSeed(t *testing.T) {
	want := Particulars{Title: "厦门市司法局关于印发2016年政务公开工作实施方案的通知", DocNumber: "厦司〔2016〕59号", Date: "2016-06-29"}
	if got := GuessParticulars(mustRead(t, seedPath(t))); got != want {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}
