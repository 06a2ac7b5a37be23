package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/review"
)

// busyOffice is an office with an item waiting at every step, one filed, and a user of every
// role; the archive tests' office with more in it.
func busyOffice(t *testing.T) *archive.Office {
	t.Helper()
	s := publishedOffice(t, "已公开待建档的通知")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	it, err := s.Propose("drafter", archive.Draft{Title: "已建档的通知", Author: "厦门市司法局", Division: "BGS", DocDate: "2016-06-29",
		Disclosure: archive.Proactive}, archive.SourceFile{Name: "a.txt", Data: []byte("正文")}, "")
	must(err)
	for _, u := range []string{"head", "office", "leader"} {
		must(s.Decide(u, it.ID, archive.Review{Approve: true}))
	}
	must(s.Publish("office", it.ID, archive.Publication{Channels: []string{"门户网站"}, Date: "2016-07-01"}))
	_, err = s.FileItem("archivist", it.ID, archive.FilingRequest{Year: 2016, Pages: 1})
	must(err)
	for _, step := range []struct {
		title string
		by    []string
		ret   bool
	}{{"待初审的通知", nil, false}, {"待保密审查的通知", []string{"head"}, false}, {"待审核的通知", []string{"head", "office"}, false},
		{"待公开的通知", []string{"head", "office", "leader"}, false}, {"已退回的通知", nil, true}} {
		it, err := s.Propose("drafter", archive.Draft{Title: step.title, Author: "厦门市司法局", Division: "BGS", DocDate: "2016-06-29",
			Disclosure: archive.Proactive}, archive.SourceFile{Name: "b.txt", Data: []byte("秘密★1年\n正文")}, "")
		must(err)
		for _, u := range step.by {
			r := archive.Review{Approve: true}
			if u == "office" {
				chk, err := s.CheckItem(t.Context(), it.ID)
				must(err)
				r.Dispositions = map[string]review.Disposition{}
				for _, f := range chk.Findings {
					r.Dispositions[f.Fingerprint] = review.Disposition{Kind: review.Dismissed, Reason: "样张"}
				}
			}
			must(s.Decide(u, it.ID, r))
		}
		if step.ret {
			must(s.Decide("head", it.ID, archive.Review{Opinion: "请修改"}))
		}
	}
	return s
}

