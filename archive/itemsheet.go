package archive

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"shendang.gov.cn/shendang/review"
)

// SheetData is everything the review-and-filing sheet of one item shows.
type SheetData struct {
	Item     *Item
	Records  []Record
	Notes    []Note
	Settings Settings
	Names    map[string]string // user name → full name
}

// sheetData gathers an item's sheet from the store.
func (s *Office) sheetData(id string) (*SheetData, error) {
	sd := &SheetData{Names: map[string]string{}}
	var err error
	if sd.Item, err = s.Item(id); err != nil {
		return nil, err
	}
	if sd.Records, err = s.Records(id); err != nil {
		return nil, err
	}
	if sd.Notes, err = s.Notes(id); err != nil {
		return nil, err
	}
	if sd.Settings, err = s.Settings(); err != nil {
		return nil, err
	}
	err = s.view(func(txn kvReader) error {
		for _, name := range append(actorsOf(sd.Records), authorsOf(sd.Notes)...) {
			var u User
			if getJSON(txn, keyUser(name), &u) == nil {
				sd.Names[name] = u.FullName
			}
		}
		return nil
	})
	return sd, err
}

// WriteItemSheet writes the 政务信息公开保密审查及归档单 of an item as a PDF and returns the
// characters that had to be printed as 〓 (the sheet says so too). Errors: ErrNotFound.
func (s *Office) WriteItemSheet(w io.Writer, id string) ([]rune, error) {
	sd, err := s.sheetData(id)
	if err != nil {
		return nil, err
	}
	d := newDoc(s.Now().UTC(), "政务信息公开保密审查及归档单")
	d.itemSheet(sd)
	return d.replaced, d.output(w)
}

// itemSheet draws the sheet from a new page.
func (d *doc) itemSheet(sd *SheetData) {
	it, st := sd.Item, sd.Settings
	d.header = nil
	d.pdf.AddPageFormat("P", a4)
	d.pageNumber()
	d.archiveStamp(105, 10, it.Filing)
	d.size(16)
	d.centered(105, 31, "政务信息公开保密审查及归档单")
	d.size(10)
	width := 210 - 2*pageMargin
	bottom := 297 - pageMargin - 8
	x, y := pageMargin, 42.0

	division := it.Division
	if dv, ok := st.division(it.Division); ok {
		division = dv.Name + "（" + dv.Code + "）"
	}
	published, code := "", ""
	if p := it.Publication; p != nil {
		published = strings.TrimSpace(p.Date + "  " + p.URL)
	}
	if it.Filing != nil {
		code = it.Filing.Code
	}
	disclosure := it.DisclosureLabel()
	fields := [][2]string{
		{"题名", it.Title}, {"文号", it.DocNumber}, {"责任者", it.Author}, {"拟稿处室", division},
		{"成文日期", it.DocDate}, {"公开属性", disclosure}, {"公开方式", strings.Join(it.Channels, "、")},
		{"公开时间与网址", published}, {"主动公开目录", it.Category}, {"索引号", it.IndexNo}, {"档号", code},
	}
	if it.Policy != nil {
		fields = slices.Insert(fields, 9, [2]string{"所解读政策", it.Policy.Label()})
	}
	for _, f := range fields {
		y = d.row(x, y, bottom, []float64{32, width - 32}, []string{f[0], f[1]}, []string{"C", "L"})
	}

	y = d.section(x, y+5, bottom, "办理过程")
	ws := []float64{22, 40, 16, width - 22 - 40 - 16 - 34, 34}
	head := []string{"环节", "办理人（角色）", "决定", "意见", "时间"}
	d.header = func() { d.tableHead(x, ws, head) }
	d.pdf.SetY(y)
	d.header()
	y = d.pdf.GetY()
	for _, r := range sd.Records {
		who := sd.Names[r.Actor]
		if who == "" {
			who = r.Actor
		}
		opinion := r.Opinion
		if r.SelfApproved {
			opinion += "（按本单位设置允许本人审批）"
		}
		y = d.row(x, y, bottom, ws, []string{r.Step.String(), who + "（" + r.Role.Label() + "）",
			r.Action(), opinion, r.Time.In(OfficeZone).Format("2006-01-02 15:04")}, []string{"C", "L", "C", "L", "C"})
	}
	d.header = nil
	y = d.secrecySummary(x, y+5, bottom, width, sd.Records)
	if red := it.Current().Redacted; red != nil {
		y = d.redactionSummary(x, y+5, bottom, width, red)
	}

	y = d.section(x, y+5, bottom, "归档文件")
	for _, f := range filedFiles(it) {
		y = d.row(x, y, bottom, []float64{32, width - 32}, []string{f[0], f[1]}, []string{"C", "L"})
	}
	if len(sd.Notes) > 0 {
		y = d.section(x, y+5, bottom, "备考")
		for _, n := range sd.Notes {
			by := sd.Names[n.By]
			if by == "" {
				by = n.By
			}
			y = d.row(x, y, bottom, []float64{40, width - 40}, []string{n.Time.In(OfficeZone).Format("2006-01-02") + " " + by, n.Text}, []string{"C", "L"})
		}
	}
	d.substitutionNote(x, min(y+3, bottom))
}

