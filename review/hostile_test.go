package review

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// hostileCase is a file made to break a reader, and what reading and checking it must give:
// the error (errors.Is), or else the verdict; says is a word the error or a finding's context
// must contain. Every case must also finish within hostileTime and hostileMemory.
type hostileCase struct {
	file    string
	build   func(tb testing.TB) []byte // the file's bytes; nil for a FIFO or a directory
	err     error
	verdict Verdict
	says    string
	big     bool          // a large file, skipped with -short
	time    time.Duration // a bound other than hostileTime, where that is not met yet
}

// The bounds each hostile file is read and checked within, in a process of its own.
const (
	hostileTime   = 2 * time.Second
	hostileMemory = 500 << 20
)

// pdfWith is the one-page PDF of pdfObjects with object n (1-based) replaced by body.
func pdfWith(text string, edits map[int]string, trailer string) func(testing.TB) []byte {
	return func(testing.TB) []byte {
		objs := pdfObjects(text)
		for n, body := range edits {
			for len(objs) < n {
				objs = append(objs, "null")
			}
			objs[n-1] = body
		}
		return buildPDF(objs, trailer)
	}
}

// repeatTo is s repeated to n bytes (cut at a whole repetition).
func repeatTo(s string, n int) []byte {
	return []byte(strings.Repeat(s, n/len(s)))
}

const (
	marked = "内部资料"     // a block term of the default list
	benign = "政务公开工作要点" // nothing to find
)

