package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"

	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/review"
)

const scanUsage = `用法 / usage: shendang scan [--json] [--rules 文件]... [--allow 文件]... 路径...

对文件或目录（递归，仅限 txt、docx、pdf、ofd、doc、wps、xlsx、xls、et、ods、pptx 和图片 png、jpg、jpeg、
tif、tiff、bmp；扫描页和图片用 Tesseract 文字识别）做保密审查。
Checks files or directories (recursively; supported formats only) for what must not be published.

  --json          每个文件输出一行 JSON (JSON Lines, one object per document)
  --rules 文件    追加关键词表，可重复 (an extra keyword list; repeatable)
  --allow 文件    追加豁免词表，可重复 (an extra allow-list; repeatable)

退出状态 / exit status: 0 无拦截、无读取错误 (no block, no error); 1 有 (some); 2 用法错误 (usage)
`

// multiFlag collects a repeatable flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// scanReport is one line of `shendang scan --json`.
type scanReport struct {
	Path         string           `json:"path"`
	Format       string           `json:"format"`
	Verdict      review.Verdict   `json:"verdict"`
	Error        string           `json:"error,omitempty"`
	Pages        int              `json:"pages"`
	RulesVersion string           `json:"rules_version"`
	Findings     []review.Finding `json:"findings"`

	err error // the read error, for the Chinese message of the readable report
}

// runScan is `shendang scan`; it returns the exit status.
func runScan(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	jsonOut := fs.Bool("json", false, "")
	var ruleFiles, allowFiles multiFlag
	fs.Var(&ruleFiles, "rules", "")
	fs.Var(&allowFiles, "allow", "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, scanUsage)
			return exitOK
		}
		fmt.Fprintf(stderr, "shendang scan: %v\n\n%s", err, scanUsage)
		return exitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintf(stderr, "shendang scan: 请指定要审查的文件或目录 (no path given)\n\n%s", scanUsage)
		return exitUsage
	}
	// Every package's init (the window's among them) has run and faulted in much of the
	// program file, which the scan never runs again: dropped here, the program's pages do not
	// sit beside the rules and the draft (#14; 36 MiB of a freshly linked program, whose page
	// cache holds it in 2 MiB pieces mapped whole; dropping once more after the rules are
	// built gained nothing measurable).
	dropProgram()
	rules, err := loadRuleSet(ruleFiles, allowFiles)
	if err != nil {
		fmt.Fprintf(stderr, "shendang scan: %v\n", err)
		return exitUsage
	}
	paths, err := scanPaths(fs.Args(), stderr)
	if err != nil {
		fmt.Fprintf(stderr, "shendang scan: %v\n", err)
		return exitUsage
	}
	// Start-up and building the rule set leave megabytes of garbage whose pages stay resident;
	// a draft's text is one large allocation that cannot reuse them, so they would sit beside it
	// for the whole scan. One collection returns them (a few milliseconds; #14).
	debug.FreeOSMemory()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	terminal := isTerminal(stderr)
	progress := terminal && len(paths) > 1
	reader := review.NewReader()
	status := exitOK
	for i, path := range paths {
		if progress {
			fmt.Fprintf(stderr, "\r[%d/%d] %s\033[K", i+1, len(paths), path)
		}
		fileCtx := ctx
		if terminal { // scanned pages take a second or two each: count them
			fileCtx = review.WithProgress(ctx, func(done, total int) {
				fmt.Fprintf(stderr, "\r[%d/%d] %s 图像识别 %d/%d 页\033[K", i+1, len(paths), path, done, total)
			})
			progress = true
		}
		rep := scanOne(fileCtx, reader, rules, path)
		if rep.Verdict == review.VerdictBlock || rep.Verdict == review.VerdictError {
			status = exitFail
		}
		if *jsonOut {
			line, _ := json.Marshal(rep)
			fmt.Fprintf(stdout, "%s\n", line)
		} else {
			printReport(stdout, rep)
		}
		if ctx.Err() != nil {
			break
		}
	}
	if progress {
		fmt.Fprint(stderr, "\r\033[K")
	}
	return status
}

// scanOne reads and checks one file; a file that cannot be read is an error report, not a stop.
// The reader's time limit covers the reading and the check together.
func scanOne(ctx context.Context, reader *review.Reader, rules *review.RuleSet, path string) scanReport {
	rep := scanReport{Path: path, RulesVersion: rules.Version, Findings: []review.Finding{}}
	if ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), ".")); review.Supported(path) {
		rep.Format = ext
	}
	fail := func(err error) scanReport {
		rep.Verdict, rep.Error, rep.err = review.VerdictError, err.Error(), err
		return rep
	}
	doc, found, err := reader.ScanFile(ctx, rules, path)
	if err != nil {
		return fail(err)
	}
	rep.Format, rep.Pages = string(doc.Format), doc.Pages
	rep.Findings = found
	rep.Verdict = review.Decide(rep.Findings, nil)
	return rep
}

// loadRuleSet is the shipped default list and allow-list plus the office's own files.
func loadRuleSet(ruleFiles, allowFiles []string) (*review.RuleSet, error) {
	var terms, allow []review.Term
	for _, f := range ruleFiles {
		t, err := parseListFile(f)
		if err != nil {
			return nil, err
		}
		terms = append(terms, t...)
	}
	for _, f := range allowFiles {
		t, err := parseListFile(f)
		if err != nil {
			return nil, err
		}
		allow = append(allow, t...)
	}
	return archive.ComposeRuleSet(archive.OfficeRules{}, terms, allow)
}

func parseListFile(path string) ([]review.Term, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return review.ParseList(path, data)
}

// scanPaths expands directories into the supported files below them, in name order; a named
// file is kept whatever its extension, so its error is reported. A directory named like a
// draft (x.docx) is kept too, so that it is reported as not a file, and its contents are
// scanned as well; a directory with nothing to scan is said so on stderr.
func scanPaths(args []string, stderr io.Writer) ([]string, error) {
	var out []string
	for _, arg := range args {
		info, err := os.Stat(arg)
		if err != nil || !info.IsDir() {
			out = append(out, arg) // Read reports a missing, unsupported or irregular file
			continue
		}
		if review.Supported(arg) {
			out = append(out, arg)
		}
		var found []string
		err = filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && review.Supported(path) {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(found)
		if len(found) == 0 {
			fmt.Fprintf(stderr, "shendang scan: 目录“%s”中没有可审查的文件 (no supported files in %s)\n", arg, arg)
		}
		out = append(out, found...)
	}
	return out, nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

func printReport(w io.Writer, rep scanReport) {
	if rep.Verdict == review.VerdictError {
		fmt.Fprintf(w, "%s：%s\n  %s\n\n", rep.Path, rep.Verdict.Label(), userMessage(rep.err))
		return
	}
	fmt.Fprintf(w, "%s：%s（%d 项发现，规则版本 %s）\n", rep.Path, rep.Verdict.Label(), len(rep.Findings), rep.RulesVersion)
	for _, f := range rep.Findings {
		match := ""
		if m := strings.Join(strings.Fields(f.Match), " "); m != "" {
			match = "“" + m + "” "
		}
		fmt.Fprintf(w, "  [%s] %s %s%s\n      %s\n      依据：%s\n", f.Severity.Label(), f.Category.Label(), match, f.Where(), f.Context, f.Basis)
	}
	fmt.Fprintln(w)
}
