//go:build linux

package pgtest

import (
	"os"
	"os/exec"
	"os/user"
	"strconv"
	"syscall"
	"testing"
)

func TestAlive(t *testing.T) {
	done := exec.Command("true")
	if err := done.Run(); err != nil {
		t.Skipf("no process to outlive: %v", err)
	}
	tests := []struct {
		name string
		pid  int
		want bool
	}{
		{"this process", os.Getpid(), true},
		{"init", 1, true},
		{"an exited process", done.Process.Pid, false},
	}
	for _, tt := range tests {
		if got := alive(tt.pid); got != tt.want {
			t.Errorf("%s (%d): got alive=%v, want %v", tt.name, tt.pid, got, tt.want)
		}
	}
}

func TestProcAttr(t *testing.T) {
	dir := t.TempDir()
	attr, err := procAttr(dir)
	if err != nil {
		t.Fatal(err)
	}
	if attr.Pdeathsig != syscall.SIGQUIT {
		t.Errorf("Pdeathsig: got %v, want %v", attr.Pdeathsig, syscall.SIGQUIT)
	}
	if os.Geteuid() != 0 {
		if attr.Credential != nil {
			t.Errorf("not root: got credential %+v, want none", attr.Credential)
		}
		return
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		t.Fatal(err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	var st syscall.Stat_t
	if err := syscall.Stat(dir, &st); err != nil {
		t.Fatal(err)
	}
	if attr.Credential == nil || attr.Credential.Uid != uint32(uid) || st.Uid != uint32(uid) {
		t.Errorf("root: got credential %+v and directory owner %d, want the postgres user %d for both", attr.Credential, st.Uid, uid)
	}
}