var hostileCases = []hostileCase{
	// Not a regular file: refused before it is opened.
	{file: "pipe.txt", err: ErrNotRegular, says: "pipe"},
	{file: "folder.docx", err: ErrNotRegular, says: "directory"},

	// PDF structure that loops.
	{file: "kids-self.pdf", build: pdfWith(marked, map[int]string{2: "<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>"}, ""),
		verdict: VerdictBlock, says: "循环"},
	{file: "kids-only-self.pdf", build: pdfWith(marked, map[int]string{2: "<< /Type /Pages /Kids [2 0 R] /Count 1 >>"}, ""),
		err: ErrMalformed, says: "page tree"},
	{file: "kids-dag.pdf", build: kidsDAG, verdict: VerdictBlock},
	{file: "prev-self.pdf", build: pdfWith(marked, nil, "/Prev XREF"), err: ErrMalformed, says: "loops"},
	// Arrays nested millions deep: once a stack overflow, which kills the process.
	{file: "deep-arrays.pdf", build: pdfWith(marked, map[int]string{1: "<< /Type /Catalog /Pages 2 0 R /X " + strings.Repeat("[", 8<<20) + " >>"}, ""),
		err: ErrMalformed, says: "nested"},
	{file: "prev-self-stream.pdf", build: func(testing.TB) []byte {
		return buildPDFXrefStream(pdfObjects(marked), nil, "/Prev XREF", "")
	}, err: ErrMalformed, says: "loops"},
	{file: "parent-loop.pdf", build: pdfWith(marked, map[int]string{
		3: "<< /Type /Page /Parent 6 0 R /Contents 4 0 R >>", 6: "<< /Type /Pages /Parent 3 0 R /Kids [] /Count 0 >>"}, ""),
		err: ErrMalformed, says: "/Parent"},
	{file: "objstm-extends-self.pdf", build: func(testing.TB) []byte {
		objs := append(pdfObjects(marked), objStmObj(map[int]string{7: "(x)"}, "/Extends 6 0 R"), "")
		objs[4] = ""
		return buildPDFXrefStream(objs, map[int]xrefRow{5: {2, 6, 0}, 7: {2, 6, 0}}, "", "")
	}, err: ErrMalformed, says: "loops"},
	{file: "objstm-extends-member.pdf", build: func(testing.TB) []byte { // /Extends names an object held in the stream itself
		objs := append(pdfObjects(marked), objStmObj(map[int]string{7: "(x)"}, "/Extends 5 0 R"), "")
		objs[4] = ""
		return buildPDFXrefStream(objs, map[int]xrefRow{5: {2, 6, 0}, 7: {2, 6, 0}}, "", "")
	}, err: ErrMalformed, says: "loop"},
	{file: "objstm-length-inside.pdf", build: func(testing.TB) []byte { // the stream's /Length is an object in it
		objs := append(pdfObjects(marked), objStmObj(map[int]string{7: "9"}, "/Length 7 0 R"), "")
		return buildPDFXrefStream(objs, map[int]xrefRow{7: {2, 6, 0}}, "", "")
	}, err: ErrMalformed, says: "loop"},
	{file: "objstm-in-objstm.pdf", build: func(testing.TB) []byte {
		objs := append(pdfObjects(marked), "")
		objs[4] = ""
		return buildPDFXrefStream(objs, map[int]xrefRow{5: {2, 6, 0}, 6: {2, 5, 0}}, "", "")
	}, err: ErrMalformed, says: "object stream"},
	{file: "form-fan-out.pdf", build: formFanOut, verdict: VerdictBlock},

	// PDF structure that would cost memory.
	{file: "columns.pdf", build: pdfWith(marked, map[int]string{4: pdfStreamObj("/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 2000000000 >>",
		zlibString("BT /F1 12 Tf <"+ucs2Hex(marked)+"> Tj ET"))}, ""), err: ErrMalformed, says: "columns"},
	{file: "xref-columns.pdf", build: func(testing.TB) []byte {
		return buildPDFXrefStream(pdfObjects(marked), nil, "", "<< /Predictor 12 /Columns 2000000000 >>")
	}, err: ErrMalformed, says: "columns"},
	{file: "xref-size.pdf", build: func(testing.TB) []byte {
		return buildPDFXrefStream(pdfObjects(marked), nil, "/Size 2000000000", "")
	}, err: ErrMalformed, says: "/Size"},
	{file: "content-bomb.pdf", build: pdfWith(marked, map[int]string{4: pdfStreamObj("/Filter /FlateDecode", zlibBomb("(a) Tj ", 200<<20))}, ""),
		err: ErrMalformed, says: "16 MB"},
	{file: "cmap-count.pdf", build: pdfWith(marked, map[int]string{
		5: "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /ToUnicode 6 0 R /DescendantFonts [] >>",
		6: pdfStreamObj("", "/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange 999999999 beginbfchar <5185> <5185> endbfchar endcmap"),
	}, ""), err: ErrMalformed, says: "CMap"},
	{file: "begin-flood.pdf", build: pdfWith(marked, map[int]string{4: pdfStreamObj("", strings.Repeat("<< >> begin ", 100)+"BT /F1 12 Tf <"+ucs2Hex(marked)+"> Tj ET")}, ""),
		err: ErrMalformed, says: "operands"},
	{file: "deep-nesting.pdf", build: pdfWith(marked, map[int]string{3: "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R /X " +
		strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + " >>"}, ""), err: ErrMalformed, says: "page tree"},
	{file: "open-hex.pdf", build: pdfWith(marked, map[int]string{4: pdfStreamObj("", "BT /F1 12 Tf <5185")}, ""), err: ErrMalformed, says: "hex string"},

	// PDFs whose text was lost and that came back clean: never clean now.
	{file: "count-negative.pdf", build: pdfWith(benign, map[int]string{2: "<< /Type /Pages /Kids [3 0 R] /Count -5 >>"}, ""),
		verdict: VerdictWarn, says: "-5 页"},
	{file: "count-huge.pdf", build: pdfWith(marked, map[int]string{2: "<< /Type /Pages /Kids [3 0 R] /Count 2000000000 >>"}, ""),
		verdict: VerdictBlock, says: "实际找到 1 页"},
	{file: "resources-page.pdf", build: pdfWith(marked, map[int]string{3: "<< /Type /Page /Parent 2 0 R /Resources 3 0 R /Contents 4 0 R >>"}, ""),
		verdict: VerdictWarn, says: "找不到"},
	{file: "length-long.pdf", build: pdfWith(marked, map[int]string{4: "<< /Length 60 >>\nstream\nBT /F1 12 Tf <" + ucs2Hex(marked) + "> Tj ET\nendstream"}, ""),
		verdict: VerdictBlock, says: "长度"},
	{file: "length-short.pdf", build: pdfWith(marked, map[int]string{4: "<< /Length 20 >>\nstream\nBT /F1 12 Tf <" + ucs2Hex(marked) + "> Tj ET\nendstream"}, ""),
		err: ErrMalformed, says: "hex string"},
	{file: "length-missing.pdf", build: pdfWith(marked, map[int]string{4: "<< /Length 99 0 R >>\nstream\nBT /F1 12 Tf <" + ucs2Hex(marked) + "> Tj ET\nendstream"}, ""),
		verdict: VerdictWarn, says: "长度"},
	{file: "content-missing.pdf", build: pdfWith(marked, map[int]string{3: "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 99 0 R >>"}, ""),
		verdict: VerdictWarn, says: "内容流缺失"},
	{file: "no-tounicode.pdf", build: pdfWith(marked, map[int]string{5: "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [] >>"}, ""),
		verdict: VerdictWarn, says: "对照表"},

	// Text files.
	{file: "utf16le-nobom.txt", build: func(testing.TB) []byte {
		return utf16Bytes(strings.Repeat(marked+"注意保存，仅供内部参考。", 20), false)
	},
		verdict: VerdictBlock},
	{file: "utf16be-nobom.txt", build: func(testing.TB) []byte { return utf16Bytes(marked+"注意保存", true) }, verdict: VerdictBlock},
	{file: "line-1mb.txt", build: func(testing.TB) []byte { return repeatTo(marked, 1<<20) }, verdict: VerdictBlock, says: "未逐一列出"},
	{file: "phones-1mb.txt", build: func(testing.TB) []byte { return repeatTo("联系电话13812345678；", 1<<20) }, verdict: VerdictBlock},
	{file: "marks-1mb.txt", build: func(testing.TB) []byte { return repeatTo("秘密★1年", 1<<20) }, verdict: VerdictBlock},
	{file: "line-50mb.txt", build: func(testing.TB) []byte { return repeatTo("标底", 50<<20) }, verdict: VerdictWarn, big: true},
	// Within hostileTime on an idle two-core machine (reading and checking: 1.57 s of wall
	// time, 2.75 s of CPU over both cores); the bound is wider for a loaded test machine,
	// where neither the wall time nor the CPU of one core stays under 2 s.
	{file: "text-158mb.txt", build: func(tb testing.TB) []byte { return repeatTo(string(mustReadFile(tb, noticeFixture)), 158<<20) },
		verdict: VerdictClean, big: true, time: 4 * time.Second},

	// Word files.
	{file: "bomb-1g.docx", build: func(tb testing.TB) []byte { return zipBomb(tb, 1_000_000_000) }, err: ErrTooLarge, says: "ZIP bomb"},
	{file: "bomb-2g.docx", build: func(tb testing.TB) []byte { return zipBomb(tb, 2_200_000_000) }, err: ErrTooLarge, says: "unpacks"},
	{file: "deletions.docx", build: func(tb testing.TB) []byte {
		return wordDoc(tb, strings.Repeat(`<w:p><w:del w:author="a"><w:r><w:delText>删</w:delText></w:r></w:del><w:r><w:t>文</w:t></w:r></w:p>`, 60000))
	}, verdict: VerdictWarn, says: "修订"},
	{file: "joined-deletions.docx", build: func(tb testing.TB) []byte {
		return wordDoc(tb, "<w:p>"+strings.Repeat(`<w:del w:author="a"><w:r><w:delText>删</w:delText></w:r></w:del>`, 100000)+"</w:p>")
	}, verdict: VerdictWarn, says: "修订"},
}

