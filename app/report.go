package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"shendang.gov.cn/shendang/archive"
)

const reportUsage = `用法 / usage:
  shendang report quarterly --year 年度 --quarter 季度 -o 文件.pdf|文件.xlsx [--data 目录 | --store postgres://…]
      季度统计：各处室、各主动公开目录类别提出、公开、建档、退回的数量 (the quarterly summary)
  shendang report progress --year 年度 [--quarter 3] -o 文件.pdf|文件.xlsx
      各处室工作任务落实情况：--quarter 3 为前三季度（9月1日前报送），不写为全年（11月15日前报送）
      (the divisions' progress report: first three quarters, or the whole year)
  shendang report annual --year 年度 -o 文件.xlsx
      政府信息公开工作年度报告的表二、表三、表四（国办公开办函〔2021〕30号格式）
      (tables 二–四 of the annual report, in the national format)
  输出格式由文件扩展名决定 (the file's extension chooses PDF or xlsx).
  例 / example: shendang report progress --year 2016 --quarter 3 -o 2016前三季度.pdf
`

// reportArgs is what `shendang report` was asked.
type reportArgs struct {
	where, kind, out string
	year, quarter    int
}

// runReport is `shendang report`: it writes one of the reports the office owes.
//
// Where the wall time of a report on the 100,000 items of the synthetic year goes (issue 16:
// under 2 s), each phase timed in the process with its processor time (getrusage), the store
// at rest (its tables checked once, its facts current), 2026-12-02, load average 13–20 on the
// shared 2-core machine:
//
//	start     0.12–0.27 s wall,  0.07 cpu-s   (`shendang version`: package init, nothing parsed)
//	open      0.04–0.12 s,       0.03–0.06    (Badger; the table check is skipped, CHECKED)
//	count     2.3–4.2 s,         1.2–1.4      (the item index and the facts' scan: archive/stat*)
//	write     quarterly .pdf 0.86–1.0 s, 0.28; .xlsx 0.39 s, 0.09; annual .xlsx 0.02 s, 0.01;
//	          progress .pdf 3.0–3.5 s, 1.0 (296 pages: gofpdf makes a new zlib writer for each
//	          page, 0.34 cpu-s, the text's layout 0.23, the font's parsing 0.05–0.1);
//	          progress .xlsx 1.4–2.2 s, 0.50–0.63, streamed since (writeSheet) 0.39–0.62 s, 0.12–0.21
//	close     0.06–0.43 s,       0.01–0.03    (msync of the memtable and value-log files Badger
//	          made at open, fsync of the directory; waiting, not working)
//
// The count is the cost: at this load no report is written in under 2 s of wall time, the
// count alone taking 2.3–4.2 s. The whole command as a person runs it (/usr/bin/time, the
// base and the new program alternated, load average 11–15), wall and user seconds:
//
//	                 before                  after
//	quarterly .pdf   4.2–5.2 s  1.16–1.47    5.2 s     1.25–1.43
//	quarterly .xlsx  3.8–4.0    1.03–1.04    2.8–4.1   1.02–1.23
//	annual .xlsx     3.3–3.8    0.94–1.10    2.6–4.6   1.08–1.10
//	progress .pdf    7.2–7.8    1.85–1.98    5.4–6.1   1.72–1.87
//	progress .xlsx   3.7–6.0    1.43–1.47    2.6–4.1   1.12
//
// Opening the store read-only for a report would spare the close's waits, but it is no way
// around the window: Badger's read-only open takes a shared lock the window's exclusive one
// refuses, as now; and opening or counting may write (the anchor, a schema upgrade, facts
// stored anew after their format changed), which a read-only store cannot. The first report
// on the freshly filled store took 6 s: every table checked whole (2.7 s, no CHECKED yet) while
// Badger compacted in the background (its 5 tables became 50); later ones as above.
func runReport(args []string, stdout, stderr io.Writer) int {
	ra, status, done := parseReportArgs(args, stdout, stderr)
	if done {
		return status
	}
	s, err := openExisting(ra.where)
	if err != nil {
		reportFailure(stderr, "shendang report", err)
		return exitFail
	}
	defer s.Close()
	var replaced []rune
	err = writeFileAtomically(ra.out, func(w io.Writer) (err error) {
		replaced, err = ra.write(s, w)
		return err
	})
	if err != nil {
		reportFailure(stderr, "shendang report", err)
		return exitFail
	}
	fmt.Fprintf(stdout, "已生成 %s\n", ra.out)
	if len(replaced) > 0 {
		fmt.Fprintf(stderr, "注意：%d 个字符超出字库，报表上以“〓”代替：%s\n", len(replaced), string(replaced))
	}
	return exitOK
}

