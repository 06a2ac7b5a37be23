package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// notice is an office notice in ordinary government wording, written for the tests; it must be
// clean.
const notice = "../review/testdata/notice.txt"

// scanJSON runs `shendang scan --json args…` and decodes its lines.
func scanJSON(t *testing.T, args ...string) (int, []map[string]any, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(append([]string{"scan", "--json"}, args...), &stdout, &stderr)
	var reports []map[string]any
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var rep map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rep); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		reports = append(reports, rep)
	}
	return code, reports, stderr.String()
}

func TestScanJSONShape(t *testing.T) {
	code, reps, _ := scanJSON(t, "../review/testdata/marks.txt")
	if code != exitFail || len(reps) != 1 {
		t.Fatalf("exit %d, %d reports; want 1 and one report", code, len(reps))
	}
	rep := reps[0]
	keys := []string{"path", "format", "verdict", "pages", "rules_version", "findings"}
	for _, k := range keys {
		if _, ok := rep[k]; !ok {
			t.Errorf("report lacks %q: %v", k, rep)
		}
	}
	if _, ok := rep["error"]; ok {
		t.Error(`"error" present without verdict error`)
	}
	if rep["verdict"] != "block" || rep["format"] != "txt" {
		t.Errorf("verdict %v format %v", rep["verdict"], rep["format"])
	}
	findings := rep["findings"].([]any)
	if len(findings) < 10 {
		t.Fatalf("%d findings, want at least 10", len(findings))
	}
	want := []string{"category", "severity", "rule", "basis", "match", "part", "page", "line", "context", "fingerprint"}
	for _, f := range findings {
		m := f.(map[string]any)
		if len(m) != len(want) {
			t.Errorf("finding has keys %v, want exactly %v", m, want)
		}
		for _, k := range want {
			if _, ok := m[k]; !ok {
				t.Errorf("finding lacks %q", k)
			}
		}
	}
}

// TestScanWorkbookJSON: a finding in a spreadsheet names its cell, one in an embedded object
// the object, in the JSON report.
func TestScanWorkbookJSON(t *testing.T) {
	tests := []struct {
		file, match, cell, embedded string
	}{
		{"book.xlsx", "110105195907211232", "底稿!B1", ""},
		{"book.xlsx", "440304198808080497", "补贴名单!E2", ""},
		{"letter-embedded.docx", "350203198506150492", "补贴名单!C2", "oleObject1.xlsx"},
	}
	for _, tt := range tests {
		t.Run(tt.file+" "+tt.cell, func(t *testing.T) {
			code, reps, _ := scanJSON(t, "../review/testdata/"+tt.file)
			if code != exitFail || len(reps) != 1 || reps[0]["verdict"] != "block" {
				t.Fatalf("exit %d, reports %v; want 1 and one blocked report", code, reps)
			}
			for _, f := range reps[0]["findings"].([]any) {
				m := f.(map[string]any)
				embedded, _ := m["embedded"].(string)
				if m["match"] == tt.match && m["cell"] == tt.cell && embedded == tt.embedded {
					return
				}
			}
			t.Errorf("no finding %q with cell %q, embedded %q in %v", tt.match, tt.cell, tt.embedded, reps[0]["findings"])
		})
	}
}

// TestScanScannedPDF: a scanned PDF with 秘密★1年 on its first page blocks, the mark located on
// that page as recognised text, and each page says what OCR read.
func TestScanScannedPDF(t *testing.T) {
	if _, err := exec.LookPath("tesseract"); err != nil {
		t.Skip("tesseract is not installed (make test-deps installs tesseract-ocr tesseract-ocr-chi-sim)")
	}
	code, reps, _ := scanJSON(t, "../review/testdata/scan-pages.pdf")
	if code != exitFail || len(reps) != 1 || reps[0]["verdict"] != "block" {
		t.Fatalf("exit %d, reports %v; want 1 and one blocked report", code, reps)
	}
	var got []string
	for _, f := range reps[0]["findings"].([]any) {
		m := f.(map[string]any)
		if m["ocr"] != true {
			t.Errorf("finding %v: want \"ocr\": true", m)
		}
		got = append(got, fmt.Sprintf("%v:%v:p%v", m["category"], m["rule"], m["page"]))
	}
	want := "classification_mark:classification-mark:p1 mobile_phone:mobile-phone:p1 id_card:id-card:p1 image_only:ocr:p1 image_only:ocr:p2"
	if strings.Join(got, " ") != want {
		t.Errorf("got findings %s,\nwant %s", strings.Join(got, " "), want)
	}
	var out bytes.Buffer
	runScan([]string{"../review/testdata/scan-pages.pdf"}, &out, io.Discard)
	if !strings.Contains(out.String(), "[拦截] 密级标志 “秘密") || !strings.Contains(out.String(), "正文 第1页（图像识别，置信度") {
		t.Errorf("the readable report does not locate the mark as recognised on page 1:\n%s", out.String())
	}
}

func TestScanNoticeIsClean(t *testing.T) {
	code, reps, _ := scanJSON(t, notice)
	if code != exitOK || len(reps) != 1 || reps[0]["verdict"] != "clean" {
		t.Errorf("exit %d reports %v; want 0 and clean", code, reps)
	}
}

