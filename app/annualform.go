package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
)

// annualForm is 统计 › 年度报告: the figures of a year's 政府信息公开工作年度报告 (national format,
// tables 二 to 四). What 审档 counts itself (table 二's 本年制发件数) is shown read-only with
// where it comes from; the 公开办 and the administrator fill in the rest, see table 三's check
// rule (一＋二＝三（七）总计＋四) as they type, save, and write the workbook. A leader reads it.
type annualForm struct {
	win   fyne.Window
	store archive.Store
	user  *archive.User
	now   func() time.Time

	year      *widget.Select
	known     *widget.Label                                  // what 审档 counted, and from what
	rulesN    *widget.Label                                  // 规章 本年制发件数
	normsN    *widget.Label                                  // 行政规范性文件 本年制发件数
	proactive [7]*widget.Entry                               // 规章 废止, 现行有效; 规范性文件 废止, 现行有效; 许可, 处罚, 强制
	fees      *widget.Entry                                  // 行政事业性收费 本年收费金额（万元）
	apps      [][len(archive.ApplicantColumns)]*widget.Entry // table 三, by archive.ApplicationRows
	appeals   [len(archive.AppealGroups)][len(archive.AppealColumns)]*widget.Entry
	problems  *widget.Label // what the figures typed break, as they are typed
	save      *widget.Button
	saveAs    *widget.Button
	message   *widget.Label
	content   fyne.CanvasObject
	scroll    *container.Scroll // the three tables
	appsBox   *fyne.Container   // table 三, to scroll to
	saver     *fileChooser      // the save dialog last opened here
	// readOnly holds, for a person who may only read the figures, the text shown in place of
	// each field (cell).
	readOnly map[*widget.Entry]*widget.Label

	pending int  // the load last started: an older one's answer is dropped
	loading bool // the fields are being filled from the store, not typed
	dirty   bool // typed since the figures were loaded or saved
}

// The widths of the form's columns: a row's heading and a figure.
const (
	annualLabelWidth  = 430
	annualFigureWidth = 100
)

func newAnnualForm(win fyne.Window, store archive.Store, user *archive.User, now func() time.Time) *annualForm {
	f := &annualForm{win: win, store: store, user: user, now: now}
	f.buildUI()
	return f
}

func (f *annualForm) buildUI() {
	this := f.now().In(archive.OfficeZone).Year()
	var years []string
	for y := this; y >= 2016; y-- {
		years = append(years, strconv.Itoa(y))
	}
	f.year = newSelect(years, func(string) { f.load() })
	f.year.Selected = strconv.Itoa(archive.AnnualReportYear(f.now())) // the report due next
	f.save = widget.NewButton("保存", f.onSave)
	f.save.Importance = widget.HighImportance
	f.saveAs = widget.NewButton("另存为年度报告…", f.onSaveAs)
	f.message = widget.NewLabel("")
	f.message.Wrapping = fyne.TextWrapWord
	f.problems = widget.NewLabel("")
	f.problems.Wrapping = fyne.TextWrapWord
	f.problems.Importance = widget.DangerImportance
	f.known = widget.NewLabel("")
	f.known.Wrapping = fyne.TextWrapWord
	f.rulesN = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	f.normsN = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})

	body := container.NewVBox(f.proactiveTable(), f.applicationTable(), f.appealTable())
	bar := container.NewHBox(widget.NewLabel("年度"), f.year, f.save, f.saveAs)
	if !f.user.MayFillAnnualFigures() {
		f.save.Hide()
		for _, e := range f.entries() {
			e.Disable()
		}
	}
	f.scroll = container.NewScroll(body)
	// The problems show under the tables, in a place kept for them whether or not there are
	// any: above the tables a line appearing moved the field being typed in from under the
	// pointer, and below them a panel appearing took the place of the rows the pointer was on.
	problems := container.NewVScroll(f.problems)
	problems.SetMinSize(fyne.NewSize(0, problemsHeight()))
	f.content = container.NewBorder(container.NewVBox(bar, f.message), problems, nil, nil, f.scroll)
}

