package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"shendang.gov.cn/shendang/archive"
)

// filedDataDir makes a data directory with one filed item in box 1 of 2016-Y-BGS.
func filedDataDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	s, err := archive.Open(storeDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.CreateUser("", archive.User{Name: "admin", FullName: "管理员", Roles: []archive.Role{archive.RoleAdmin}}, "admin-password"))
	must(s.SaveSettings("admin", archive.Settings{FondsName: "厦门市司法局", FondsCode: "Z109", Divisions: []archive.Division{{Code: "BGS", Name: "办公室"}}}))
	for _, u := range []archive.User{
		{Name: "drafter", FullName: "王五", Roles: []archive.Role{archive.RoleDrafter}, Division: "BGS"},
		{Name: "head", FullName: "李处长", Roles: []archive.Role{archive.RoleDivisionHead}, Division: "BGS"},
		{Name: "office", FullName: "张三", Roles: []archive.Role{archive.RoleOffice}},
		{Name: "leader", FullName: "陈局长", Roles: []archive.Role{archive.RoleLeader}},
		{Name: "archivist", FullName: "林六", Roles: []archive.Role{archive.RoleArchivist}},
	} {
		must(s.CreateUser("admin", u, "password-1"))
	}
	data, err := os.ReadFile(notice)
	must(err)
	it, err := s.Propose("drafter", archive.Draft{Title: "厦门市司法局关于印发2016年政务公开工作实施方案的通知", DocNumber: "厦司〔2016〕59号",
		Author: "厦门市司法局", Division: "BGS", DocDate: "2016-06-29", Disclosure: archive.Proactive}, archive.SourceFile{Name: "方案.txt", Data: data}, "")
	must(err)
	must(s.Decide("head", it.ID, archive.Review{Approve: true}))
	must(s.Decide("office", it.ID, archive.Review{Approve: true}))
	must(s.Decide("leader", it.ID, archive.Review{Approve: true}))
	must(s.Publish("office", it.ID, archive.Publication{Channels: []string{"门户网站"}, Date: "2016-07-01"}))
	_, err = s.FileItem("archivist", it.ID, archive.FilingRequest{Year: 2016, Retention: archive.Permanent, Pages: 6})
	must(err)
	_, err = s.MakeBox("archivist", archive.Box{Year: 2016, Retention: archive.Permanent, Division: "BGS", First: 1, Last: 1, Spine: 20})
	must(err)
	return dir
}

func TestFormsCommand(t *testing.T) {
	dir := filedDataDir(t)
	out := t.TempDir()
	tests := []struct {
		args []string
		code int
		file string
		says string
	}{
		{[]string{"forms", "item", "Z109-WS·2016-Y-BGS-0001", "-o", filepath.Join(out, "sheet.pdf"), "--data", dir}, exitOK, "sheet.pdf", ""},
		{[]string{"forms", "box", "2016", "Y", "BGS", "1", "--form", "volume", "-o", filepath.Join(out, "volume.pdf"), "--data", dir}, exitOK, "volume.pdf", ""},
		{[]string{"forms", "box", "2016", "Y", "BGS", "1", "--form", "spine", "-o", filepath.Join(out, "spine.pdf"), "--data", dir}, exitOK, "spine.pdf", ""},
		{[]string{"forms", "item", "Z109-WS·2016-Y-BGS-0009", "-o", filepath.Join(out, "x.pdf"), "--data", dir}, exitFail, "", "找不到"},
		{[]string{"forms", "box", "2016", "Y", "BGS", "2", "--form", "catalogue", "-o", filepath.Join(out, "y.pdf"), "--data", dir}, exitFail, "", "找不到"},
		{[]string{"forms", "box", "2016", "Y", "BGS", "1", "--form", "poster", "-o", filepath.Join(out, "z.pdf"), "--data", dir}, exitFail, "", "poster"},
		{[]string{"forms", "item", "Z109-WS·2016-Y-BGS-0001", "--data", dir}, exitUsage, "", "-o"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		code := run(tt.args, &stdout, &stderr)
		if code != tt.code {
			t.Errorf("%v: exit %d, want %d\n%s%s", tt.args, code, tt.code, stdout.String(), stderr.String())
		}
		if tt.file != "" {
			data, err := os.ReadFile(filepath.Join(out, tt.file))
			if err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) {
				t.Errorf("%s: not a PDF (%v)", tt.file, err)
			}
		}
		if tt.says != "" && !strings.Contains(stderr.String(), tt.says) {
			t.Errorf("%v: stderr %q does not say %q", tt.args, stderr.String(), tt.says)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(out, "*.partial")); len(left) > 0 {
		t.Errorf("partial files left: %v", left)
	}
}
