package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/review"
)

// batchImport reads and checks several drafts in turn, showing progress and a line per file;
// for a drafter each readable draft becomes an item waiting for 初审, with the particulars read
// from it. It can be cancelled between files; an unreadable file is reported and the rest go on.
type batchImport struct {
	v        *reviewView
	paths    []string
	progress *widget.ProgressBar
	report   *widget.Label
	cancel   *widget.Button
	dialog   dialog.Dialog
	stop     context.CancelFunc
	ctx      context.Context
	lines    []string
	created  int
}

func newBatchImport(v *reviewView, paths []string) *batchImport {
	b := &batchImport{v: v, paths: paths}
	b.ctx, b.stop = context.WithCancel(context.Background())
	b.progress = widget.NewProgressBar()
	b.progress.Max = float64(len(paths))
	b.report = widget.NewLabel("")
	b.report.Wrapping = fyne.TextWrapWord
	b.cancel = widget.NewButton("取消", b.onCancel)
	content := container.NewBorder(b.progress, b.cancel, nil, nil, container.NewVScroll(b.report))
	b.dialog = dialog.NewCustomWithoutButtons(fmt.Sprintf("导入 %d 个文件", len(paths)), content, v.win)
	b.dialog.Resize(fyne.NewSize(640, 420))
	return b
}

// importBatch shows the batch dialog and runs the import off the UI goroutine.
func (v *reviewView) importBatch(paths []string) *batchImport {
	b := newBatchImport(v, paths)
	b.dialog.Show()
	escapeDoes(v.win, func() { b.cancel.OnTapped() }) // 取消 while importing, 关闭 once done
	offUI(b.run, b.finish)
	return b
}

func (b *batchImport) onCancel() { b.stop() }

// run imports each file; it touches widgets only through fyne.Do.
func (b *batchImport) run() {
	for i, path := range b.paths {
		line := b.one(path)
		fyne.Do(func() {
			b.lines = append(b.lines, line)
			b.report.SetText(strings.Join(b.lines, "\n"))
			b.progress.SetValue(float64(i + 1))
		})
	}
}

// one reads, checks and (for a drafter) proposes one file, returning its report line.
func (b *batchImport) one(path string) string {
	name := filepath.Base(path)
	if b.ctx.Err() != nil {
		return "– " + name + "：已取消"
	}
	doc, found, err := b.v.reader.CheckFile(b.ctx, b.v.rules, path)
	if err != nil {
		return "✗ " + userMessage(err)
	}
	verdict := review.Decide(found, nil)
	mark := map[review.Verdict]string{review.VerdictBlock: "！", review.VerdictWarn: "△"}[verdict]
	if mark == "" {
		mark = "✓"
	}
	line := fmt.Sprintf("%s %s：%s（发现 %d 项）", mark, name, verdict.Label(), len(found))
	if b.v.store == nil || !b.v.user.MayPropose() {
		return line
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "✗ " + userMessage(&review.ReadError{Path: path, Err: err})
	}
	st, err := b.v.store.Settings()
	if err != nil {
		return line + "；未能提出：" + userMessage(err)
	}
	d := archive.DraftFrom(review.GuessParticulars(doc), st, b.v.user, name, time.Now())
	if same, err := b.v.store.SameDocNumber(d.DocNumber); err == nil && len(same) > 0 {
		// One document is not proposed twice by a batch: the person decides, one file at a time.
		return line + fmt.Sprintf("；未提出：文号“%s”已用于“%s”（%s），如确需再次提出，请单独导入", d.DocNumber, same[0].Title, same[0].Standing())
	}
	if _, err := b.v.store.Propose(b.v.user.Name, d, archive.SourceFile{Name: name, Data: data}, "批量导入"); err != nil {
		return line + "；未能提出：" + userMessage(err)
	}
	b.created++
	return line + "；已提出，待初审"
}

// finish turns the cancel button into a close button and says how many items were made.
func (b *batchImport) finish() {
	b.stop()
	b.lines = append(b.lines, fmt.Sprintf("完成：%d 个文件，新建待初审事项 %d 项。", len(b.paths), b.created))
	b.report.SetText(strings.Join(b.lines, "\n"))
	b.cancel.SetText("关闭")
	b.cancel.OnTapped = b.dialog.Hide
}
