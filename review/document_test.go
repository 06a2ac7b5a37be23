package review

import (
	"slices"
	"strings"
	"testing"
)

func TestPartPosition(t *testing.T) {
	p := &Part{Text: "第一行\n第二行abc\n\n末行"}
	tests := []struct {
		sub             string
		line, col       int
		occurrenceAfter int
	}{
		{"第一行", 1, 1, 0}, {"二", 2, 2, 0}, {"abc", 2, 4, 0}, {"末", 4, 1, 0},
	}
	for _, tt := range tests {
		off := strings.Index(p.Text, tt.sub)
		if line, col := p.Position(off); line != tt.line || col != tt.col {
			t.Errorf("Position(%q at %d) = %d:%d, want %d:%d", tt.sub, off, line, col, tt.line, tt.col)
		}
	}
	if line, _ := p.Position(len(p.Text) + 10); line != 4 {
		t.Errorf("past the end: line %d, want 4", line)
	}
}

func TestDocumentText(t *testing.T) {
	doc := &Document{Parts: []Part{
		{Kind: PartBody, Page: 1, Text: "第一页"},
		{Kind: PartHeader, Text: "页眉"},
		{Kind: PartBody, Page: 2, Text: "第二页"},
		{Kind: PartBody, Page: 3, Text: ""},
	}}
	tests := []struct {
		kind PartKind
		want string
	}{
		{PartBody, "第一页\n第二页\n"},
		{PartHeader, "页眉"},
		{PartFooter, ""},
	}
	for _, tt := range tests {
		if got := doc.Text(tt.kind); got != tt.want {
			t.Errorf("Text(%s): got %q, want %q", tt.kind, got, tt.want)
		}
	}
}

func TestAddMeta(t *testing.T) {
	doc := &Document{Meta: Metadata{Title: "关于某事的通知", Author: "王五", Producer: "cairo"}}
	doc.addMeta()
	var got []string
	for _, p := range doc.Parts {
		if p.Kind != PartMetadata {
			t.Errorf("got a %s part, want metadata only", p.Kind)
		}
		got = append(got, p.Label+"="+p.Text)
	}
	if want := []string{"标题=关于某事的通知", "作者=王五", "生成程序=cairo"}; !slices.Equal(got, want) {
		t.Errorf("got parts %q, want %q (the empty fields left out)", got, want)
	}
}

func TestAddGap(t *testing.T) {
	doc := &Document{}
	doc.addGap(2, "第2页的内容流缺失")
	doc.addGap(0, "文件声明共 3 页")
	want := []Gap{{Part: PartBody, Page: 2, Reason: "第2页的内容流缺失"}, {Part: PartBody, Page: 0, Reason: "文件声明共 3 页"}}
	if !slices.Equal(doc.Gaps, want) {
		t.Errorf("got %+v, want %+v", doc.Gaps, want)
	}
}
