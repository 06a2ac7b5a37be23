package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
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
		{"a PDF's copy is a PDF", []string{"../review/testdata/redact-ids-lo.pdf", "-o", filepath.Join(dir, "b.xlsx")}, exitFail, "", "请把 -o 的文件名写成 .pdf", "", false},
		{"an xls's copy is an xlsx", []string{"../review/testdata/book.xls", "-o", filepath.Join(dir, "b.xls")}, exitFail, "", "请把 -o 的文件名写成 .xlsx", "", false},
		{"an ofd's copy is a PDF", []string{"../review/testdata/sample.ofd", "-o", filepath.Join(dir, "b.ofd")}, exitFail, "", "“sample.ofd”的脱敏稿是 PDF 文件：请把 -o 的文件名写成 .pdf", "", false},
		{"an image's copy is a PDF", []string{"../review/testdata/redact-ids-scan.png", "-o", filepath.Join(dir, "b.png")}, exitFail, "", "请把 -o 的文件名写成 .pdf", "", false},
		{"ofd", []string{"../review/testdata/redact-ids.ofd", "-o", filepath.Join(dir, "b.pdf")}, exitOK, "[手机号] 页眉 第1页 第1行  139****5678", "", "", true},
		{"ofd, what was done", []string{"../review/testdata/redact-ids.ofd", "-o", filepath.Join(dir, "b.pdf")}, exitOK, "说明：由 OFD 转为 PDF（各页按原样绘制，文字可检索、复制）", "", "", true},
		{"weak profile refused", []string{"--profile", "10+7", in, "-o", out}, exitUsage, "", "脱敏方式有误", "", false},
		{"no -o", []string{in}, exitUsage, "", "请用 -o 指定", "", false},
		{"two files", []string{in, in, "-o", out}, exitUsage, "", "一次只能为一个文件", "", false},
		{"missing file", []string{filepath.Join(dir, "无.txt"), "-o", out}, exitFail, "", "无法读取文件", "", false},
		{"help", []string{"--help"}, exitOK, "用法 / usage: shendang redact", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if strings.Contains(tt.name, "xls") {
				needSoffice(t)
			}
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

// TestRunRedactPDF: `shendang redact` of a PDF list, and of a scanned list saved as an image,
// writes a PDF in which pdftotext finds none of the IDs, and says which page became an image.
func TestRunRedactPDF(t *testing.T) {
	if testing.Short() {
		t.Skip("rasterises a page with poppler and qpdf, or recognises a scan")
	}
	tests := []struct {
		name, in string
		want     []string
	}{
		{"PDF", "redact-ids-lo.pdf", []string{"第 1 页转为图像后遮盖"}},
		{"scan as PNG", "redact-ids-scan.png", []string{"由 png 图像转为 PDF", "（遮盖位置由文字识别定出）"}},
		{"photo as JPEG", "redact-ids-photo.jpg", []string{"由 jpg 图像转为 PDF"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name != "PDF" {
				needTesseract(t)
			}
			out := filepath.Join(t.TempDir(), "公示（脱敏稿）.pdf")
			var stdout, stderr bytes.Buffer
			if got := run([]string{"redact", "../review/testdata/" + tt.in, "-o", out}, &stdout, &stderr); got != exitOK {
				t.Fatalf("status %d; stdout %s; stderr %s", got, stdout.String(), stderr.String())
			}
			for _, want := range append([]string{"已脱敏 4 处", "44*************497", "复查：脱敏稿中没有身份证号"}, tt.want...) {
				if !strings.Contains(stdout.String(), want) {
					t.Errorf("stdout lacks %q:\n%s", want, stdout.String())
				}
			}
			if text := pdfText(t, out); strings.Contains(text, "440304198808080497") || strings.Contains(text, "11010519491231002X") {
				t.Errorf("pdftotext finds an ID:\n%s", text)
			}
		})
	}
}

// needTesseract skips a test that recognises a scan where Tesseract is not installed (make
// test installs it).
func needTesseract(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("tesseract"); err != nil {
		t.Skip("tesseract is not installed (make test-deps installs tesseract-ocr tesseract-ocr-chi-sim)")
	}
}

// needSoffice skips a test that converts with LibreOffice where it is not installed (make test
// installs it).
func needSoffice(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("soffice"); err != nil {
		t.Skip("LibreOffice (soffice) not installed")
	}
}
