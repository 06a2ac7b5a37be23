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
	"slices"

	"shendang.gov.cn/shendang/archive"
)

// passphraseEnv names the environment variable that gives the passphrase of an encrypted store
// to the command line; the window asks for it instead.
const passphraseEnv = "SHENDANG_PASSPHRASE"

// storeEnv names the environment variable that points the window and the commands at the
// office's server (a postgres:// URL) instead of the data directory's own store.
const storeEnv = "SHENDANG_STORE"

// storeFlags parses the common --data and --store flags of the store commands, and those more
// adds; positional arguments follow. where is the store to use: the server URL of --store or
// SHENDANG_STORE, else the data directory (--data, SHENDANG_DATA, the per-user default).
func storeFlags(name string, args []string, stderr io.Writer, usage string, more ...func(*flag.FlagSet)) (where string, rest []string, ok bool) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var dataDir, server string
	fs.StringVar(&dataDir, "data", "", "")
	fs.StringVar(&server, "store", "", "")
	for _, add := range more {
		add(fs)
	}
	// Accept the flag before or after the file name: shendang restore FILE --data DIR.
	var positional []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			fmt.Fprintf(stderr, "shendang %s: %v\n\n%s", name, err, usage)
			return "", nil, false
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	server, err := resolveServer(server, os.Getenv)
	if err == nil && server != "" {
		return server, positional, true
	}
	if err == nil {
		dataDir, err = resolveDataDir(dataDir, os.Getenv)
	}
	if err != nil {
		fmt.Fprintf(stderr, "shendang %s: %v\n", name, err)
		return "", nil, false
	}
	return dataDir, positional, true
}

// resolveServer returns the office server's URL from the --store flag, then SHENDANG_STORE;
// "" when neither is set (the data directory's own store). Anything but a postgres:// URL is
// refused in Chinese.
func resolveServer(flagValue string, getenv func(string) string) (string, error) {
	v := flagValue
	if v == "" {
		v = getenv(storeEnv)
	}
	if v == "" || archive.IsServerAddress(v) {
		return v, nil
	}
	return "", fmt.Errorf("单位服务器地址“%s”不对：应为 postgres://用户名@主机:端口/数据库 (want a postgres:// URL)", v)
}

// storeAt is where the store of where is: the server URL itself, or the data directory's
// store folder.
func storeAt(where string) string {
	if archive.IsServerAddress(where) {
		return where
	}
	return storeDir(where)
}

// errNoStore is returned by openExisting for a data directory without a store.
var errNoStore = errors.New("no 审档 store in this data directory")

// openExisting opens the store of where (a data directory or the server) for a command that
// must not create one: a mistyped --data would otherwise verify or back up a new, empty store.
func openExisting(where string) (*archive.Office, error) {
	if archive.IsServerAddress(where) {
		return archive.OpenServer(context.Background(), where)
	}
	if _, err := os.Stat(filepath.Join(storeDir(where), "MANIFEST")); err != nil {
		return nil, fmt.Errorf("%s: %w", where, errNoStore)
	}
	return archive.Open(storeDir(where), archive.Options{Passphrase: os.Getenv(passphraseEnv)})
}

const verifyUsage = `用法 / usage: shendang verify [--json] [--data 目录 | --store postgres://…]
  重新读取并校验全部记录和文件：每条记录与审计日志中的记载是否一致，文件摘要、件号、档号和审计日志本身。
  Re-reads and checks every record against the audit log, every file, 件号, 档号 and the log itself.
  --json   输出一个 JSON 对象 (one JSON object: the counts, ok, and each problem's kind, message, advice)
  退出码 / exit status: 0 校验通过, 1 发现问题或无法校验, 2 用法错误
`

// runVerify is `shendang verify`. A store too damaged to open is reported like any other
// problem, with what to do.
func runVerify(args []string, stdout, stderr io.Writer) int {
	var jsonOut bool
	dir, rest, ok := storeFlags("verify", args, stderr, verifyUsage, func(fs *flag.FlagSet) { fs.BoolVar(&jsonOut, "json", false, "") })
	if !ok || len(rest) > 0 {
		if ok {
			fmt.Fprint(stderr, verifyUsage)
		}
		return exitUsage
	}
	rep, err := verifyStore(dir, stderr)
	var damage *archive.DamageError
	if errors.As(err, &damage) {
		rep, err = &archive.VerifyReport{Problems: []archive.Problem{damage.Problem}}, nil
	}
	if err != nil {
		reportFailure(stderr, "shendang verify", err)
		return exitFail
	}
	if jsonOut {
		writeVerifyJSON(stdout, rep)
	} else {
		printVerify(stdout, rep)
	}
	if !rep.OK() {
		return exitFail
	}
	return exitOK
}