// problemsHeight is the height kept for the form's problems: the three shown and the count of
// the rest (check), each a line.
func problemsHeight() float32 {
	line := fyne.MeasureText("表", theme.TextSize(), fyne.TextStyle{}).Height
	return 4*line + 2*theme.InnerPadding()
}

// cell is what the form shows of a figure's field: the field itself to a person who fills the
// figures in; to one who only reads them, its text as plain text, so that the page does not
// look as if it could be typed in (a disabled field still looks like a field).
func (f *annualForm) cell(e *widget.Entry) fyne.CanvasObject {
	if f.user.MayFillAnnualFigures() {
		return e
	}
	l := widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	if f.readOnly == nil {
		f.readOnly = map[*widget.Entry]*widget.Label{}
	}
	f.readOnly[e] = l
	return l
}

// showReadOnly copies the fields' texts to what a reader sees of them.
func (f *annualForm) showReadOnly() {
	for e, l := range f.readOnly {
		l.SetText(e.Text)
	}
}

// figureEntry is a field for one figure; typing in it checks the form again. It does not
// scroll its own text (a figure fits), so the mouse wheel over it scrolls the form: a field that
// scrolls takes the wheel, and over a page of fields the form did not move.
func (f *annualForm) figureEntry() *widget.Entry {
	e := widget.NewEntry()
	e.Wrapping = fyne.TextWrapOff
	e.Scroll = container.ScrollNone
	e.OnChanged = func(string) { f.onChanged() }
	return e
}

// proactiveTable is table 二: the counts 审档 knows beside the ones the office fills in.
func (f *annualForm) proactiveTable() fyne.CanvasObject {
	for i := range f.proactive {
		f.proactive[i] = f.figureEntry()
	}
	f.fees = f.figureEntry()
	head := func(cells ...string) fyne.CanvasObject { return formRow(boldLabel(cells[0]), labels(cells[1:])...) }
	return container.NewVBox(
		newHeading("二、主动公开政府信息情况"),
		f.known,
		head("第二十条第（一）项", "本年制发件数", "本年废止件数", "现行有效件数"),
		formRow(rowLabel("规章"), f.rulesN, f.cell(f.proactive[0]), f.cell(f.proactive[1])),
		formRow(rowLabel("行政规范性文件"), f.normsN, f.cell(f.proactive[2]), f.cell(f.proactive[3])),
		head("第二十条第（五）项", "本年处理决定数量"),
		formRow(rowLabel("行政许可"), f.cell(f.proactive[4])),
		head("第二十条第（六）项", "本年处理决定数量"),
		formRow(rowLabel("行政处罚"), f.cell(f.proactive[5])),
		formRow(rowLabel("行政强制"), f.cell(f.proactive[6])),
		// The unit goes with the row: under a figure's narrow heading it broke as “万 / 元”.
		head("第二十条第（八）项", "本年收费金额"),
		formRow(rowLabel("行政事业性收费（单位：万元）"), f.cell(f.fees)),
	)
}

// applicationTable is table 三: a row of fields for each of the format's rows, under the
// headings of its groups.
func (f *annualForm) applicationTable() fyne.CanvasObject {
	box := container.NewVBox(newHeading("三、收到和处理政府信息公开申请情况"),
		formRow(boldLabel("申请人情况（每列：一＋二＝三（七）总计＋四）"), labels(archive.ApplicantColumns[:])...))
	f.appsBox = box
	f.apps = make([][len(archive.ApplicantColumns)]*widget.Entry, len(archive.ApplicationRows))
	group, sub := "", ""
	for r, row := range archive.ApplicationRows {
		if row.Group != group && row.Group != "" {
			box.Add(rowLabel(row.Group))
		}
		if row.SubGroup != sub && row.SubGroup != "" {
			box.Add(rowLabel("　" + row.SubGroup))
		}
		group, sub = row.Group, row.SubGroup
		cells := make([]fyne.CanvasObject, len(archive.ApplicantColumns))
		for c := range cells {
			f.apps[r][c] = f.figureEntry()
			cells[c] = f.cell(f.apps[r][c])
		}
		indent := ""
		switch {
		case row.SubGroup != "":
			indent = "　　"
		case row.Group != "":
			indent = "　"
		}
		box.Add(formRow(rowLabel(indent+row.Label), cells...))
	}
	return box
}

