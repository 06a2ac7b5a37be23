package main

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// pressKey presses a key on the canvas as the window does: the focused widget takes it, or the
// canvas's own key handler when nothing has the focus.
func pressKey(c fyne.Canvas, name fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: name}
	if f := c.Focused(); f != nil {
		f.TypedKey(ev)
	} else if h := c.OnTypedKey(); h != nil {
		h(ev)
	}
}

// typeOnCanvas types text as the window does: into the focused widget, or to the canvas's own
// handler when nothing has the focus.
func typeOnCanvas(c fyne.Canvas, text string) {
	for _, r := range text {
		if f := c.Focused(); f != nil {
			f.TypedRune(r)
		} else if h := c.OnTypedRune(); h != nil {
			h(r)
		}
	}
}

// TestMessageBoxKeys: an error or a notice closes on 回车 (either Enter key) and on Escape, as
// in Windows programs; the field typed in before has the focus again, and what follows is
// typed there; a form refused opens again once its message is closed.
func TestMessageBoxKeys(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	for _, key := range []fyne.KeyName{fyne.KeyReturn, fyne.KeyEnter, fyne.KeyEscape} {
		for _, kind := range []string{"error", "notice"} {
			win := test.NewTempWindow(t, nil)
			win.Resize(fyne.NewSize(800, 600))
			field := widget.NewEntry()
			win.SetContent(field)
			c := win.Canvas()
			c.Focus(field)
			then := 0
			if kind == "error" {
				showErrorThen(win, userError("起始日期“2026-13-01”不正确：请按“2026-03-18”的格式填写。"), func() { then++ })
			} else {
				showInfo(win, "需要理由", "标为误报时，请写明理由。")
			}
			if c.Overlays().Top() == nil {
				t.Fatalf("%s: no message shown", kind)
			}
			pressKey(c, key)
			if top := c.Overlays().Top(); top != nil {
				t.Errorf("%s, %s pressed: got %q still shown, want it closed", kind, key, shown(c))
				continue
			}
			if kind == "error" && then != 1 {
				t.Errorf("%s, %s pressed: what follows the message ran %d times, want once", kind, key, then)
			}
			if c.Focused() != field {
				t.Errorf("%s, %s pressed: got %v focused, want the field typed in before", kind, key, c.Focused())
			}
			typeOnCanvas(c, "理由")
			if field.Text != "理由" {
				t.Errorf("%s, %s pressed: typing then gave the field %q, want %q", kind, key, field.Text, "理由")
			}
		}
	}
}

// TestMessageBoxOtherKeys: a letter typed while a message shows does not close it, nor go to the
// field underneath.
func TestMessageBoxOtherKeys(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	win := test.NewTempWindow(t, nil)
	win.Resize(fyne.NewSize(800, 600))
	field := widget.NewEntry()
	win.SetContent(field)
	c := win.Canvas()
	c.Focus(field)
	showError(win, userError("文件不存在。"))
	pressKey(c, fyne.KeyA)
	typeOnCanvas(c, "a")
	if c.Overlays().Top() == nil || field.Text != "" {
		t.Errorf("after a letter: got the message shown %v and the field %q, want the message shown and the field empty", c.Overlays().Top() != nil, field.Text)
	}
}

// TestStatsBadDayClosedWithEnter: in 统计 a custom day mistyped says so; 回车 closes the message
// and the day can be corrected at once.
func TestStatsBadDayClosedWithEnter(t *testing.T) {
	m := statsWindow(t)
	signInAs(t, m, "office")
	m.tabs.Select(m.stats)
	v := m.statsView
	c := m.win.Canvas()
	pick(t, v.kind, byCustom)
	test.Tap(v.from)
	test.Type(v.from, "2024-13-01")
	test.Type(v.to, "2024-12-31")
	test.Tap(v.count)
	if !strings.Contains(shown(c), "不正确") {
		t.Fatalf("a mistyped day: got %q shown, want a message that it is wrong", shown(c))
	}
	pressKey(c, fyne.KeyReturn)
	if c.Overlays().Top() != nil {
		t.Errorf("回车 on the message: got %q still shown, want it closed", shown(c))
	}
}

// TestMessageBoxHeight: a message of one line stands as tall as its line and its button, as
// Fyne's own message dialogs do, not half the window.
func TestMessageBoxHeight(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	win := test.NewTempWindow(t, widget.NewLabel(""))
	win.Resize(fyne.NewSize(1280, 696))
	text := "起始日期“2026-13-01”不正确：请按“2026-03-18”的格式填写。"
	b := newMessage("出错了", text, nil, "确定", win)
	b.Show()
	d := fyne.CurrentApp().Driver()
	var line fyne.CanvasObject
	for _, o := range visible(win.Canvas().Overlays().Top(), nil) {
		if l, ok := o.(*widget.Label); ok && l.Text == text {
			line = l
		}
	}
	if line == nil {
		t.Fatalf("got %q shown, want the message", shown(win.Canvas()))
	}
	gap := d.AbsolutePositionForObject(b.ok).Y - d.AbsolutePositionForObject(line).Y
	if gap > 3*line.MinSize().Height || line.Size().Width < 400 {
		t.Errorf("got the message %v wide and its button %v below it, want it on one line with the button under it", line.Size().Width, gap)
	}
}
