package pgtest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

func TestVersion(t *testing.T) {
	tests := []struct {
		dir  string
		want int
	}{
		{"/usr/lib/postgresql/15/bin", 15},
		{"/usr/lib/postgresql/9/bin", 9},
		{"/usr/pgsql-16/bin", 16},
		{"/usr/local/pgsql/bin", 0},
	}
	for _, tt := range tests {
		if got := version(tt.dir); got != tt.want {
			t.Errorf("version(%q): got %d, want %d", tt.dir, got, tt.want)
		}
	}
}

func TestServerURL(t *testing.T) {
	tests := []struct {
		port int
		want string
	}{
		{5432, "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"},
		{40001, "postgres://postgres@127.0.0.1:40001/postgres?sslmode=disable"},
	}
	for _, tt := range tests {
		s := &server{port: tt.port}
		if got := s.url().String(); got != tt.want {
			t.Errorf("port %d: got %s, want %s", tt.port, got, tt.want)
		}
	}
}

func TestFreePort(t *testing.T) {
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		t.Fatalf("listening on the free port %d: got %v, want nil", port, err)
	}
	l.Close()
}

func TestIsFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "initdb")
	if err := os.WriteFile(file, nil, 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		want bool
	}{
		{file, true},
		{dir, false},
		{filepath.Join(dir, "postgres"), false},
	}
	for _, tt := range tests {
		if got := isFile(tt.path); got != tt.want {
			t.Errorf("isFile(%s): got %v, want %v", tt.path, got, tt.want)
		}
	}
}

// TestSweep: a cluster directory of a test binary that has exited is removed; this binary's
// own, and directories not named with a process id, stay.
func TestSweep(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	done := exec.Command("true")
	if err := done.Run(); err != nil {
		t.Skipf("no process to outlive: %v", err)
	}
	tests := []struct {
		name     string
		wantGone bool
	}{
		{fmt.Sprintf("%s%d-1", dirPrefix, os.Getpid()), false},
		{fmt.Sprintf("%s%d-1", dirPrefix, done.Process.Pid), runtime.GOOS == "linux"}, // elsewhere alive says every process runs
		{dirPrefix + "x-1", false},
	}
	for _, tt := range tests {
		if err := os.Mkdir(filepath.Join(tmp, tt.name), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	sweep()
	for _, tt := range tests {
		_, err := os.Stat(filepath.Join(tmp, tt.name))
		if got := os.IsNotExist(err); got != tt.wantGone {
			t.Errorf("%s: got removed=%v, want %v", tt.name, got, tt.wantGone)
		}
	}
}

// TestDurability: the server runs without durability unless DurableEnv asks for it.
func TestDurability(t *testing.T) {
	t.Setenv(DurableEnv, "")
	if got := strings.Join(durability(), " "); !strings.Contains(got, "fsync=off") {
		t.Errorf("by default: %s, want fsync off", got)
	}
	t.Setenv(DurableEnv, "1")
	if got := strings.Join(durability(), " "); !strings.Contains(got, "fsync=on") || !strings.Contains(got, "synchronous_commit=on") {
		t.Errorf("durable: %s, want fsync and synchronous commit on", got)
	}
}