// appealTable is table 四: a row of fields for 行政复议 and each kind of 行政诉讼.
func (f *annualForm) appealTable() fyne.CanvasObject {
	box := container.NewVBox(newHeading("四、政府信息公开行政复议、行政诉讼情况"),
		formRow(widget.NewLabel(""), labels(archive.AppealColumns[:])...))
	for g, name := range archive.AppealGroups {
		cells := make([]fyne.CanvasObject, len(archive.AppealColumns))
		for c := range cells {
			f.appeals[g][c] = f.figureEntry()
			cells[c] = f.cell(f.appeals[g][c])
		}
		box.Add(formRow(rowLabel(name), cells...))
	}
	return box
}

// entries are every field of the form, in table order.
func (f *annualForm) entries() []*widget.Entry {
	out := append([]*widget.Entry{}, f.proactive[:]...)
	out = append(out, f.fees)
	for _, row := range f.apps {
		out = append(out, row[:]...)
	}
	for _, row := range f.appeals {
		out = append(out, row[:]...)
	}
	return out
}

// load reads the chosen year's report off the UI goroutine and fills the form with it.
func (f *annualForm) load() {
	year, _ := strconv.Atoi(f.year.Selected)
	var rep *archive.AnnualReport
	var err error
	by := ""
	f.pending++
	n := f.pending
	f.message.SetText(fmt.Sprintf("正在读取 %d 年度的数字……", year))
	offUI(func() {
		if rep, err = f.store.Annual(year); err == nil && rep.Figures.By != "" {
			by = rep.Figures.By
			if u, uerr := f.store.GetUser(by); uerr == nil && u.FullName != "" {
				by = u.FullName
			}
		}
	}, func() {
		if n != f.pending {
			return // another year was chosen since
		}
		if err != nil {
			f.message.SetText(userMessage(err))
			return
		}
		f.show(rep, by)
	})
}

// show fills the form with a year's report, as stored; by names who saved it.
func (f *annualForm) show(rep *archive.AnnualReport, by string) {
	f.loading = true
	defer func() { f.loading = false }()
	f.rulesN.SetText(strconv.Itoa(rep.RulesIssued))
	f.normsN.SetText(strconv.Itoa(rep.NormsIssued))
	f.known.SetText(fmt.Sprintf("“本年制发件数”由审档统计，不能在此修改：主动公开目录属“规章”或“规范性文件”类、成文日期在 %d 年、"+
		"已经公开（含已建档）且不属不予公开的事项（规章 %d 件，行政规范性文件 %d 件）。其余数字由公开办填写%s。", rep.Year, rep.RulesIssued, rep.NormsIssued, f.readOnlyNote()))
	fig := rep.Figures
	p := fig.Proactive
	for i, v := range []*int{p.Rules.Repealed, p.Rules.InForce, p.Norms.Repealed, p.Norms.InForce, p.Licensing, p.Penalties, p.Enforcement} {
		f.proactive[i].SetText(optionalText(v))
	}
	f.fees.SetText(p.Fees)
	for r, row := range f.apps {
		for c, e := range row {
			text := ""
			if len(fig.Applications) == len(f.apps) && !fig.ApplicationBlank(r, c) {
				text = strconv.Itoa(fig.Applications[r][c])
			}
			e.SetText(text)
		}
	}
	for g, row := range f.appeals {
		for c, e := range row {
			text := ""
			if fig.Appeals != nil && !fig.AppealBlank(g, c) {
				text = strconv.Itoa(fig.Appeals[g][c])
			}
			e.SetText(text)
		}
	}
	f.showReadOnly()
	f.dirty = false
	f.message.SetText(savedLine(fig, by))
	f.check()
}

// readOnlyNote tells a person who may not fill the figures in that they only read them.
func (f *annualForm) readOnlyNote() string {
	if f.user.MayFillAnnualFigures() {
		return ""
	}
	return "，您可以查看和另存为，不能修改"
}

