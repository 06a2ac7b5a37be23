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

// processCPU returns the CPU time this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

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

// TestScaleAgainstGrep measures the large single-line and large-file cases against grep -F -c
// on the same file, the speed a reviewer's machine reaches on the bytes alone, and reports the
// ratio of CPU times. Set SHENDANG_SCALE=1 to run it; it also holds each case to its verdict.
func TestScaleAgainstGrep(t *testing.T) {
	if os.Getenv("SHENDANG_SCALE") == "" {
		t.Skip("set SHENDANG_SCALE=1 to measure the large files against grep")
	}
	grep, err := exec.LookPath("grep")
	if err != nil {
		t.Skip("no grep")
	}
	terms := map[string]string{"line-1mb.txt": marked, "line-50mb.txt": "标底", "text-158mb.txt": marked}
	dir := t.TempDir()
	for _, hc := range hostileCases {
		term, ok := terms[hc.file]
		if !ok {
			continue
		}
		path := dir + "/" + hc.file
		makeHostile(t, hc, path)
		res, cpu, wall, rss := runHostileChild(t, path)
		if res.PeakRSS > 0 {
			rss = res.PeakRSS
		}
		checkHostile(t, hc, res)
		g := exec.Command(grep, "-F", "-c", term, path)
		start := time.Now()
		if err := g.Run(); err != nil && g.ProcessState.ExitCode() != 1 { // 1: no line matched
			t.Fatalf("grep: %v", err)
		}
		gwall, gcpu := time.Since(start), g.ProcessState.UserTime()+g.ProcessState.SystemTime()
		t.Logf("%s: process cpu %.2fs wall %.2fs; read and check cpu %.2fs wall %.2fs; peak RSS %d MB; grep -F -c cpu %.2fs wall %.2fs; ratio of read-and-check cpu to grep cpu %.1f",
			hc.file, cpu.Seconds(), wall.Seconds(), res.CPU, res.Seconds, rss>>20, gcpu.Seconds(), gwall.Seconds(), res.CPU/max(gcpu.Seconds(), 0.001))
		os.Remove(path)
	}
}
