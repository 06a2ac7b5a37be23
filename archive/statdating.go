package archive

import (
	"time"
)

// Dating is which day of an item the list behind a figure shows: the day of what the figure
// counts. A list of items published shows their 公开日期, a list of 初审 passes the day of the
// pass, a list of returns the day of the return; every list showed the day of 提出 before.
type Dating uint8

// The days a figure's items are dated by.
const (
	DatedProposed  Dating = iota // 提出: the zero Figure's
	DatedPassed                  // the passing decision at the figure's step, in the period
	DatedPublished               // the 公开日期 recorded
	DatedFiled                   // 建档
	DatedReturned                // the last return in the period
	DatedDecided                 // the last decision at the figure's step in the period (any step for none)
)

// dated returns f marking its items as dated by d at step.
func (f Figure) dated(d Dating, step Step) Figure {
	f.dating, f.step = d, step
	return f
}

// Dating says which day of its items f's list shows, and at which step.
func (f Figure) Dating() (Dating, Step) { return f.dating, f.step }

// DateLabel names the day a list of f's items shows: 提出, 公开, 初审通过, 退回 ….
func (f Figure) DateLabel() string {
	switch f.dating {
	case DatedPassed:
		return f.step.String() + "通过"
	case DatedPublished:
		return "公开"
	case DatedFiled:
		return "建档"
	case DatedReturned:
		return "退回"
	case DatedDecided:
		if f.step == 0 {
			return "审查"
		}
		return f.step.String() + "办理"
	}
	return "提出"
}

// day is the day of x the figure counts, in period p; the zero time when x has none there
// (facts damaged behind the store's back).
func (f Figure) day(x *itemFacts, p Period) time.Time {
	switch f.dating {
	case DatedPublished:
		t, _ := time.ParseInLocation("2006-01-02", x.Published, OfficeZone)
		return t
	case DatedFiled:
		return x.Filed
	case DatedPassed, DatedReturned, DatedDecided:
		return f.eventDay(x, p)
	}
	return x.Proposed
}

// eventDay is the day of the first pass, or of the last return or decision, of x in p.
func (f Figure) eventDay(x *itemFacts, p Period) time.Time {
	var day time.Time
	for _, e := range x.Events {
		t := e.time()
		if e.At == 0 || !p.Contains(t) || (f.step != 0 && e.step() != f.step) {
			continue
		}
		switch {
		case f.dating == DatedPassed && e.decision().Passes():
			return t
		case f.dating == DatedReturned && e.decision() == Return, f.dating == DatedDecided:
			day = t
		}
	}
	return day
}

// datings marks every figure of st with the day its list shows.
func (st *Statistics) datings() {
	rows := func(rs []Row) {
		for i := range rs {
			rs[i].dated()
		}
	}
	st.Total.dated()
	rows(st.ByDivision)
	rows(st.ByCategory)
	rows(st.Months)
	for i := range st.ByDivisionCategory {
		st.ByDivisionCategory[i].dated()
	}
	for i := range st.Funnel {
		st.Funnel[i] = st.Funnel[i].dated(funnelDating(Step(i+1)), Step(i+1))
	}
	for i := range st.Returns {
		st.Returns[i].Returns = st.Returns[i].Returns.dated(DatedReturned, 0)
	}
	for i := range st.Findings {
		st.Findings[i].Findings = st.Findings[i].Findings.dated(DatedDecided, 0)
	}
	for i := range st.Channels {
		st.Channels[i].Items = st.Channels[i].Items.dated(DatedPublished, 0)
	}
	st.Policy, st.OnTime, st.Late = st.Policy.dated(DatedPublished, 0), st.OnTime.dated(DatedPublished, 0), st.Late.dated(DatedPublished, 0)
	for i := range st.Steps {
		s := &st.Steps[i]
		s.Decisions, s.WorstItems = s.Decisions.dated(DatedDecided, s.Step), s.WorstItems.dated(DatedDecided, s.Step)
	}
}

// funnelDating is the day of a funnel bar's items: the step's own.
func funnelDating(step Step) Dating {
	switch step {
	case StepPropose:
		return DatedProposed
	case StepPublish:
		return DatedPublished
	case StepFile:
		return DatedFiled
	}
	return DatedPassed
}

// dated marks the row's figures with their days.
func (r *Row) dated() {
	r.Published = r.Published.dated(DatedPublished, 0)
	r.Filed = r.Filed.dated(DatedFiled, 0)
	r.Returned = r.Returned.dated(DatedReturned, 0)
	r.Blocked = r.Blocked.dated(DatedReturned, StepSecrecy)
}
