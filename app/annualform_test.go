package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
)

// openAnnualForm taps 统计, then its 年度报告 page, and picks 2024, as a person does.
func openAnnualForm(t *testing.T, m *mainWindow) *annualForm {
	t.Helper()
	m.tabs.Select(m.stats)
	v := m.statsView
	if v.pages == nil || v.annual == nil {
		t.Fatal("统计 has no 年度报告 page")
	}
	var page *container.TabItem
	for _, it := range v.pages.Items {
		if it.Text == "年度报告" {
			page = it
		}
	}
	v.pages.Select(page)
	pick(t, v.annual.year, "2024")
	return v.annual
}

// typeFigure types n into a field, replacing what it held.
func typeFigure(e *widget.Entry, n int) {
	e.SetText("")
	test.Type(e, strconv.Itoa(n))
}

// applicationsTyped types table 三's 自然人 and 总计 columns: 一 new, 二 carried, 三（一）
// granted, 三（七）总计 the same, 四 next.
func applicationsTyped(f *annualForm, new, carried, granted, next int) {
	rows := len(archive.ApplicationRows)
	for _, c := range []int{0, 6} {
		typeFigure(f.apps[0][c], new)
		typeFigure(f.apps[1][c], carried)
		typeFigure(f.apps[2][c], granted)
		typeFigure(f.apps[rows-2][c], granted)
		typeFigure(f.apps[rows-1][c], next)
	}
}

func TestAnnualFormByRole(t *testing.T) {
	tests := []struct {
		user       string
		sees, fill bool
	}{
		{"office", true, true},
		{"admin", true, true},
		{"leader", true, false},
		{"head", false, false}, // sees 统计 for their division, not the office's report
	}
	m := statsWindow(t)
	for _, tt := range tests {
		t.Run(tt.user, func(t *testing.T) {
			signInAs(t, m, tt.user)
			defer signOut(t, m)
			if !tt.sees {
				m.tabs.Select(m.stats)
				if v := m.statsView; v.annual != nil || strings.Contains(shown(m.win.Canvas()), "年度报告") {
					t.Errorf("%s: got the 年度报告 page, want none", tt.user)
				}
				return
			}
			f := openAnnualForm(t, m)
			rep, err := m.store.(*archive.Office).Annual(2024)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := f.normsN.Text, strconv.Itoa(rep.NormsIssued); got != want {
				t.Errorf("行政规范性文件 本年制发件数: got %q, want %q", got, want)
			}
			if !strings.Contains(f.known.Text, "由审档统计") {
				t.Errorf("what 审档 filled: got %q, want where it comes from", f.known.Text)
			}
			if !tt.fill {
				if f.save.Visible() || !f.apps[0][0].Disabled() || !f.fees.Disabled() || !strings.Contains(f.known.Text, "不能修改") {
					t.Errorf("%s: got 保存 shown %v, fields enabled; want the figures read-only", tt.user, f.save.Visible())
				}
				// A reader sees the figures as text, not as fields: what the office typed, a
				// blank it left as blank.
				if got := len(f.readOnly); got != len(f.entries()) {
					t.Errorf("%s: got %d figures shown as text, want all %d", tt.user, got, len(f.entries()))
				}
				rows := len(archive.ApplicationRows)
				for _, c := range []struct {
					what string
					e    *widget.Entry
					want string
				}{{"表三 四 自然人", f.apps[rows-1][0], "4"}, {"表三 一 商业企业 (blank)", f.apps[0][1], ""}, {"表四 行政复议 结果维持 (0)", f.appeals[0][0], "0"}} {
					if l := f.readOnly[c.e]; l == nil || l.Text != c.want {
						t.Errorf("%s %s: got %v, want the text %q", tt.user, c.what, l, c.want)
					}
				}
				return
			}
			fillAndSave(t, m, f, tt.user)
		})
	}
}

