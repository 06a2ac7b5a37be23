package main

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

func TestFindingsGroupedWithCounts(t *testing.T) {
	v := reviewerOn(t, "请示.txt", []byte("会议纪要\n秘密★1年\n内部资料\n讨论稿\n机密★5年\n手机13812345678\n"))
	var got []string
	for _, g := range v.groups {
		got = append(got, fmt.Sprintf("%s %s %d", g.severity.Label(), g.category.Label(), len(g.members)))
	}
	// 拦截 first; within a severity, categories in the order they first occur.
	want := "[拦截 密级标志 2 拦截 内部标识 1 拦截 手机号 1 提示 敏感词 2]"
	if fmt.Sprint(got) != want {
		t.Errorf("groups %v, want %s", got, want)
	}
	markup := test.RenderToMarkup(v.win.Canvas())
	for _, s := range []string{"拦截 · 密级标志", ">2</text>", "拦截 · 手机号", "提示 · 敏感词"} {
		if !strings.Contains(markup, s) {
			t.Errorf("the findings list does not show %q", s)
		}
	}
	// F3 goes through the findings in the list's order, not the document's.
	var seen []string
	for range len(v.found) + 1 {
		v.step(1)
		seen = append(seen, v.found[v.selected].Match)
	}
	if s := strings.Join(seen, " "); s != "秘密★1年 机密★5年 内部资料 13812345678 会议纪要 讨论稿 秘密★1年" {
		t.Errorf("F3 visits %s", s)
	}
	// A decision shows in its group's row.
	v.selectFinding(v.groups[0].members[0])
	test.Tap(v.confirm)
	if !strings.Contains(test.RenderToMarkup(v.win.Canvas()), "拦截 · 密级标志（已处理 1）") {
		t.Error("the group row does not count the finding handled")
	}
}

func TestSelectedFindingUnderlined(t *testing.T) {
	v := newTestReviewView(t)
	v.loadBytes("a.txt", []byte("甲内部资料乙"))
	v.selectFinding(0)
	segs := v.texts[0].segments
	if len(segs) != 3 {
		t.Fatalf("%d segments, want 3", len(segs))
	}
	mid := segs[1].(*widget.TextSegment)
	if mid.Text != "内部资料" || !mid.Style.TextStyle.Underline || mid.Style.ColorName != theme.ColorNameError {
		t.Errorf("selected finding drawn as %+v", mid)
	}
}
