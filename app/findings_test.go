package main

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/review"
)

func TestFindingsGroupedWithCounts(t *testing.T) {
	v := newTestReviewView(t)
	v.loadBytes("请示.txt", []byte("会议纪要\n秘密★1年\n内部资料\n讨论稿\n机密★5年\n手机13812345678\n"))
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

func TestStyledSegments(t *testing.T) {
	for _, tc := range []struct {
		name  string
		spans []span
		want  string // each segment as text/style
	}{
		{"plain", nil, "甲乙丙/"},
		{"one finding", []span{{3, 6, spanBlock}}, "甲/ 乙/B 丙/"},
		{"warn", []span{{0, 3, spanWarn}}, "甲/W 乙丙/"},
		{"hit inside a finding underlines it", []span{{0, 9, spanBlock}, {3, 6, spanHit}}, "甲/B 乙/B_ 丙/B"},
		{"overlapping hit and finding", []span{{0, 6, spanWarn}, {3, 9, spanHit}}, "甲/W 乙/W_ 丙/H"},
		{"current hit", []span{{6, 9, spanHit}, {6, 9, spanCurrent}}, "甲乙/ 丙/H_"},
		{"selected finding", []span{{0, 3, spanBlock}, {0, 3, spanSelected}}, "甲/B_ 乙丙/"},
		{"adjacent findings of one style merge", []span{{0, 3, spanBlock}, {3, 6, spanBlock}}, "甲乙/B 丙/"},
		{"out of range is ignored", []span{{6, 12, spanBlock}, {-1, 3, spanHit}}, "甲乙丙/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, s := range styledSegments("甲乙丙", tc.spans) {
				seg := s.(*widget.TextSegment)
				code := map[string]string{string(theme.ColorNameError): "B", string(theme.ColorNameWarning): "W", string(theme.ColorNameHyperlink): "H"}[string(seg.Style.ColorName)]
				if seg.Style.TextStyle.Underline {
					code += "_"
				}
				got = append(got, seg.Text+"/"+code)
			}
			if g := strings.Join(got, " "); g != tc.want {
				t.Errorf("got %s, want %s", g, tc.want)
			}
		})
	}
}

func TestFindInDocument(t *testing.T) {
	v := newTestReviewView(t)
	v.showFind() // nothing open: nothing to search
	if v.find.box.Visible() {
		t.Error("the find bar opened with no document")
	}
	v.loadBytes("a.txt", []byte("第一条 总则\n第二条 公开\n第三条 附则\n"))
	v.showFind()
	if !v.find.box.Visible() || v.win.Canvas().Focused() != v.find.entry {
		t.Fatal("Ctrl+F does not open the find bar with the cursor in it")
	}
	test.Type(v.find.entry, "条")
	if len(v.hits) != 3 || v.find.count.Text != "第 1 / 3 处" {
		t.Errorf("%d hits, count %q", len(v.hits), v.find.count.Text)
	}
	v.find.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	test.Tap(v.find.next)
	if v.find.count.Text != "第 3 / 3 处" {
		t.Errorf("after Enter and 下一处: %q", v.find.count.Text)
	}
	test.Tap(v.find.next)
	test.Tap(v.find.prev)
	if v.find.count.Text != "第 3 / 3 处" {
		t.Errorf("wrap round and back: %q", v.find.count.Text)
	}
	test.Type(v.find.entry, "九")
	if len(v.hits) != 0 || v.find.count.Text != "未找到" {
		t.Errorf("条九: %d hits, %q", len(v.hits), v.find.count.Text)
	}
	test.Tap(v.find.close)
	for _, s := range v.texts[0].segments {
		if s.(*widget.TextSegment).Style.ColorName == theme.ColorNameHyperlink {
			t.Error("a hit stays highlighted after the find bar closed")
		}
	}
	if v.find.box.Visible() {
		t.Error("the find bar did not close")
	}
}