// parseReportArgs reads the arguments; done says the command ends here, with status.
func parseReportArgs(args []string, stdout, stderr io.Writer) (ra reportArgs, status int, done bool) {
	for _, a := range args {
		if a == "-h" || a == "--help" || a == "-help" {
			fmt.Fprint(stdout, reportUsage)
			return ra, exitOK, true
		}
	}
	where, pos, ok := storeFlags("report", args, stderr, reportUsage, func(fs *flag.FlagSet) {
		fs.IntVar(&ra.year, "year", 0, "")
		fs.IntVar(&ra.quarter, "quarter", 0, "")
		fs.StringVar(&ra.out, "o", "", "")
	})
	if !ok {
		return ra, exitUsage, true
	}
	ra.where = where
	if len(pos) != 1 {
		return ra, reportUsageError(stderr, "请指明 quarterly、progress 或 annual 之一"), true
	}
	ra.kind = pos[0]
	if msg := ra.problem(); msg != "" {
		return ra, reportUsageError(stderr, msg), true
	}
	return ra, 0, false
}

// problem says what is wrong with the arguments, or "".
func (ra reportArgs) problem() string {
	ext := strings.ToLower(filepath.Ext(ra.out))
	switch {
	case ra.kind != "quarterly" && ra.kind != "progress" && ra.kind != "annual":
		return fmt.Sprintf("未知的报表“%s”，应为 quarterly、progress 或 annual", ra.kind)
	case ra.year == 0:
		return "请用 --year 指定年度"
	case ra.out == "":
		return "请用 -o 指定输出文件"
	case ra.kind == "annual" && ext != ".xlsx":
		return "年度报告只生成 .xlsx 文件"
	case ext != ".pdf" && ext != ".xlsx":
		return fmt.Sprintf("输出文件“%s”的扩展名应为 .pdf 或 .xlsx", ra.out)
	}
	return ra.quarterProblem()
}

// quarterProblem says what is wrong with --quarter for the report asked, or "": each report
// takes its own quarters.
func (ra reportArgs) quarterProblem() string {
	switch {
	case ra.kind == "quarterly" && (ra.quarter < 1 || ra.quarter > 4):
		return "季度统计请用 --quarter 指定季度（1 至 4）"
	case ra.kind == "progress" && ra.quarter != 0 && ra.quarter != 3 && ra.quarter != 4:
		return "落实情况报告只有前三季度（--quarter 3）和全年（不写 --quarter，或 --quarter 4）两种"
	case ra.kind == "annual" && ra.quarter != 0:
		return "年度报告不分季度，请去掉 --quarter"
	}
	return ""
}

// write counts the report and writes it as the output file's extension says.
func (ra reportArgs) write(s *archive.Office, w io.Writer) ([]rune, error) {
	pdf := strings.EqualFold(filepath.Ext(ra.out), ".pdf")
	switch ra.kind {
	case "quarterly":
		st, err := s.Quarterly(ra.year, ra.quarter)
		if err != nil {
			return nil, err
		}
		if pdf {
			return archive.WriteSummaryPDF(w, st)
		}
		return nil, archive.WriteSummaryXLSX(w, st)
	case "progress":
		span := archive.WholeYear
		if ra.quarter == 3 {
			span = archive.FirstThreeQuarters
		}
		rep, err := s.Progress(ra.year, span)
		if err != nil {
			return nil, err
		}
		if pdf {
			return rep.WriteProgressPDF(w, s.Now())
		}
		return nil, rep.WriteProgressXLSX(w)
	}
	rep, err := s.Annual(ra.year)
	if err != nil {
		return nil, err
	}
	return nil, rep.WriteAnnualXLSX(w)
}

// reportUsageError says what is wrong with the command and how it is used.
func reportUsageError(stderr io.Writer, msg string) int {
	fmt.Fprintf(stderr, "shendang report: %s\n\n", msg)
	fmt.Fprint(stderr, reportUsage)
	return exitUsage
}
