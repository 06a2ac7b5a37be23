package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/review"
)

// press types keys on the focused widget as the keyboard does: "down", "home", "right", and
// "shift+right" holding Shift down round the arrow.
func press(t testing.TB, c fyne.Canvas, keys ...string) {
	t.Helper()
	names := map[string]fyne.KeyName{"up": fyne.KeyUp, "down": fyne.KeyDown, "left": fyne.KeyLeft, "right": fyne.KeyRight,
		"home": fyne.KeyHome, "end": fyne.KeyEnd, "backspace": fyne.KeyBackspace, "delete": fyne.KeyDelete, "return": fyne.KeyReturn}
	f := c.Focused()
	if f == nil {
		t.Fatal("nothing has the keyboard")
	}
	for _, k := range keys {
		name, shift := strings.CutPrefix(k, "shift+")
		if _, ok := names[name]; !ok {
			t.Fatalf("no key %q", k)
		}
		kb, _ := f.(desktop.Keyable)
		if shift && kb != nil {
			kb.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
		}
		f.TypedKey(&fyne.KeyEvent{Name: names[name]})
		if shift && kb != nil {
			kb.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
		}
	}
}

// click presses and releases the primary mouse button at pos in v, as the window does: the
// press places the cursor and gives v the keyboard.
func click(v *docText, pos fyne.Position) {
	ev := &desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: pos}, Button: desktop.MouseButtonPrimary}
	v.MouseDown(ev)
	v.MouseUp(ev)
	v.Tapped(&ev.PointEvent)
}

// repeat returns key n times.
func repeat(key string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = key
	}
	return out
}

// TestDocTextSelection selects with Shift and the arrows in the view of a draft of two parts
// and checks the place in the document the selection maps to, or why it does not.
func TestDocTextSelection(t *testing.T) {
	doc := &review.Document{Parts: []review.Part{
		{Kind: review.PartBody, Text: "1 陈小明 110\n哈哈哈哈"},
		{Kind: review.PartHeader, Text: "联系人 李四"},
	}}
	body := doc.Parts[0].Text
	tests := []struct {
		name       string
		keys       []string
		part, a, b int    // the place wanted, as bytes of the part's text
		why        string // or the refusal, in part
	}{
		{"shift+right over a name", append([]string{"down", "right", "right"}, repeat("shift+right", 3)...), 0, 2, 11, ""},
		{"shift+left back over it", append(append([]string{"down"}, repeat("right", 5)...), repeat("shift+left", 3)...), 0, 2, 11, ""},
		{"spaces at the ends left out", append([]string{"down", "right"}, repeat("shift+right", 5)...), 0, 2, 11, ""},
		{"the same text both sides, selected rightwards", append([]string{"down", "down"}, repeat("shift+right", 2)...), 0, len(body) - 12, len(body) - 6, ""},
		{"the same text both sides, selected leftwards", append([]string{"down", "down", "end"}, repeat("shift+left", 2)...), 0, len(body) - 6, len(body), ""},
		{"the header's text", append(append(repeat("down", 5), "end"), repeat("shift+left", 2)...), 1, len("联系人 "), len("联系人 李四"), ""},
		{"across the title", append([]string{"down"}, repeat("shift+left", 3)...), 0, 0, 0, "同一部分"},
		{"across two parts", append([]string{"down", "down", "home"}, repeat("shift+down", 3)...), 0, 0, 0, "同一部分"},
		{"line ends only", append([]string{"down", "down", "end"}, repeat("shift+down", 2)...), 0, 0, 0, "只有空格或换行"},
		{"from past the title's end", append([]string{"end"}, repeat("shift+right", 4)...), 0, 0, len("1 陈"), ""},
		{"nothing selected", []string{"down", "right"}, 0, 0, 0, "请先在文件的文字中选中"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			test.NewTempApp(t).Settings().SetTheme(newTheme())
			w := test.NewTempWindow(t, nil)
			v := newDocText(doc)
			w.SetContent(v)
			w.Resize(fyne.NewSize(600, 400))
			click(v, fyne.NewPos(1, 1))
			press(t, w.Canvas(), tt.keys...)
			got, why := v.selection()
			if tt.why != "" {
				if !strings.Contains(why, tt.why) {
					t.Errorf("got %+v, %q, want a refusal saying %q (selected %q)", got, why, tt.why, v.SelectedText())
				}
				return
			}
			if why != "" || got.Part != tt.part || got.Start != tt.a || got.End != tt.b {
				t.Errorf("got %+v %q, want part %d bytes %d–%d (selected %q)", got, why, tt.part, tt.a, tt.b, v.SelectedText())
			}
		})
	}
}