// TestEveryButtonForEveryRole signs each role in and, on every screen and every tab of 设置,
// taps every enabled button it shows, with the first row of each list selected, closing what
// opens. Nothing may panic, and nothing shown may be English.
func TestEveryButtonForEveryRole(t *testing.T) {
	if testing.Short() {
		t.Skip("taps every button of every screen for every role")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	for _, user := range []string{"admin", "drafter", "head", "office", "leader", "archivist"} {
		t.Run(user, func(t *testing.T) {
			s := busyOffice(t)
			a := test.NewTempApp(t)
			speakChinese()
			a.Settings().SetTheme(newTheme())
			rules, err := s.RuleSet()
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			m := newMainWindow(a, windowInfo{dataDir: dir, version: "1.0.0"}, s, rules)
			t.Cleanup(m.win.Close)
			m.win.Resize(fyne.NewSize(1366, 768))
			if err := m.start(); err != nil {
				t.Fatal(err)
			}
			test.Type(m.login.name, user)
			password := "password-1"
			if user == "admin" {
				password = "admin-password"
			}
			test.Type(m.login.password, password)
			test.Tap(m.login.login)
			if m.user == nil {
				t.Fatalf("%s cannot sign in", user)
			}
			words := append(slices.Clone(dataWords), dir, home, "drafter", "head", "office", "leader", "archivist", "otherhead")
			m.reviewView.loadBytes("示例.txt", []byte("秘密★1年\n正文有内部资料字样。"))
			for _, tab := range []*container.TabItem{m.queue, m.review, m.archive, m.settings} {
				pressEverything(t, m, tab, words)
			}
			if m.user != nil {
				pressShortcut(t, m.win.Canvas(), signOutShortcut)
			}
		})
	}
}

// pressEverything taps, one after another, every enabled button on the screen of tab, and on
// each tab of 设置, with the first row of its lists selected.
func pressEverything(t *testing.T, m *mainWindow, tab *container.TabItem, words []string) {
	t.Helper()
	c := m.win.Canvas()
	screens := []func(){func() {}}
	if tab == m.settings && m.settingsView != nil {
		screens = nil
		for _, ti := range m.settingsView.tabs.Items {
			screens = append(screens, func() { m.settingsView.tabs.Select(ti) })
		}
	}
	for _, show := range screens {
		if m.user == nil {
			return // a button signed out: the rest is the next role's
		}
		m.tabs.Select(tab)
		show()
		selectFirstRows(m)
		assertNoEnglish(t, tab.Text, c, words...)
		var labels []string
		for _, o := range visible(c.Content(), nil) {
			if b, ok := o.(*widget.Button); ok && !b.Disabled() && b.Text != "" && b.Text != "注销" {
				labels = append(labels, b.Text)
			}
		}
		for _, l := range labels {
			b := findButton(c.Content(), l)
			if b == nil || b.Disabled() {
				continue // an earlier tap changed the screen
			}
			test.Tap(b)
			for i := 0; c.Overlays().Top() != nil && i < 5; i++ {
				assertNoEnglish(t, tab.Text+" › "+l, c, words...)
				closeTop(c)
			}
			if m.user == nil {
				return
			}
			m.tabs.Select(tab)
			show()
		}
	}
}

// selectFirstRows selects the first row of the lists a screen's buttons depend on.
func selectFirstRows(m *mainWindow) {
	if q := m.queueView; q != nil && len(q.tasks) > 0 && q.selected < 0 {
		q.list.Select(0)
	}
	if v := m.archiveView; v != nil && v.total > 0 && v.selected == nil {
		v.table.Select(widget.TableCellID{Row: 0, Col: 0})
	}
	if v := m.reviewView; v != nil && len(v.found) > 0 && v.selected < 0 {
		v.selectFinding(0)
	}
}

// findButton is the button labelled label drawn under o, or nil.
func findButton(o fyne.CanvasObject, label string) *widget.Button {
	for _, x := range visible(o, nil) {
		if b, ok := asButton(x); ok && b.Text == label {
			return b
		}
	}
	return nil
}

// closeTop closes the top dialog the way a person backs out of it: 取消, 关闭, 以后再说, else
// 确定; a dialog without any of them is removed.
func closeTop(c fyne.Canvas) {
	top := c.Overlays().Top()
	for _, label := range []string{"取消", "关闭", "以后再说", "先修改", "确定"} {
		if b := findButton(top, label); b != nil && !b.Disabled() {
			test.Tap(b)
			if c.Overlays().Top() != top {
				return
			}
		}
	}
	c.Overlays().Remove(top)
}

// TestGoldensSpeakChinese: no markup golden of a screen or dialog shows an English word.
func TestGoldensSpeakChinese(t *testing.T) {
	files, err := filepath.Glob("testdata/*.xml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no goldens: %v", err)
	}
	data := append(slices.Clone(dataWords), "/home/reviewer/.local/share/shendang", "LibreOffice/7.4.7.2$Linux_X86_64 LibreOffice_project/40$Build-2",
		"--data", "drafter", "office", "archivist", "marks.docx")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range markupTextRe.FindAllStringSubmatch(string(b), -1) {
			for _, w := range englishRe.FindAllString(m[1], -1) {
				if !latinAllowed[w] && !containsAny(data, w) && !hasDigit(w) {
					t.Errorf("%s: English %q in %q", f, w, m[1])
				}
			}
		}
	}
}

func containsAny(in []string, w string) bool {
	return slices.ContainsFunc(in, func(s string) bool { return strings.Contains(s, w) })
}

func hasDigit(w string) bool { return strings.ContainsAny(w, "0123456789") }
