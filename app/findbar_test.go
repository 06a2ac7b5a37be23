package main

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

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
	if v.find.box.Size().Height == 0 || v.scroll.Position().Y < v.find.box.Size().Height {
		t.Errorf("the find bar is open but not laid out above the text: bar %v, text at %v", v.find.box.Size(), v.scroll.Position())
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

// TestFindBarClosesWithTheDocument: clearing the screen (after a decision, or at sign-out)
// closes the find bar and gives its room back.
func TestFindBarClosesWithTheDocument(t *testing.T) {
	v := newTestReviewView(t)
	v.loadBytes("a.txt", []byte("第一条 总则\n"))
	v.showFind()
	test.Type(v.find.entry, "条")
	v.clear()
	if v.find.box.Visible() || v.find.entry.Text != "" || v.scroll.Position().Y > v.find.box.Size().Height {
		t.Errorf("after clear: bar visible %v, text %q, text at %v", v.find.box.Visible(), v.find.entry.Text, v.scroll.Position())
	}
}
