package archive

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"shendang.gov.cn/shendang/review"
)

// Synthetic stores, for benchmarks, load tests, the statistics' tests and the window's
// demonstrations: FillSynthetic's filed items of 2016–2020 with no steps, and
// FillSyntheticYear's year of items taken through the procedure. Both write records directly in
// batches, because going through the workflow 100,000 times would measure fsync, not reads, and
// then enter them into the ledger in chunks, so the store verifies clean; each item's history is
// a function of its number (and, for a year, of the moment nothing may come after), so a test can
// count what the store should say without asking the store. Both refuse a store that already
// has users, so they can never touch an office's data.

var syntheticTopics = []string{"政务公开工作实施方案", "律师事务所年度检查考核", "公证机构执业区域调整", "司法鉴定机构名册",
	"法律援助经费使用情况", "行政处罚决定", "人民调解员培训计划", "规范性文件清理结果"}

// FillSynthetic makes a new store in dir holding filed synthetic items (years 2016–2020, two
// divisions, three retention periods, numbered in order, 档号 Z109-…) and waiting ones ready to
// be filed, with an administrator "admin" and an archivist "archivist" (password "password-1").
// It is for benchmarks and load tests: it writes records directly in batches, because going
// through the workflow 100,000 times would measure fsync, not reads; audit entries then take
// their digests in chunks, so the store verifies clean. It refuses a directory
// that already holds a store, so it can never touch an office's data.
func FillSynthetic(dir string, filed, waiting int) error {
	s, err := Open(dir)
	if err != nil {
		return err
	}
	defer s.Close()
	return s.fillSynthetic(filed, waiting)
}

// fillSynthetic fills s as FillSynthetic does, on any engine; it refuses a store that has users.
func (s *Office) fillSynthetic(filed, waiting int) error {
	st := Settings{FondsName: "厦门市司法局", FondsCode: "Z109", Divisions: []Division{{"BGS", "办公室"}, {"LSC", "律师工作处"}}}
	staff := []User{{Name: "archivist", FullName: "林六", Roles: []Role{RoleArchivist}}}
	return s.fillWith(st, staff, "合成的测试数据（FillSynthetic）", filed+waiting, func(i int, fx Fixity, counts map[string]int) (*Item, []Record) {
		return syntheticItem(i, i < filed, fx, counts), nil
	})
}

// fillWith makes an administrator "admin" (password "admin-password"), saves st, makes the
// staff (password "password-1") and writes n items as item makes each, with their records,
// then enters them into the ledger, detail naming them. Filed items take the next 件号 of their
// group in counts. It refuses a store that has users.
func (s *Office) fillWith(st Settings, staff []User, detail string, n int, item func(i int, fx Fixity, counts map[string]int) (*Item, []Record)) error {
	if has, err := s.HasUsers(); err != nil || has {
		return fail(ErrNotEmpty, "%s 中已有数据库。", s.e.describe())
	}
	if err := s.CreateUser("", User{Name: "admin", FullName: "管理员", Roles: []Role{RoleAdmin}}, "admin-password"); err != nil {
		return err
	}
	if err := s.SaveSettings("admin", st); err != nil {
		return err
	}
	for _, u := range staff {
		if err := s.CreateUser("admin", u, "password-1"); err != nil {
			return err
		}
	}
	wb := &loader{ctx: context.Background(), to: s.e}
	file := []byte("synthetic draft")
	fx := fixityOf(file)
	if err := wb.add(keyBlob(fx.SHA256), file); err != nil {
		return err
	}
	if err := wb.add(keyBlobSum(fx.SHA256), []byte(fx.SM3)); err != nil {
		return err
	}
	counts := map[string]int{}
	for i := range n {
		it, recs := item(i, fx, counts)
		if err := putSynthetic(wb, it, recs); err != nil {
			return err
		}
	}
	for key, c := range counts {
		if err := wb.add([]byte(key), []byte(fmt.Sprint(c))); err != nil {
			return err
		}
	}
	if err := wb.flush(); err != nil {
		return err
	}
	// Written past the ledger: enter them into it, as a migration does.
	_, err := s.adopt(detail)
	return err
}

