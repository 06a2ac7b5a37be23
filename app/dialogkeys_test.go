package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/review"
)

// TestEscapeClosesDialogs: Escape closes the chooser, the question before 提出 and before 通过
// (answering “no”), the message of a refused 退回, and 关于审档, as their 取消, 先修改, 再看看,
// 确定 and 关闭 do; it never answers a question “yes”.
func TestEscapeClosesDialogs(t *testing.T) {
	m := officeWindow(t)
	c := m.win.Canvas()
	files := t.TempDir()
	write(t, filepath.Join(files, "draft.txt"), "秘密★1年\n关于调整律师事务所年度检查安排的请示\n市政府：\n本请示为征求意见稿。\n厦门市司法局\n2026年3月18日\n")

	m.onAbout()
	pressKey(c, fyne.KeyEscape)
	if c.Overlays().Top() != nil {
		t.Errorf("Escape left 关于审档 open: %s", shown(c))
	}

	signIn(t, m, "wangwu")
	rv := m.reviewView
	pressShortcut(t, c, openShortcut)
	if rv.chooser == nil || c.Overlays().Top() == nil {
		t.Fatal("Ctrl+O opened no chooser")
	}
	pressKey(c, fyne.KeyEscape) // the name field has the keyboard
	if c.Overlays().Top() != nil || rv.doc != nil {
		t.Fatalf("Escape in the chooser: %s", shown(c))
	}
	pressShortcut(t, c, openShortcut)
	answerChooser(t, rv.chooser, files, "打开", "draft.txt")
	test.Tap(rv.proposeBtn)
	if !strings.Contains(shown(c), "本稿有以下“拦截”问题") {
		t.Fatalf("no question before 提出: %s", shown(c))
	}
	pressKey(c, fyne.KeyEscape)
	if c.Overlays().Top() != nil || rv.proposed != nil {
		t.Fatalf("Escape at the question before 提出: proposed %v, %s", rv.proposed != nil, shown(c))
	}
	test.Tap(rv.proposeBtn)
	tapButton(t, c, "仍要提出")
	tapButton(t, c, "提出")
	if rv.proposed == nil {
		t.Fatalf("not proposed: %s", shown(c))
	}
	id := rv.proposed.ID
	signOut(t, m)

	signIn(t, m, "lichu")
	taskNamed(t, m.queueView, "待初审")
	tapButton(t, c, "退回")
	if !strings.Contains(shown(c), "退回时请写明理由") {
		t.Fatalf("a return without a reason: %s", shown(c))
	}
	pressKey(c, fyne.KeyEscape)
	if c.Overlays().Top() != nil {
		t.Errorf("Escape left the message open: %s", shown(c))
	}
	tapButton(t, c, "通过")
	if !strings.Contains(shown(c), "保密审查时公开办须逐项处理") {
		t.Fatalf("no question at 通过 of a blocked draft: %s", shown(c))
	}
	pressKey(c, fyne.KeyEscape)
	if c.Overlays().Top() != nil {
		t.Errorf("Escape left the question open: %s", shown(c))
	}
	if it, _ := m.store.Item(id); it.State != archive.StatePreliminary {
		t.Errorf("Escape at the question passed the draft: %s", it.State.Label())
	}
}

// pressTab presses Tab as the window does: a widget that accepts tabs types it, otherwise the
// focus moves to the next field.
func pressTab(c fyne.Canvas) {
	if f, ok := c.Focused().(fyne.Tabbable); ok && f.AcceptsTab() {
		c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab})
		return
	}
	c.FocusNext()
}

// TestTabLeavesLinesFields: at first start, Tab after the last 机构 line moves on to 管理员登录名
// instead of typing a tab into the list (which the window drew as an unknown character).
func TestTabLeavesLinesFields(t *testing.T) {
	m := newStoreWindow(t, memStore(t))
	c := m.win.Canvas()
	v := m.setup
	c.Focus(v.divisions)
	test.Type(v.divisions, "BGS 办公室")
	pressTab(c)
	if v.divisions.Text != "BGS 办公室" || c.Focused() != v.adminName {
		t.Errorf("Tab in 机构: text %q, focus on %T, want 管理员登录名", v.divisions.Text, c.Focused())
	}
	test.Type(v.adminName, "admin") // Tab still goes on from a one-line field
	pressTab(c)
	if c.Focused() != v.adminFullName {
		t.Errorf("Tab in 管理员登录名: focus on %T", c.Focused())
	}
}

// pressShortcutFocused presses a shortcut as the window does: the focused widget takes it when
// it takes shortcuts at all (an entry does), else the canvas.
func pressShortcutFocused(t *testing.T, c fyne.Canvas, s fyne.Shortcut) {
	t.Helper()
	if f, ok := c.Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(s)
		return
	}
	pressShortcut(t, c, s)
}

// TestDismissWithCtrlEnterWhileTyping: at 保密审查 the 公开办 types the reason and presses
// Ctrl+Enter without leaving the field; the finding is marked 误报 with that reason (the entry
// used to swallow the shortcut).
func TestDismissWithCtrlEnterWhileTyping(t *testing.T) {
	data, err := os.ReadFile("../review/testdata/marks.docx")
	if err != nil {
		t.Fatal(err)
	}
	v := reviewerOn(t, "marks.docx", data)
	c := v.win.Canvas()
	v.selectFinding(0)
	c.Focus(v.reason)
	test.Type(v.reason, "样张，非真实文件")
	pressShortcutFocused(t, c, dismissShortcut)
	if d := v.disp[v.found[0].Fingerprint]; d.Kind != review.Dismissed || d.Reason != "样张，非真实文件" {
		t.Errorf("Ctrl+Enter in the reason field recorded %+v, want 误报 with the reason typed", d)
	}
}
