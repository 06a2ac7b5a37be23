package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"

	"shendang.gov.cn/shendang/archive"
)

// passphraseEnv names the environment variable that gives the passphrase of an encrypted store
// to the command line; the window asks for it instead.
const passphraseEnv = "SHENDANG_PASSPHRASE"

// storeFlags parses the common --data flag of the store commands; positional arguments follow.
func storeFlags(name string, args []string, stderr io.Writer, usage string) (dataDir string, rest []string, ok bool) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&dataDir, "data", "", "")
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
	dir, err := resolveDataDir(dataDir, os.Getenv)
	if err != nil {
		fmt.Fprintf(stderr, "shendang %s: %v\n", name, err)
		return "", nil, false
	}
	return dir, positional, true
}

// errNoStore is returned by openExisting for a data directory without a store.
var errNoStore = errors.New("no 审档 store in this data directory")

// openExisting opens the store of dataDir for a command that must not create one: a mistyped
// --data would otherwise verify or back up a new, empty store.
func openExisting(dataDir string) (*archive.BadgerStore, error) {
	if _, err := os.Stat(filepath.Join(storeDir(dataDir), "MANIFEST")); err != nil {
		return nil, fmt.Errorf("%s: %w", dataDir, errNoStore)
	}
	return archive.Open(storeDir(dataDir), archive.Options{Passphrase: os.Getenv(passphraseEnv)})
}

const verifyUsage = "用法 / usage: shendang verify [--data 目录]\n  重新读取并校验全部文件、条目、件号、档号和审计日志。Re-reads and checks every file, record, 件号, 档号 and the audit log.\n"

// runVerify is `shendang verify`.
func runVerify(args []string, stdout, stderr io.Writer) int {
	dir, rest, ok := storeFlags("verify", args, stderr, verifyUsage)
	if !ok || len(rest) > 0 {
		if ok {
			fmt.Fprint(stderr, verifyUsage)
		}
		return exitUsage
	}
	s, err := openExisting(dir)
	if err != nil {
		fmt.Fprintf(stderr, "shendang verify: %s\n  (%v)\n", userMessage(err), err)
		return exitFail
	}
	defer s.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := s.Verify(ctx, func(stage string) { fmt.Fprintf(stderr, "校验 %s…\n", stage) })
	if err != nil {
		fmt.Fprintf(stderr, "shendang verify: %s\n", userMessage(err))
		return exitFail
	}
	printVerify(stdout, rep)
	if !rep.OK() {
		return exitFail
	}
	return exitOK
}

func printVerify(w io.Writer, rep *archive.VerifyReport) {
	fmt.Fprintf(w, "文件 %d 个，条目 %d 条（已建档 %d 件），审计日志 %d 条。\n", rep.Blobs, rep.Items, rep.Filed, rep.AuditEntries)
	if rep.OK() {
		fmt.Fprintln(w, "校验通过：未发现问题。")
		return
	}
	fmt.Fprintf(w, "发现 %d 个问题：\n", len(rep.Problems))
	for _, p := range rep.Problems {
		fmt.Fprintf(w, "  - %s\n", p)
	}
}

const backupUsage = "用法 / usage: shendang backup 文件 [--data 目录]\n  在审档窗口关闭时备份数据库（窗口打开时请在“设置 › 数据”中备份）。Backs up the store while the window is closed.\n"

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
		fmt.Fprintf(stderr, "shendang backup: %s\n  (%v)\n", userMessage(err), err)
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

const restoreUsage = "用法 / usage: shendang restore 文件 --data 目录\n  把备份恢复到一个空的数据目录并校验。Restores a backup into an empty data directory and verifies it.\n"

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
	rep, err := archive.Restore(ctx, rest[0], storeDir(dir), os.Getenv(passphraseEnv))
	if err != nil {
		fmt.Fprintf(stderr, "shendang restore: %s\n  (%v)\n", userMessage(err), err)
		return exitFail
	}
	fmt.Fprintf(stdout, "已恢复到 %s。\n", filepath.Clean(dir))
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