// TestDocTextTakesNoEdits types, deletes, cuts and pastes into the view: its text stays the
// draft's, and the selection stays.
func TestDocTextTakesNoEdits(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	w := test.NewTempWindow(t, nil)
	doc := &review.Document{Parts: []review.Part{{Kind: review.PartBody, Text: "陈小明 福建省永安市"}}}
	v := newDocText(doc)
	w.SetContent(v)
	w.Resize(fyne.NewSize(600, 300))
	want := v.Text
	click(v, fyne.NewPos(1, 1))
	press(t, w.Canvas(), append([]string{"down"}, repeat("shift+right", 3)...)...)
	test.Type(v, "改")
	press(t, w.Canvas(), "backspace", "delete", "return")
	a.Clipboard().SetContent("粘贴")
	v.TypedShortcut(&fyne.ShortcutPaste{Clipboard: a.Clipboard()})
	v.TypedShortcut(&fyne.ShortcutCut{Clipboard: a.Clipboard()})
	v.TypedShortcut(&fyne.ShortcutUndo{})
	if v.Text != want {
		t.Errorf("got text %q, want %q", v.Text, want)
	}
	if got := v.SelectedText(); got != "陈小明" {
		t.Errorf("got selection %q, want 陈小明", got)
	}
	v.TypedShortcut(&fyne.ShortcutCopy{Clipboard: a.Clipboard()})
	if got := a.Clipboard().Content(); got != "陈小明" {
		t.Errorf("copied %q, want 陈小明", got)
	}
}

// selectOffice is listOffice with a list that names its 经办人 again below the rows and gives
// each person's address.
func selectOffice(t *testing.T) (*archive.Office, string) {
	t.Helper()
	s := publishedOffice(t)
	text := "2016年第二季度困难群众补贴发放名单\n序号 姓名 身份证号 联系电话 住址\n" +
		"1 陈小明 11010519491231002X 13812345678 福建省永安市燕西街道解放路12号\n" +
		"2 林小红 350203198506150011 13912345678 福建省永安市小陶镇大湖村5组\n经办人：陈小明\n"
	return s, atSecrecy(t, s, "补贴发放名单", "名单.txt", []byte(text))
}

