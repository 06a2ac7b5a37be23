package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"shendang.gov.cn/shendang/archive"
)

// newDataDir makes a data directory holding a store with an administrator and settings.
func newDataDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	s, err := archive.Open(storeDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateUser("", archive.User{Name: "admin", FullName: "管理员", Roles: []archive.Role{archive.RoleAdmin}}, "admin-password"); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSettings("admin", archive.Settings{FondsName: "厦门市司法局", FondsCode: "Z109"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

func runCmd(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestVerifyBackupRestore(t *testing.T) {
	dir := newDataDir(t)
	code, out, _ := runCmd("verify", "--data", dir)
	if code != exitOK || !strings.Contains(out, "校验通过") {
		t.Fatalf("verify: exit %d\n%s", code, out)
	}
	file := filepath.Join(t.TempDir(), "备份.zip")
	if code, out, errOut := runCmd("backup", file, "--data", dir); code != exitOK || !strings.Contains(out, "已备份到") {
		t.Fatalf("backup: exit %d\n%s%s", code, out, errOut)
	}
	target := filepath.Join(t.TempDir(), "new")
	code, out, errOut := runCmd("restore", file, "--data", target)
	if code != exitOK || !strings.Contains(out, "校验通过") {
		t.Fatalf("restore: exit %d\n%s%s", code, out, errOut)
	}
	s, err := archive.Open(storeDir(target))
	if err != nil {
		t.Fatal(err)
	}
	st, _ := s.Settings()
	s.Close()
	if st.FondsName != "厦门市司法局" {
		t.Errorf("restored settings %+v", st)
	}
	if code, _, errOut := runCmd("restore", file, "--data", target); code != exitFail || !strings.Contains(errOut, "不是空的") {
		t.Errorf("restore over a store: exit %d %s", code, errOut)
	}
}

func TestStoreCommandErrors(t *testing.T) {
	dir := newDataDir(t)
	held, err := archive.Open(storeDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	if code, _, errOut := runCmd("backup", filepath.Join(t.TempDir(), "b.zip"), "--data", dir); code != exitFail || !strings.Contains(errOut, "占用") {
		t.Errorf("backup while the window holds the store: exit %d %q", code, errOut)
	}
	if code, _, errOut := runCmd("verify", "--data", filepath.Join(t.TempDir(), "typo")); code != exitFail || !strings.Contains(errOut, "没有审档数据库") {
		t.Errorf("verify of a missing store: exit %d %q", code, errOut)
	}
	if code, _, _ := runCmd("backup", "--data", dir); code != exitUsage {
		t.Errorf("backup without a file: exit %d, want 2", code)
	}
	if code, _, errOut := runCmd("restore", "/etc/hostname", "--data", filepath.Join(t.TempDir(), "x")); code != exitFail || !strings.Contains(errOut, "不是有效的审档备份文件") {
		t.Errorf("restore of a non-backup: exit %d %q", code, errOut)
	}
}
