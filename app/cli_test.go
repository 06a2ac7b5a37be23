package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"shendang.gov.cn/shendang/archive"
)

func TestRunSubcommands(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{"version", []string{"version"}, exitOK, "shendang " + version + "\n", ""},
		{"help", []string{"help"}, exitOK, "用法 / usage:", ""},
		{"--help", []string{"--help"}, exitOK, "--data 目录", ""},
		{"-h", []string{"-h"}, exitOK, "shendang version", ""},
		{"unknown command", []string{"frobnicate"}, exitUsage, "", "未知的命令“frobnicate”"},
		{"unknown flag", []string{"--colour", "red"}, exitUsage, "", "flag provided but not defined: -colour"},
		{"stray argument", []string{"--data", "/tmp/x", "extra"}, exitUsage, "", "多余的参数“extra”"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.wantCode, stderr.String())
			}
			if tt.wantStdout != "" && !strings.Contains(stdout.String(), tt.wantStdout) {
				t.Errorf("stdout %q does not contain %q", stdout.String(), tt.wantStdout)
			}
			if tt.wantStdout == "" && stdout.Len() > 0 {
				t.Errorf("unexpected stdout %q", stdout.String())
			}
			if tt.wantStderr != "" && !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("stderr %q does not contain %q", stderr.String(), tt.wantStderr)
			}
			if tt.wantStderr == "" && stderr.Len() > 0 {
				t.Errorf("unexpected stderr %q", stderr.String())
			}
		})
	}
}

func TestParseGUIFlagsDataDir(t *testing.T) {
	t.Setenv(dataDirEnv, "/srv/from-env")
	cfg, err := parseGUIFlags([]string{"--data", "/srv/from-flag"}, &bytes.Buffer{})
	if err != nil || cfg.dataDir != "/srv/from-flag" {
		t.Errorf("with --data: got %q, %v; want /srv/from-flag", cfg.dataDir, err)
	}
	cfg, err = parseGUIFlags(nil, &bytes.Buffer{})
	if err != nil || cfg.dataDir != "/srv/from-env" {
		t.Errorf("with SHENDANG_DATA: got %q, %v; want /srv/from-env", cfg.dataDir, err)
	}
}

// TestReportFailure: a failed command says the Chinese sentence first and labels the technical
// detail for the administrator.
func TestReportFailure(t *testing.T) {
	var b strings.Builder
	reportFailure(&b, "shendang verify", fmt.Errorf("open: %w", archive.ErrServer))
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "shendang verify: ") || !strings.HasPrefix(lines[1], "  技术细节（供管理员排查）：open: ") {
		t.Errorf("got %q", b.String())
	}
	b.Reset()
	reportFailure(&b, "shendang migrate", userErrorf("“%s”中没有审档数据库。", "/x"))
	if got := b.String(); got != "shendang migrate: “/x”中没有审档数据库。\n" {
		t.Errorf("a refusal in Chinese: got %q, want the sentence alone", got)
	}
}
