package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

// Exit statuses of every subcommand.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

const usageText = `审档 (shendang) — 政务信息公开保密审查与归档
审档 (shendang) — secrecy review and filing for government information disclosure

用法 / usage:
  shendang [--data 目录] [--store postgres://…]   打开审档窗口 (open the window)
  shendang scan 路径...     保密审查文件或目录 (check files; shendang scan --help)
  shendang redact 文件 -o 输出   生成脱敏稿 (the publishable copy; shendang redact --help)
  shendang verify [--json]  校验数据库 (check every record against the audit log, every file, 件号, 档号)
  shendang backup 文件      备份数据库 (back up the store while the window is closed)
  shendang restore 文件 --data 目录   恢复到空目录 (restore into an empty directory)
  shendang forms ...        生成归档单、目录、备考表、盒封面、盒脊 (print forms; shendang forms --help)
  shendang migrate --from 甲 --to 乙   在数据目录与单位服务器之间迁移整个数据库 (move the store; shendang migrate --help)
  shendang report quarterly|progress|annual --year 年度 [--quarter 季度] -o 文件
                            生成季度统计、各处室落实情况、年度报告表格 (reports; shendang report --help)
  shendang version          显示版本 (print the version)
  shendang help             显示本说明 (print this help)

选项 / options:
  --data 目录   数据目录 (data directory); 默认取环境变量 SHENDANG_DATA，
                否则为 %s
  --store 地址  单位服务器 (the office's PostgreSQL server), postgres://用户名@主机:端口/数据库；
                默认取环境变量 SHENDANG_STORE，都没有则用数据目录中的本机数据库。
                密码取自环境变量 PGPASSWORD 或 .pgpass 文件，不要写在地址里。
加密的数据库由环境变量 SHENDANG_PASSPHRASE 提供口令 (passphrase of an encrypted store).
`

// guiConfig is what the command line says about the window to open.
type guiConfig struct {
	dataDir string // the directory holding the store, the log and the forms
	server  string // the office server's URL, or "" for the data directory's own store
	tour    bool   // show every screen in turn, naming each on stdout, then quit
}

// commands are the command line's commands besides the window, by name; each returns the
// process exit status.
var commands = map[string]func(args []string, stdout, stderr io.Writer) int{
	"scan": runScan, "redact": runRedact, "verify": runVerify, "backup": runBackup, "restore": runRestore,
	"forms": runForms, "migrate": runMigrate, "report": runReport,
	"version": func(_ []string, stdout, _ io.Writer) int {
		fmt.Fprintln(stdout, "shendang", version)
		return exitOK
	},
	"help": func(_ []string, stdout, _ io.Writer) int {
		fmt.Fprintf(stdout, usageText, defaultDataDirOrHint())
		return exitOK
	},
}

// run dispatches the command line and returns the process exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		if cmd, ok := commands[args[0]]; ok {
			return cmd(args[1:], stdout, stderr)
		}
		fmt.Fprintf(stderr, "shendang: 未知的命令“%s” (unknown command)\n\n", args[0])
		fmt.Fprintf(stderr, usageText, defaultDataDirOrHint())
		return exitUsage
	}
	cfg, err := parseGUIFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(stdout, usageText, defaultDataDirOrHint())
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "shendang: %v\n\n", err)
		fmt.Fprintf(stderr, usageText, defaultDataDirOrHint())
		return exitUsage
	}
	if err := runGUI(cfg, stdout); err != nil {
		reportFailure(stderr, "shendang", err)
		return exitFail
	}
	return exitOK
}

// parseGUIFlags reads the options of the window. The data directory comes from --data, then
// SHENDANG_DATA, then the per-user default; the office server from --store, then
// SHENDANG_STORE.
func parseGUIFlags(args []string, stderr io.Writer) (guiConfig, error) {
	fs := flag.NewFlagSet("shendang", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // run prints the bilingual usage itself
	var cfg guiConfig
	fs.StringVar(&cfg.dataDir, "data", "", "")
	fs.StringVar(&cfg.server, "store", "", "")
	fs.BoolVar(&cfg.tour, "tour", false, "")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("多余的参数“%s” (unexpected argument)", fs.Arg(0))
	}
	dir, err := resolveDataDir(cfg.dataDir, os.Getenv)
	if err != nil {
		return cfg, err
	}
	cfg.dataDir = dir
	cfg.server, err = resolveServer(cfg.server, os.Getenv)
	return cfg, err
}

// reportFailure tells on stderr why the command failed: the Chinese sentence, then the
// technical detail for whoever looks after the server or the disk, labelled as such, where
// there is more to it than the sentence.
func reportFailure(stderr io.Writer, cmd string, err error) {
	msg := userMessage(err)
	fmt.Fprintf(stderr, "%s: %s\n", cmd, msg)
	if detail := err.Error(); !strings.HasSuffix(detail, msg) { // a refusal in Chinese has none
		fmt.Fprintf(stderr, "  技术细节（供管理员排查）：%s\n", detail)
	}
}