// syntheticItem is the i-th synthetic item, filed with the next 件号 of its group in counts
// when filed, else waiting for 建档.
func syntheticItem(i int, filed bool, fx Fixity, counts map[string]int) *Item {
	rets := []Retention{Permanent, Years30, Years10}
	base := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	it := &Item{ID: fmt.Sprintf("%016x", i), Draft: Draft{Title: fmt.Sprintf("关于%s的通知（第%d号）", syntheticTopics[i%len(syntheticTopics)], i),
		DocNumber: fmt.Sprintf("厦司〔%d〕%d号", 2016+i%5, i), Author: "厦门市司法局", Division: []string{"BGS", "LSC"}[i%2],
		DocDate: "2016-06-29", Disclosure: Proactive, Category: "规范性文件"}, Drafter: "drafter", State: StateFile,
		Created:   base.Add(time.Duration(i) * time.Minute),
		Revisions: []Revision{{N: 1, Name: "a.docx", SHA256: fx.SHA256, SM3: fx.SM3, Size: fx.Size}}}
	if !filed {
		return it
	}
	f := Filing{Fonds: "Z109", Year: 2016 + i%5, Retention: rets[i%3], Division: it.Division, Pages: 2,
		Filed: it.Created.Add(time.Hour), By: "archivist"}
	key := string(keyCount(f.Fonds, f.Year, f.Retention, f.Division))
	counts[key]++
	f.Number = counts[key]
	f.Code = ArchivalCode(f.Fonds, f.Year, f.Retention, f.Division, f.Number)
	it.Filing, it.State = &f, StateFiled
	return it
}

// putSynthetic writes an item, its records, its summary, its facts and, when filed, its 档号's
// index.
func putSynthetic(wb *loader, it *Item, recs []Record) error {
	if it.Filing != nil {
		if err := wb.add(keyFiled(it.Filing.Code), []byte(it.ID)); err != nil {
			return err
		}
	}
	b, _ := json.Marshal(it)
	if err := wb.add(keyItem(it.ID), b); err != nil {
		return err
	}
	for k, r := range recs {
		b, _ := json.Marshal(r)
		if err := wb.add(keyRecord(it.ID, k+1), b); err != nil {
			return err
		}
	}
	if err := wb.add(keyFacts(it.ID), encodeFacts(factsOf(it, recs))); err != nil {
		return err
	}
	return wb.add(keySummary(it.ID), encodeSummary(summarize(it)))
}

// syntheticDivisions are the divisions of a synthetic year.
var syntheticDivisions = []Division{{"BGS", "办公室"}, {"LSC", "律师工作处"}, {"ZCFG", "政策法规处"}}

// syntheticCategories are the categories a synthetic year's items are in, "" none.
var syntheticCategories = []string{"规范性文件", "政策解读", "财政预决算/部门预算", "行政处罚", "政策解读", ""}

// Reasons a synthetic item is returned for: two standard opinions (the second with words
// after it) and a free text.
const (
	synthReasonBasis = "请补充有关依据后重新提出。"
	synthReasonFree  = "数据口径与上年不一致，请核对。"
)

// syntheticStaff are the users of a synthetic year besides the administrator, one a role, each
// with the password "password-1".
var syntheticStaff = []User{
	{Name: "drafter", FullName: "王五", Roles: []Role{RoleDrafter}, Division: "BGS"},
	{Name: "head", FullName: "李处长", Roles: []Role{RoleDivisionHead}, Division: "BGS"},
	{Name: "office", FullName: "公开办张三", Roles: []Role{RoleOffice}},
	{Name: "leader", FullName: "陈局长", Roles: []Role{RoleLeader}},
	{Name: "archivist", FullName: "林六", Roles: []Role{RoleArchivist}},
}

// FillSyntheticYear makes a new store in dir holding n synthetic items proposed through year
// y, each taken through the procedure as far as its number says (most are filed), with
// returns, blocks at 保密审查 and their findings, late 政策解读 and several channels; an
// administrator "admin" (password "admin-password") and syntheticStaff. For the statistics'
// benchmarks and the window's demonstrations. Everything it records falls within year y and
// not after now: in the year under way the items are proposed up to now, and the last ones are
// still on their way, as an office's are. Errors: ErrNotEmpty for a directory that already
// holds a store, ErrInvalid for a year not yet begun, and the store's.
func FillSyntheticYear(dir string, y, n int) error {
	s, err := Open(dir)
	if err != nil {
		return err
	}
	defer s.Close()
	return s.fillSyntheticYear(y, n)
}

