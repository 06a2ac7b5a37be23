package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"shendang.gov.cn/shendang/assets"
	"shendang.gov.cn/shendang/review"
)

const redactUsage = `用法 / usage: shendang redact [--profile 方式] [--clean=false] [--json] 文件 -o 输出文件

为文件生成可公开的脱敏稿：审查找到的身份证号、手机号、银行卡号按脱敏方式遮盖，同时清理批注、修订、
隐藏内容、文档属性和嵌入对象。txt、docx、xlsx 的脱敏稿格式不变；xls、et、ods 的脱敏稿为 xlsx；
pdf、doc、wps 和图像的脱敏稿为 pdf（含号码的页面转为图像后遮盖）；ofd 的脱敏稿为 pdf（先在 OFD 中
删去号码，再按原样转为 PDF）。-o 的扩展名须与脱敏稿的格式相符。原文件不会被改动。
Writes the publishable copy of a file: identifiers masked, hidden content removed.

  -o 文件          脱敏稿的保存位置 (the copy; required, never the input)
  --profile 方式   身份证号的脱敏方式：前2后3（默认）、前6后4（只隐藏出生日期，较弱）、前3后4、删除；
                  也可写完整的方式，如 id_card:3+4,mobile_phone:3+4,bank_card:0+4
  --clean=false   不清理批注、修订、隐藏内容、文档属性和嵌入对象 (mask only)
  --json          以 JSON 输出结果 (the report as JSON)

退出状态 / exit status: 0 已写出且复查无身份证号、手机号、银行卡号 (written, none left);
1 未能写出或仍有遗留 (failed, or some left); 2 用法错误 (usage)
`

// idProfileNames are the shipped ID profiles by the names --profile takes.
var idProfileNames = map[string]string{"前2后3": "2+3", "前6后4": "6+4", "前3后4": "3+4", "删除": "remove"}

// redactReport is what `shendang redact --json` prints.
type redactReport struct {
	Input  string `json:"input"`
	Output string `json:"output"`
	*review.RedactReport
}

// runRedact is `shendang redact`; it returns the exit status.
func runRedact(args []string, stdout, stderr io.Writer) int {
	in, out, profile, clean, jsonOut, err := parseRedactFlags(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, redactUsage)
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "shendang redact: %v\n\n%s", err, redactUsage)
		return exitUsage
	}
	masks, err := maskSetOf(profile)
	if err != nil {
		fmt.Fprintf(stderr, "shendang redact: 脱敏方式有误：%s\n", strings.TrimPrefix(err.Error(), review.ErrMaskProfile.Error()+": "))
		return exitUsage
	}
	if weak := masks[review.MaskIDCard].Weak(); weak != "" {
		fmt.Fprintf(stderr, "shendang redact: 注意：%s，%s\n", masks[review.MaskIDCard].Label(), weak)
	}
	if msg := redactRefusal(in); msg != "" {
		fmt.Fprintf(stderr, "shendang redact: %s\n", msg)
		return exitFail
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := redactFile(ctx, in, out, masks, clean)
	if err != nil {
		reportFailure(stderr, "shendang redact", err)
		return exitFail
	}
	if jsonOut {
		line, _ := json.Marshal(redactReport{Input: in, Output: out, RedactReport: rep})
		fmt.Fprintf(stdout, "%s\n", line)
	} else {
		printRedactReport(stdout, in, out, rep)
	}
	if len(rep.Remaining) > 0 {
		return exitFail
	}
	return exitOK
}

// parseRedactFlags reads the command line of redact, whose options may come before or after
// the file.
func parseRedactFlags(args []string) (in, out, profile string, clean, jsonOut bool, err error) {
	fs := flag.NewFlagSet("redact", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&out, "o", "", "")
	fs.StringVar(&profile, "profile", "", "")
	fs.BoolVar(&clean, "clean", true, "")
	fs.BoolVar(&jsonOut, "json", false, "")
	var files []string
	for {
		if err = fs.Parse(args); err != nil {
			return
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	switch {
	case len(files) == 0:
		err = errors.New("请指定要脱敏的文件 (no file given)")
	case len(files) > 1:
		err = fmt.Errorf("一次只能为一个文件生成脱敏稿，多余的参数“%s” (one file at a time)", files[1])
	case out == "":
		err = errors.New("请用 -o 指定脱敏稿的保存位置 (no -o)")
	}
	if err == nil {
		in = files[0]
	}
	return
}

// maskSetOf returns the profiles --profile names: a shipped ID profile by name (前6后4) or
// digits (6+4), or a whole set's text.
func maskSetOf(profile string) (review.MaskSet, error) {
	profile = strings.TrimSpace(profile)
	if v, ok := idProfileNames[profile]; ok {
		profile = v
	}
	if profile != "" && !strings.Contains(profile, ":") {
		profile = "id_card:" + profile
	}
	return review.ParseMaskSet(profile)
}

// redactRefusal says why a file's format is not redacted here, or "".
func redactRefusal(path string) string {
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))
	switch ext {
	case "txt", "docx", "xlsx", "xls", "et", "ods", "pdf", "doc", "wps", "ofd", "png", "jpg", "jpeg", "tif", "tiff", "bmp":
		return ""
	}
	return fmt.Sprintf("“%s”不是可以脱敏的文件：只支持 txt、docx、xlsx、xls、et、ods、pdf、doc、wps、ofd 和 png、jpg、tif、bmp 图像。", filepath.Base(path))
}