// TestRedactSelected: at 保密审查 the 公开办 selects a name in the draft's text with Shift and
// the arrows and masks it as 姓名 — it occurs twice: first this one only, taken back, then
// both — double-clicks an address and masks it as 地址, and approves with the copy: the 脱敏稿
// holds neither the name nor the address past its 街道.
func TestRedactSelected(t *testing.T) {
	s, id := selectOffice(t)
	q, win := officeQueue(t, s)
	c := win.Canvas()
	f := openRedact(t, q, "补贴发放名单")

	test.Tap(f.maskSel)
	if got := shown(c); !strings.Contains(got, "请先在文件的文字中选中") || !strings.Contains(f.summary.Text, "将替换 4 处") {
		t.Errorf("遮盖选中的文字 with nothing selected: summary %q, screen:\n%s", f.summary.Text, got)
	}
	tapButton(t, c, "确定")
	// Row 4 of the view is the first person's: 【正文】, the title, the heading, then it.
	click(f.text, fyne.NewPos(1, 1))
	press(t, c, append(append(repeat("down", 3), "home", "right", "right"), repeat("shift+right", 3)...)...)
	if got := f.text.SelectedText(); got != "陈小明" {
		t.Fatalf("selected %q, want 陈小明", got)
	}
	// Choosing the kind takes the focus, as a click does in the window; the text gets it back
	// with its selection, which it shows only while it has the focus.
	// As Fyne's Select does: the pop-up closes, then the choice is set.
	c.Focus(f.chosenKind)
	test.Tap(f.chosenKind)
	c.Overlays().Remove(c.Overlays().Top())
	f.chosenKind.SetSelected("其他")
	if c.Focused() != f.text || f.text.SelectedText() != "陈小明" {
		t.Errorf("after choosing the kind: focus on %T, selected %q; want the text, 陈小明", c.Focused(), f.text.SelectedText())
	}
	pick(t, f.chosenKind, "姓名")
	test.Tap(f.maskSel)
	if got := shown(c); !strings.Contains(got, "“陈小明”在文件中共有 2 处") {
		t.Fatalf("no question for the name found twice:\n%s", got)
	}
	assertNoEnglish(t, "the question", c, "BGS", "11010519491231002X", "350203198506150011")
	c.SetOnTypedKey(withEscape(c, nil)) // as the main window does: Escape is the question's 取消
	pressKey(c, fyne.KeyEscape)
	if got := shown(c); strings.Contains(got, "在文件中共有 2 处") || !strings.Contains(got, "遮盖选中的文字") || strings.Contains(f.preview.Text, "姓名") {
		t.Fatalf("after Escape at the question (focus on %T):\n%s\npreview %q", c.Focused(), got, f.preview.Text)
	}
	test.Tap(f.maskSel)
	tapButton(t, c, "仅选中的这一处")
	if got := f.preview.Text; !strings.Contains(got, "姓名　正文 第3行　→　陈*明") || strings.Contains(got, "第5行") {
		t.Errorf("after 仅选中的这一处:\n%s", got)
	}
	test.Tap(f.undo)
	if got := f.preview.Text; strings.Contains(got, "姓名") {
		t.Errorf("after 撤销上一处:\n%s", got)
	}
	test.Tap(f.maskSel)
	tapButton(t, c, "全部 2 处")
	for _, want := range []string{"姓名　正文 第3行　→　陈*明", "姓名　正文 第5行　→　陈*明", "将替换 6 处"} {
		if got := shown(c); !strings.Contains(got, want) {
			t.Errorf("after 全部 2 处 the dialog lacks %q:\n%s", want, got)
		}
	}

	// A double-click selects the address between its spaces.
	click(f.text, fyne.NewPos(1, 1))
	press(t, c, "down", "down", "down", "end", "left")
	test.DoubleTap(f.text)
	if got := f.text.SelectedText(); got != "福建省永安市燕西街道解放路12号" {
		t.Fatalf("double-click selected %q", got)
	}
	pick(t, f.chosenKind, "地址")
	test.Tap(f.maskSel)
	if got := f.preview.Text; !strings.Contains(got, "地址　正文 第3行　→　福建省永安市燕西街道***") {
		t.Errorf("after masking the address:\n%s", got)
	}
	if strings.Contains(f.preview.Text, "解放路") || strings.Contains(f.preview.Text, "陈小明") {
		t.Errorf("the preview shows an original:\n%s", f.preview.Text)
	}
	assertMarkup(t, "redact_select.xml", c)
	assertNoEnglish(t, "the 脱敏后通过 dialog with a selection", c, "BGS", "11010519491231002X", "350203198506150011")

	tapButton(t, c, "生成脱敏稿并通过")
	it, err := s.Item(id)
	if err != nil {
		t.Fatal(err)
	}
	cur := it.Current()
	if it.State != archive.StateApproval || cur.Redacted == nil {
		t.Fatalf("after 脱敏后通过: %s (notice %q)", it.State.Label(), q.notice.Text)
	}
	data, err := s.Blob(cur.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	copyText := string(data)
	for _, gone := range []string{"陈小明", "解放路12号", "11010519491231002X", "13812345678"} {
		if strings.Contains(copyText, gone) {
			t.Errorf("the 脱敏稿 still holds %q:\n%s", gone, copyText)
		}
	}
	for _, kept := range []string{"1 陈*明 11*************02X 138****5678 福建省永安市燕西街道***\n", "经办人：陈*明", "2 林小红", "小陶镇大湖村5组"} {
		if !strings.Contains(copyText, kept) {
			t.Errorf("the 脱敏稿 lacks %q:\n%s", kept, copyText)
		}
	}
	if want := "已脱敏后通过“补贴发放名单”（脱敏 7 处），脱敏稿为第 2 稿，现待审核。"; q.notice.Text != want {
		t.Errorf("got notice %q, want %q", q.notice.Text, want)
	}
}

// BenchmarkDocTextList opens the view of a 5,000-row list (its first page) and selects a
// name in it with Shift and an arrow: what the reviewer waits for when the dialog opens and at
// each key.
func BenchmarkDocTextList(b *testing.B) {
	var rows strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&rows, "%d 陈小明 11010519491231002X 13812345678 福建省永安市燕西街道解放路%d号\n", i+1, i)
	}
	doc := &review.Document{Parts: []review.Part{{Kind: review.PartBody, Text: rows.String()}}}
	test.NewTempApp(b).Settings().SetTheme(newTheme())
	w := test.NewTempWindow(b, nil)
	w.Resize(fyne.NewSize(600, 400))
	for b.Loop() {
		v := newDocText(doc)
		w.SetContent(v)
		click(v, fyne.NewPos(1, 1))
		for _, k := range []string{"down", "shift+right", "shift+right"} {
			press(b, w.Canvas(), k)
		}
	}
}