// fillAndSave types a table 三 whose 一＋二 is not 三（七）＋四, presses 保存 and is refused with
// the row named; then types 四 so that it is, presses 保存, and finds the figures stored.
func fillAndSave(t *testing.T, m *mainWindow, f *annualForm, user string) {
	t.Helper()
	store := m.store.(*archive.Office)
	before, err := store.AnnualFigures(2024)
	if err != nil {
		t.Fatal(err)
	}
	typeFigure(f.proactive[4], 12) // 行政许可
	applicationsTyped(f, 10, 2, 8, 0)
	if !strings.Contains(f.problems.Text, "三（七）总计") || !strings.Contains(f.problems.Text, "一＋二＝三（七）总计＋四") {
		t.Errorf("while typing a wrong sum: got %q, want the rule named at 三（七）总计", f.problems.Text)
	}
	if !f.saveAs.Disabled() {
		t.Error("另存为 is enabled with figures not yet saved")
	}
	test.Tap(f.save)
	const sentence = "表三“自然人”列不符合“一＋二＝三（七）总计＋四”： 一、本年新收10＋二、上年结转2≠三（七）总计8＋四、结转下年度0。"
	if got := shown(m.win.Canvas()); !strings.Contains(got, sentence) {
		t.Errorf("保存 with a wrong sum: got %q, want the rule's sentence %q", got, sentence)
	}
	if !strings.Contains(f.problems.Text, sentence) {
		t.Errorf("the form words the rule otherwise than the message box: %q", f.problems.Text)
	}
	dismissDialog(t, m.win.Canvas(), "确定")
	if fig, _ := store.AnnualFigures(2024); fig.Saved != before.Saved {
		t.Fatalf("a wrong sum was saved by %s", fig.By)
	}
	if user == "office" {
		assertNoEnglish(t, "年度报告", m.win.Canvas(), append(dataWords, "/home/reviewer/.local/share/shendang")...)
		assertMarkup(t, "annual_office.xml", m.win.Canvas())
	}

	typeFigure(f.apps[len(archive.ApplicationRows)-1][0], 4)
	typeFigure(f.apps[len(archive.ApplicationRows)-1][6], 4)
	typeFigure(f.appeals[0][0], 0) // a 0 typed, beside blanks
	if f.problems.Text != noProblems {
		t.Errorf("a right sum: got problems %q, want %q", f.problems.Text, noProblems)
	}
	test.Tap(f.save)
	fig, err := store.AnnualFigures(2024)
	if err != nil {
		t.Fatal(err)
	}
	if fig.By != user || fig.Applications[len(archive.ApplicationRows)-1][0] != 4 || fig.Proactive.Licensing == nil || *fig.Proactive.Licensing != 12 {
		t.Errorf("after 保存: got %+v, want the figures typed saved by %s", fig, user)
	}
	if !strings.Contains(f.message.Text, "已保存 2024 年度的数字") || f.saveAs.Disabled() {
		t.Errorf("after 保存: got message %q, 另存为 disabled %v", f.message.Text, f.saveAs.Disabled())
	}
	saveWorkbook(t, f)
	// The next person finds the figures in the form.
	f.show(&archive.AnnualReport{Year: 2024}, "")
	pick(t, f.year, "2023")
	pick(t, f.year, "2024")
	for _, c := range []struct {
		what string
		e    *widget.Entry
		want string
	}{{"表三 四 自然人", f.apps[len(archive.ApplicationRows)-1][0], "4"}, {"表三 一 商业企业 (left blank)", f.apps[0][1], ""},
		{"表四 行政复议 结果维持 (0 typed)", f.appeals[0][0], "0"}, {"表四 行政复议 结果纠正 (left blank)", f.appeals[0][1], ""}} {
		if c.e.Text != c.want {
			t.Errorf("read again: %s got %q, want %q", c.what, c.e.Text, c.want)
		}
	}
}

// saveWorkbook presses 另存为年度报告… and answers the chooser.
func saveWorkbook(t *testing.T, f *annualForm) {
	t.Helper()
	test.Tap(f.saveAs)
	if f.saver == nil {
		t.Skip("the platform's own save dialog was opened")
	}
	if got := f.saver.name.Text; got != "2024年度政府信息公开工作年度报告.xlsx" {
		t.Errorf("the name proposed: got %q", got)
	}
	dir := t.TempDir()
	f.saver.openDir(dir)
	test.Tap(f.saver.ok)
	path := filepath.Join(dir, "2024年度政府信息公开工作年度报告.xlsx")
	data, err := os.ReadFile(path)
	if err != nil || !strings.HasPrefix(string(data), "PK") {
		t.Fatalf("saved workbook: got %d bytes, %v; want an xlsx at %s", len(data), err, path)
	}
	if !strings.Contains(f.message.Text, path) {
		t.Errorf("message: got %q, want it to say where the workbook went", f.message.Text)
	}
}

// TestAnnualFormOpensOnTheReportDueNext: in December the page opens on the year under way,
// whose report is due by 1月31日; in January still on the year before.
func TestAnnualFormOpensOnTheReportDueNext(t *testing.T) {
	test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	for _, tt := range []struct {
		now  time.Time
		want string
	}{
		{time.Date(2026, 12, 2, 12, 0, 0, 0, archive.OfficeZone), "2026"},
		{time.Date(2027, 1, 15, 9, 0, 0, 0, archive.OfficeZone), "2026"},
		{time.Date(2027, 2, 1, 9, 0, 0, 0, archive.OfficeZone), "2027"},
	} {
		f := newAnnualForm(win, memStore(t), &archive.User{Name: "office", Roles: []archive.Role{archive.RoleOffice}}, func() time.Time { return tt.now })
		if f.year.Selected != tt.want {
			t.Errorf("on %s: opens on %s, want %s", tt.now.Format("2006-01-02"), f.year.Selected, tt.want)
		}
	}
}

// TestAnnualFormScrollsAndStaysPut: the mouse wheel over a field scrolls the form, and a wrong
// figure typed shows its problem without moving the field under the pointer or the rows below.
func TestAnnualFormScrollsAndStaysPut(t *testing.T) {
	m := statsWindow(t)
	signInAs(t, m, "office")
	f := openAnnualForm(t, m)
	c := m.win.Canvas()
	at := func(o fyne.CanvasObject) fyne.Position {
		return fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	}
	e := f.proactive[0] // 规章 本年废止件数, on screen as the page opens
	test.Scroll(c, at(e).Add(fyne.NewPos(10, 10)), 0, -120)
	if got := f.scroll.Offset.Y; got <= 0 {
		t.Errorf("the wheel over 表二's first field: got the form at %v, want it scrolled down", got)
	}
	last := f.appeals[len(archive.AppealGroups)-1][0] // the field nearest the problems' place
	test.Scroll(c, at(e), 0, -2000)                   // the end of the form
	fieldAt, problemsAt := at(last), at(f.problems)
	test.Tap(last)
	test.Type(last, "x")
	if !strings.Contains(f.problems.Text, "不是整数") {
		t.Fatalf("typing x: got problems %q, want the field named", f.problems.Text)
	}
	if at(last) != fieldAt || at(f.problems) != problemsAt {
		t.Errorf("typing x moved the form: the field %v → %v, the problems %v → %v", fieldAt, at(last), problemsAt, at(f.problems))
	}
}