// savedLine says who saved the figures last, or that nobody has yet.
func savedLine(fig archive.AnnualFigures, by string) string {
	if fig.By == "" {
		return fmt.Sprintf("%d 年度的数字尚未填写。", fig.Year)
	}
	return fmt.Sprintf("%d 年度的数字由 %s 于 %s 保存。", fig.Year, by, fig.Saved.In(archive.OfficeZone).Format("2006-01-02 15:04"))
}

func optionalText(v *int) string {
	if v == nil {
		return ""
	}
	return strconv.Itoa(*v)
}

// onChanged checks the form again after a keystroke; the workbook waits until it is saved.
func (f *annualForm) onChanged() {
	if f.loading {
		return
	}
	if !f.dirty && f.user.MayFillAnnualFigures() {
		f.message.SetText("有未保存的修改：按“保存”后才能另存为年度报告。")
	}
	f.dirty = true
	f.check()
}

// check shows what the figures typed break, worded as the message box on 保存 words them
// (tightSpaces), and enables 保存 and 另存为 as they allow.
func (f *annualForm) check() {
	_, problems := f.figures()
	f.problems.Importance = widget.DangerImportance
	switch {
	case len(problems) == 0:
		f.problems.Importance = widget.MediumImportance
		f.problems.SetText(noProblems)
	case len(problems) <= 3:
		f.problems.SetText(tightSpaces(strings.Join(problems, "\n")))
	default:
		f.problems.SetText(tightSpaces(strings.Join(problems[:3], "\n") + fmt.Sprintf("\n……共 %d 处。", len(problems))))
	}
	enable(f.saveAs, !f.dirty)
}

// noProblems stands in the problems' place while the figures break no rule.
const noProblems = "所填数字符合填报要求（表三每列：一＋二＝三（七）总计＋四）。"

// figures reads the form: the figures and every problem of them, the fields that are not
// numbers first, then what the format's rules find (archive.AnnualFigures.Check).
func (f *annualForm) figures() (archive.AnnualFigures, []string) {
	year, _ := strconv.Atoi(f.year.Selected)
	fig := archive.AnnualFigures{Year: year}
	var bad []string
	num := func(where string, e *widget.Entry) *int {
		text := strings.TrimSpace(e.Text)
		if text == "" {
			return nil
		}
		n, err := strconv.Atoi(text)
		if err != nil {
			bad = append(bad, fmt.Sprintf("%s：“%s”不是整数。", where, text))
			return nil
		}
		return &n
	}
	p := &fig.Proactive
	for i, dst := range []**int{&p.Rules.Repealed, &p.Rules.InForce, &p.Norms.Repealed, &p.Norms.InForce, &p.Licensing, &p.Penalties, &p.Enforcement} {
		*dst = num("表二“"+proactiveNames[i]+"”", f.proactive[i])
	}
	p.Fees = strings.TrimSpace(f.fees.Text)
	fig.Applications, fig.ApplicationsBlank = f.applications(num)
	fig.Appeals, fig.AppealsBlank = f.appealFigures(num)
	for _, pr := range fig.Check() {
		bad = append(bad, pr.Message)
	}
	return fig, bad
}

// proactiveNames name table 二's fields in a message, in the order of annualForm.proactive.
var proactiveNames = [...]string{"规章”的“本年废止件数", "规章”的“现行有效件数", "行政规范性文件”的“本年废止件数",
	"行政规范性文件”的“现行有效件数", "行政许可”的“本年处理决定数量", "行政处罚”的“本年处理决定数量", "行政强制”的“本年处理决定数量"}

// applications reads table 三 and its blank fields: nil while every field is empty; otherwise
// an empty field counts 0 and is marked blank.
func (f *annualForm) applications(num func(string, *widget.Entry) *int) (archive.ApplicationTable, [][len(archive.ApplicantColumns)]bool) {
	t := archive.NewApplicationTable()
	blank := make([][len(archive.ApplicantColumns)]bool, len(t))
	filled := false
	for r, row := range f.apps {
		for c, e := range row {
			where := fmt.Sprintf("表三“%s”行“%s”列", archive.ApplicationRows[r].Name(), archive.ApplicantColumns[c])
			if v := num(where, e); v != nil {
				t[r][c], filled = *v, true
			} else {
				blank[r][c] = true
			}
		}
	}
	if !filled {
		return nil, nil
	}
	return t, blank
}

