package main

import (
	"fmt"
	"image/color"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/review"
)

// placed is an object drawn in the view, where it is drawn.
type placed struct {
	obj fyne.CanvasObject
	pos fyne.Position
}

// drawn returns every object under o, hidden ones too, at its place relative to o's parent.
func drawn(o fyne.CanvasObject, at fyne.Position, out []placed) []placed {
	at = at.Add(o.Position())
	out = append(out, placed{o, at})
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			out = drawn(c, at, out)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			out = drawn(c, at, out)
		}
	}
	return out
}

// highlighted returns the characters of the view's page the selection's highlight covers,
// as rune offsets in the page: what the reviewer sees selected. It reads the drawing only:
// the rows of text and the selection's rectangles.
func highlighted(t *testing.T, v *docText) []int {
	t.Helper()
	sel := theme.Current().Color(theme.ColorNameSelection, fyne.CurrentApp().Settings().ThemeVariant())
	var rows []placed
	var boxes []placed
	for _, p := range drawn(v, fyne.Position{}, nil) {
		switch x := p.obj.(type) {
		case *canvas.Text:
			rows = append(rows, p)
		case *canvas.Rectangle:
			if sameColor(x.FillColor, sel) && x.Size().Width > 1 {
				boxes = append(boxes, p)
			}
		}
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].pos.Y < rows[j].pos.Y })
	// Each row of text is the next piece of the page, after the line ends and spaces a
	// wrapped row leaves out.
	page := v.runes
	at := 0
	var out []int
	for _, r := range rows {
		tx := r.obj.(*canvas.Text)
		text := []rune(tx.Text)
		if len(text) == 0 {
			continue
		}
		i := indexRunes(page[at:], text)
		if i < 0 || strings.TrimSpace(string(page[at:at+i])) != "" {
			t.Fatalf("row %q is not the next piece of the page after offset %d", tx.Text, at)
		}
		start := at + i
		at = start + len(text)
		for _, b := range boxes {
			if b.pos.Y+b.obj.Size().Height <= r.pos.Y+1 || b.pos.Y >= r.pos.Y+tx.Size().Height-1 {
				continue
			}
			for k := range text {
				x := r.pos.X + fyne.MeasureText(string(text[:k]), tx.TextSize, tx.TextStyle).Width +
					fyne.MeasureText(string(text[k]), tx.TextSize, tx.TextStyle).Width/2
				if x > b.pos.X && x < b.pos.X+b.obj.Size().Width {
					out = append(out, start+k)
				}
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func sameColor(a, b color.Color) bool {
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

// indexRunes returns where sub first occurs in s, or -1.
func indexRunes(s, sub []rune) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if slices.Equal(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

// maskedInPage returns the characters of the view's page the plan replaces, as rune offsets
// in the page.
func maskedInPage(f *redactForm) []int {
	v := f.text
	var out []int
	for _, pp := range f.plan.Parts {
		text := f.doc.Parts[pp.Index].Text
		for _, r := range pp.Replacements {
			if !selectedKind(r.Kind) {
				continue
			}
			a := v.parts[pp.Index].start + utf8.RuneCountInString(text[:r.Start])
			b := v.parts[pp.Index].start + utf8.RuneCountInString(text[:r.End])
			for k := a; k < b; k++ {
				if p := k - v.pages[v.page].start; p >= 0 && p < len(v.runes) {
					out = append(out, p)
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// selectedKind reports whether k is a kind the reviewer selects, not a recogniser's.
func selectedKind(k review.MaskKind) bool { return slices.Contains(chosenKinds, k) }

// nonSpace returns the offsets whose character in page is not a space or line end.
func nonSpace(page []rune, at []int) []int {
	var out []int
	for _, k := range at {
		if !unicode.IsSpace(page[k]) {
			out = append(out, k)
		}
	}
	return out
}

// propertyDoc is a draft of two parts whose lines are long enough to wrap, with a name that
// occurs twice, CJK brackets around an ID's label, and spaces, as a PDF list's text has.
func propertyDoc(rng *rand.Rand) *review.Document {
	chars := []rune("申请人陈建国林小红王五赵六钱七孙八李九周十吴一郑二冯三褚四卫五蒋六沈七韩八杨九朱十秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤")
	line := func(n int) string {
		var b strings.Builder
		for range n {
			switch rng.IntN(12) {
			case 0:
				b.WriteString(" ")
			case 1:
				b.WriteString("（身份证号）")
			case 2:
				b.WriteString("，")
			default:
				b.WriteRune(chars[rng.IntN(len(chars))])
			}
		}
		return b.String()
	}
	var body strings.Builder
	body.WriteString("困难群众补贴发放名单\n")
	for i := range 6 {
		fmt.Fprintf(&body, "%d 申请人陈建国（身份证号）%s\n", i+1, line(5+rng.IntN(40)))
	}
	return &review.Document{Format: review.FormatTXT, Parts: []review.Part{
		{Kind: review.PartBody, Text: body.String()},
		{Kind: review.PartHeader, Text: "经办人 " + line(8)},
	}}
}

// TestRedactSelectionMasksWhatIsHighlighted selects at random in the 脱敏后通过 dialog's text the
// ways a person does — dragging the mouse, double-clicking, Shift with the arrows, the window
// resized between — and presses 遮盖选中的文字: the characters the preview masks are those
// the highlight covers (for 其他), or lie among them (姓名, 地址, which keep some); when the
// selection is refused, the highlight holds a title, crosses parts, or (姓名) a line end.
func TestRedactSelectionMasksWhatIsHighlighted(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	w := test.NewTempWindow(t, nil)
	c := w.Canvas()
	rng := rand.New(rand.NewPCG(15, 4))
	trials := 300
	if testing.Short() {
		trials = 60
	}
	for trial := range trials {
		doc := propertyDoc(rng)
		f := newRedactForm(w, &archive.StoredCheck{Document: doc}, nil, review.DefaultMasks(), nil, nil)
		w.SetContent(f.content)
		w.Resize(fyne.NewSize(float32(700+rng.IntN(500)), 600))
		v := f.text
		var did []string
		for range 1 + rng.IntN(4) {
			did = append(did, randomGesture(t, rng, w, v))
		}
		if rng.IntN(4) == 0 {
			w.Resize(fyne.NewSize(float32(700+rng.IntN(500)), 600))
			did = append(did, "resize")
		}
		kind := rng.IntN(len(chosenKinds))
		c.Focus(f.chosenKind)
		f.chosenKind.SetSelectedIndex(kind)
		lit := highlighted(t, v)
		test.Tap(f.maskSel)
		if top := c.Overlays().Top(); top != nil {
			say := shown(c)
			switch {
			case strings.Contains(say, "仅选中的这一处"):
				tapButton(t, c, "仅选中的这一处")
			default:
				tapButton(t, c, "确定")
				if !refusalFits(v, lit, chosenKinds[kind]) {
					a, b, ok := v.selected()
					t.Logf("selected %q, cursor row %d col %d offset %d, anchor %d; selected() %d–%d %v; highlight at %v", v.SelectedText(),
						v.CursorRow, v.CursorColumn, v.CursorTextOffset(), v.anchor, a, b, ok, lit)
					t.Fatalf("trial %d (%q, %s): refused %q, yet the highlight %q lies in one part's text", trial, did, chosenKinds[kind],
						say, pickRunes(v.runes, lit))
				}
				continue
			}
		}
		masked := maskedInPage(f)
		want := nonSpace(v.runes, lit)
		switch chosenKinds[kind] {
		case review.MaskOther:
			if got := nonSpace(v.runes, masked); !slices.Equal(got, want) {
				t.Fatalf("trial %d (%q): 其他 masks %q at %v, the highlight is %q at %v", trial, did, pickRunes(v.runes, got), got, pickRunes(v.runes, want), want)
			}
		default:
			for _, k := range nonSpace(v.runes, masked) {
				if !slices.Contains(lit, k) {
					t.Fatalf("trial %d (%q): %s masks %q at %v, outside the highlight %q at %v", trial, did, chosenKinds[kind],
						pickRunes(v.runes, masked), masked, pickRunes(v.runes, lit), lit)
				}
			}
			if len(masked) == 0 && len(want) > 0 {
				t.Fatalf("trial %d (%q): %s masks nothing, the highlight is %q", trial, did, chosenKinds[kind], pickRunes(v.runes, want))
			}
		}
	}
}

// pickRunes returns the characters of page at the offsets.
func pickRunes(page []rune, at []int) string {
	var b strings.Builder
	for _, k := range at {
		b.WriteRune(page[k])
	}
	return b.String()
}

// refusalFits reports whether a selection with this highlight may be refused: nothing but
// spaces highlighted, a title or the gap between parts in it, or, for a name, a line end.
func refusalFits(v *docText, lit []int, kind review.MaskKind) bool {
	text := nonSpace(v.runes, lit)
	if len(text) == 0 {
		return true
	}
	if kind == review.MaskName && strings.ContainsAny(string(v.runes[lit[0]:lit[len(lit)-1]+1]), "\r\n") {
		return true
	}
	off := v.pages[v.page].start
	for _, r := range v.parts {
		if text[0]+off >= r.start && text[len(text)-1]+off < r.end {
			return false
		}
	}
	return true
}

// randomGesture selects in v as a person does and says what it did.
func randomGesture(t *testing.T, rng *rand.Rand, w fyne.Window, v *docText) string {
	size := v.Size()
	at := func() fyne.Position {
		return fyne.NewPos(rng.Float32()*size.Width, rng.Float32()*min(size.Height, 300))
	}
	switch rng.IntN(4) {
	case 0: // drag
		from, to := at(), at()
		ev := &desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: from}, Button: desktop.MouseButtonPrimary}
		v.MouseDown(ev)
		steps := 1 + rng.IntN(4)
		last := from
		for s := 1; s <= steps; s++ {
			p := fyne.NewPos(from.X+(to.X-from.X)*float32(s)/float32(steps), from.Y+(to.Y-from.Y)*float32(s)/float32(steps))
			v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: p}, Dragged: fyne.NewDelta(p.X-last.X, p.Y-last.Y)})
			last = p
		}
		v.DragEnd()
		ev.Position = to
		v.MouseUp(ev)
		return fmt.Sprintf("drag %v→%v", from, to)
	case 1: // double-click
		p := at()
		click(v, p)
		ev := &desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: p}, Button: desktop.MouseButtonPrimary}
		v.MouseDown(ev)
		v.MouseUp(ev)
		v.DoubleTapped(&ev.PointEvent)
		return fmt.Sprintf("double-click %v", p)
	case 2: // click, then Shift and arrows
		p := at()
		click(v, p)
		keys := []string{"shift+right", "shift+left", "shift+down", "shift+up", "shift+end", "shift+home"}
		var ks []string
		for range 1 + rng.IntN(6) {
			ks = append(ks, keys[rng.IntN(len(keys))])
		}
		press(t, w.Canvas(), ks...)
		return fmt.Sprintf("click %v, %v", p, ks)
	default: // Shift and arrows on from what is selected
		if w.Canvas().Focused() != v {
			w.Canvas().Focus(v)
		}
		keys := []string{"shift+right", "shift+left", "shift+down", "right", "left"}
		k := keys[rng.IntN(len(keys))]
		press(t, w.Canvas(), k)
		return k
	}
}

// TestRedactNameLeavesBracketOut: a name selected with the full-width bracket after it (whose
// ink stands at the bracket's right, so that selected it looks like the gap before it) is
// masked as the name alone: 陈*国, the bracket kept; as 其他 the bracket is masked with it.
func TestRedactNameLeavesBracketOut(t *testing.T) {
	for _, tt := range []struct {
		kind, want, not string
	}{
		{"姓名", "→　陈*国", "（"},
		{"地址", "→　", "（"},
		{"其他", "→　＊＊＊＊", ""},
	} {
		t.Run(tt.kind, func(t *testing.T) {
			a := test.NewTempApp(t)
			a.Settings().SetTheme(newTheme())
			w := test.NewTempWindow(t, nil)
			doc := &review.Document{Format: review.FormatTXT, Parts: []review.Part{{Kind: review.PartBody, Text: "1 申请人陈建国（身份证号）\n"}}}
			f := newRedactForm(w, &archive.StoredCheck{Document: doc}, nil, review.DefaultMasks(), nil, nil)
			w.SetContent(f.content)
			w.Resize(fyne.NewSize(1000, 600))
			click(f.text, fyne.NewPos(1, 1))
			press(t, w.Canvas(), append(append([]string{"down", "home"}, repeat("right", 5)...), repeat("shift+right", 4)...)...)
			if got := f.text.SelectedText(); got != "陈建国（" {
				t.Fatalf("selected %q, want 陈建国（", got)
			}
			pick(t, f.chosenKind, tt.kind)
			test.Tap(f.maskSel)
			got := f.preview.Text
			if !strings.Contains(got, tt.want) || tt.not != "" && strings.Contains(got, tt.not) {
				t.Errorf("the preview reads %q, want %q in it and no %q", got, tt.want, tt.not)
			}
		})
	}
}
