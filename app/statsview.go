package main

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
)

// statsView is 统计: the office's figures for a month, quarter, year or chosen days, by
// division and by 主动公开目录 category, with bars by month and division and a funnel of the six
// steps. Every number opens the list of the items behind it, and an item of the list opens in
// 归档. The counting runs off the UI goroutine.
type statsView struct {
	win   fyne.Window
	store archive.Store
	user  *archive.User
	now   func() time.Time

	kind        *widget.Select // 按月, 按季度, 按年, 自定义
	year        *widget.Select
	part        *widget.Select // the month or quarter
	from, to    *widget.Entry  // the custom period's first and last days
	division    *widget.Select
	count       *widget.Button
	save        *widget.Button // the summary as a PDF
	saveXLSX    *widget.Button // the summary as a workbook
	progress    *widget.Button // the divisions' progress report, 前三季度 or 全年
	message     *widget.Label
	figures     *fyne.Container // the totals, each a button
	charts      *fyne.Container
	byDiv       *widget.Table
	byCat       *widget.Table
	divBox      *pageTable      // byDiv whole on the page
	catBox      *pageTable      // byCat whole on the page
	details     *fyne.Container // returns, findings, steps, channels, late 政策解读
	content     fyne.CanvasObject
	scroll      *container.Scroll  // the figures, tables and details below the period bar
	pages       *container.AppTabs // 期间统计 and 年度报告, for those who see the annual report
	annual      *annualForm        // 年度报告, for those who see it; nil otherwise
	list        *itemList          // the items behind the number last tapped, while shown
	saver       *fileChooser       // the save dialog last opened here
	progressAsk *progressAsk       // the progress report's dialog, while shown
	onOpen      func(id string)

	// partBox, fromBox and toBox give part, from and to their widths, shown and hidden with them.
	partBox, fromBox, toBox fyne.CanvasObject

	divisions []archive.Division
	stats     *archive.Statistics
	counting  int // the number of the count last started, so that only its figures are shown
}

// The period choices.
const (
	byMonth   = "按月"
	byQuarter = "按季度"
	byYear    = "按年"
	byCustom  = "自定义"
	allDivs   = "全部处室"
)

var quarterNames = []string{"第一季度", "第二季度", "第三季度", "第四季度"}

// The columns of the tables by division and by category.
// 保密审查退回 are among the returns, and say so: side by side they read as if they added up.
var statsColumns = []string{"提出", "公开", "建档", "退回（次）", "其中保密审查"}

func newStatsView(win fyne.Window, store archive.Store, user *archive.User, now func() time.Time) *statsView {
	v := &statsView{win: win, store: store, user: user, now: now}
	v.buildUI()
	return v
}

