package review

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Particulars are what a draft says about itself that the 提出 form needs; each is empty when
// the draft does not say it. They prefill the form: a person confirms or corrects them.
type Particulars struct {
	Title     string // 标题
	DocNumber string // 发文字号, e.g. 厦司〔2016〕59号
	Date      string // 成文日期, YYYY-MM-DD
}

var (
	// 发文字号: 机关代字〔年份〕序号号, with the brackets PDFs and typists substitute.
	docNumberRe = regexp.MustCompile(`\p{Han}{1,10}[〔\[［（(](\d{4})[〕\]］）)]\d{1,5}号`)
	dateRe      = regexp.MustCompile(`(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日`)
	titleEndRe  = regexp.MustCompile(`(通知|请示|报告|方案|意见|决定|公告|通告|通报|函|批复|办法|规定|规划|纪要|答复)$`)
)

// GuessParticulars reads the title, 文号 and 成文日期 from a draft: the document's title property,
// else the first line of its head that reads as a title (关于… or ending 通知, 请示, 方案 …); the
// first 文号; the last date not marked 印发 (the date under the signature, GB/T 9704 §7.3.5).
func GuessParticulars(doc *Document) Particulars {
	var p Particulars
	body := doc.Text(PartBody)
	if m := docNumberRe.FindString(body); m != "" {
		p.DocNumber = m
	}
	for _, m := range dateRe.FindAllStringSubmatchIndex(body, -1) {
		if strings.HasPrefix(strings.TrimSpace(body[m[1]:min(len(body), m[1]+12)]), "印发") {
			continue
		}
		y, _ := strconv.Atoi(body[m[2]:m[3]])
		mo, _ := strconv.Atoi(body[m[4]:m[5]])
		d, _ := strconv.Atoi(body[m[6]:m[7]])
		if mo >= 1 && mo <= 12 && d >= 1 && d <= 31 {
			p.Date = fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
		}
	}
	p.Title = strings.TrimSpace(doc.Meta.Title)
	if p.Title == "" {
		p.Title = titleFromHead(body)
	}
	return p
}

// titleFromHead finds the title among the first lines of the body.
func titleFromHead(body string) string {
	var first string
	seen := 0
	for _, line := range strings.Split(body, "\n") {
		line = strings.Join(strings.Fields(line), "")
		if line == "" || markRe.MatchString(Normalize(line).Text) || docNumberRe.MatchString(line) || strings.HasPrefix(line, "日期") {
			continue
		}
		if seen++; seen > 15 {
			break
		}
		if first == "" && len([]rune(line)) >= 4 {
			first = line
		}
		if strings.Contains(line, "关于") || titleEndRe.MatchString(line) {
			return line
		}
	}
	return first
}
