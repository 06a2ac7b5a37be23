package review

import "testing"

func TestEveryNameHasALabel(t *testing.T) {
	for c := range categories {
		if c.Label() == "" {
			t.Errorf("category %s has no label", c)
		}
	}
	for _, v := range []Verdict{VerdictClean, VerdictWarn, VerdictBlock, VerdictError} {
		if v.Label() == "" {
			t.Errorf("verdict %s has no label", v)
		}
	}
	for _, k := range []PartKind{PartBody, PartHeader, PartFooter, PartFootnote, PartEndnote, PartComment, PartRevision, PartMetadata} {
		if k.Label() == "" {
			t.Errorf("part %s has no label", k)
		}
	}
}

func TestFindingWhere(t *testing.T) {
	tests := []struct {
		f    Finding
		want string
	}{
		{Finding{Part: PartBody, Page: 2, Line: 11}, "正文 第2页 第11行"},
		{Finding{Part: PartBody, Line: 3}, "正文 第3行"},
		{Finding{Part: PartHeader, Page: 1}, "页眉 第1页"},
		{Finding{Part: PartComment}, "批注"},
		{Finding{Part: PartRevision, Line: 7}, "修订（已删除） 第7行"},
	}
	for _, tt := range tests {
		if got := tt.f.Where(); got != tt.want {
			t.Errorf("Where(%+v): got %q, want %q", tt.f, got, tt.want)
		}
	}
}

func TestLabels(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"block", Block.Label(), "拦截"},
		{"warn", Warn.Label(), "提示"},
		{"dismissed", Dismissed.Label(), "误报"},
		{"confirmed", Confirmed.Label(), "确认"},
		{"classification mark", CatClassificationMark.Label(), "密级标志"},
		{"id card", CatIDCard.Label(), "身份证号"},
		{"verdict block", VerdictBlock.Label(), "不得公开"},
		{"verdict error", VerdictError.Label(), "无法读取"},
		{"metadata part", PartMetadata.Label(), "文档属性"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}
