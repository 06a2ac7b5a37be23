package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
)

// dataPanel is 设置 › 数据: back the store up to a file while the window is open, restore a
// backup into a new data directory, verify every file and record with a progress bar and a
// readable report, and read the audit log.
type dataPanel struct {
	win     fyne.Window
	store   archive.Store
	user    *archive.User
	dataDir string

	backup   *widget.Button
	restore  *widget.Button
	verify   *widget.Button
	progress *widget.ProgressBarInfinite
	stage    *widget.Label
	report   *widget.Label
	audit    *widget.Label
	content  fyne.CanvasObject

	passphrase *widget.Entry // the passphrase asked for an encrypted backup, while asked
	chooser    *fileChooser  // the file chooser last opened here
}

func newDataPanel(win fyne.Window, store archive.Store, user *archive.User, dataDir string) *dataPanel {
	p := &dataPanel{win: win, store: store, user: user, dataDir: dataDir}
	p.backup = widget.NewButton("备份到文件…", p.onBackup)
	p.restore = widget.NewButton("从备份恢复…", p.onRestore)
	p.verify = widget.NewButton("校验数据", p.onVerify)
	p.verify.Importance = widget.HighImportance
	p.progress = widget.NewProgressBarInfinite()
	p.progress.Stop()
	p.progress.Hide()
	p.stage = widget.NewLabel("数据目录：" + dataDir)
	p.report = widget.NewLabel("")
	p.report.Wrapping = fyne.TextWrapWord
	p.audit = widget.NewLabel("")
	p.audit.Wrapping = fyne.TextWrapWord
	auditBtn := widget.NewButton("查看最近的审计日志", p.showAudit)
	top := container.NewVBox(container.NewHBox(p.verify, p.backup, p.restore, auditBtn), p.progress, p.stage)
	p.content = container.NewBorder(top, nil, nil, nil, container.NewVScroll(container.NewVBox(p.report, p.audit)))
	return p
}

// showPlace says where the office's data is (windowInfo.place) until the first backup or
// verification says what it did.
func (p *dataPanel) showPlace(place string) { p.stage.SetText(place) }

// busy shows the progress bar and disables the buttons while long work runs.
func (p *dataPanel) busy(on bool) {
	for _, b := range []*widget.Button{p.backup, p.restore, p.verify} {
		enable(b, !on)
	}
	if on {
		p.progress.Show()
		p.progress.Start()
	} else {
		p.progress.Stop()
		p.progress.Hide()
	}
}

// onVerify re-reads every file and record off the UI goroutine and shows the report.
func (p *dataPanel) onVerify() {
	p.busy(true)
	p.report.SetText("")
	var rep *archive.VerifyReport
	var err error
	offUI(func() {
		rep, err = p.store.Verify(context.Background(), func(stage string) {
			fyne.Do(func() { p.stage.SetText("正在校验：" + stage + " …") })
		})
	}, func() {
		p.busy(false)
		if err != nil {
			p.stage.SetText("校验未完成")
			p.report.SetText(userMessage(err))
			return
		}
		var b strings.Builder
		printVerify(&b, rep)
		p.stage.SetText("校验完成：" + time.Now().In(archive.OfficeZone).Format("2006-01-02 15:04"))
		p.report.SetText(b.String())
	})
}

// backupTo writes a backup of the open store to path, off the UI goroutine.
func (p *dataPanel) backupTo(path string) {
	p.busy(true)
	p.stage.SetText("正在备份到 " + path + " …")
	var err error
	offUI(func() {
		err = writeFileAtomically(path, func(w io.Writer) error { return p.store.Backup(w, p.user.Name) })
	}, func() {
		p.busy(false)
		if err != nil {
			p.stage.SetText("备份失败")
			showError(p.win, err)
			return
		}
		info, _ := os.Stat(path)
		size := int64(0)
		if info != nil {
			size = info.Size()
		}
		p.stage.SetText(fmt.Sprintf("已备份到 %s（%.1f MB）。请把备份文件另存到其他介质。", path, float64(size)/(1<<20)))
	})
}

