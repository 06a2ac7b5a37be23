package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/internal/pgtest"
)

// TestServerCommands walks an office onto its server and back with the command line, the way
// an administrator does it: migrate a workstation's data directory to the server, verify and
// back up the server with --store, restore that backup into another server database, and
// migrate the server back into a new data directory. Every step says what it did in Chinese and
// verifies clean; the users and settings survive every move.
func TestServerCommands(t *testing.T) {
	dir := newDataDir(t)
	url, url2 := pgtest.URL(t), pgtest.URL(t)
	steps := []struct {
		name string
		args []string
		want string
	}{
		{"migrate to the server", []string{"migrate", "--from", dir, "--to", url}, "已迁移到 "},
		{"verify the server", []string{"verify", "--store", url}, "校验通过"},
		{"back up the server", []string{"backup", filepath.Join(t.TempDir(), "server.zip"), "--store", url}, "已备份到"},
		{"restore into another database", nil, "校验通过"},
		{"migrate back", []string{"migrate", "--from", url2, "--to", filepath.Join(t.TempDir(), "back")}, "已迁移到 "},
	}
	var backup string
	for _, st := range steps {
		args := st.args
		switch {
		case st.name == "restore into another database":
			args = []string{"restore", backup, "--store", url2}
		case args[0] == "backup":
			backup = args[1]
		}
		code, out, errOut := runCmd(args...)
		if code != exitOK || !strings.Contains(out, st.want) {
			t.Fatalf("%s: exit %d, want 0 and %q\n%s%s", st.name, code, st.want, out, errOut)
		}
	}
	back := steps[len(steps)-1].args[4]
	s, err := archive.Open(storeDir(back))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.Settings()
	if err != nil || st.FondsName != "厦门市司法局" {
		t.Errorf("settings after two moves and a restore: got %+v, %v", st, err)
	}
	if _, err := s.Authenticate("admin", "admin-password"); err != nil {
		t.Errorf("the administrator cannot sign in after the moves: %v", err)
	}
}

// TestServerCommandsRefuse: moving into a server that already has data, a second directory
// store or a mistyped --store are each refused with a Chinese sentence, and nothing is written.
func TestServerCommandsRefuse(t *testing.T) {
	dir := newDataDir(t)
	url := pgtest.URL(t)
	if code, out, errOut := runCmd("migrate", "--from", dir, "--to", url); code != exitOK {
		t.Fatalf("first migrate: exit %d\n%s%s", code, out, errOut)
	}
	empty := t.TempDir()
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"into a server with data", []string{"migrate", "--from", dir, "--to", url}, exitFail, "已有数据"},
		{"from a folder with no store", []string{"migrate", "--from", empty, "--to", pgtest.URL(t)}, exitFail, "中没有审档数据库：--from 应是数据目录"},
		{"from the store folder itself", []string{"migrate", "--from", storeDir(dir), "--to", pgtest.URL(t)}, exitFail, "是数据库文件夹本身：--from 请给出它所在的数据目录“" + dir + "”"},
		{"directory to directory", []string{"migrate", "--from", dir, "--to", t.TempDir()}, exitUsage, "一端应是数据目录"},
		{"no target", []string{"migrate", "--from", dir}, exitUsage, "用法"},
		{"a store that is not a URL", []string{"verify", "--store", "db.example:5432"}, exitUsage, "应为 postgres://"},
		{"a server that is not there", []string{"verify", "--store", "postgres://nobody@127.0.0.1:1/none?connect_timeout=5"}, exitFail, "连不上单位服务器"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCmd(tt.args...)
			if code != tt.code || !strings.Contains(out+errOut, tt.want) {
				t.Errorf("got exit %d\n%s%s\nwant exit %d and %q", code, out, errOut, tt.code, tt.want)
			}
		})
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 0 {
		t.Errorf("the refused migrate left %d files in the folder with no store", len(entries))
	}
	s, err := archive.OpenServer(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	last, err := s.LastAudit()
	if err != nil || last.Action != archive.ActionMove {
		t.Errorf("the server's last entry after the refusals: got %+v, %v; want the one move", last, err)
	}
}

func TestMigrateHelp(t *testing.T) {
	code, out, _ := runCmd("migrate", "--help")
	if code != exitOK || !strings.Contains(out, "shendang migrate --from") {
		t.Errorf("got exit %d\n%s", code, out)
	}
}
