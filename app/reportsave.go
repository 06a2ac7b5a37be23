package main

import (
	"errors"
	"fmt"
	"io"
	"log"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// The reports saved from 统计 (the summary as a PDF or a workbook, the divisions' progress
// report, the annual report's workbook) are saved one way: the person names the file, the
// report is counted and written off the UI goroutine into a file that only takes the real name
// once whole, and the line under the buttons says it is being made, then where it went or, in a
// dialog too, why it was not saved.

// reportSave is a report to save: what it is called in the messages, the save dialog's title,
// the extension and proposed name of its file, and how it is written.
type reportSave struct {
	what, title, ext, name string
	// write counts the report if it must and writes it into w; it returns the characters the
	// font lacks, printed as 〓, nil for a workbook.
	write func(w io.Writer) ([]rune, error)
}

// saveReportAs asks where to save r and saves it there (saveReport). It returns 审档's own save
// dialog, or nil when the platform's was opened.
func saveReportAs(win fyne.Window, line *widget.Label, r reportSave) *fileChooser {
	return showChooser(win, chooserRequest{mode: chooseSave, purpose: purposeForms, title: r.title,
		exts: []string{r.ext}, name: r.name, done: func(paths []string) { saveReport(win, line, paths[0], r) }})
}

// saveReport writes r to path off the UI goroutine (writeFileAtomically: a failure leaves any
// file already there as it was), saying on line that it is being made and then where it went,
// and which characters the font lacked. A failure is said on line and in a dialog, naming the
// file, and logged with its detail.
func saveReport(win fyne.Window, line *widget.Label, path string, r reportSave) {
	var replaced []rune
	var err error
	line.SetText(fmt.Sprintf("正在生成%s（%s）……", r.what, filepath.Base(path)))
	offUI(func() {
		err = writeFileAtomically(path, func(w io.Writer) (err error) {
			replaced, err = r.write(w)
			return err
		})
	}, func() {
		if err != nil {
			log.Printf("error: save %s: %v", path, err)
			why := tightSpaces(userMessage(err))
			// The dialog gives the path a line of its own: run on, a long one pushed the last 。 of
			// the sentence onto a line alone.
			dialog.ShowError(errors.New(r.what+"未能保存到：\n"+path+"\n"+why), win)
			line.SetText(fmt.Sprintf("%s未能保存到“%s”：%s", r.what, path, why))
			return
		}
		msg := r.what + "已保存到 " + path
		if len(replaced) > 0 {
			msg += fmt.Sprintf("。注意：%d 个字符超出字库，文中以“〓”代替：%s", len(replaced), string(replaced))
		}
		line.SetText(msg)
	})
}
