package main

import (
	"bytes"
	"log"
	"os"
	"strings"
	"testing"
)

// TestLogFile: what the window logs goes to the data folder's log as well as to stderr, and a
// log grown past maxLog is moved aside and started afresh.
func TestLogFile(t *testing.T) {
	dir := t.TempDir()
	var stderr bytes.Buffer
	closeLog := openLog(dir, &stderr)
	log.Print("保存失败：磁盘已满")
	closeLog()
	data, err := os.ReadFile(logPath(dir))
	if err != nil || !strings.Contains(string(data), "保存失败：磁盘已满") || !strings.Contains(stderr.String(), "保存失败") {
		t.Fatalf("log %q (%v), stderr %q", data, err, stderr.String())
	}
	if err := os.WriteFile(logPath(dir), bytes.Repeat([]byte("x"), maxLog+1), 0o600); err != nil {
		t.Fatal(err)
	}
	closeLog = openLog(dir, &stderr)
	log.Print("新的一天")
	closeLog()
	if fi, err := os.Stat(logPath(dir) + ".1"); err != nil || fi.Size() != maxLog+1 {
		t.Errorf("the old log was not moved aside: %v", err)
	}
	if data, _ := os.ReadFile(logPath(dir)); !strings.Contains(string(data), "新的一天") || len(data) > 200 {
		t.Errorf("the new log: %d bytes", len(data))
	}
	// A folder that cannot hold the log leaves the log on stderr.
	stderr.Reset()
	closeLog = openLog(logPath(dir)+".1/nowhere", &stderr)
	log.Print("仍然记录")
	closeLog()
	if !strings.Contains(stderr.String(), "仍然记录") {
		t.Errorf("stderr %q", stderr.String())
	}
}