// appealFigures reads table 四 and its blank fields as applications reads table 三.
func (f *annualForm) appealFigures(num func(string, *widget.Entry) *int) (*archive.AppealTable, *[3][5]bool) {
	var t archive.AppealTable
	var blank [3][5]bool
	filled := false
	for g, row := range f.appeals {
		for c, e := range row {
			where := fmt.Sprintf("表四“%s”的“%s”", archive.AppealGroups[g], archive.AppealColumns[c])
			if v := num(where, e); v != nil {
				t[g][c], filled = *v, true
			} else {
				blank[g][c] = true
			}
		}
	}
	if !filled {
		return nil, nil
	}
	return &t, &blank
}

// onSave stores the figures typed; the store checks them again and refuses them with every
// problem named.
func (f *annualForm) onSave() {
	fig, problems := f.figures()
	var err error
	if len(problems) > 0 {
		err = userErrorf("年度报告的数字有 %d 处不符合填报要求，未保存：\n%s", len(problems), strings.Join(problems, "\n"))
	} else {
		err = f.store.SaveAnnualFigures(f.user.Name, fig)
	}
	if err != nil {
		showError(f.win, err)
		f.message.SetText("未保存。")
		return
	}
	f.dirty = false
	f.load()
	f.message.SetText(fmt.Sprintf("已保存 %d 年度的数字。", fig.Year))
}

// onSaveAs writes the saved figures of the year as the national format's workbook.
func (f *annualForm) onSaveAs() {
	year, _ := strconv.Atoi(f.year.Selected)
	f.saver = saveReportAs(f.win, f.message, reportSave{what: "年度报告", title: "另存为：年度报告", ext: ".xlsx",
		name: fmt.Sprintf("%d年度政府信息公开工作年度报告.xlsx", year), write: func(w io.Writer) ([]rune, error) {
			rep, err := f.store.Annual(year)
			if err != nil {
				return nil, err
			}
			return nil, rep.WriteAnnualXLSX(w)
		}})
}

// formRow lays out a row of the form: its heading at a fixed width, then its cells.
func formRow(label fyne.CanvasObject, cells ...fyne.CanvasObject) fyne.CanvasObject {
	return container.New(rowLayout{}, append([]fyne.CanvasObject{label}, cells...)...)
}

// rowLayout puts the first object in a column annualLabelWidth wide and each of the others in
// a column annualFigureWidth wide, all as high as the highest.
type rowLayout struct{}

func (rowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x := float32(0)
	for i, o := range objs {
		w := float32(annualFigureWidth)
		if i == 0 {
			w = annualLabelWidth
		}
		h := size.Height
		if i > 0 {
			h = min(h, o.MinSize().Height) // a field stays a field's height beside a two-line heading
		}
		o.Move(fyne.NewPos(x, (size.Height-h)/2))
		o.Resize(fyne.NewSize(w, h))
		x += w + theme.Padding()
	}
}

func (rowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(annualLabelWidth+float32(len(objs)-1)*(annualFigureWidth+theme.Padding()), h)
}

// rowLabel is a row's heading, broken into lines that fit its column.
func rowLabel(text string) *widget.Label {
	return widget.NewLabel(brokenText(text, annualLabelWidth, false))
}

// brokenText is text with line ends where a label w wide breaks it by the rules of Chinese
// typesetting (breakLines).
func brokenText(text string, w float32, bold bool) string {
	rs := []rune(text)
	width := func(i int) float32 {
		return fyne.MeasureText(string(rs[i]), theme.TextSize(), fyne.TextStyle{Bold: bold}).Width
	}
	var b strings.Builder
	start := 0
	for _, at := range breakLines(rs, width, w-2*theme.InnerPadding()) {
		b.WriteString(string(rs[start:at]) + "\n")
		start = at
	}
	b.WriteString(string(rs[start:]))
	return b.String()
}

func boldLabel(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// labels are column headings, centred over their fields.
func labels(texts []string) []fyne.CanvasObject {
	out := make([]fyne.CanvasObject, len(texts))
	for i, t := range texts {
		out[i] = widget.NewLabelWithStyle(brokenText(t, annualFigureWidth, true), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	}
	return out
}
