package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunRedact(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "名单.txt")
	const id, phone = "11010519491231002X", "13812345678"
	if err := os.WriteFile(in, []byte("名单\n张三 "+id+" "+phone+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "脱敏稿.txt")
	tests := []struct {
		name       string
		args       []string
		status     int
		stdout     string // in stdout
		stderr     string // in stderr
		wantCopy   string // in the copy, when status is 0
		noOriginal bool
	}{
		{"default", []string{in, "-o", out}, exitOK, "[身份证号] 正文 第2行  11*************02X", "", "张三 11*************02X 138****5678", true},
		{"options first, weak profile", []string{"--profile", "前6后4", "-o", out, in}, exitOK, "110105********002X", "只隐藏了出生日期", "110105********002X", true},
		{"json", []string{"--json", "--profile", "id_card:remove", in, "-o", out}, exitOK, `"kind":"身份证号"`, "", "张三  138****5678", true},
		{"the input as output", []string{in, "-o", in}, exitFail, "", "脱敏稿不能写到原文件上", "", false},
		{"pdf", []string{filepath.Join(dir, "a.pdf"), "-o", filepath.Join(dir, "b.pdf")}, exitFail, "", "脱敏稿以 PDF 输出", "", false},
		{"xls", []string{filepath.Join(dir, "a.xls"), "-o", filepath.Join(dir, "b.xlsx")}, exitFail, "", "另存为 xlsx", "", false},
		{"weak profile refused", []string{"--profile", "10+7", in, "-o", out}, exitUsage, "", "脱敏方式有误", "", false},
		{"no -o", []string{in}, exitUsage, "", "请用 -o 指定", "", false},
		{"two files", []string{in, in, "-o", out}, exitUsage, "", "一次只能为一个文件", "", false},
		{"missing file", []string{filepath.Join(dir, "无.txt"), "-o", out}, exitFail, "", "无法读取文件", "", false},
		{"help", []string{"--help"}, exitOK, "用法 / usage: shendang redact", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			os.Remove(out)
			var stdout, stderr bytes.Buffer
			if got := run(append([]string{"redact"}, tt.args...), &stdout, &stderr); got != tt.status {
				t.Fatalf("status: got %d, want %d; stderr %s", got, tt.status, stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.stdout) {
				t.Errorf("stdout: got %q, want %q in it", stdout.String(), tt.stdout)
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr: got %q, want %q in it", stderr.String(), tt.stderr)
			}
			if tt.noOriginal && (strings.Contains(stdout.String(), id) || strings.Contains(stdout.String(), phone)) {
				t.Errorf("stdout shows an original value: %s", stdout.String())
			}
			if tt.wantCopy != "" {
				got, err := os.ReadFile(out)
				if err != nil || !strings.Contains(string(got), tt.wantCopy) {
					t.Errorf("copy: got %q (%v), want %q in it", got, err, tt.wantCopy)
				}
			}
			if strings.Contains(tt.name, "json") && !json.Valid(stdout.Bytes()) {
				t.Errorf("stdout is not JSON: %s", stdout.String())
			}
		})
	}
}
