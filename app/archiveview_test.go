package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
)

// publishedOffice is a store with users of every role and the titles given, each published and
// waiting for 建档.
func publishedOffice(t *testing.T, titles ...string) *archive.Office {
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
	if f := v.file(v.selected.ID, archive.FilingRequest{Year: 2016, Pages: 1}, nil); f != nil {
		t.Errorf("filed by the 公开办: %+v", f)
	}
	closeTop(v.win.Canvas())
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
