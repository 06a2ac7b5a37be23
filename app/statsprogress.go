package main

import (
	"fmt"
	"io"
	"strconv"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
)

// The divisions' progress report from 统计: 前三季度 (due 9月1日) or 全年 (due 11月15日) of a
// year, as a PDF to print or a workbook, as `shendang report progress` writes it.

// The choices of the progress report's dialog.
const (
	progressThree = "前三季度（9月1日前报送）"
	progressYear  = "全年（11月15日前报送）"
	progressPDF   = "打印报送用的文档"
	progressXLSX  = "电子表格"
)

// progressAsk is the dialog asking which progress report to save, while shown.
type progressAsk struct {
	dlg    *dialog.ConfirmDialog
	year   *widget.Select
	span   *widget.RadioGroup
	format *widget.RadioGroup
}

// onProgress asks for the year, the span and the format, then where to save the report.
func (v *statsView) onProgress() {
	a := &progressAsk{}
	a.year = newSelect(v.year.Options, func(string) {})
	a.year.Selected = v.year.Selected
	a.span = widget.NewRadioGroup([]string{progressThree, progressYear}, nil)
	a.span.Required = true
	a.span.Selected = progressYear
	if v.now().In(archive.OfficeZone).Month() < 10 {
		a.span.Selected = progressThree
	}
	a.format = widget.NewRadioGroup([]string{progressPDF, progressXLSX}, nil)
	a.format.Required = true
	a.format.Selected = progressPDF
	form := container.NewVBox(container.NewHBox(widget.NewLabel("年度"), a.year), a.span, widget.NewSeparator(), a.format)
	a.dlg = dialog.NewCustomConfirm("各处室政务公开工作任务落实情况", "另存为…", "取消", form, func(ok bool) {
		v.progressAsk = nil
		if ok {
			y, _ := strconv.Atoi(a.year.Selected)
			span := archive.WholeYear
			if a.span.Selected == progressThree {
				span = archive.FirstThreeQuarters
			}
			v.saveProgress(y, span, a.format.Selected == progressXLSX)
		}
	}, v.win)
	v.progressAsk = a
	showEscapable(v.win, a.dlg) // Escape is 取消
}

// saveProgress counts the progress report of year's span and writes it where the person says.
func (v *statsView) saveProgress(year int, span archive.ProgressSpan, xlsx bool) {
	ext := ".pdf"
	if xlsx {
		ext = ".xlsx"
	}
	v.saver = saveReportAs(v.win, v.message, reportSave{what: "落实情况报告", title: "另存为：落实情况报告", ext: ext,
		name: fmt.Sprintf("%d年%s各处室落实情况%s", year, span.Label(), ext), write: func(w io.Writer) ([]rune, error) {
			rep, err := v.store.Progress(year, span)
			switch {
			case err != nil:
				return nil, err
			case xlsx:
				return nil, rep.WriteProgressXLSX(w)
			}
			return rep.WriteProgressPDF(w, v.now())
		}})
}
