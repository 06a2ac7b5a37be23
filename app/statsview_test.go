package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
)

// statsWindow is the window on a store holding a synthetic year 2024 of 240 items, with one
// user a role (archive.FillSyntheticYear), at the sign-in.
func statsWindow(t *testing.T) *mainWindow {
	t.Helper()
	t.Setenv("HOME", t.TempDir())
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	dir := t.TempDir()
	if err := archive.FillSyntheticYear(storeDir(dir), 2024, 240); err != nil {
		t.Fatal(err)
	}
	store, err := archive.Open(storeDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	rules, err := store.RuleSet()
	if err != nil {
		t.Fatal(err)
	}
	// The data folder the status line names is fixed, so that the screen's golden is.
	m := newMainWindow(a, windowInfo{dataDir: "/home/reviewer/.local/share/shendang", version: "1.0.0"}, store, rules)
	t.Cleanup(m.win.Close)
	m.win.Resize(fyne.NewSize(1366, 768))
	if err := m.start(); err != nil {
		t.Fatal(err)
	}
	return m
}

// signInAs signs name in with the password of a synthetic year's users.
func signInAs(t *testing.T, m *mainWindow, name string) {
	t.Helper()
	password := staffPassword
	if name == "admin" {
		password = "admin-password"
	}
	test.Type(m.login.name, name)
	test.Type(m.login.password, password)
	m.login.password.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if m.user == nil || m.user.Name != name {
		t.Fatalf("%s could not sign in: %q", name, m.login.message.Text)
	}
}

// tabTexts are the navigation entries shown.
func tabTexts(m *mainWindow) []string {
	var out []string
	for _, it := range m.tabs.Items {
		out = append(out, it.Text)
	}
	return out
}

// countQuarter chooses 2024 第二季度 and taps 统计, as a person does.
func countQuarter(t *testing.T, v *statsView) {
	t.Helper()
	pick(t, v.kind, byQuarter)
	pick(t, v.year, "2024")
	pick(t, v.part, "第二季度")
	test.Tap(v.count)
	if v.stats == nil || v.stats.Period.Label() != "2024年第二季度" {
		t.Fatalf("after 统计: got %v, want the figures of 2024年第二季度 (%q)", v.stats, v.message.Text)
	}
}

// openStats signs user in on a synthetic year's window and opens 统计, which counts this quarter.
func openStats(t *testing.T, user string) (*mainWindow, *statsView) {
	t.Helper()
	m := statsWindow(t)
	signInAs(t, m, user)
	m.tabs.Select(m.stats)
	return m, m.statsView
}

// savedFile is what a save from 统计 should give: the name the save dialog proposes ("" not
// checked), the name typed into it ("" keeps the proposed one), the file's name then, how the
// file starts, and what the line under the buttons calls the report.
type savedFile struct {
	proposed, typed, file, magic, what string
}

// answerSave answers the save dialog v opened last as a person does: checks the name proposed
// ("" not checked), opens dir, types the name typed ("" keeps the one proposed) and saves.
func answerSave(t *testing.T, v *statsView, dir, proposed, typed string) {
	t.Helper()
	if v.saver == nil {
		t.Skip("the platform's own save dialog was opened")
	}
	if proposed != "" && v.saver.name.Text != proposed {
		t.Errorf("proposed name: got %q, want %q", v.saver.name.Text, proposed)
	}
	v.saver.openDir(dir)
	if typed != "" {
		v.saver.name.SetText(typed)
	}
	test.Tap(v.saver.ok)
}

// saveInto answers the save dialog v opened last, in dir (answerSave), and checks the file saved
// and the line saying where it went. It returns the file's path.
func saveInto(t *testing.T, v *statsView, dir string, want savedFile) string {
	t.Helper()
	answerSave(t, v, dir, want.proposed, want.typed)
	path := filepath.Join(dir, want.file)
	data, err := os.ReadFile(path)
	if err != nil || !strings.HasPrefix(string(data), want.magic) {
		t.Fatalf("saved %s: got %d bytes, %v; want a file starting %q at %s", want.what, len(data), err, want.magic, path)
	}
	if msg := want.what + "已保存到 " + path; v.message.Text != msg {
		t.Errorf("message: got %q, want %q", v.message.Text, msg)
	}
	return path
}

// figureButtonOf finds the button of a total by the start of its text.
func figureButtonOf(t *testing.T, v *statsView, name string) *widget.Button {
	t.Helper()
	for _, o := range v.figures.Objects {
		if b, ok := o.(*widget.Button); ok && strings.HasPrefix(b.Text, name+" ") {
			return b
		}
	}
	t.Fatalf("no figure %q among the totals", name)
	return nil
}

func TestStatsWorkspaceByRole(t *testing.T) {
	tests := []struct {
		user      string
		sees      bool
		divisions []string // what the division picker offers
	}{
		{"office", true, []string{allDivs, "办公室", "律师工作处", "政策法规处"}},
		{"leader", true, []string{allDivs, "办公室", "律师工作处", "政策法规处"}},
		{"admin", true, []string{allDivs, "办公室", "律师工作处", "政策法规处"}},
		{"head", true, []string{"办公室"}},
		{"drafter", false, nil},
		{"archivist", false, nil},
	}
	m := statsWindow(t)
	for _, tt := range tests {
		t.Run(tt.user, func(t *testing.T) {
			signInAs(t, m, tt.user)
			defer signOut(t, m)
			tabs := strings.Join(tabTexts(m), " ")
			if got := strings.Contains(tabs, "统计"); got != tt.sees {
				t.Fatalf("navigation %q: got 统计 shown %v, want %v", tabs, got, tt.sees)
			}
			if !tt.sees {
				return
			}
			m.tabs.Select(m.stats) // a click on 统计 counts this quarter at once
			v := m.statsView
			if v.stats == nil {
				t.Fatalf("opening 统计 counted nothing: %q", v.message.Text)
			}
			if got := strings.Join(v.division.Options, " "); got != strings.Join(tt.divisions, " ") {
				t.Errorf("division picker: got %q, want %q", got, strings.Join(tt.divisions, " "))
			}
			countQuarter(t, v)
			published := v.stats.Total.Published
			if published.N == 0 {
				t.Fatal("2024年第二季度: got nothing published, want the synthetic year's items")
			}
			if tt.user == "head" && len(v.stats.ByDivision) > 0 {
				for _, r := range v.stats.ByDivision {
					if r.Key != "BGS" && r.Proposed.N > 0 {
						t.Errorf("a division head sees %s's figures: %+v", r.Label, r.Proposed)
					}
				}
			}
			// Tap the number, see the list, open an item in 归档.
			b := figureButtonOf(t, v, "公开")
			if want := fmt.Sprintf("公开 %d", published.N); b.Text != want {
				t.Errorf("total: got %q, want %q", b.Text, want)
			}
			test.Tap(b)
			if v.list == nil || len(v.list.lines) != published.N {
				t.Fatalf("tapping %q: got list %v, want %d items", b.Text, v.list, published.N)
			}
			first := v.list.lines[0]
			v.list.list.Select(0)
			if m.tabs.Selected() != m.archive || m.archiveView.selected == nil || m.archiveView.selected.ID != first.ID {
				t.Errorf("choosing %q in the list: got tab %q, selected %v; want 归档 with it selected", first.Title, m.tabs.Selected().Text, m.archiveView.selected)
			}
		})
	}
}

func TestStatsWorkspaceTablesAndCharts(t *testing.T) {
	m, v := openStats(t, "office")
	countQuarter(t, v)
	st := v.stats

	// A number of the table by division opens the items behind it.
	v.byDiv.Select(widget.TableCellID{Row: 0, Col: 4}) // 办公室 · 退回（次）
	want := st.ByDivision[0].Returned
	if v.list == nil || len(v.list.lines) != len(want.IDs()) {
		t.Fatalf("办公室 · 退回: got list %v, want %d items", v.list, len(want.IDs()))
	}
	pressKey(m.win.Canvas(), fyne.KeyEscape) // closes the list, as 关闭 does
	if v.list != nil || m.win.Canvas().Overlays().Top() != nil {
		t.Fatal("Escape on the list of items: got it still shown, want it closed")
	}

	// A bar of the funnel does too: its tap area, as the pointer taps it.
	var bars []*tapArea
	for _, o := range visible(v.charts, nil) {
		if b, ok := o.(*tapArea); ok {
			bars = append(bars, b)
		}
	}
	if want := 2*len(st.Months) + 2*len(st.ByDivision) + 6; len(bars) != want {
		t.Fatalf("got %d bars, want %d (two a month, two a division, six steps)", len(bars), want)
	}
	test.Tap(bars[len(bars)-1]) // 建档
	if v.list == nil || len(v.list.lines) != st.Funnel[5].N {
		t.Fatalf("funnel 建档: got list %v, want %d items", v.list, st.Funnel[5].N)
	}
	// The list dates each item by its 建档, in the quarter, not by its 提出.
	first := v.list.lines[0]
	if want := first.Date.In(archive.OfficeZone).Format("2006-01-02") + " 建档"; !st.Period.Contains(first.Date) || !strings.Contains(shown(m.win.Canvas()), want) {
		t.Errorf("funnel 建档: got %q dated %v, want %q shown, a day of %s", first.Title, first.Date, want, st.Period.Label())
	}
	v.list.dlg.Hide()

	// 政策解读 published late are listed by name.
	if len(st.LateItems) > 0 && !strings.Contains(shown(m.win.Canvas()), st.LateItems[0].Title) {
		t.Errorf("the late 政策解读 %q is not listed", st.LateItems[0].Title)
	}
	assertNoEnglish(t, "统计", m.win.Canvas(), append(dataWords, "/home/reviewer/.local/share/shendang")...)
	assertMarkup(t, "stats_office.xml", m.win.Canvas())

	// A custom period that is not one says why.
	pick(t, v.kind, byCustom)
	test.Type(v.from, "2024-06-01")
	test.Type(v.to, "2024-05-01")
	test.Tap(v.count)
	if top := m.win.Canvas().Overlays().Top(); top == nil || !strings.Contains(shown(m.win.Canvas()), "早于起始日期") {
		t.Errorf("a period ending before it starts: got %q, want a message that it does", shown(m.win.Canvas()))
	}
}

func TestStatsReportSaved(t *testing.T) {
	_, v := openStats(t, "leader")
	countQuarter(t, v)
	test.Tap(v.save)
	saveInto(t, v, t.TempDir(), savedFile{proposed: "2024年第二季度统计报告.pdf", typed: "季度统计.pdf", file: "季度统计.pdf", magic: "%PDF", what: "统计报告"})
}

// TestStatsRecountsWhenShownAgain: a head opens 统计, goes to 待办 and passes a draft's 初审,
// and comes back to 统计. The figures shown must include the decision without a tap on 统计.
func TestStatsRecountsWhenShownAgain(t *testing.T) {
	m := officeWindow(t)
	office := m.store.(*archive.Office)
	title := "关于开展法律援助进社区活动的通知"
	if _, err := office.Propose("wangwu", archive.Draft{Title: title, Author: "厦门市司法局", Division: "LSC", DocDate: "2026-03-18",
		Disclosure: archive.Proactive, Category: "政策法规/部门文件"}, archive.SourceFile{Name: "通知.txt", Data: []byte(title + "\n各处室：请认真贯彻执行。\n")}, ""); err != nil {
		t.Fatal(err)
	}
	signIn(t, m, "lichu")
	m.tabs.Select(m.stats)
	v := m.statsView
	if v.stats == nil {
		t.Fatalf("opening 统计 counted nothing: %q", v.message.Text)
	}
	if got := v.stats.Funnel[1].N; got != 0 {
		t.Fatalf("before the decision: got 初审 %d in the funnel, want 0", got)
	}
	m.tabs.Select(m.queue)
	m.queueView.list.Select(0)
	test.Tap(m.queueView.approve)
	if !strings.HasPrefix(m.queueView.notice.Text, "已通过") {
		t.Fatalf("通过 in 待办: got notice %q", m.queueView.notice.Text)
	}
	m.tabs.Select(m.stats)
	if got := v.stats.Funnel[1].N; got != 1 {
		t.Errorf("统计 shown again after 初审 通过: got 初审 %d in the funnel, want 1", got)
	}
	if got := figureButtonOf(t, v, "提出").Text; got != "提出 1" {
		t.Errorf("统计 shown again: got %q, want 提出 1", got)
	}
}

// TestStatsReportSavedAsWorkbook: the leader asks for the figures as a spreadsheet too; the
// summary's tables are saved as an .xlsx through the save dialog, as the command line does.
func TestStatsReportSavedAsWorkbook(t *testing.T) {
	_, v := openStats(t, "office")
	countQuarter(t, v)
	test.Tap(v.saveXLSX)
	saveInto(t, v, t.TempDir(), savedFile{proposed: "2024年第二季度统计报告.xlsx", typed: "季度统计", file: "季度统计.xlsx", magic: "PK", what: "统计报告电子表格"})
}

// TestStatsDetailsSayWhatEachNumberIs: below the tables, the findings (处) and the channels
// (件) are on lines of their own, each named; the steps' 办理次数 column holds numbers; and the
// list behind 退回 says its count is of returns, an item returned twice counting twice.
func TestStatsDetailsSayWhatEachNumberIs(t *testing.T) {
	m, v := openStats(t, "office")
	countQuarter(t, v)
	st := v.stats
	if len(st.Findings) == 0 || len(st.Channels) == 0 || len(st.Steps) == 0 {
		t.Fatalf("2024年第二季度: got findings %d, channels %d, steps %d; want some of each", len(st.Findings), len(st.Channels), len(st.Steps))
	}
	lineOf := func(prefix string) string {
		for _, o := range v.details.Objects {
			box, ok := o.(*fyne.Container)
			if !ok || len(box.Objects) == 0 {
				continue
			}
			if l, ok := box.Objects[0].(*widget.Label); ok && l.Text == prefix {
				return textsOf(box)
			}
		}
		return ""
	}
	findings := lineOf("保密审查发现的问题（处）：")
	channels := lineOf("公开渠道（件）：")
	if !strings.Contains(findings, st.Findings[0].Category.Label()) || strings.Contains(findings, st.Channels[0].Name) {
		t.Errorf("findings' line: got %q, want the findings' categories and no channel", findings)
	}
	if !strings.Contains(channels, st.Channels[0].Name) || strings.Contains(channels, st.Findings[0].Category.Label()) {
		t.Errorf("channels' line: got %q, want the channels and no finding", channels)
	}
	if got := textsOf(v.details); strings.Contains(got, "办理 ") {
		t.Errorf("the steps' table: got %q, want the 办理次数 column to hold numbers alone", got)
	}

	test.Tap(figureButtonOf(t, v, "退回（次）"))
	if v.list == nil {
		t.Fatal("tapping 退回（次） listed nothing")
	}
	want := listNote(len(v.list.lines), st.Total.Returned.N)
	if st.Total.Returned.N == len(v.list.lines) || !strings.Contains(want, "同一件可计多次") || !strings.Contains(shown(m.win.Canvas()), want) {
		t.Errorf("the list behind 退回 %d (%d items): got %q shown, want %q", st.Total.Returned.N, len(v.list.lines), shown(m.win.Canvas()), want)
	}
}

// textsOf is the texts of the labels and buttons in o, a line each.
func textsOf(o fyne.CanvasObject) string {
	var texts []string
	for _, x := range visible(o, nil) {
		switch x := x.(type) {
		case *widget.Label:
			texts = append(texts, x.Text)
		case *widget.Button:
			texts = append(texts, x.Text)
		}
	}
	return strings.Join(texts, "\n")
}

// TestStatsCountsThePeriodChosen: a clerk who has the quarter on screen picks 按月 and 5月, then
// a division; the figures become that month's and that division's without a further tap, so no
// figures stand under a picker naming another period. A custom period waits for its days.
func TestStatsCountsThePeriodChosen(t *testing.T) {
	_, v := openStats(t, "office")
	countQuarter(t, v)
	pick(t, v.kind, byMonth)
	pick(t, v.part, "5月")
	if v.stats.Period.Label() != "2024年5月" || !strings.HasPrefix(v.message.Text, "2024年5月（2024-05-01 至 2024-05-31）") {
		t.Errorf("after choosing 按月 5月: got the figures of %s, message %q; want 2024年5月's", v.stats.Period.Label(), v.message.Text)
	}
	pick(t, v.division, "律师工作处")
	if v.stats.Filter.Division != "LSC" || !strings.Contains(v.message.Text, "律师工作处") {
		t.Errorf("after choosing 律师工作处: got division %q, message %q; want LSC's figures", v.stats.Filter.Division, v.message.Text)
	}
	pick(t, v.kind, byCustom)
	if v.stats.Period.Label() != "2024年5月" || !strings.Contains(v.message.Text, "填写起止日期后按“统计”") {
		t.Errorf("after choosing 自定义: got %s counted, message %q; want 2024年5月 kept and the days asked for", v.stats.Period.Label(), v.message.Text)
	}
	test.Type(v.from, "2024-05-06")
	test.Type(v.to, "2024-05-10")
	test.Tap(v.count)
	if v.stats.Period.From.Format("2006-01-02") != "2024-05-06" {
		t.Errorf("custom 2024-05-06 to 2024-05-10: got %s counted (%q)", v.stats.Period.Label(), v.message.Text)
	}
}

// TestStatsCustomPeriodShownOnce: choosing 自定义 puts the two days where the month or quarter
// was, with no empty box before them, and the line above the figures names the days once.
func TestStatsCustomPeriodShownOnce(t *testing.T) {
	_, v := openStats(t, "office")
	pick(t, v.kind, byCustom)
	if v.partBox.Visible() || !v.fromBox.Visible() || !v.toBox.Visible() {
		t.Errorf("自定义: got the quarter's box shown %v, the days' %v %v; want the days alone", v.partBox.Visible(), v.fromBox.Visible(), v.toBox.Visible())
	}
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject
	if gap := at(v.from).X - (at(v.kind).X + v.kind.Size().Width); gap > 2*theme.Padding() {
		t.Errorf("自定义: got %v between the kind and the first day, want no empty box", gap)
	}
	test.Type(v.from, "2024-05-06")
	test.Type(v.to, "2024-05-10")
	test.Tap(v.count)
	if want := "2024-05-06 至 2024-05-10，全局。"; !strings.HasPrefix(v.message.Text, want) {
		t.Errorf("custom period: got %q, want it to start %q", v.message.Text, want)
	}
	pick(t, v.kind, byQuarter)
	if !v.partBox.Visible() || v.fromBox.Visible() {
		t.Errorf("按季度 again: got the quarter's box shown %v, the days' %v", v.partBox.Visible(), v.fromBox.Visible())
	}
}

// TestStatsProgressReportSaved: the office makes the divisions' progress report from 统计,
// 前三季度 as the document to print and 全年 as a workbook, through the save dialog (Escape
// first closes the question unanswered); a division head, who sees only their own division,
// is not offered it.
func TestStatsProgressReportSaved(t *testing.T) {
	m, v := openStats(t, "office")
	test.Tap(v.progress) // Escape is 取消
	pressKey(m.win.Canvas(), fyne.KeyEscape)
	if top := m.win.Canvas().Overlays().Top(); top != nil {
		t.Fatalf("Escape left the progress report's question open: %s", shown(m.win.Canvas()))
	}
	dir := t.TempDir()
	for _, tt := range []struct {
		span, format, name, magic string
	}{
		{progressThree, progressPDF, "2024年前三季度各处室落实情况.pdf", "%PDF"},
		{progressYear, progressXLSX, "2024年全年各处室落实情况.xlsx", "PK"},
	} {
		test.Tap(v.progress)
		a := v.progressAsk
		if a == nil {
			t.Fatal("另存为落实情况报告…: no dialog asking which report")
		}
		pick(t, a.year, "2024")
		a.span.SetSelected(tt.span)
		a.format.SetSelected(tt.format)
		if tt.span == progressThree { // before the message names a folder of the test's
			assertNoEnglish(t, "落实情况报告", m.win.Canvas(), append(dataWords, "/home/reviewer/.local/share/shendang")...)
		}
		dismissDialog(t, m.win.Canvas(), "另存为…")
		saveInto(t, v, dir, savedFile{proposed: tt.name, file: tt.name, magic: tt.magic, what: "落实情况报告"})
	}
	signOut(t, m)
	signInAs(t, m, "head")
	m.tabs.Select(m.stats)
	if m.statsView.progress.Visible() {
		t.Error("a division head is offered every division's progress report")
	}
}

// TestStatsReportNotSavedSaysWhere: the folder chosen is gone by the time the report is written
// (a USB stick pulled out); the line and a dialog say which file was not saved and why, in
// Chinese, and no half file is left.
func TestStatsReportNotSavedSaysWhere(t *testing.T) {
	m, v := openStats(t, "office")
	countQuarter(t, v)
	dir := filepath.Join(t.TempDir(), "优盘")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	test.Tap(v.save)
	if v.saver != nil {
		v.saver.openDir(dir) // the folder as it was when chosen
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	answerSave(t, v, dir, "", "")
	path := filepath.Join(dir, "2024年第二季度统计报告.pdf")
	want := "统计报告未能保存到“" + path + "”：文件或文件夹不存在。"
	if v.message.Text != want {
		t.Errorf("message: got %q, want %q", v.message.Text, want)
	}
	if top := m.win.Canvas().Overlays().Top(); top == nil || !strings.Contains(shown(m.win.Canvas()), "统计报告未能保存到：\n"+path+"\n文件或文件夹不存在。") {
		t.Errorf("got %q shown, want a dialog naming the file and why, a line each", shown(m.win.Canvas()))
	}
	if _, err := os.Stat(path + ".partial"); err == nil {
		t.Errorf("a half file %s.partial was left", path)
	}
}

// TestStatsReportSavedNamesMissingCharacters: a character the forms' font lacks (here in the
// office's name) is printed as 〓; the line saying where the report went says so, as
// `shendang report` does.
func TestStatsReportSavedNamesMissingCharacters(t *testing.T) {
	m := statsWindow(t)
	st, err := m.store.Settings()
	if err != nil {
		t.Fatal(err)
	}
	st.FondsName = "厦门市𠀀司法局"
	if err := m.store.SaveSettings("admin", st); err != nil {
		t.Fatal(err)
	}
	signInAs(t, m, "office")
	m.tabs.Select(m.stats)
	v := m.statsView
	countQuarter(t, v)
	test.Tap(v.save)
	dir := t.TempDir()
	answerSave(t, v, dir, "", "")
	path := filepath.Join(dir, "2024年第二季度统计报告.pdf")
	if want := "统计报告已保存到 " + path + "。注意：1 个字符超出字库，文中以“〓”代替：𠀀"; v.message.Text != want {
		t.Errorf("message: got %q, want %q", v.message.Text, want)
	}
}