func (v *statsView) buildUI() {
	this := v.now().In(archive.OfficeZone)
	var years []string
	for y := this.Year(); y >= 2016; y-- {
		years = append(years, strconv.Itoa(y))
	}
	v.year = newSelect(years, func(string) { v.choiceChanged() })
	v.year.Selected = years[0]
	v.part = newSelect(nil, func(string) { v.choiceChanged() })
	v.kind = newSelect([]string{byMonth, byQuarter, byYear, byCustom}, func(string) {
		v.showChoices()
		v.choiceChanged()
	})
	v.kind.Selected = byQuarter
	v.from, v.to = widget.NewEntry(), widget.NewEntry()
	v.from.SetPlaceHolder("起始日期 2026-01-01")
	v.to.SetPlaceHolder("截止日期 2026-03-31")
	v.division = newSelect([]string{allDivs}, func(string) { v.choiceChanged() })
	v.division.Selected = allDivs
	v.count = widget.NewButton("统计", v.onCount)
	v.count.Importance = widget.HighImportance
	v.save = widget.NewButton("另存为统计报告…", func() { v.onSave(".pdf") })
	v.save.Disable()
	v.saveXLSX = widget.NewButton("另存为电子表格…", func() { v.onSave(".xlsx") })
	v.saveXLSX.Disable()
	v.progress = widget.NewButton("另存为落实情况报告…", v.onProgress)
	v.message = widget.NewLabel("选择期间后按“统计”。")
	v.figures = container.NewHBox()
	v.charts = container.NewHBox()
	v.details = container.NewVBox()
	v.byDiv = v.table(func() []archive.Row { return v.stats.ByDivision }, "处室")
	v.byCat = v.table(func() []archive.Row { return v.stats.ByCategory }, "主动公开目录")
	v.divBox, v.catBox = newPageTable(v.byDiv, statsTableWidth), newPageTable(v.byCat, statsTableWidth)
	v.showChoices()
	v.part.SetSelected(quarterNames[(this.Month()-1)/3])

	wide := func(o fyne.CanvasObject, w float32) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(w, o.MinSize().Height), o)
	}
	// The pickers a kind of period does not need are hidden with the boxes that size them:
	// an empty box left a gap before the custom period's days.
	v.partBox, v.fromBox, v.toBox = wide(v.part, 130), wide(v.from, 160), wide(v.to, 160)
	v.showChoices()
	bar := container.NewVBox(container.NewHBox(widget.NewLabel("期间"), v.kind, v.year, v.partBox, v.fromBox, v.toBox),
		container.NewHBox(widget.NewLabel("处室"), wide(v.division, 160), v.count, v.save, v.saveXLSX, v.progress))
	tables := container.NewGridWithColumns(2,
		container.NewBorder(newHeading("按处室"), nil, nil, nil, v.divBox.box),
		container.NewBorder(newHeading("按主动公开目录"), nil, nil, nil, v.catBox.box))
	body := container.NewVBox(v.figures, v.charts, tables, v.details)
	v.message.Wrapping = fyne.TextWrapWord
	v.scroll = container.NewScroll(body)
	v.divBox.onPage(v.scroll)
	v.catBox.onPage(v.scroll)
	v.content = container.NewBorder(container.NewVBox(bar, v.message), nil, nil, nil, v.scroll)
	if v.user.MaySeeAnnualFigures() {
		v.annual = newAnnualForm(v.win, v.store, v.user, v.now)
		v.pages = container.NewAppTabs(container.NewTabItem("期间统计", v.content), container.NewTabItem("年度报告", v.annual.content))
		v.pages.OnSelected = func(t *container.TabItem) {
			if t.Content == v.annual.content && !v.annual.dirty {
				v.annual.load() // what another desk saved since
			}
		}
		v.content = v.pages
	}
}

// statsTableWidth is the width of the tables by division and by category: their columns'.
const statsTableWidth = 580

// reload reads the divisions the person may choose from; a division head sees only their own.
func (v *statsView) reload() error {
	st, err := v.store.Settings()
	if err != nil {
		return err
	}
	v.divisions = st.Divisions
	options := []string{allDivs}
	only := v.user.StatisticsDivision()
	for _, d := range st.Divisions {
		if only == "" || d.Code == only {
			options = append(options, d.Name)
		}
	}
	if only != "" {
		options = options[1:]
	}
	v.division.Options = options
	if !slices.Contains(options, v.division.Selected) {
		v.division.Selected = options[0] // the division counted stays chosen as the page is shown again
	}
	enable(v.division, only == "")
	if only != "" {
		v.progress.Hide() // the progress report is every division's, compiled by the office
	}
	v.division.Refresh()
	return nil
}

// showChoices shows the pickers the kind of period needs: a month or quarter, the days.
func (v *statsView) showChoices() {
	v.year.Show()
	v.part.Show()
	v.from.Hide()
	v.to.Hide()
	defer func() {
		for _, b := range []struct {
			box  fyne.CanvasObject
			what fyne.CanvasObject
		}{{v.partBox, v.part}, {v.fromBox, v.from}, {v.toBox, v.to}} {
			if b.box == nil {
				continue
			}
			if b.what.Visible() {
				b.box.Show()
			} else {
				b.box.Hide()
			}
		}
	}()
	switch v.kind.Selected {
	case byMonth:
		var months []string
		for m := 1; m <= 12; m++ {
			months = append(months, fmt.Sprintf("%d月", m))
		}
		v.part.Options = months
		v.part.Selected = fmt.Sprintf("%d月", v.now().In(archive.OfficeZone).Month())
	case byQuarter:
		v.part.Options = quarterNames
		v.part.Selected = quarterNames[(v.now().In(archive.OfficeZone).Month()-1)/3]
	case byYear:
		v.part.Hide()
	case byCustom:
		v.year.Hide()
		v.part.Hide()
		v.from.Show()
		v.to.Show()
	}
	v.part.Refresh()
}

