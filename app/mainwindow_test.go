package main

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

func newTestMainWindow(t *testing.T) *mainWindow {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	m := newMainWindow(a, windowInfo{dataDir: "/home/reviewer/.local/share/shendang", version: "1.0.0"}, nil, nil)
	t.Cleanup(m.win.Close)
	m.win.Resize(fyne.NewSize(1024, 680))
	return m
}

func TestMainWindowNavigation(t *testing.T) {
	m := newTestMainWindow(t)
	if got := m.win.Title(); got != "审档" {
		t.Errorf("title %q, want 审档", got)
	}
	screens := []struct {
		tab    *container.TabItem
		label  string
		title  string
		golden string
	}{
		{m.queue, "待办", "暂无待办事项", "main_queue.xml"},
		{m.review, "审查", "尚未导入拟公开文件", "main_review.xml"},
		{m.archive, "归档", "档案库中还没有文件", "main_archive.xml"},
		{m.settings, "设置", "设置", "main_settings.xml"},
	}
	if len(m.tabs.Items) != len(screens) {
		t.Fatalf("%d navigation targets, want %d", len(m.tabs.Items), len(screens))
	}
	for i, s := range screens {
		t.Run(s.label, func(t *testing.T) {
			m.tabs.Select(s.tab)
			if m.tabs.Selected() != s.tab || m.tabs.SelectedIndex() != i {
				t.Fatalf("selected %q, want %q", m.tabs.Selected().Text, s.label)
			}
			if s.tab.Text != s.label {
				t.Errorf("tab text %q, want %q", s.tab.Text, s.label)
			}
			if markup := test.RenderToMarkup(m.win.Canvas()); !strings.Contains(markup, ">"+s.title+"<") {
				t.Errorf("screen %s does not show %q", s.label, s.title)
			}
			assertMarkup(t, s.golden, m.win.Canvas())
		})
	}
}

func TestMainWindowStatusShowsDataDir(t *testing.T) {
	m := newTestMainWindow(t)
	if got := m.status.Text; !strings.Contains(got, "/home/reviewer/.local/share/shendang") || !strings.Contains(got, "1.0.0") {
		t.Errorf("status %q does not show the data directory and version", got)
	}
	m.tabs.Select(m.settings)
	if markup := test.RenderToMarkup(m.win.Canvas()); !strings.Contains(markup, ">数据目录：/home/reviewer/.local/share/shendang<") {
		t.Error("settings screen does not show the data directory")
	}
}
