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

const migrateUsage = `用法 / usage: shendang migrate --from 数据目录|postgres://… --to postgres://…|数据目录
  把整个数据库（用户、设置、条目、各稿、文件、办理记录、盒、备考、审计日志）迁入一个空的单位服务器数据库，
  或从服务器迁回一台电脑的空数据目录；迁移前校验源数据，迁移后校验副本。请先关闭所有审档窗口。
  Copies the whole store into an empty server database (or back into an empty data directory),
  verifying the source first and the copy after.
  加密的数据目录由环境变量 SHENDANG_PASSPHRASE 提供口令 (passphrase of an encrypted data directory).
`

// runMigrate is `shendang migrate --from A --to B`: each a data directory or a server URL.
func runMigrate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var from, to string
	fs.StringVar(&from, "from", "", "")
	fs.StringVar(&to, "to", "", "")
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, migrateUsage)
		return exitOK
	}
	if err != nil || fs.NArg() > 0 || from == "" || to == "" {
		fmt.Fprint(stderr, migrateUsage)
		return exitUsage
	}
	if archive.IsServerAddress(from) == archive.IsServerAddress(to) {
		fmt.Fprintf(stderr, "shendang migrate: 一端应是数据目录、另一端是单位服务器 (postgres://…)。\n\n%s", migrateUsage)
		return exitUsage
	}
	if !archive.IsServerAddress(from) {
		if err := holdsStore(from); err != nil {
			reportFailure(stderr, "shendang migrate", err)
			return exitFail
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	fmt.Fprintf(stderr, "从 %s 迁移到 %s…\n", placeName(from), placeName(to))
	rep, err := archive.Move(ctx, storeAt(from), storeAt(to), os.Getenv(passphraseEnv))
	return reportCopy(stdout, stderr, "migrate", "已迁移到 "+placeName(to), rep, err)
}

// holdsStore refuses a data directory to migrate from that holds no store: opening it would
// make an empty one, and the move would copy nothing and say it succeeded. The store folder
// itself, given for its data directory, is said so.
func holdsStore(dataDir string) error {
	if _, err := os.Stat(filepath.Join(storeDir(dataDir), "MANIFEST")); err == nil {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dataDir, "MANIFEST")); err == nil {
		return userErrorf("“%s”是数据库文件夹本身：--from 请给出它所在的数据目录“%s”。", dataDir, filepath.Dir(dataDir))
	}
	return userErrorf("“%s”中没有审档数据库：--from 应是数据目录（其中有 store 文件夹）。", dataDir)
}