func TestPagesOf(t *testing.T) {
	tests := []struct {
		name string
		text string
		size int
		want []runeRange
	}{
		{"empty", "", 4, []runeRange{{0, 0}}},
		{"one page", "甲乙\n丙", 4, []runeRange{{0, 4}}},
		{"cut after a line end", "甲乙\n丙丁戊\n己", 5, []runeRange{{0, 3}, {3, 8}}},
		{"cut after the last line end", "甲\n乙\n丙丁戊己", 5, []runeRange{{0, 4}, {4, 8}}},
		{"a line longer than a page", "甲乙丙丁戊己", 4, []runeRange{{0, 4}, {4, 6}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pagesOf([]rune(tt.text), tt.size); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestDocTextPages selects a name on the third page of a long list: the place found is the
// name's in the document, past the pages before.
func TestDocTextPages(t *testing.T) {
	var rows strings.Builder
	for i := range 600 {
		fmt.Fprintf(&rows, "%03d 林%03d 13812345678\n", i+1, i)
	}
	doc := &review.Document{Parts: []review.Part{{Kind: review.PartBody, Text: rows.String()}}}
	test.NewTempApp(t).Settings().SetTheme(newTheme())
	w := test.NewTempWindow(t, nil)
	v := newDocText(doc)
	w.SetContent(v)
	w.Resize(fyne.NewSize(600, 400))
	if got := len(v.pages); got < 3 {
		t.Fatalf("got %d pages, want at least 3", got)
	}
	click(v, fyne.NewPos(1, 1))
	press(t, w.Canvas(), "shift+right")
	v.showPage(2)
	if got := v.SelectedText(); got != "" {
		t.Errorf("a new page keeps the selection %q", got)
	}
	if got := v.pageLabel(); got != fmt.Sprintf("第 3/%d 页", len(v.pages)) {
		t.Errorf("got %q", got)
	}
	click(v, fyne.NewPos(1, 1))
	press(t, w.Canvas(), "right", "right", "right", "right", "shift+right", "shift+right", "shift+right", "shift+right")
	line := string(v.runes[:strings.IndexRune(v.text, '\n')])
	got, why := v.selection()
	want := strings.Index(doc.Parts[0].Text, line) + len(line[:4])
	if why != "" || got.Start != want || doc.Parts[0].Text[got.Start:got.End] != line[4:4+len("林000")] {
		t.Errorf("got %+v %q, want bytes from %d holding %q", got, why, want, line[4:4+len("林000")])
	}
}

// TestDocTextMenu: a right click on the view offers 复制 and 全选, nothing that edits.
func TestDocTextMenu(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(newTheme())
	w := test.NewTempWindow(t, nil)
	v := newDocText(&review.Document{Parts: []review.Part{{Kind: review.PartBody, Text: "陈小明"}}})
	w.SetContent(v)
	w.Resize(fyne.NewSize(400, 300))
	test.TapSecondary(v)
	menu := test.RenderToMarkup(w.Canvas())
	for _, want := range []string{">复制<", ">全选<"} {
		if !strings.Contains(menu, want) {
			t.Errorf("the menu lacks %s:\n%s", want, menu)
		}
	}
	for _, edit := range []string{"剪切", "粘贴", "撤销", "Cut", "Paste"} {
		if strings.Contains(menu, edit) {
			t.Errorf("the menu offers %s", edit)
		}
	}
}

// TestRedactSelectionAcrossLines: a selection that runs over a line end is not a name: 姓名
// refuses it and says why; 其他 masks it.
func TestRedactSelectionAcrossLines(t *testing.T) {
	s, _ := selectOffice(t)
	q, win := officeQueue(t, s)
	c := win.Canvas()
	f := openRedact(t, q, "补贴发放名单")
	tests := []struct {
		kind    string
		chosen  int    // texts added
		refused string // in a dialog over the window, or ""
		say     string // in the summary
	}{
		{"姓名", 0, "选中的文字跨了行，不是一个姓名", "将替换 4 处"},
		{"其他", 1, "", "将替换 5 处"},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			// The end of the first person's row and the start of the next: "2号\n2 林".
			click(f.text, fyne.NewPos(1, 1))
			press(t, c, append(append(repeat("down", 3), "end", "left", "left"), repeat("shift+right", 5)...)...)
			if got := f.text.SelectedText(); !strings.Contains(got, "\n") {
				t.Fatalf("selected %q, want a line end in it", got)
			}
			pick(t, f.chosenKind, tt.kind)
			test.Tap(f.maskSel)
			if len(f.chosen) != tt.chosen || !strings.Contains(f.summary.Text, tt.say) {
				t.Errorf("got %d added, summary %q, want %d added and %q", len(f.chosen), f.summary.Text, tt.chosen, tt.say)
			}
			if tt.refused != "" {
				if got := shown(c); !strings.Contains(got, tt.refused) {
					t.Fatalf("the refusal %q is not shown:\n%s", tt.refused, got)
				}
				tapButton(t, c, "确定")
			}
		})
	}
}
