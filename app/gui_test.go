package main

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"shendang.gov.cn/shendang/archive"
)

func TestStartupErrorWindow(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	dir := t.TempDir()
	first, err := archive.Open(storeDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	_, err = archive.Open(storeDir(dir))
	if !errors.Is(err, archive.ErrStoreInUse) {
		t.Fatalf("second open: %v, want ErrStoreInUse", err)
	}

	e := newStartupErrorWindow(a, "/home/reviewer/shendang", err)
	defer e.win.Close()
	if !strings.Contains(e.heading.Text, "/home/reviewer/shendang") {
		t.Errorf("heading %q does not name the data directory", e.heading.Text)
	}
	if e.message.Text != userMessage(err) {
		t.Errorf("message %q, want %q", e.message.Text, userMessage(err))
	}
	if e.quit.Text != "关闭" {
		t.Errorf("button %q, want 关闭", e.quit.Text)
	}
	e.win.Resize(fyne.NewSize(560, 200))
	assertMarkup(t, "startup_error.xml", e.win.Canvas())
}