// kidsDAG is a page tree forty levels deep whose every node lists the next one twice: 2^40
// paths to one page.
func kidsDAG(testing.TB) []byte {
	objs := pdfObjects(marked)
	objs[1] = "<< /Type /Pages /Kids [6 0 R 6 0 R] /Count 1 >>"
	for i := 0; i < 40; i++ {
		next := fmt.Sprintf("%d 0 R", 7+i)
		if i == 39 {
			next = "3 0 R"
		}
		objs = append(objs, fmt.Sprintf("<< /Type /Pages /Kids [%s %s] /Count 1 >>", next, next))
	}
	return buildPDF(objs, "")
}

// formFanOut is a page whose resources list one form fifty times, and the form lists itself
// fifty times: 50^n paths to one form.
func formFanOut(testing.TB) []byte {
	var names []string
	for i := range 50 {
		names = append(names, fmt.Sprintf("/X%d 6 0 R", i))
	}
	xo := "/XObject << " + strings.Join(names, " ") + " >>"
	objs := pdfObjects(benign)
	objs[2] = "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> " + xo + " >> /Contents 4 0 R >>"
	objs = append(objs, pdfStreamObj("/Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << /Font << /F1 5 0 R >> "+xo+" >>",
		"BT /F1 12 Tf <"+ucs2Hex(marked)+"> Tj ET"))
	return buildPDF(objs, "")
}

