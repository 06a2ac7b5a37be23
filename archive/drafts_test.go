package archive

import (
	"testing"
	"time"

	"shendang.gov.cn/shendang/review"
)

func TestDraftFrom(t *testing.T) {
	st := Settings{FondsName: "厦门市司法局"}
	u := &User{Name: "w", Division: "LSC"}
	today := time.Date(2026, 3, 17, 20, 0, 0, 0, time.UTC) // already the 18th in China
	tests := []struct {
		name string
		p    review.Particulars
		file string
		want Draft
	}{
		{"what the document says", review.Particulars{Title: "关于某事的通知", DocNumber: "厦司〔2026〕1号", Date: "2026-03-01"}, "a.docx",
			Draft{Title: "关于某事的通知", DocNumber: "厦司〔2026〕1号", DocDate: "2026-03-01", Author: "厦门市司法局", Division: "LSC",
				Disclosure: Proactive, Channels: []string{"门户网站"}}},
		{"nothing said: the file's name and today", review.Particulars{}, "/x/公示名单.pdf",
			Draft{Title: "公示名单", DocDate: "2026-03-18", Author: "厦门市司法局", Division: "LSC", Disclosure: Proactive, Channels: []string{"门户网站"}}},
	}
	for _, tt := range tests {
		got := DraftFrom(tt.p, st, u, tt.file, today)
		if got.Title != tt.want.Title || got.DocNumber != tt.want.DocNumber || got.DocDate != tt.want.DocDate || got.Author != tt.want.Author ||
			got.Division != tt.want.Division || got.Disclosure != tt.want.Disclosure || len(got.Channels) != 1 || got.Channels[0] != "门户网站" {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestChecksSinceLast(t *testing.T) {
	recs := []Record{{Step: StepPropose}, {Step: StepSecrecy, Check: &CheckSnapshot{Findings: []review.Finding{{Fingerprint: "a"}}}},
		{Step: StepPropose}, {Step: StepSecrecy, Check: &CheckSnapshot{Findings: []review.Finding{{Fingerprint: "b"}}}}}
	if got := ChecksSinceLast(recs[:1]); got != nil {
		t.Errorf("no 保密审查 yet: %v, want nil", got)
	}
	if got := ChecksSinceLast(recs); len(got) != 1 || !got["b"] {
		t.Errorf("the last 保密审查's findings: %v, want only b", got)
	}
}
