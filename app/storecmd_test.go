package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
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

// damageTable flips a byte in the middle of the store's table, as a failing disk would.
func damageTable(t *testing.T, dataDir string) string {
	t.Helper()
	tables, _ := filepath.Glob(filepath.Join(storeDir(dataDir), "*.sst"))
	if len(tables) != 1 {
		t.Fatalf("tables %v, want one", tables)
	}
	data, err := os.ReadFile(tables[0])
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/3] ^= 0x5A
	if err := os.WriteFile(tables[0], data, 0o600); err != nil {
		t.Fatal(err)
	}
	return filepath.Base(tables[0])
}

func TestVerifyReport(t *testing.T) {
	tests := []struct {
		name     string
		damage   bool
		args     []string
		wantCode int
		want     []string // in stdout
	}{
		{"clean", false, nil, exitOK, []string{"校验通过", "每条记录都与审计日志中的记载一致"}},
		{"clean, JSON", false, []string{"--json"}, exitOK, []string{`"ok": true`, `"problems": []`, `"records": `}},
		{"a damaged table", true, nil, exitFail, []string{"发现 1 个问题", "1. 数据库文件 000001.sst 已损坏", "怎么办：", "shendang restore"}},
		{"a damaged table, JSON", true, []string{"--json"}, exitFail, []string{`"ok": false`, `"kind": "store-damaged"`, `"key": "000001.sst"`, `"advice": "请暂停办理`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := newDataDir(t)
			if tt.damage {
				damageTable(t, dir)
			}
			code, out, errOut := runCmd(append([]string{"verify", "--data", dir}, tt.args...)...)
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d\n%s%s", code, tt.wantCode, out, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output does not contain %q:\n%s", w, out)
				}
			}
			if slices.Contains(tt.args, "--json") {
				var v map[string]any
				if err := json.Unmarshal([]byte(out), &v); err != nil {
					t.Errorf("--json output is not one JSON object: %v\n%s", err, out)
				}
			}
			// The engine's words are for the log: only the JSON's detail field carries them.
			if !slices.Contains(tt.args, "--json") && (strings.Contains(out+errOut, "checksum") || strings.Contains(out+errOut, "err:")) {
				t.Errorf("engine text shown:\n%s%s", out, errOut)
			}
		})
	}
}

func TestBackupRefusesDamagedStore(t *testing.T) {
	dir := newDataDir(t)
	table := damageTable(t, dir)
	file := filepath.Join(t.TempDir(), "备份.zip")
	code, _, errOut := runCmd("backup", file, "--data", dir)
	if code != exitFail || !strings.Contains(errOut, "数据库文件 "+table+" 已损坏") {
		t.Errorf("backup of a damaged store: exit %d %q", code, errOut)
	}
	if _, err := os.Stat(file); err == nil {
		t.Error("a backup file was written")
	}
}
