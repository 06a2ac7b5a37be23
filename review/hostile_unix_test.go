//go:build unix

package review

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

func mkfifo(path string) error { return syscall.Mkfifo(path, 0o644) }

// runHostileChild runs TestHostileChild on path in a new process of this test binary and
// returns its report, its CPU and wall time, and its peak resident set in bytes.
func runHostileChild(t *testing.T, path string) (res hostileResult, cpu, wall time.Duration, rss int64) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHostileChild$", "-test.v")
	cmd.Env = append(os.Environ(), "SHENDANG_HOSTILE_FILE="+path)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	wall = time.Since(start)
	if err != nil {
		t.Fatalf("child process: %v\n%s", err, out.String())
	}
	for _, line := range strings.Split(out.String(), "\n") {
		if rest, ok := strings.CutPrefix(line, "HOSTILE "); ok {
			if err := json.Unmarshal([]byte(rest), &res); err != nil {
				t.Fatalf("child report %q: %v", rest, err)
			}
		}
	}
	ps := cmd.ProcessState
	cpu = ps.UserTime() + ps.SystemTime()
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		rss = int64(ru.Maxrss) << 10 // kilobytes on Linux
	}
	return res, cpu, wall, rss
}