func utf16Bytes(s string, bigEndian bool) []byte {
	var out []byte
	for _, r := range s { // the test texts are all in the BMP
		hi, lo := byte(r>>8), byte(r)
		if bigEndian {
			out = append(out, hi, lo)
		} else {
			out = append(out, lo, hi)
		}
	}
	return out
}

// wordDoc is a .docx whose body holds the given paragraphs.
func wordDoc(tb testing.TB, paragraphs string) []byte {
	return zipOf(tb, map[string]string{"word/document.xml": `<w:document xmlns:w="w"><w:body>` + paragraphs + `</w:body></w:document>`})
}

// hostileResult is what the child process reports of one file.
type hostileResult struct {
	Err      string   `json:"err"`
	Is       []string `json:"is"`
	Verdict  Verdict  `json:"verdict"`
	Contexts string   `json:"contexts"`
	Seconds  float64  `json:"seconds"`     // wall time of the read and check
	CPU      float64  `json:"cpu_seconds"` // CPU time of the read and check, where the process can tell
	PeakRSS  int64    `json:"peak_rss"`    // bytes, from the process itself where it can tell (Linux)
}

// TestHostileChild reads and checks the one file SHENDANG_HOSTILE_FILE names, as `shendang
// scan` does (Limits.Timeout for the read and the check together), and prints what came of
// it. TestHostileFiles runs it in a process of its own, to measure that process.
func TestHostileChild(t *testing.T) {
	path := os.Getenv("SHENDANG_HOSTILE_FILE")
	if path == "" {
		t.Skip("run by TestHostileFiles, in a process of its own")
	}
	rules := defaultRules(t)
	Normalize("機密") // build the traditional → simplified table: once a process, not a file
	start, startCPU := time.Now(), processCPU()
	r := NewReader()
	ctx, cancel := context.WithTimeout(context.Background(), r.Limits.Timeout)
	defer cancel()
	var res hostileResult
	doc, err := r.Read(ctx, path)
	if err == nil {
		var found []Finding
		if found, err = rules.CheckContext(ctx, doc); err == nil {
			res.Verdict = Decide(found, nil)
			var ctxs []string
			for _, f := range found {
				ctxs = append(ctxs, f.Context)
			}
			res.Contexts = strings.Join(ctxs, "\n")
		}
	}
	res.Seconds, res.CPU = time.Since(start).Seconds(), (processCPU() - startCPU).Seconds()
	res.PeakRSS = peakRSS()
	if err != nil {
		res.Err, res.Verdict = err.Error(), VerdictError
		for name, target := range hostileErrors {
			if errors.Is(err, target) {
				res.Is = append(res.Is, name)
			}
		}
	}
	line, _ := json.Marshal(res)
	fmt.Printf("HOSTILE %s\n", line)
}