// verifyStore opens the store of dir and verifies it, saying each stage on stderr.
func verifyStore(dir string, stderr io.Writer) (*archive.VerifyReport, error) {
	s, err := openExisting(dir)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return s.Verify(ctx, func(stage string) { fmt.Fprintf(stderr, "校验 %s…\n", stage) })
}

// verifyJSON is the output of `shendang verify --json`: the report with whether it passed.
type verifyJSON struct {
	OK bool `json:"ok"`
	*archive.VerifyReport
}

func writeVerifyJSON(w io.Writer, rep *archive.VerifyReport) {
	if rep.Problems == nil {
		rep.Problems = []archive.Problem{}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(verifyJSON{OK: rep.OK(), VerifyReport: rep})
}

// printVerify writes the report for a person: the counts, each problem, and what to do, each
// piece of advice once.
func printVerify(w io.Writer, rep *archive.VerifyReport) {
	if rep.Records > 0 || rep.AuditEntries > 0 {
		fmt.Fprintf(w, "文件 %d 个，条目 %d 条（已建档 %d 件），记录 %d 条，审计日志 %d 条。\n", rep.Blobs, rep.Items, rep.Filed, rep.Records, rep.AuditEntries)
	}
	if rep.OK() {
		fmt.Fprintln(w, "校验通过：未发现问题。每条记录都与审计日志中的记载一致。")
		return
	}
	fmt.Fprintf(w, "发现 %d 个问题：\n", len(rep.Problems))
	var advice []string
	for i, p := range rep.Problems {
		fmt.Fprintf(w, "  %d. %s\n", i+1, p.Message)
		if p.Advice != "" && !slices.Contains(advice, p.Advice) {
			advice = append(advice, p.Advice)
		}
	}
	if len(advice) > 0 {
		fmt.Fprintln(w, "怎么办：")
		for _, a := range advice {
			fmt.Fprintf(w, "  %s\n", a)
		}
	}
}

const backupUsage = "用法 / usage: shendang backup 文件 [--data 目录 | --store postgres://…]\n  在审档窗口关闭时备份数据库（窗口打开时请在“设置 › 数据”中备份）。Backs up the store while the window is closed.\n"

// runBackup is `shendang backup FILE`.
func runBackup(args []string, stdout, stderr io.Writer) int {
	dir, rest, ok := storeFlags("backup", args, stderr, backupUsage)
	if !ok || len(rest) != 1 {
		if ok {
			fmt.Fprint(stderr, backupUsage)
		}
		return exitUsage
	}
	target := rest[0]
	s, err := openExisting(dir)
	if err != nil {
		reportFailure(stderr, "shendang backup", err)
		return exitFail
	}
	defer s.Close()
	if err := writeFileAtomically(target, func(w io.Writer) error { return s.Backup(w, "") }); err != nil {
		fmt.Fprintf(stderr, "shendang backup: %s\n", userMessage(err))
		return exitFail
	}
	info, _ := os.Stat(target)
	fmt.Fprintf(stdout, "已备份到 %s（%d 字节）。\n", target, info.Size())
	return exitOK
}

const restoreUsage = "用法 / usage: shendang restore 文件 --data 目录 | --store postgres://…\n  把备份恢复到一个空的数据目录或空的服务器数据库并校验。Restores a backup into an empty data directory or server database and verifies it.\n"

// runRestore is `shendang restore FILE --data DIR`.
func runRestore(args []string, stdout, stderr io.Writer) int {
	dir, rest, ok := storeFlags("restore", args, stderr, restoreUsage)
	if !ok || len(rest) != 1 {
		if ok {
			fmt.Fprint(stderr, restoreUsage)
		}
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := archive.Restore(ctx, rest[0], storeAt(dir), os.Getenv(passphraseEnv))
	return reportCopy(stdout, stderr, "restore", "已恢复到 "+placeName(dir), rep, err)
}

// reportCopy ends a command that wrote a whole store (restore, migrate): the error in Chinese,
// or what was done and the copy's verification. The exit status is 0 only when it verified
// clean.
func reportCopy(stdout, stderr io.Writer, cmd, done string, rep *archive.VerifyReport, err error) int {
	if err != nil {
		reportFailure(stderr, "shendang "+cmd, err)
		return exitFail
	}
	fmt.Fprintf(stdout, "%s。\n", done)
	printVerify(stdout, rep)
	if !rep.OK() {
		return exitFail
	}
	return exitOK
}

// writeFileAtomically writes path through write into path.partial and renames it into place,
// so a failed or interrupted write never leaves a half file under the real name.
func writeFileAtomically(path string, write func(w io.Writer) error) error {
	tmp := path + ".partial"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// placeName names where for a person: the server's address without its password, or the
// data directory.
func placeName(where string) string {
	if archive.IsServerAddress(where) {
		return archive.RedactURL(where)
	}
	return filepath.Clean(where)
}