// period is the period chosen. Errors: ErrInvalid for custom days that are not a period.
func (v *statsView) period() (archive.Period, error) {
	y, _ := strconv.Atoi(v.year.Selected)
	switch v.kind.Selected {
	case byMonth:
		m, _ := strconv.Atoi(v.part.Selected[:len(v.part.Selected)-len("月")])
		return archive.MonthPeriod(y, time.Month(m)), nil
	case byQuarter:
		for i, q := range quarterNames {
			if q == v.part.Selected {
				return archive.QuarterPeriod(y, i+1), nil
			}
		}
	case byCustom:
		return archive.CustomPeriod(v.from.Text, v.to.Text)
	}
	return archive.YearPeriod(y), nil
}

// filter is the division chosen, or the division head's own.
func (v *statsView) filter() archive.StatsFilter {
	f := archive.StatsFilter{Division: v.user.StatisticsDivision()}
	for _, d := range v.divisions {
		if d.Name == v.division.Selected {
			f.Division = d.Code
		}
	}
	return f
}

// choiceChanged counts the period and division just chosen, once the page has counted
// anything: figures left standing under a picker that names another month read as that
// month's. A custom period waits for both its days and a tap on 统计.
func (v *statsView) choiceChanged() {
	if v.stats == nil {
		return
	}
	if v.kind.Selected == byCustom {
		v.message.SetText("填写起止日期后按“统计”。下方仍是" + v.stats.Period.Label() + "的数字。")
		return
	}
	v.onCount()
}

// onCount counts the chosen period off the UI goroutine and shows it.
func (v *statsView) onCount() {
	p, err := v.period()
	if err != nil {
		showError(v.win, err)
		return
	}
	v.countPeriod(p, v.filter())
}

// recount counts again the period and division shown, as the page is shown again: a decision
// made in 待办 since, here or at another desk, must be in the figures. With nothing counted yet
// it counts the period chosen (this quarter when the page is new).
func (v *statsView) recount() {
	if v.stats == nil {
		v.onCount()
		return
	}
	v.countPeriod(v.stats.Period, v.stats.Filter)
}

// countPeriod counts p for f off the UI goroutine and shows it.
func (v *statsView) countPeriod(p archive.Period, f archive.StatsFilter) {
	var err error
	v.count.Disable()
	v.message.SetText("正在统计" + p.Label() + "……")
	v.counting++
	this := v.counting
	var st *archive.Statistics
	offUI(func() { st, err = v.store.Statistics(p, f) }, func() {
		if this != v.counting {
			return // a period chosen since is being counted: its figures are the ones to show
		}
		v.count.Enable()
		if err != nil {
			v.message.SetText(userMessage(err))
			return
		}
		v.show(st)
	})
}

// show lays out the figures of st.
func (v *statsView) show(st *archive.Statistics) {
	v.stats = st
	v.save.Enable()
	v.saveXLSX.Enable()
	scope := "全局"
	if st.Filter.Division != "" {
		scope = v.division.Selected
	}
	v.message.SetText(fmt.Sprintf("%s，%s。点任一数字可查看对应事项。", periodLine(st.Period), scope))
	t := st.Total
	v.figures.Objects = nil
	for _, f := range []struct {
		name string
		fig  archive.Figure
	}{{"提出", t.Proposed}, {"公开", t.Published}, {"建档", t.Filed}, {"退回（次）", t.Returned}, {"其中保密审查退回", t.Blocked}} {
		v.figures.Add(v.figureButton(f.name, f.fig))
	}
	if rate, ok := st.OnTimeRate(); ok {
		v.figures.Add(v.figureButton(fmt.Sprintf("政策解读按期公开率 %.1f%%，按期", 100*rate), st.OnTime))
		v.figures.Add(v.figureButton("逾期", st.Late))
	}
	v.figures.Refresh()
	v.showCharts(st)
	v.divBox.fit()
	v.catBox.fit()
	v.showDetails(st)
	v.scroll.Refresh() // the page as long as what it now holds
}

// periodLine names p with its days: "2024年第二季度（2024-04-01 至 2024-06-30）"; a custom
// period, named by its days already, is not given them twice.
func periodLine(p archive.Period) string {
	days := p.From.Format("2006-01-02") + " 至 " + p.Last().Format("2006-01-02")
	if p.Label() == days {
		return days
	}
	return p.Label() + "（" + days + "）"
}