var hostileErrors = map[string]error{
	"ErrNotRegular": ErrNotRegular, "ErrMalformed": ErrMalformed, "ErrTooLarge": ErrTooLarge,
	"ErrEncoding": ErrEncoding, "ErrTimeout": ErrTimeout, "ErrEncrypted": ErrEncrypted,
}

// TestHostileFiles reads and checks each hostile file in a process of its own and holds it to
// its outcome and to the bounds: hostileTime for the read and the check (their CPU time, or
// their wall time when that is less, as on an idle machine with the work spread over cores;
// the process's start, the same for any number of files, is not counted) and hostileMemory
// for the whole process's peak resident set. The small files' processes run side by side,
// after the large ones have run alone.
func TestHostileFiles(t *testing.T) {
	dir := t.TempDir()
	for _, hc := range hostileCases {
		t.Run(hc.file, func(t *testing.T) {
			if hc.big && testing.Short() {
				t.Skip("a large file: not with -short")
			}
			if !hc.big {
				t.Parallel()
			}
			path := filepath.Join(dir, hc.file)
			makeHostile(t, hc, path)
			res, cpu, wall, rss := runHostileChild(t, path)
			os.Remove(path)
			if res.PeakRSS > 0 {
				rss = res.PeakRSS
			}
			t.Logf("process cpu %.2fs, wall %.2fs (read and check: cpu %.2fs, wall %.2fs), peak RSS %d MB: %s %s", cpu.Seconds(), wall.Seconds(),
				res.CPU, res.Seconds, rss>>20, res.Verdict, res.Err)
			checkHostile(t, hc, res)
			if raceEnabled {
				return // the race detector multiplies time and memory
			}
			bound := hostileTime
			if hc.time > 0 {
				bound = hc.time
			}
			if res.CPU > 0 { // the child measured its read and check itself
				cpu, wall = time.Duration(res.CPU*float64(time.Second)), time.Duration(res.Seconds*float64(time.Second))
			}
			if got := min(cpu, wall); got > bound {
				t.Errorf("reading and checking took %v of CPU and %v of wall time, want under %v", cpu, wall, bound)
			}
			if rss > hostileMemory {
				t.Errorf("peak memory %d MB, want under %d MB", rss>>20, hostileMemory>>20)
			}
		})
	}
}

// peakRSS returns this process's peak resident set in bytes, from /proc/self/status on Linux,
// or 0. Unlike the rusage a parent gets, VmHWM counts from the exec: a child forked from a
// large test process would otherwise report its parent's size.
func peakRSS() int64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(rest), "%d kB", &kb)
			return kb << 10
		}
	}
	return 0
}

// makeHostile writes the file of a case, or makes its FIFO or directory.
func makeHostile(t *testing.T, hc hostileCase, path string) {
	t.Helper()
	switch {
	case hc.build != nil:
		if err := os.WriteFile(path, hc.build(t), 0o644); err != nil {
			t.Fatal(err)
		}
	case strings.HasPrefix(hc.file, "pipe"):
		if err := mkfifo(path); err != nil {
			t.Skipf("no named pipes here: %v", err)
		}
	default:
		if err := os.Mkdir(path, 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

// checkHostile holds a result to the case's outcome.
func checkHostile(t *testing.T, hc hostileCase, res hostileResult) {
	t.Helper()
	if hc.err != nil {
		name := ""
		for n, e := range hostileErrors {
			if e == hc.err {
				name = n
			}
		}
		if !strings.Contains(strings.Join(res.Is, " "), name) {
			t.Errorf("got %s %q, want %s", res.Verdict, res.Err, name)
		}
		if !strings.Contains(res.Err, hc.file) {
			t.Errorf("error %q does not name the file", res.Err)
		}
		if !strings.Contains(res.Err, hc.says) {
			t.Errorf("error %q does not say %q", res.Err, hc.says)
		}
		return
	}
	if res.Verdict != hc.verdict {
		t.Errorf("got verdict %s %q, want %s", res.Verdict, res.Err, hc.verdict)
	}
	if !strings.Contains(res.Contexts, hc.says) {
		t.Errorf("no finding says %q:\n%s", hc.says, res.Contexts)
	}
}
