package archive

import "testing"

func TestItemPhrase(t *testing.T) {
	n := &names{items: map[string]summary{
		"filed":    {Title: "关于印发方案的通知", DocNumber: "厦司〔2016〕59号", Code: "Z109-2016-Y-BGS-0001"},
		"numbered": {Title: "关于印发方案的通知", DocNumber: "厦司〔2016〕59号"},
		"titled":   {Title: "工作要点"},
		"untitled": {},
	}}
	tests := []struct {
		id         string
		wantItem   string
		wantPhrase string
	}{
		{"filed", "Z109-2016-Y-BGS-0001", "档号 Z109-2016-Y-BGS-0001 "},
		{"numbered", "《关于印发方案的通知》（厦司〔2016〕59号）", "《关于印发方案的通知》（厦司〔2016〕59号）"},
		{"titled", "《工作要点》", "《工作要点》"},
		{"untitled", "编号 untitled", "条目编号 untitled "},
		{"unknown", "编号 unknown", "条目编号 unknown "},
	}
	for _, tt := range tests {
		if got := n.item(tt.id); got != tt.wantItem {
			t.Errorf("item(%s): got %q, want %q", tt.id, got, tt.wantItem)
		}
		if got := n.itemPhrase(tt.id); got != tt.wantPhrase {
			t.Errorf("itemPhrase(%s): got %q, want %q", tt.id, got, tt.wantPhrase)
		}
	}
}

func TestGroupName(t *testing.T) {
	tests := []struct {
		year, retention, division string
		want                      string
	}{
		{"2016", "Y", "BGS", "2016年度 永久 BGS "},
		{"2017", "D30", "LSC", "2017年度 定期30年 LSC "},
		{"2018", "D5", "BGS", "2018年度 D5 BGS "}, // a period 审档 does not know is named as stored
	}
	for _, tt := range tests {
		if got := groupName(tt.year, tt.retention, tt.division); got != tt.want {
			t.Errorf("groupName(%s, %s, %s): got %q, want %q", tt.year, tt.retention, tt.division, got, tt.want)
		}
	}
}
