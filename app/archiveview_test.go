package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
)

// publishedOffice is a store with users of every role and the titles given, each published and
// waiting for 建档.
func publishedOffice(t *testing.T, titles ...string) *archive.BadgerStore {
	t.Helper()
	s := memStore(t)
	clock := time.Date(2016, 7, 1, 9, 0, 0, 0, time.Local)
	s.Now = func() time.Time { clock = clock.Add(time.Minute); return clock }
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.SetUp(archive.User{Name: "admin", FullName: "管理员", Roles: []archive.Role{archive.RoleAdmin}}, "admin-password",
		archive.Settings{FondsName: "厦门市司法局", FondsCode: "Z109", Divisions: []archive.Division{{Code: "BGS", Name: "办公室"}, {Code: "LSC", Name: "律师工作处"}},
			Retention: map[string]archive.Retention{"规范性文件": archive.Permanent}, DefaultRetention: archive.Years10}))
	for _, u := range []archive.User{
		{Name: "drafter", FullName: "王五", Roles: []archive.Role{archive.RoleDrafter}, Division: "BGS"},
		{Name: "head", FullName: "李处长", Roles: []archive.Role{archive.RoleDivisionHead}, Division: "BGS"},
		{Name: "office", FullName: "张三", Roles: []archive.Role{archive.RoleOffice}},
		{Name: "leader", FullName: "陈局长", Roles: []archive.Role{archive.RoleLeader}},
		{Name: "archivist", FullName: "林六", Roles: []archive.Role{archive.RoleArchivist}},
	} {
		must(s.CreateUser("admin", u, "password-1"))
	}
	for i, title := range titles {
		it, err := s.Propose("drafter", archive.Draft{Title: title, DocNumber: "厦司〔2016〕" + string(rune('1'+i)) + "号",
			Author: "厦门市司法局", Division: "BGS", DocDate: "2016-06-29", Disclosure: archive.Proactive, Category: "规范性文件",
			IndexNo: "XM00103-0200-2016-0000" + string(rune('1'+i))},
			archive.SourceFile{Name: "文件.txt", Data: []byte(title)}, "")
		must(err)
		must(s.Decide("head", it.ID, archive.Review{Approve: true}))
		must(s.Decide("office", it.ID, archive.Review{Approve: true}))
		must(s.Decide("leader", it.ID, archive.Review{Approve: true}))
		must(s.Publish("office", it.ID, archive.Publication{Channels: []string{"门户网站"}, Date: "2016-07-01"}))
	}
	return s
}

// windowAs is a test window with the theme, and the named user of s, for a screen to be built on.
func windowAs(t *testing.T, s archive.Store, user string) (fyne.Window, *archive.User) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	u, err := s.GetUser(user)
	if err != nil {
		t.Fatal(err)
	}
	return test.NewTempWindow(t, nil), u
}

func newTestArchiveView(t *testing.T, s archive.Store, user string) *archiveView {
	t.Helper()
	w, u := windowAs(t, s, user)
	v := newArchiveView(w, s, u, filepath.Join(t.TempDir(), "forms"))
	w.SetContent(v.content)
	w.Resize(fyne.NewSize(1200, 700))
	if err := v.reload(); err != nil {
		t.Fatal(err)
	}
	return v
}

var archiveTitles = []string{"厦门市司法局关于印发2016年政务公开工作实施方案的通知", "厦门市司法局关于律师事务所年度检查考核的通知", "厦门市司法局2016年部门预算"}

