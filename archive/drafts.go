package archive

import (
	"path/filepath"
	"strings"
	"time"

	"shendang.gov.cn/shendang/review"
)

// Channels are the channels of publication the procedure names (docs/domain.md §1):
// the portal, newspapers, 政务微博 and 政务微信.
var Channels = []string{"门户网站", "报刊", "政务微博", "政务微信"}

// DraftFrom is what 提出 starts from for a draft file: the particulars read from the document,
// the office as 责任者, the drafter's division, 主动公开 on the portal. A title the document does
// not say is the file's name; a date it does not say is today, in the office's zone.
func DraftFrom(p review.Particulars, st Settings, drafter *User, fileName string, today time.Time) Draft {
	d := Draft{Title: p.Title, DocNumber: p.DocNumber, DocDate: p.Date, Author: st.FondsName,
		Disclosure: Proactive, Channels: []string{Channels[0]}}
	if drafter != nil {
		d.Division = drafter.Division
	}
	if d.Title == "" {
		d.Title = strings.TrimSuffix(filepath.Base(fileName), filepath.Ext(fileName))
	}
	if d.DocDate == "" {
		d.DocDate = today.In(OfficeZone).Format("2006-01-02")
	}
	return d
}

// ChecksSinceLast returns the fingerprints of the findings the last 保密审查 of an item decided
// on, from its records, or nil when it has had none: a finding not among them is new in this
// revision (【新】).
func ChecksSinceLast(recs []Record) map[string]bool {
	var known map[string]bool
	for _, r := range recs {
		if r.Step == StepSecrecy && r.Check != nil {
			known = map[string]bool{}
			for _, f := range r.Check.Findings {
				known[f.Fingerprint] = true
			}
		}
	}
	return known
}

// IsReview reports whether the step is decided by 通过 or 退回 (初审, 保密审查, 审核).
func (s Step) IsReview() bool {
	return s == StepPreliminary || s == StepSecrecy || s == StepApproval
}

// TakesDispositions reports whether decisions on the check's findings are given at the step:
// only at 保密审查, where they are recorded with the check.
func (s Step) TakesDispositions() bool { return s == StepSecrecy }

// MayRedact reports whether the step may approve with a publishable copy (脱敏后通过): 保密审查,
// whose reviewer decides what may not be published.
func (s Step) MayRedact() bool { return s == StepSecrecy }