// filedFiles are the rows of the sheet's 归档文件 section: the current revision with its
// hashes, and for a 脱敏稿 the original kept back with its own.
func filedFiles(it *Item) [][2]string {
	cur := it.Current()
	files := [][2]string{{"文件名", fmt.Sprintf("%s（第 %d 稿，%d 字节）", cur.Name, cur.N, cur.Size)}, {"SHA-256", cur.SHA256}, {"SM3", cur.SM3}}
	if red := cur.Redacted; red != nil && red.Of >= 1 && red.Of <= len(it.Revisions) {
		orig := it.Revisions[red.Of-1]
		files[0][0] = "公开文件"
		files[0][1] = fmt.Sprintf("%s（脱敏稿，第 %d 稿，%d 字节）", cur.Name, cur.N, cur.Size)
		files = append(files, [2]string{"原稿（不公开）", fmt.Sprintf("%s（第 %d 稿，%d 字节）", orig.Name, orig.N, orig.Size)},
			[2]string{"原稿 SHA-256", orig.SHA256}, [2]string{"原稿 SM3", orig.SM3})
	}
	return files
}

// secrecySummary draws the last 保密审查 decision's check: rule-set version, verdict, findings by
// category, and every disposition with its reason.
func (d *doc) secrecySummary(x, y, bottom, width float64, recs []Record) float64 {
	var check *CheckSnapshot
	for _, r := range recs {
		if r.Step == StepSecrecy && r.Check != nil {
			check = r.Check
		}
	}
	y = d.section(x, y, bottom, "保密审查")
	if check == nil {
		return d.row(x, y, bottom, []float64{width}, []string{"尚未进行保密审查"}, nil)
	}
	y = d.row(x, y, bottom, []float64{32, width - 32}, []string{"审查结论",
		fmt.Sprintf("%s（规则版本 %s，发现 %d 项）", check.Verdict.Label(), check.RulesVersion, len(check.Findings))}, []string{"C", "L"})
	type counts struct{ block, warn, dismissed, confirmed int }
	byCat := map[review.Category]*counts{}
	var cats []review.Category
	for _, f := range check.Findings {
		c := byCat[f.Category]
		if c == nil {
			c = &counts{}
			byCat[f.Category] = c
			cats = append(cats, f.Category)
		}
		if f.Severity == review.Block {
			c.block++
		} else {
			c.warn++
		}
		switch check.Dispositions[f.Fingerprint].Kind {
		case review.Dismissed:
			c.dismissed++
		case review.Confirmed:
			c.confirmed++
		}
	}
	sort.Slice(cats, func(i, j int) bool { return cats[i] < cats[j] })
	if len(cats) > 0 {
		ws := []float64{60, 30, 30, 30, width - 150}
		d.pdf.SetY(y)
		d.tableHead(x, ws, []string{"类别", "拦截", "提示", "标为误报", "确认"})
		y = d.pdf.GetY()
		for _, cat := range cats {
			c := byCat[cat]
			y = d.row(x, y, bottom, ws, []string{cat.Label(), fmt.Sprint(c.block), fmt.Sprint(c.warn), fmt.Sprint(c.dismissed), fmt.Sprint(c.confirmed)}, []string{"L", "C", "C", "C", "C"})
		}
	}
	for _, f := range check.Findings {
		disp, ok := check.Dispositions[f.Fingerprint]
		if !ok {
			continue
		}
		what := f.Category.Label() + "“" + strings.Join(strings.Fields(f.Match), " ") + "”（" + f.Part.Label() + "）"
		y = d.row(x, y, bottom, []float64{70, 16, width - 86}, []string{what, disp.Kind.Label(), disp.Reason}, []string{"L", "C", "L"})
	}
	return y
}