func TestAllowFromFinding(t *testing.T) {
	store := memStore(t)
	st := archive.Settings{FondsName: "厦门市司法局", FondsCode: "Z109", Divisions: []archive.Division{{Code: "BGS", Name: "办公室"}}}
	admin := archive.User{Name: "admin", FullName: "管理员", Roles: []archive.Role{archive.RoleAdmin}}
	if err := store.SetUp(admin, "admin-password", st); err != nil {
		t.Fatal(err)
	}
	office := archive.User{Name: "office", FullName: "张三", Roles: []archive.Role{archive.RoleOffice}}
	drafter := archive.User{Name: "drafter", FullName: "王五", Roles: []archive.Role{archive.RoleDrafter}, Division: "BGS"}
	for _, u := range []archive.User{office, drafter} {
		if err := store.CreateUser("admin", u, "password-1"); err != nil {
			t.Fatal(err)
		}
	}
	v := newTestReviewView(t)
	v.store, v.user = store, &drafter
	draft := []byte("第五条 会议纪要的格式按本办法执行。\n第六条 会议纪要由办公室印发。\n")
	v.loadBytes("办法.txt", draft)
	if len(v.found) != 2 {
		t.Fatalf("%d findings, want 2 (会议纪要 twice)", len(v.found))
	}
	v.selectFinding(0)
	if !v.allow.Disabled() {
		t.Error("a drafter may change the office's allow-list")
	}

	v.user = &office
	var changed *review.RuleSet
	v.onRulesChanged = func(rs *review.RuleSet) { changed = rs }
	v.selectFinding(0)
	if v.allow.Disabled() {
		t.Fatal("the 公开办 cannot add to the allow-list")
	}
	if p := surroundingPhrase(v.doc.Parts[0].Text, v.found[0].Offset, len(v.found[0].Match)); p != "会议纪要的格式按本办" {
		t.Errorf("suggested phrase %q", p)
	}
	before := v.rules.Version
	v.addAllowed("格式按本办法", "会议纪要") // does not hold the match
	if r, _ := store.OfficeRules(); len(r.Allow) != 0 {
		t.Error("a phrase without the match was added")
	}
	v.addAllowed("会议纪要的格式", "会议纪要")
	r, err := store.OfficeRules()
	if err != nil || len(r.Allow) != 1 || r.Allow[0].Text != "会议纪要的格式" {
		t.Fatalf("office allow-list %+v, %v", r.Allow, err)
	}
	if len(v.found) != 1 || v.found[0].Line != 2 || v.rules.Version == before || changed != v.rules {
		t.Errorf("after allowing: %d findings, rules %s (was %s), told %v", len(v.found), v.rules.Version, before, changed != nil)
	}
	// The office's list applies to every draft checked from now on, from the store.
	rs, err := store.RuleSet()
	if err != nil || rs.Version != v.rules.Version {
		t.Errorf("rule set from the store %v, %v", rs, err)
	}
}

// FuzzStyledSegments: whatever the text and spans (found by a check, or typed into the find
// bar), the segments are the text itself, cut and never altered, and drawing them never panics.
func FuzzStyledSegments(f *testing.F) {
	f.Add("甲乙丙丁", 0, 3, 3, 9, 2, 6)
	f.Add("秘密★1年", 0, 6, 0, 6, -1, 100)
	f.Fuzz(func(t *testing.T, text string, a, b, c, d, e, g int) {
		spans := []span{{a, b, spanBlock}, {c, d, spanHit}, {e, g, spanWarn}, {a, d, spanSelected}, {c, g, spanCurrent}}
		var got strings.Builder
		for _, s := range styledSegments(text, spans) {
			got.WriteString(s.(*widget.TextSegment).Text)
		}
		if got.String() != text {
			t.Fatalf("segments give %q, want %q", got.String(), text)
		}
		if p := surroundingPhrase(text, a, b); len(p) > len(text) {
			t.Fatalf("phrase %q longer than the text", p)
		}
	})
}