// fillSyntheticYear fills s as FillSyntheticYear does, on any engine; it refuses a store that
// has users.
func (s *Office) fillSyntheticYear(y, n int) error {
	end := syntheticEnd(y, s.Now())
	if !end.After(syntheticStart(y)) {
		return fail(ErrInvalid, "%d 年尚未开始，无法生成该年度的合成数据。", y)
	}
	st := Settings{FondsName: "厦门市司法局", FondsCode: "Z109", Divisions: syntheticDivisions}
	return s.fillWith(st, syntheticStaff, "合成的统计测试数据（FillSyntheticYear）", n, func(i int, fx Fixity, counts map[string]int) (*Item, []Record) {
		return syntheticRun(i, n, y, end, fx, counts)
	})
}

// syntheticStart is when the first item of a synthetic year y is proposed: 1 January, 9:00.
func syntheticStart(y int) time.Time { return time.Date(y, 1, 1, 9, 0, 0, 0, OfficeZone) }

// syntheticEnd is the moment nothing of a synthetic year y filled at now may be after: the
// year's end, or now in the year under way.
func syntheticEnd(y int, now time.Time) time.Time {
	end := time.Date(y+1, 1, 1, 0, 0, 0, 0, OfficeZone).Add(-time.Second)
	if now.Before(end) {
		return now
	}
	return end
}

// syntheticRun is the i-th of n items of year y and its records: proposed on a day of the year
// in order, then, as a generator seeded with i decides, returned at 初审 (one in eight), blocked
// at 保密审查 for an 身份证号 (one in ten), returned at 审核 (one in twenty), each time revised and
// proposed again; published a few days later on one to three channels; filed; one in ten stops
// on the way. Nothing is after end (syntheticEnd): the items are proposed a day apart as 365 days
// over n make them, closer when end is nearer, and an item whose next step would come after
// end waits for it. Filed items take the next 件号 of their group in counts.
func syntheticRun(i, n, y int, end time.Time, fx Fixity, counts map[string]int) (*Item, []Record) {
	r := rand.New(rand.NewPCG(uint64(i), uint64(y)))
	start := syntheticStart(y)
	span := min(365*24*time.Hour, end.Sub(start))
	created := start.Add(time.Duration(i) * (span / time.Duration(max(n, 1)))).UTC()
	div := syntheticDivisions[i%len(syntheticDivisions)].Code
	it := &Item{ID: fmt.Sprintf("y%04d%011x", y, i), Draft: Draft{Title: fmt.Sprintf("关于%s的通知（第%d号）", syntheticTopics[i%len(syntheticTopics)], i),
		DocNumber: fmt.Sprintf("厦司〔%d〕%d号", y, i), Author: "厦门市司法局", Division: div,
		DocDate: created.In(OfficeZone).AddDate(0, 0, -1).Format("2006-01-02"), Disclosure: Proactive,
		Channels: []string{"门户网站"}, Category: syntheticCategories[i%len(syntheticCategories)]},
		Drafter: "drafter", State: StatePreliminary, Created: created, Dispositions: map[string]review.Disposition{},
		Revisions: []Revision{{N: 1, Name: "a.docx", SHA256: fx.SHA256, SM3: fx.SM3, Size: fx.Size, Added: created, By: "drafter"}}}
	_ = it.setDue(Settings{}) // the shipped calendar, which cannot fail to read
	h := history{it: it, at: created, end: end, r: r, days: 5}
	if it.TimeLimited() {
		h.days = 2 // the office hurries a 政策解读: most are on time
	}
	h.add(Record{Step: StepPropose, Actor: "drafter", Role: RoleDrafter, Decision: Submit})
	stop := r.IntN(10) == 0 // stops on the way: waits at a step chosen below
	steps := []struct {
		step    Step
		returns bool
		reason  string
	}{
		{StepPreliminary, r.IntN(8) == 0, synthReasonBasis},
		{StepSecrecy, r.IntN(10) == 0, "请删除涉及个人信息的内容后重新提出。本稿第2页有身份证号。"},
		{StepApproval, r.IntN(20) == 0, synthReasonFree},
	}
	stopAt := 1 + r.IntN(5)
	for k, st := range steps {
		if stop && stopAt == k+1 {
			it.State = waitingState(st.step)
			return it, h.recs
		}
		if st.returns && !h.returned(st.step, st.reason) || !h.approve(st.step) {
			if it.State != StateReturned {
				it.State = waitingState(st.step)
			}
			return it, h.recs
		}
	}
	if stop && stopAt >= 4 || !h.publish(r) {
		it.State = StatePublish
		return it, h.recs
	}
	fileRun(it, &h, counts)
	return it, h.recs
}

