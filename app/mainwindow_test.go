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

// TestWindowFitsSmallScreens: for every role, on every tab, the window needs no more than a
// 1024×768 screen gives it (less the title bar and taskbar), as on many office workstations,
// with 待办（0） and with 待办（99） in the navigation.
func TestWindowFitsSmallScreens(t *testing.T) {
	m := officeWindow(t)
	for _, u := range []string{"wangwu", "lichu", "zhangsan", "chenjz", "linliu", "admin"} {
		if u == "admin" {
			test.Type(m.login.name, u)
			test.Type(m.login.password, "admin-password")
			test.Tap(m.login.login)
			if m.user == nil {
				t.Fatalf("the administrator could not sign in: %q", m.login.message.Text)
			}
		} else {
			signIn(t, m, u)
		}
		for _, tab := range m.tabs.Items {
			m.tabs.Select(tab)
			if got := m.win.Content().MinSize(); got.Width > 1000 || got.Height > 680 {
				t.Errorf("%s on %s: the window needs %.0f×%.0f, want it within 1000×680", u, tab.Text, got.Width, got.Height)
			}
		}
		// A busy desk: two digits of tasks widen the navigation.
		m.queue.Text = "待办（99）"
		m.tabs.Refresh()
		if got := m.win.Content().MinSize(); got.Width > 1000 {
			t.Errorf("%s with 待办（99）: the window needs %.0f wide, want it within 1000", u, got.Width)
		}
		signOut(t, m)
	}
}