// figureButton is a number that opens the items behind it: "公开 134".
func (v *statsView) figureButton(name string, f archive.Figure) *widget.Button {
	b := widget.NewButton(fmt.Sprintf("%s %d", name, f.N), func() { v.showItems(name, f) })
	b.Importance = widget.LowImportance
	b.Alignment = widget.ButtonAlignLeading
	return b
}

// showCharts draws the bars by month and by division and the funnel.
func (v *statsView) showCharts(st *archive.Statistics) {
	var months []string
	var mp [][2]bar
	for _, m := range st.Months {
		months = append(months, m.Label[len(fmt.Sprint(st.Period.From.Year()))+len("年"):])
		mp = append(mp, [2]bar{{"提出", m.Proposed, proposedColour}, {"公开", m.Published, sealRed}})
	}
	var divs []string
	var dp [][2]bar
	for _, d := range st.ByDivision {
		divs = append(divs, d.Label)
		dp = append(dp, [2]bar{{"提出", d.Proposed, proposedColour}, {"公开", d.Published, sealRed}})
	}
	// A rule with room either side between the charts: side by side, the months' bars and the
	// divisions' read as one chart of both.
	v.charts.Objects = []fyne.CanvasObject{
		columnChart("逐月", months, mp, v.showItems), chartGap(),
		columnChart("各处室", divs, dp, v.showItems), chartGap(),
		funnelChart(st.Funnel, v.showItems),
	}
	v.charts.Refresh()
}

// table makes a table of rows by division or category; a tapped number opens its items.
func (v *statsView) table(rows func() []archive.Row, first string) *widget.Table {
	t := widget.NewTableWithHeaders(func() (int, int) {
		if v.stats == nil {
			return 0, len(statsColumns) + 1
		}
		return len(rows()), len(statsColumns) + 1
	}, func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}, func(id widget.TableCellID, o fyne.CanvasObject) {
		r := rows()[id.Row]
		text := r.Label
		if id.Col > 0 {
			text = strconv.Itoa(rowFigure(r, id.Col).N)
		}
		o.(*widget.Label).SetText(text)
	})
	t.ShowHeaderColumn = false
	t.CreateHeader = func() fyne.CanvasObject { return widget.NewLabel("") }
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		text := first
		if id.Col > 0 {
			text = statsColumns[id.Col-1]
		}
		o.(*widget.Label).SetText(text)
	}
	t.SetColumnWidth(0, 160)
	for c := 1; c <= len(statsColumns); c++ {
		t.SetColumnWidth(c, 70)
	}
	t.SetColumnWidth(len(statsColumns)-1, 90) // 退回（次） whole
	t.SetColumnWidth(len(statsColumns), 100)
	t.OnSelected = func(id widget.TableCellID) {
		t.UnselectAll()
		if id.Col == 0 || v.stats == nil || id.Row >= len(rows()) {
			return
		}
		r := rows()[id.Row]
		v.showItems(r.Label+" · "+statsColumns[id.Col-1], rowFigure(r, id.Col))
	}
	return t
}

// rowFigure is the figure of column col (1 提出 … 5 其中保密审查退回).
func rowFigure(r archive.Row, col int) archive.Figure {
	return [...]archive.Figure{r.Proposed, r.Published, r.Filed, r.Returned, r.Blocked}[col-1]
}

// onSave writes the office's summary of the figures shown where the person says: a PDF to print
// for the leader (ext ".pdf"), or the same tables as a workbook (".xlsx").
func (v *statsView) onSave(ext string) {
	st := v.stats
	if st == nil {
		return
	}
	r := reportSave{what: "统计报告", title: "另存为：统计报告", ext: ext, name: st.Period.Label() + "统计报告" + ext,
		write: func(w io.Writer) ([]rune, error) { return archive.WriteSummaryPDF(w, st) }}
	if ext == ".xlsx" {
		r.what, r.title = "统计报告电子表格", "另存为：统计报告（电子表格）"
		r.write = func(w io.Writer) ([]rune, error) { return nil, archive.WriteSummaryXLSX(w, st) }
	}
	v.saver = saveReportAs(v.win, v.message, r)
}

// showNothing says there is nothing to list, as a dialog.
func (v *statsView) showNothing(what string) {
	showInfo(v.win, what, "没有对应的事项。")
}