// waitingState is the state of an item waiting for step.
func waitingState(step Step) State {
	for st, s := range waiting {
		if s == step {
			return st
		}
	}
	return ""
}

// history writes an item's records, each a few days after the one before, none after end.
type history struct {
	it      *Item
	at, end time.Time
	r       *rand.Rand
	recs    []Record
	days    int // a step takes up to days-1 days
}

// add appends rec at the current time.
func (h *history) add(rec Record) {
	rec.Time, rec.Revision = h.at, h.it.Current().N
	h.recs = append(h.recs, rec)
}

// later moves the clock on by an hour and up to days-1 days; false, the clock left, when that
// is after end: the next step has not happened yet.
func (h *history) later() bool {
	at := h.at.Add(time.Duration(h.r.IntN(h.days)*24+1) * time.Hour)
	if at.After(h.end) {
		return false
	}
	h.at = at
	return true
}

// returned returns the item at step for reason and proposes a revision. False when that is
// after end: the item still waits at step or, returned, is with its drafter (StateReturned).
func (h *history) returned(step Step, reason string) bool {
	if !h.later() {
		return false
	}
	rec := Record{Step: step, Actor: "reviewer", Role: stepRole[step], Decision: Return, Opinion: reason}
	if step == StepSecrecy {
		rec.Check = &CheckSnapshot{Verdict: review.VerdictBlock, Findings: []review.Finding{
			{Category: review.CatIDCard, Severity: review.Block, Fingerprint: "a"},
			{Category: review.CatIDCard, Severity: review.Block, Fingerprint: "b"}}}
	}
	h.add(rec)
	if !h.later() {
		h.it.State = StateReturned
		return false
	}
	rev := h.it.Current()
	rev.N++
	rev.Added = h.at
	h.it.Revisions = append(h.it.Revisions, rev)
	h.add(Record{Step: StepPropose, Actor: "drafter", Role: RoleDrafter, Decision: Submit})
	return true
}

// approve passes step; at 保密审查 one check in four held a warning. False, nothing recorded,
// when that is after end.
func (h *history) approve(step Step) bool {
	if !h.later() {
		return false
	}
	rec := Record{Step: step, Actor: "reviewer", Role: stepRole[step], Decision: Approve, Opinion: "同意。"}
	if step == StepSecrecy {
		rec.Check = &CheckSnapshot{Verdict: review.VerdictClean}
		if h.r.IntN(4) == 0 {
			rec.Check = &CheckSnapshot{Verdict: review.VerdictWarn, Findings: []review.Finding{
				{Category: review.CatSensitiveTerm, Severity: review.Warn, Fingerprint: "c"}}}
		}
	}
	h.add(rec)
	return true
}

// publish records 公开 on one to three channels, on time or not as the calendar says. False,
// nothing recorded, when that is after end.
func (h *history) publish(r *rand.Rand) bool {
	if !h.later() {
		return false
	}
	channels := []string{"门户网站", "政务微信", "政务微博"}[:1+r.IntN(3)]
	p := &Publication{Channels: channels, Date: h.at.In(OfficeZone).Format("2006-01-02")}
	if cal, err := ShippedCalendar(); err == nil {
		if d, ok := DeadlineOf(h.it, h.at, cal); ok {
			met := p.Date <= d.Due.Format("2006-01-02")
			p.OnTime = &met
		}
	}
	h.it.Publication, h.it.State = p, StateFile
	h.add(Record{Step: StepPublish, Actor: "office", Role: RoleOffice, Decision: Publish, Opinion: p.Date})
	return true
}

// fileRun files the item with the next 件号 of its group, unless that is after end: then it
// waits for 建档.
func fileRun(it *Item, h *history, counts map[string]int) {
	if !h.later() {
		return
	}
	f := Filing{Fonds: "Z109", Year: dayOf(h.at).y, Retention: Years10, Division: it.Division, Pages: 2, Filed: h.at, By: "archivist"}
	key := string(keyCount(f.Fonds, f.Year, f.Retention, f.Division))
	counts[key]++
	f.Number = counts[key]
	f.Code = ArchivalCode(f.Fonds, f.Year, f.Retention, f.Division, f.Number)
	it.Filing, it.State = &f, StateFiled
	h.add(Record{Step: StepFile, Actor: "archivist", Role: RoleArchivist, Decision: File, Opinion: f.Code})
}