func TestArchiveFileBoxAndForms(t *testing.T) {
	s := publishedOffice(t, archiveTitles...)
	v := newTestArchiveView(t, s, "archivist")
	if v.total != 0 || v.count.Text != "共 0 件" {
		t.Errorf("filed before 建档: %d, %q", v.total, v.count.Text)
	}
	v.state.SetSelected(statePending)
	if v.total != 3 || v.fileAll.Disabled() {
		t.Fatalf("待建档 lists %d items, 全部建档 enabled %v", v.total, !v.fileAll.Disabled())
	}

	// 建档 of the first, through its form: prefilled from the publication and the retention table.
	v.table.Select(cellAt(0, 0))
	if v.fileOne.Disabled() {
		t.Fatal("the archivist cannot file the selected item")
	}
	f := newFileForm(v.selected, v.settings, 0)
	if f.year.Text != "2016" || f.retention.Selected != "永久" || f.division.Selected != "BGS 办公室" || f.pages.Text != "1" {
		t.Errorf("file form prefilled %q %q %q %q", f.year.Text, f.retention.Selected, f.division.Selected, f.pages.Text)
	}
	f.pages.SetText("6")
	filing := v.file(v.selected.ID, f.request())
	if filing == nil || filing.Code != "Z109-WS·2016-Y-BGS-0001" || filing.Pages != 6 {
		t.Fatalf("filed %+v", filing)
	}
	// The other two at once, in the order listed.
	v.fileAllListed()
	v.state.SetSelected(stateFiled)
	if v.total != 3 {
		t.Fatalf("%d filed", v.total)
	}
	var codes []string
	for row := range 3 {
		codes = append(codes, v.cell(row, 0))
	}
	if strings.Join(codes, " ") != "Z109-WS·2016-Y-BGS-0001 Z109-WS·2016-Y-BGS-0002 Z109-WS·2016-Y-BGS-0003" {
		t.Errorf("档号 in the table: %v", codes)
	}
	v.table.Select(cellAt(0, 0))
	assertMarkup(t, "archive_filed.xml", v.win.Canvas())
	markup := test.RenderToMarkup(v.win.Canvas())
	for _, want := range []string{"Z109-WS·2016-Y-BGS-0002", "2016 年度（3）", "共 3 件"} {
		if !strings.Contains(markup, want) {
			t.Errorf("the archive view does not show %q", want)
		}
	}

	// Search: a Chinese substring of a title, and a 档号.
	test.Type(v.search, "部门预算")
	if v.total != 1 || v.cell(0, 2) != archiveTitles[2] {
		t.Errorf("search 部门预算: %d, %q", v.total, v.cell(0, 2))
	}
	v.search.SetText("BGS-0002")
	if v.total != 1 || v.cell(0, 2) != archiveTitles[1] {
		t.Errorf("search by 档号: %d", v.total)
	}
	v.search.SetText("")
	v.retention.SetSelected("定期30年")
	if v.total != 0 {
		t.Errorf("定期30年 lists %d", v.total)
	}
	v.retention.SetSelected(allRetentions)

	// A box for the group, from the tree, then its 目录.
	v.tree.OpenAllBranches()
	v.tree.Select("y2016/Y/BGS")
	if v.total != 3 || v.makeBox.Disabled() {
		t.Fatalf("group node lists %d, 装盒 enabled %v", v.total, !v.makeBox.Disabled())
	}
	first, last, err := v.unboxed(archive.Group{Year: 2016, Retention: archive.Permanent, Division: "BGS"})
	if err != nil || first != 1 || last != 3 {
		t.Errorf("unboxed %d–%d, %v", first, last, err)
	}
	box := v.box(archive.Box{Year: 2016, Retention: archive.Permanent, Division: "BGS", First: first, Last: last, Spine: 20})
	if box == nil || box.Number != 1 || v.cell(0, 5) != "1" {
		t.Fatalf("box %+v, 盒号 cell %q", box, v.cell(0, 5))
	}
	v.table.Select(cellAt(1, 0))
	path, err := v.generate("归档文件目录")
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, path)
	for _, title := range archiveTitles {
		if !strings.Contains(strings.ReplaceAll(text, "\n", ""), title) {
			t.Errorf("the 目录 %s lacks %q:\n%s", path, title, text)
		}
	}
	// The item's file, exactly as stored, opened with the system's program.
	var opened string
	v.open = func(path string) error { opened = path; return nil }
	test.Tap(v.original)
	if data, err := os.ReadFile(opened); err != nil || string(data) != archiveTitles[1] || !strings.Contains(opened, "Z109-WS·2016-Y-BGS-0002-第1稿-文件.txt") {
		t.Errorf("original %q: %q, %v", opened, data, err)
	}
	v.form.SetSelected("整卷（打印用）")
	test.Tap(v.openForm)
	if !strings.HasSuffix(opened, "第1盒-整卷（打印用）.pdf") || !strings.Contains(pdfText(t, opened), "备考表") {
		t.Errorf("volume opened: %q", opened)
	}
	// 备考 on a filed item shows in its detail.
	test.Type(v.note, "原件第3页有手写批注，已另行保存。")
	test.Tap(v.addNote)
	if !strings.Contains(v.detail.Text, "林六：原件第3页有手写批注") {
		t.Errorf("detail after 备考:\n%s", v.detail.Text)
	}
	for _, want := range []string{"SHA-256 ", "SM3 ", "保密审查", "档号：Z109-WS·2016-Y-BGS-0002", "第 1 盒"} {
		if !strings.Contains(v.detail.Text, want) {
			t.Errorf("detail lacks %q:\n%s", want, v.detail.Text)
		}
	}
}

func TestArchiveRefusesOthers(t *testing.T) {
	s := publishedOffice(t, archiveTitles[0])
	v := newTestArchiveView(t, s, "office")
	v.state.SetSelected(statePending)
	v.table.Select(cellAt(0, 0))
	if v.selected == nil || !v.fileOne.Disabled() || !v.fileAll.Disabled() {
		t.Fatal("the 公开办 may file")
	}
	// Forced anyway, the store refuses and nothing is filed.
	v.user = &archive.User{Name: "office", Roles: []archive.Role{archive.RoleOffice}}
	if f := v.file(v.selected.ID, archive.FilingRequest{Year: 2016, Pages: 1}); f != nil {
		t.Errorf("filed by the 公开办: %+v", f)
	}
	if it, _ := s.Item(v.selected.ID); it.State != archive.StateFile {
		t.Errorf("state %s", it.State)
	}
}

func cellAt(row, col int) widget.TableCellID { return widget.TableCellID{Row: row, Col: col} }

// pdfText is the text pdftotext finds in the PDF at path.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(out)
}