// TestScanSeedIsClean: the customer's own document, where SHENDANG_SEED_DIR names its folder.
func TestScanSeedIsClean(t *testing.T) {
	dir := os.Getenv("SHENDANG_SEED_DIR")
	if dir == "" {
		t.Skip("SHENDANG_SEED_DIR is not set: the customer's document is not checked here (CI sets it to ../shared/seed)")
	}
	code, reps, _ := scanJSON(t, filepath.Join(dir, "disclosure-plan-2016.txt"))
	if code != exitOK || len(reps) != 1 || reps[0]["verdict"] != "clean" {
		t.Errorf("exit %d reports %v; want 0 and clean", code, reps)
	}
}

func TestScanDirectoryAndBrokenFiles(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, "../review/testdata/broken.docx", filepath.Join(dir, "a-broken.docx"))
	copyFile(t, notice, filepath.Join(dir, "sub", "b-notice.txt"))
	copyFile(t, "../review/testdata/scan.pdf", filepath.Join(dir, "sub", "c-scan.pdf"))
	if err := os.WriteFile(filepath.Join(dir, "notes.key"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, reps, _ := scanJSON(t, dir)
	if code != exitFail {
		t.Errorf("exit %d, want 1 (a file could not be read)", code)
	}
	var got []string
	for _, r := range reps {
		got = append(got, filepath.Base(r["path"].(string))+":"+r["verdict"].(string))
	}
	// The scan's 秘密★1年 is found by OCR; without Tesseract the page is only reported for a
	// person to read.
	scanVerdict := "block"
	if _, err := exec.LookPath("tesseract"); err != nil {
		scanVerdict = "warn"
	}
	if want := "a-broken.docx:error b-notice.txt:clean c-scan.pdf:" + scanVerdict; strings.Join(got, " ") != want {
		t.Errorf("reports %v, want %s (unsupported files skipped, order by name)", got, want)
	}
	if msg, _ := reps[0]["error"].(string); !strings.Contains(msg, "a-broken.docx") {
		t.Errorf("error %q does not name the file", msg)
	}
}

// TestScanDirectoryNamedLikeAFile: a folder named x.docx is reported as not a file (exit 1),
// and what is inside it is scanned as well; an empty folder is said so, never silently passed.
func TestScanDirectoryNamedLikeAFile(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "空.docx")
	full := filepath.Join(dir, "full.docx")
	plain := filepath.Join(dir, "plain")
	for _, d := range []string{empty, full, plain} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	copyFile(t, notice, filepath.Join(full, "notice.txt"))
	tests := []struct {
		path    string
		code    int
		reports string // base name:verdict of each report
		stderr  string
	}{
		{empty, exitFail, "空.docx:error", "没有可审查的文件"},
		{full, exitFail, "full.docx:error notice.txt:clean", ""},
		{plain, exitOK, "", "没有可审查的文件"},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			code, reps, stderr := scanJSON(t, tt.path)
			var got []string
			for _, r := range reps {
				got = append(got, filepath.Base(r["path"].(string))+":"+r["verdict"].(string))
			}
			if code != tt.code || strings.Join(got, " ") != tt.reports || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("got exit %d, reports %v, stderr %q; want %d, %q, %q", code, got, stderr, tt.code, tt.reports, tt.stderr)
			}
			if len(reps) > 0 && reps[0]["verdict"] == "error" && !strings.Contains(reps[0]["error"].(string), filepath.Base(tt.path)) {
				t.Errorf("error %q does not name the folder", reps[0]["error"])
			}
		})
	}
	var stdout, stderr bytes.Buffer
	run([]string{"scan", empty}, &stdout, &stderr)
	if want := "无法读取文件“空.docx”：这不是普通文件"; !strings.Contains(stdout.String(), want) {
		t.Errorf("readable report lacks %q:\n%s", want, stdout.String())
	}
}

func TestScanUserListsAndUsage(t *testing.T) {
	dir := t.TempDir()
	rules := filepath.Join(dir, "本局关键词.txt")
	allow := filepath.Join(dir, "本局豁免.txt")
	write(t, rules, "# 本局\n监督电话\tblock\n")
	write(t, allow, "保密审查\n")
	code, reps, _ := scanJSON(t, "--rules", rules, "--allow", allow, notice)
	if code != exitFail || reps[0]["verdict"] != "block" {
		t.Fatalf("with an extra block term in the notice: exit %d verdict %v", code, reps[0]["verdict"])
	}
	_, base, _ := scanJSON(t, notice)
	if reps[0]["rules_version"] == base[0]["rules_version"] {
		t.Error("rules_version unchanged by an extra list")
	}

	bad := filepath.Join(dir, "bad.txt")
	write(t, bad, "内部资料\tstop\n")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"scan", "--rules", bad, notice}, &stdout, &stderr); code != exitUsage || !strings.Contains(stderr.String(), "bad.txt:1") {
		t.Errorf("bad list: exit %d stderr %q; want 2 naming bad.txt:1", code, stderr.String())
	}
	stderr.Reset()
	if code := run([]string{"scan"}, &stdout, &stderr); code != exitUsage {
		t.Errorf("no path: exit %d, want 2", code)
	}
}

func TestScanReadableReport(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run([]string{"scan", "../review/testdata/header-only.docx", "../review/testdata/broken.docx"}, &stdout, &stderr)
	out := stdout.String()
	if code != exitFail {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{"header-only.docx：不得公开", "[拦截] 密级标志 “秘密★1年” 页眉 第1行", "依据：《中华人民共和国保守国家秘密法》",
		"broken.docx：无法读取", "无法读取文件“broken.docx”：文件已损坏"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, to, string(data))
}

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