// redactionSummary draws what 脱敏后通过 did: the statement, and each kind of thing masked or
// removed with its count and location — never a masked value.
func (d *doc) redactionSummary(x, y, bottom, width float64, red *Redacted) float64 {
	y = d.section(x, y, bottom, "脱敏处理")
	y = d.row(x, y, bottom, []float64{width}, []string{fmt.Sprintf("本件%s：公开的是脱敏稿，原稿（第 %d 稿）存档不公开。", PartialStatement, red.Of)}, []string{"L"})
	ws := []float64{60, 20, width - 80}
	d.pdf.SetY(y)
	d.header = func() { d.tableHead(x, ws, []string{"处理", "数量", "位置"}) }
	d.header()
	y = d.pdf.GetY()
	for _, l := range red.Done {
		count := ""
		if l.Count > 0 {
			count = fmt.Sprint(l.Count)
		}
		y = d.row(x, y, bottom, ws, []string{l.What, count, l.Where}, []string{"L", "C", "L"})
	}
	d.header = nil
	if red.Note != "" {
		y = d.row(x, y, bottom, []float64{width}, []string{red.Note}, []string{"L"})
	}
	return y
}

// section draws a section heading; it starts a new page when too little room is left.
func (d *doc) section(x, y, bottom float64, title string) float64 {
	if y+20 > bottom {
		y = d.newPage()
	}
	d.size(12)
	d.text(x, y, title)
	d.size(10)
	d.pdf.SetY(y + 7)
	return y + 7
}

// tableHead draws a header row of a table at the current y and moves below it.
func (d *doc) tableHead(x float64, ws []float64, head []string) {
	y := d.pdf.GetY()
	h := 0.0
	for i, c := range head {
		h = max(h, d.cellHeight(c, ws[i]))
	}
	d.pdf.SetFillColor(235, 235, 235)
	cx := x
	for i, c := range head {
		d.pdf.Rect(cx, y, ws[i], h, "F")
		d.cell(cx, y, ws[i], h, c, "C")
		cx += ws[i]
	}
	d.pdf.SetY(y + h)
}

// archiveStamp draws the 归档章 of DA/T 22-2015 centred on cx at y: 45 × 16 mm, six equal cells,
// 全宗号 | 年度 | 件号 over 机构(问题) | 保管期限 | 页数, in red. Unfiled, its cells are empty.
func (d *doc) archiveStamp(cx, y float64, f *Filing) {
	const w, h = 45.0, 16.0
	x := cx - w/2
	cells := [6]string{}
	if f != nil {
		cells = [6]string{f.Fonds, fmt.Sprint(f.Year), fmt.Sprintf("%04d", f.Number), f.Division, f.Retention.Label(), fmt.Sprint(f.Pages)}
	}
	d.pdf.SetDrawColor(200, 16, 46)
	d.pdf.SetTextColor(200, 16, 46)
	d.pdf.SetLineWidth(0.4)
	d.size(7.5)
	for i, c := range cells {
		cxi, cyi := x+float64(i%3)*w/3, y+float64(i/3)*h/2
		d.pdf.Rect(cxi, cyi, w/3, h/2, "D")
		d.centered(cxi+w/6, cyi+(h/2-d.lineHeight()/lineSpacing)/2, c)
	}
	d.pdf.SetDrawColor(0, 0, 0)
	d.pdf.SetTextColor(0, 0, 0)
	d.pdf.SetLineWidth(0.2)
	d.size(10)
}

func actorsOf(rs []Record) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Actor)
	}
	return out
}

func authorsOf(ns []Note) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.By)
	}
	return out
}