// redactFile checks the file, plans the masking of every identifier found and writes the copy.
func redactFile(ctx context.Context, in, out string, masks review.MaskSet, clean bool) (*review.RedactReport, error) {
	rules, err := loadRuleSet(nil, nil)
	if err != nil {
		return nil, err
	}
	if redactsToPDF(in) && !strings.EqualFold(filepath.Ext(out), ".pdf") {
		return nil, userErrorf("“%s”的脱敏稿是 PDF：请把 -o 的文件名写成 .pdf。", filepath.Base(in))
	}
	reader := review.NewReader()
	doc, found, err := reader.CheckFile(ctx, rules, in)
	if err != nil {
		return nil, err
	}
	plan, err := review.PlanRedaction(doc, found, review.PlanOptions{Masks: masks, Rules: rules})
	if err != nil {
		return nil, err
	}
	if redactsToPDF(in) {
		return redactToPDF(ctx, reader, rules, doc, plan, in, out, clean)
	}
	tmp, err := os.MkdirTemp("", "shendang-redact-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	from, err := reader.RedactableCopy(ctx, in, tmp)
	if err != nil {
		return nil, err
	}
	if ext := copyExt(from); !strings.EqualFold(filepath.Ext(out), ext) {
		return nil, userErrorf("“%s”的脱敏稿是 %s 文件：请把 -o 的文件名写成 %s。", filepath.Base(in), strings.ToUpper(strings.TrimPrefix(ext, ".")), ext)
	}
	opts := review.RedactOptions{Rules: rules, Paint: assets.UIFont(), Font: assets.FormFont()}
	if clean {
		opts.Clean = review.DefaultClean()
	}
	return reader.Redact(ctx, from, plan, opts, out)
}

// redactToPDF writes the PDF 脱敏稿 of the pdf, doc, wps or image file at in and checks it again, and
// reports it as Redact would: what was masked, what was left out, what remains.
func redactToPDF(ctx context.Context, reader *review.Reader, rules *review.RuleSet, doc *review.Document, plan *review.Plan, in, out string, clean bool) (*review.RedactReport, error) {
	prep, err := review.RedactPDF(ctx, in, out, pdfTargets(doc, plan), review.PDFOptions{Clean: clean, Font: assets.FormFont(), Paint: assets.UIFont(), Reader: reader})
	if err != nil {
		return nil, err
	}
	rep := &review.RedactReport{Format: review.FormatPDF, Masked: plan.Preview(), Removed: prep.Removed}
	if note := pdfNote(prep); note != "" {
		rep.Removed = append(rep.Removed, note)
	}
	_, again, err := reader.CheckFile(ctx, rules, out)
	if err != nil {
		return nil, err
	}
	rep.Verdict = review.Decide(again, nil)
	for _, f := range again {
		switch f.Category {
		case review.CatIDCard, review.CatMobilePhone, review.CatBankCard:
			if f.Severity == review.Block {
				rep.Remaining = append(rep.Remaining, review.PreviewItem{Kind: f.Category.Label(), Where: fmt.Sprintf("第%d页", f.Page)})
			}
		}
	}
	return rep, nil
}

// printRedactReport prints what was masked and removed, never an original value.
func printRedactReport(w io.Writer, in, out string, rep *review.RedactReport) {
	fmt.Fprintf(w, "%s → %s\n", in, out)
	fmt.Fprintf(w, "已脱敏 %d 处\n", len(rep.Masked))
	for _, m := range rep.Masked {
		masked := m.Masked
		if masked == "" {
			masked = "（删除）"
		}
		fmt.Fprintf(w, "  [%s] %s  %s\n", m.Kind, m.Where, masked)
	}
	for _, r := range rep.Removed {
		fmt.Fprintf(w, "清理：%s\n", r)
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(w, "说明：%s\n", n)
	}
	for _, n := range rep.NotMasked {
		fmt.Fprintf(w, "未能处理：[%s] %s：%s\n", n.Kind, n.Where, n.Reason)
	}
	if len(rep.Remaining) == 0 {
		fmt.Fprintf(w, "复查：脱敏稿中没有身份证号、手机号、银行卡号（结论：%s）\n", rep.Verdict.Label())
		return
	}
	fmt.Fprintf(w, "复查：脱敏稿中仍有 %d 处身份证号、手机号或银行卡号，不得公开：\n", len(rep.Remaining))
	for _, r := range rep.Remaining {
		fmt.Fprintf(w, "  [%s] %s\n", r.Kind, r.Where)
	}
}
