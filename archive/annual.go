package archive

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// The annual report (政府信息公开工作年度报告, 条例 Art. 49) is published by 1月31日 in the
// national format of 国办公开办函〔2021〕30号 (docs/domain.md §9). Of its tables 审档 knows one
// figure, the 规章 and 行政规范性文件 the office issued in the year, from the 主动公开目录
// category of its items; the office fills in the rest — 废止 and 现行有效 counts, 行政许可,
// 处罚, 强制 and 收费 figures, the applications of table 三 and the appeals and suits of table
// 四 — and the figures of table 三 must satisfy the format's check rule
// 一＋二＝三（七）总计＋四 in every column.

// ApplicantColumns are table 三's columns: the kinds of applicant and the total.
var ApplicantColumns = [applicantColumns]string{"自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"}

const (
	applicantColumns = 7
	totalColumn      = applicantColumns - 1
)

// ApplicationRow is a row of table 三: its group (三、本年度办理结果 › （三）不予公开, say) and
// its own heading, as the format prints them.
type ApplicationRow struct {
	Group, SubGroup, Label string
}

// Name is the row as a person finds it in the table: 三（三）1.属于国家秘密.
func (r ApplicationRow) Name() string {
	switch {
	case r.SubGroup != "":
		return "三" + strings.SplitN(r.SubGroup, "）", 2)[0] + "）" + r.Label
	case r.Group != "":
		return "三" + r.Label
	}
	return r.Label
}

// ApplicationRows are table 三's rows in the format's order.
var ApplicationRows = buildApplicationRows()

// The rows of table 三 the check rule reads, by position in ApplicationRows.
const (
	rowNew     = 0 // 一、本年新收政府信息公开申请数量
	rowCarried = 1 // 二、上年结转政府信息公开申请数量
)

var (
	rowTotal = len(ApplicationRows) - 2 // 三（七）总计
	rowNext  = len(ApplicationRows) - 1 // 四、结转下年度继续办理
)

