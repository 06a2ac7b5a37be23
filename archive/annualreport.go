package archive

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// AnnualReport is what 审档 puts into a year's annual report: the office's name, what it
// counted itself, and the figures the office filled in.
type AnnualReport struct {
	FondsName string
	Year      int
	Made      time.Time // when it was gathered
	// RulesIssued and NormsIssued are table 二's 本年制发件数 of 规章 and 行政规范性文件: the
	// items of that category (RegulationKind) with a 成文日期 in the year that reached 公开.
	RulesIssued, NormsIssued int
	Figures                  AnnualFigures
	// Problems are what AnnualFigures.Check finds in the figures: none once they were saved,
	// but the workbook says so either way.
	Problems []FigureProblem
}

// RegulationKind says which row of table 二's 第二十条第（一）项 an item of the 主动公开目录
// category counts in: "规章" for a category (or one above it) named 规章 or 政府规章, "行政规范性文件"
// for one named 规范性文件 or 行政规范性文件 (the shipped tree's 政策法规/规范性文件), "" otherwise.
// The shipped tree has no 规章: a municipal bureau does not make them; an office that does adds
// the category to its tree.
func RegulationKind(category string) string {
	path := strings.Split(category, "/")
	switch {
	case slices.Contains(path, "规章") || slices.Contains(path, "政府规章"):
		return "规章"
	case slices.Contains(path, "规范性文件") || slices.Contains(path, "行政规范性文件"):
		return "行政规范性文件"
	}
	return ""
}

// issuedIn reports whether the item counts as issued (制发) in the year for table 二: its
// 成文日期 is in the year, it reached 公开 (published, or filed, which follows 公开), and it is
// not 不予公开.
func (f *itemFacts) issuedIn(year int) bool {
	return (f.Publicized || !f.Filed.IsZero()) && f.Disclosure != NotDisclose &&
		len(f.DocDate) >= 4 && f.DocDate[:4] == strconv.Itoa(year)
}

// Annual gathers the year's annual report: the counts from the items and the figures the office
// filled in. Errors: ErrInvalid (a year not of four digits), and the store's.
func (s *Office) Annual(year int) (*AnnualReport, error) {
	if year < 1900 || year > 9999 {
		return nil, fail(ErrInvalid, "年度“%d”不正确：应为四位数的年份。", year)
	}
	st, err := s.Settings()
	if err != nil {
		return nil, err
	}
	rep := &AnnualReport{FondsName: st.FondsName, Year: year, Made: s.Now()}
	if rep.Figures, err = s.AnnualFigures(year); err != nil {
		return nil, err
	}
	rep.Problems = rep.Figures.Check()
	all, err := s.facts()
	if err != nil {
		return nil, err
	}
	for _, f := range all {
		if !f.issuedIn(year) {
			continue
		}
		switch RegulationKind(f.Category) {
		case "规章":
			rep.RulesIssued++
		case "行政规范性文件":
			rep.NormsIssued++
		}
	}
	return rep, nil
}

// AnnualReportYear is the year whose annual report is due next on the day of now, in the
// office's zone: 条例 Art. 49 has it published by 1月31日, so through January it is the year
// before, and from 2月1日 the year under way, whose report the office prepares as it goes.
func AnnualReportYear(now time.Time) int {
	t := now.In(OfficeZone)
	if t.Month() == time.January {
		return t.Year() - 1
	}
	return t.Year()
}
