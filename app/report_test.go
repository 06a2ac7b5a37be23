package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestReportCommand(t *testing.T) {
	dir := filedDataDir(t)
	out := t.TempDir()
	tests := []struct {
		name string
		args []string
		code int
		file string // written, and what it starts with
		says string // on stdout or stderr
	}{
		{"progress as PDF", []string{"report", "progress", "--year", "2016", "--quarter", "3", "-o", filepath.Join(out, "p.pdf"), "--data", dir}, exitOK, "p.pdf", "已生成"},
		{"progress as xlsx, flags after the kind", []string{"report", "--data", dir, "progress", "--year", "2016", "-o", filepath.Join(out, "p.xlsx")}, exitOK, "p.xlsx", "已生成"},
		{"quarterly as PDF", []string{"report", "quarterly", "--year", "2016", "--quarter", "3", "-o", filepath.Join(out, "q.pdf"), "--data", dir}, exitOK, "q.pdf", "已生成"},
		{"annual", []string{"report", "annual", "--year", "2016", "-o", filepath.Join(out, "a.xlsx"), "--data", dir}, exitOK, "a.xlsx", "已生成"},
		{"annual as PDF", []string{"report", "annual", "--year", "2016", "-o", filepath.Join(out, "a.pdf"), "--data", dir}, exitUsage, "", "年度报告只生成 .xlsx 文件"},
		{"no year", []string{"report", "progress", "-o", filepath.Join(out, "x.pdf"), "--data", dir}, exitUsage, "", "--year"},
		{"quarterly without a quarter", []string{"report", "quarterly", "--year", "2016", "-o", filepath.Join(out, "x.pdf"), "--data", dir}, exitUsage, "", "--quarter"},
		{"progress of the second quarter", []string{"report", "progress", "--year", "2016", "--quarter", "2", "-o", filepath.Join(out, "x.pdf"), "--data", dir}, exitUsage, "", "前三季度"},
		{"unknown report", []string{"report", "monthly", "--year", "2016", "-o", filepath.Join(out, "x.pdf"), "--data", dir}, exitUsage, "", "monthly"},
		{"a year out of range", []string{"report", "progress", "--year", "16", "-o", filepath.Join(out, "x.pdf"), "--data", dir}, exitFail, "", "年度“16”"},
		{"no store", []string{"report", "annual", "--year", "2016", "-o", filepath.Join(out, "x.xlsx"), "--data", t.TempDir()}, exitFail, "", "shendang report:"},
		{"help", []string{"report", "--help"}, exitOK, "", "shendang report annual"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)
			said := stdout.String() + stderr.String()
			if code != tt.code || !strings.Contains(said, tt.says) {
				t.Errorf("exit %d saying %q, want %d saying %q", code, said, tt.code, tt.says)
			}
			if tt.file == "" {
				return
			}
			data, err := os.ReadFile(filepath.Join(out, tt.file))
			magic := map[string]string{".pdf": "%PDF-", ".xlsx": "PK"}[filepath.Ext(tt.file)]
			if err != nil || !bytes.HasPrefix(data, []byte(magic)) {
				t.Errorf("%s: %v, starts %q; want a file starting %q", tt.file, err, data[:min(len(data), 8)], magic)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(out, "x.pdf")); err == nil {
		t.Error("a refused report left a file behind")
	}
	// The office publishes these (the annual report by 1月31日): our own check must find nothing
	// in them — not excelize's author "xuri", not table 三's row （三）不予公开.
	for _, name := range []string{"p.pdf", "p.xlsx", "q.pdf", "a.xlsx"} {
		var stdout, stderr bytes.Buffer
		run([]string{"scan", filepath.Join(out, name)}, &stdout, &stderr)
		if !strings.Contains(stdout.String(), "未发现问题") {
			t.Errorf("our check of the report %s: %s%s", name, stdout.String(), stderr.String())
		}
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	text, err := exec.Command("pdftotext", "-q", filepath.Join(out, "p.pdf"), "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"厦门市司法局各处室政务公开工作任务落实情况（2016年前三季度）", "办公室", "合计"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the progress report's text lacks %q:\n%s", want, text)
		}
	}
}