func buildApplicationRows() []ApplicationRow {
	const done = "三、本年度办理结果"
	rows := []ApplicationRow{{Label: "一、本年新收政府信息公开申请数量"}, {Label: "二、上年结转政府信息公开申请数量"},
		{Group: done, Label: "（一）予以公开"}, {Group: done, Label: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"}}
	for _, sub := range []struct {
		name  string
		items []string
	}{
		{"（三）不予公开", []string{"1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
			"5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项"}},
		{"（四）无法提供", []string{"1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"}},
		{"（五）不予处理", []string{"1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
			"5.要求行政机关确认或重新出具已获取信息"}},
		{"（六）其他处理", []string{"1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
			"2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他"}},
	} {
		for _, it := range sub.items {
			rows = append(rows, ApplicationRow{Group: done, SubGroup: sub.name, Label: it})
		}
	}
	return append(rows, ApplicationRow{Group: done, Label: "（七）总计"}, ApplicationRow{Label: "四、结转下年度继续办理"})
}

// ApplicationTable is table 三's figures: a row of ApplicationRows, a column of
// ApplicantColumns.
type ApplicationTable [][applicantColumns]int

// AppealGroups are table 四's groups of columns; AppealColumns the columns of each.
var (
	AppealGroups  = [3]string{"行政复议", "行政诉讼：未经复议直接起诉", "行政诉讼：复议后起诉"}
	AppealColumns = [5]string{"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"}
)

// AppealTable is table 四's figures: a group of AppealGroups, a column of AppealColumns.
type AppealTable [3][5]int

// RegulationFigures are the counts of one row of table 二's 第二十条第（一）项 the office
// fills in; nil leaves a cell empty.
type RegulationFigures struct {
	Repealed *int `json:",omitempty"` // 本年废止件数
	InForce  *int `json:",omitempty"` // 现行有效件数
}

// ProactiveFigures are the figures of table 二 the office fills in; 审档 counts 本年制发件数.
type ProactiveFigures struct {
	Rules, Norms RegulationFigures // 规章, 行政规范性文件
	// 本年处理决定数量 of 行政许可 (第二十条第（五）项), 行政处罚 and 行政强制 (第（六）项).
	Licensing, Penalties, Enforcement *int `json:",omitempty"`
	// Fees is 行政事业性收费's 本年收费金额 in 万元 (第二十条第（八）项), as written: "0", "12.35".
	Fees string `json:",omitempty"`
}

// AnnualFigures are the figures of a year's report that the office fills in, kept with the
// store (key annual/<year>) so that every desk sees the same and the workbook carries them.
type AnnualFigures struct {
	Year         int
	Proactive    ProactiveFigures
	Applications ApplicationTable // empty until filled in
	Appeals      *AppealTable     `json:",omitempty"`
	// ApplicationsBlank and AppealsBlank mark the fields of tables 三 and 四 the office left
	// blank: the check rule counts them as 0 and the form shows them blank, so that a blank
	// reads as blank and a 0 typed as 0 while the office fills them in; the workbook of figures
	// saved and Settled writes them 0. Figures saved before they were have none.
	ApplicationsBlank [][applicantColumns]bool `json:",omitempty"`
	AppealsBlank      *[3][5]bool              `json:",omitempty"`
	By                string                   `json:",omitempty"` // who saved them last, and when
	Saved             time.Time                `json:",omitempty"`
}

// Settled says whether the figures were saved and break no rule of the format. Then a field
// left blank in table 三 or 四, where the office typed figures, is 0 as the check counted it:
// the workbook writes it 0, no longer as a cell still to fill.
func (f AnnualFigures) Settled() bool { return !f.Saved.IsZero() && len(f.Check()) == 0 }

// ApplicationBlank says whether the field of table 三 at row r, column c was left blank.
func (f AnnualFigures) ApplicationBlank(r, c int) bool {
	return len(f.ApplicationsBlank) == len(f.Applications) && r < len(f.ApplicationsBlank) && f.ApplicationsBlank[r][c]
}

// AppealBlank says whether the field of table 四 of group g, column c was left blank.
func (f AnnualFigures) AppealBlank(g, c int) bool {
	return f.AppealsBlank != nil && f.AppealsBlank[g][c]
}

// FigureProblem is one figure that breaks the format's rules: where (a row and a column, in
// the format's own words) and what, in Chinese.
type FigureProblem struct {
	Table       string // 表二, 表三, 表四
	Row, Column string
	Message     string
}

// NewApplicationTable is an empty table 三 of the right shape.
func NewApplicationTable() ApplicationTable { return make(ApplicationTable, len(ApplicationRows)) }

// Check reports every figure of table 三 that breaks the format's rules, in table order: a
// table of the wrong shape, a negative figure, a 总计 column that is not the sum of the six
// kinds of applicant, a 三（七）总计 row that is not the sum of 三（一）to（六）, and — the
// format's own check rule — a column where 一＋二 differs from 三（七）总计＋四. An empty table
// (not yet filled in) has no problems.
func (t ApplicationTable) Check() []FigureProblem {
	if len(t) == 0 {
		return nil
	}
	if len(t) != len(ApplicationRows) {
		return []FigureProblem{{Table: "表三", Message: fmt.Sprintf("表三应有 %d 行数字，收到 %d 行。", len(ApplicationRows), len(t))}}
	}
	var out []FigureProblem
	bad := func(row, col int, format string, args ...any) {
		out = append(out, FigureProblem{Table: "表三", Row: ApplicationRows[row].Name(), Column: ApplicantColumns[col],
			Message: fmt.Sprintf("表三“%s”行“%s”列：", ApplicationRows[row].Name(), ApplicantColumns[col]) + fmt.Sprintf(format, args...)})
	}
	for r, row := range t {
		sum := 0
		for c, v := range row {
			if v < 0 {
				bad(r, c, "数字 %d 不能为负数。", v)
			}
			if c < totalColumn {
				sum += v
			}
		}
		if row[totalColumn] != sum {
			bad(r, totalColumn, "总计 %d 应等于前六列之和 %d。", row[totalColumn], sum)
		}
	}
	for c := range applicantColumns {
		sum := 0
		for r := rowCarried + 1; r < rowTotal; r++ {
			sum += t[r][c]
		}
		if t[rowTotal][c] != sum {
			bad(rowTotal, c, "（七）总计 %d 应等于（一）至（六）各项之和 %d。", t[rowTotal][c], sum)
		}
		if t[rowNew][c]+t[rowCarried][c] != t[rowTotal][c]+t[rowNext][c] {
			out = append(out, FigureProblem{Table: "表三", Row: ApplicationRows[rowTotal].Name(), Column: ApplicantColumns[c],
				Message: balanceMessage(ApplicantColumns[c], t[rowNew][c], t[rowCarried][c], t[rowTotal][c], t[rowNext][c])})
		}
	}
	return out
}

// balanceMessage is the sentence for a column of table 三 that breaks the format's check
// rule, the figures by their rows: 表三“自然人”列不符合“一＋二＝三（七）总计＋四”： 一、本年新收
// 5＋二、上年结转 0≠三（七）总计 3＋四、结转下年度 0。 The window's message box drops the
// spaces between a figure and the Chinese around it and breaks lines at the space left after
// the colon, so the formula, short enough for one line of the box, is never broken.
func balanceMessage(column string, fresh, carried, total, next int) string {
	return fmt.Sprintf("表三“%s”列不符合“一＋二＝三（七）总计＋四”： 一、本年新收 %d＋二、上年结转 %d≠三（七）总计 %d＋四、结转下年度 %d。",
		column, fresh, carried, total, next)
}

// Check reports every figure of table 四 that breaks the format's rules: a negative figure, or
// a 总计 that is not the sum of the four results.
func (t AppealTable) Check() []FigureProblem {
	var out []FigureProblem
	for g, row := range t {
		sum := 0
		for c, v := range row {
			if v < 0 {
				out = append(out, FigureProblem{Table: "表四", Row: AppealGroups[g], Column: AppealColumns[c],
					Message: fmt.Sprintf("表四“%s”的“%s”：数字 %d 不能为负数。", AppealGroups[g], AppealColumns[c], v)})
			}
			if c < len(row)-1 {
				sum += v
			}
		}
		if row[len(row)-1] != sum {
			out = append(out, FigureProblem{Table: "表四", Row: AppealGroups[g], Column: "总计",
				Message: fmt.Sprintf("表四“%s”的总计 %d 应等于结果维持、结果纠正、其他结果、尚未审结之和 %d。", AppealGroups[g], row[len(row)-1], sum)})
		}
	}
	return out
}

// Check reports every figure of table 二 the office filled in that cannot be right: a negative
// count, or a 收费金额 that is not an amount in 万元.
func (p ProactiveFigures) Check() []FigureProblem {
	var out []FigureProblem
	count := func(row, col string, v *int) {
		if v != nil && *v < 0 {
			out = append(out, FigureProblem{Table: "表二", Row: row, Column: col,
				Message: fmt.Sprintf("表二“%s”的“%s”：数字 %d 不能为负数。", row, col, *v)})
		}
	}
	count("规章", "本年废止件数", p.Rules.Repealed)
	count("规章", "现行有效件数", p.Rules.InForce)
	count("行政规范性文件", "本年废止件数", p.Norms.Repealed)
	count("行政规范性文件", "现行有效件数", p.Norms.InForce)
	count("行政许可", "本年处理决定数量", p.Licensing)
	count("行政处罚", "本年处理决定数量", p.Penalties)
	count("行政强制", "本年处理决定数量", p.Enforcement)
	if p.Fees != "" && !feesRe.MatchString(p.Fees) {
		out = append(out, FigureProblem{Table: "表二", Row: "行政事业性收费", Column: "本年收费金额（单位：万元）",
			Message: fmt.Sprintf("表二“行政事业性收费”的本年收费金额“%s”不正确：请填写以万元为单位的金额，例如 0 或 12.35。", p.Fees)})
	}
	return out
}

// feesRe is an amount in 万元: digits, and up to four decimals (one yuan).
var feesRe = regexp.MustCompile(`^\d{1,9}(\.\d{1,4})?$`)

// Check reports every problem of the figures: table 二's, 三's and 四's, in that order.
func (f AnnualFigures) Check() []FigureProblem {
	out := f.Proactive.Check()
	out = append(out, f.Applications.Check()...)
	if f.Appeals != nil {
		out = append(out, f.Appeals.Check()...)
	}
	return out
}

// Validate reports whether the figures may be stored: a year of four digits and no problem;
// the error's sentence lists every problem, one a line. Errors: ErrInvalid.
func (f AnnualFigures) Validate() error {
	if f.Year < 1900 || f.Year > 9999 {
		return fail(ErrInvalid, "年度“%d”不正确：应为四位数的年份。", f.Year)
	}
	problems := f.Check()
	if len(problems) == 0 {
		return nil
	}
	msgs := make([]string, len(problems))
	for i, p := range problems {
		msgs[i] = p.Message
	}
	return fail(ErrInvalid, "年度报告的数字有 %d 处不符合填报要求：\n%s", len(problems), strings.Join(msgs, "\n"))
}

// AnnualFigures returns the figures the office filled in for the year, or empty ones (Year
// set, nothing else) when it has not yet. Errors: the store's.
func (s *Office) AnnualFigures(year int) (AnnualFigures, error) {
	f := AnnualFigures{Year: year}
	err := s.view(func(r kvReader) error { return getJSON(r, keyAnnual(year), &f) })
	if err != nil && !errors.Is(err, ErrNotFound) {
		return AnnualFigures{}, err
	}
	return f, nil
}

// SaveAnnualFigures stores the figures of f.Year, replacing what was there, with the actor and
// the time. The actor must be of 公开办 or an administrator. Errors: ErrInvalid (every problem
// Check finds, in one sentence), ErrPermission, ErrNotFound (no such user).
func (s *Office) SaveAnnualFigures(actor string, f AnnualFigures) error {
	if err := f.Validate(); err != nil {
		return err
	}
	return s.update(func(txn *tx) error {
		u, err := loadUser(txn, actor)
		if err != nil {
			return err
		}
		if !u.MayFillAnnualFigures() {
			return fail(ErrPermission, "年度报告的数字由公开办或管理员填写，%s没有这两个角色。", u.display())
		}
		f.By, f.Saved = actor, s.Now().UTC()
		if err := putJSON(txn, keyAnnual(f.Year), f); err != nil {
			return err
		}
		return s.audit(txn, actor, ActionSettings, "", fmt.Sprintf("填写 %d 年度政府信息公开工作年度报告的数字", f.Year))
	})
}