func (p *dataPanel) onBackup() {
	p.chooser = showChooser(p.win, chooserRequest{mode: chooseSave, purpose: purposeBackup, title: "备份到文件",
		name: "审档备份-" + stamp() + ".zip", done: func(paths []string) { p.backupTo(paths[0]) }})
}

// restoreTo restores the backup file into the data directory target, which must hold no store,
// verifies it, and says how to open it. The store in use is not touched. An encrypted backup
// takes the passphrase from SHENDANG_PASSPHRASE, or asks for it.
func (p *dataPanel) restoreTo(backup, target string) {
	p.restoreWith(backup, target, os.Getenv(passphraseEnv))
}

func (p *dataPanel) restoreWith(backup, target, passphrase string) {
	p.busy(true)
	p.stage.SetText("正在从 " + backup + " 恢复到 " + target + " …")
	var rep *archive.VerifyReport
	var err error
	offUI(func() {
		rep, err = archive.Restore(context.Background(), backup, storeDir(target), passphrase)
	}, func() {
		p.busy(false)
		if errors.Is(err, archive.ErrWrongPassphrase) {
			p.stage.SetText("备份已加密，需要口令")
			p.askPassphrase(backup, target, passphrase != "")
			return
		}
		if err != nil {
			p.stage.SetText("恢复失败")
			p.report.SetText(userMessage(err))
			return
		}
		var b strings.Builder
		fmt.Fprintf(&b, "已恢复到 %s。关闭审档后，用“shendang --data %s”启动即可使用恢复的数据；\n当前数据目录未作改动。\n\n", target, target)
		printVerify(&b, rep)
		p.stage.SetText("恢复完成")
		p.report.SetText(b.String())
	})
}

// askPassphrase asks for the passphrase of an encrypted backup and restores with it.
func (p *dataPanel) askPassphrase(backup, target string, wrong bool) {
	entry := widget.NewPasswordEntry()
	title := "备份已加密，请输入数据库口令"
	if wrong {
		title = "口令不正确，请重新输入"
	}
	d := dialog.NewForm(title, "恢复", "取消", []*widget.FormItem{widget.NewFormItem("口令", entry)}, func(ok bool) {
		if ok && entry.Text != "" {
			p.restoreWith(backup, target, entry.Text)
		}
	}, p.win)
	entry.OnSubmitted = func(string) { d.Submit() }
	showEscapable(p.win, d)
	d.Resize(fyne.NewSize(460, 180))
	p.win.Canvas().Focus(entry)
	p.passphrase = entry
}

func (p *dataPanel) onRestore() {
	p.chooser = showChooser(p.win, chooserRequest{mode: chooseFile, purpose: purposeRestore, title: "从备份恢复：选择备份文件",
		exts: []string{".zip"}, done: func(paths []string) {
			backup := paths[0]
			p.chooser = showChooser(p.win, chooserRequest{mode: chooseFolder, purpose: purposeRestore,
				title: "恢复到：选择一个空文件夹作为新的数据目录（当前数据不会被覆盖）", done: func(dirs []string) {
					p.restoreTo(backup, dirs[0])
				}})
		}})
}

// showAudit shows the last entries of the audit log, newest first.
func (p *dataPanel) showAudit() {
	const last = 50
	head, err := p.store.LastAudit()
	if err != nil {
		p.audit.SetText(userMessage(err))
		return
	}
	all, err := p.store.Audit(max(1, head.Seq-last+1), last)
	if err != nil {
		p.audit.SetText(userMessage(err))
		return
	}
	names := fullNames(p.store)
	names[""] = "审档"
	var lines []string
	for i := len(all) - 1; i >= 0; i-- {
		e := all[i]
		lines = append(lines, fmt.Sprintf("%d  %s  %s  %s  %s", e.Seq, e.Time.In(archive.OfficeZone).Format("2006-01-02 15:04"), names[e.Actor], e.ActionText(), e.DetailText()))
	}
	p.audit.SetText("审计日志（最近 " + fmt.Sprint(len(all)) + " 条）：\n" + strings.Join(lines, "\n"))
}
