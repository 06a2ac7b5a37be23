package archive

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"shendang.gov.cn/shendang/review"
)

// tally is the statistics of a synthetic year counted the plain way, from the items and
// records syntheticRun makes, without the store, its facts or its counter.
type tally struct {
	proposed, published, filed, returned, blocked map[string]int // by division, "" all
	reasons                                       map[string]int
	findings                                      map[review.Category]int
	channels                                      map[string]int
	policy, onTime                                int
}

func countPlainly(n, y int, p Period) tally {
	tl := tally{proposed: map[string]int{}, published: map[string]int{}, filed: map[string]int{}, returned: map[string]int{},
		blocked: map[string]int{}, reasons: map[string]int{}, findings: map[review.Category]int{}, channels: map[string]int{}}
	in := func(t time.Time) bool { return !t.Before(p.From) && t.Before(p.To) }
	counts := map[string]int{}
	for i := range n {
		it, recs := syntheticRun(i, n, y, syntheticEnd(y, time.Now()), fixityOf([]byte("synthetic draft")), counts)
		both := func(m map[string]int) { m[""]++; m[it.Division]++ }
		if in(it.Created) {
			both(tl.proposed)
		}
		if pub := it.Publication; pub != nil && pub.Date >= p.From.Format("2006-01-02") && pub.Date <= p.Last().Format("2006-01-02") {
			both(tl.published)
			for _, c := range pub.Channels {
				tl.channels[c]++
			}
			if strings.Contains(it.Category, "政策解读") {
				tl.policy++
				if *pub.OnTime {
					tl.onTime++
				}
			}
		}
		if it.Filing != nil && in(it.Filing.Filed) {
			both(tl.filed)
		}
		for _, r := range recs {
			if !in(r.Time) {
				continue
			}
			if r.Decision == Return {
				tl.returned[""]++
				tl.returned[it.Division]++
				switch {
				case strings.HasPrefix(r.Opinion, "请删除涉及个人信息的内容后重新提出。"):
					tl.reasons["请删除涉及个人信息的内容后重新提出。"]++
				default:
					tl.reasons[r.Opinion]++
				}
			}
			if r.Check != nil {
				if r.Check.Verdict == review.VerdictBlock {
					both(tl.blocked)
				}
				for _, f := range r.Check.Findings {
					tl.findings[f.Category]++
				}
			}
		}
	}
	return tl
}

func TestStatisticsOfSyntheticYear(t *testing.T) {
	const n, y = 600, 2024
	s := openTestOffice(t)
	must(t, s.fillSyntheticYear(y, n))
	if got := problems(t, s); got != "" {
		t.Errorf("Verify after fillSyntheticYear: got\n%s\nwant no problems", got)
	}
	for _, p := range []Period{YearPeriod(y), QuarterPeriod(y, 2), MonthPeriod(y, time.October)} {
		t.Run(p.Label(), func(t *testing.T) {
			got, err := s.Statistics(p, StatsFilter{})
			must(t, err)
			want := countPlainly(n, y, p)
			t.Logf("%d proposed, %d published, %d filed, %d returned, %d blocked, %d 政策解读 (%d on time), reasons %v",
				want.proposed[""], want.published[""], want.filed[""], want.returned[""], want.blocked[""], want.policy, want.onTime, want.reasons)
			rows := map[string]Row{"": got.Total}
			for _, r := range got.ByDivision {
				rows[r.Key] = r
			}
			for _, div := range []string{"", "BGS", "LSC", "ZCFG"} {
				r := rows[div]
				for _, f := range []struct {
					name string
					got  Figure
					want int
				}{
					{"proposed", r.Proposed, want.proposed[div]}, {"published", r.Published, want.published[div]},
					{"filed", r.Filed, want.filed[div]}, {"returned", r.Returned, want.returned[div]},
					{"blocked", r.Blocked, want.blocked[div]},
				} {
					if f.got.N != f.want {
						t.Errorf("division %q %s: got %d, want %d", div, f.name, f.got.N, f.want)
					}
				}
			}
			gotReasons := map[string]int{}
			for _, r := range got.Returns {
				gotReasons[r.Text] = r.Returns.N
			}
			if fmt.Sprint(gotReasons) != fmt.Sprint(want.reasons) {
				t.Errorf("returns by reason: got %v, want %v", gotReasons, want.reasons)
			}
			gotFindings := map[review.Category]int{}
			for _, f := range got.Findings {
				gotFindings[f.Category] = f.Findings.N
			}
			if fmt.Sprint(gotFindings) != fmt.Sprint(want.findings) {
				t.Errorf("findings: got %v, want %v", gotFindings, want.findings)
			}
			gotChannels := map[string]int{}
			for _, c := range got.Channels {
				gotChannels[c.Name] = c.Items.N
			}
			if fmt.Sprint(gotChannels) != fmt.Sprint(want.channels) {
				t.Errorf("channels: got %v, want %v", gotChannels, want.channels)
			}
			if got.Policy.N != want.policy || got.OnTime.N != want.onTime || got.Late.N != want.policy-want.onTime {
				t.Errorf("政策解读: got %d published, %d on time, %d late; want %d, %d, %d", got.Policy.N, got.OnTime.N, got.Late.N,
					want.policy, want.onTime, want.policy-want.onTime)
			}
			if got.Funnel[0].N != want.proposed[""] || got.Funnel[4].N != want.published[""] || got.Funnel[5].N != want.filed[""] {
				t.Errorf("funnel: got %d proposed, %d published, %d filed; want %d, %d, %d", got.Funnel[0].N, got.Funnel[4].N, got.Funnel[5].N,
					want.proposed[""], want.published[""], want.filed[""])
			}
			monthly := 0
			for _, m := range got.Months {
				monthly += m.Proposed.N
			}
			if monthly != got.Total.Proposed.N {
				t.Errorf("months: got %d proposed in all, want the total %d", monthly, got.Total.Proposed.N)
			}
		})
	}
}

func TestStatisticsFollowTheProcedure(t *testing.T) {
	o := newOffice(t)
	a := o.propose(t, seedDraft)
	policy := seedDraft
	policy.Category, policy.Division, policy.Title = "政策解读", "BGS", "关于实施方案的解读"
	b := o.propose(t, policy)
	must(t, o.Decide("head", b.ID, Review{Opinion: "请补充有关依据后重新提出。另附意见。"}))
	o.through(t, a.ID)
	_, err := o.FileItem("archivist", a.ID, FilingRequest{Year: 2016, Pages: 2})
	must(t, err)

	year := YearPeriod(2016)
	got, err := o.Statistics(year, StatsFilter{})
	must(t, err)
	tests := []struct {
		name string
		got  Figure
		want []string
	}{
		{"proposed", got.Total.Proposed, []string{a.ID, b.ID}},
		{"published", got.Total.Published, []string{a.ID}},
		{"filed", got.Total.Filed, []string{a.ID}},
		{"returned", got.Total.Returned, []string{b.ID}},
		{"funnel 建档", got.Funnel[5], []string{a.ID}},
		{"门户网站", got.Channels[0].Items, []string{a.ID}},
	}
	for _, tt := range tests {
		if tt.got.N != len(tt.want) || !slices.Equal(tt.got.IDs(), tt.want) {
			t.Errorf("%s: got %d %v, want %v", tt.name, tt.got.N, tt.got.IDs(), tt.want)
		}
	}
	if len(got.Returns) != 1 || got.Returns[0].Text != "请补充有关依据后重新提出。" {
		t.Errorf("returns: got %+v, want one grouped under the standard opinion", got.Returns)
	}

	// The index keeps the facts current: the returned item revised and passed shows at once,
	// and an item stored before facts were is counted from its records.
	must(t, o.Resubmit("drafter", b.ID, SourceFile{Name: "b.txt", Data: []byte("修改稿")}, "", nil))
	raw(t, o.Office, func(txn kvWriter) error { return txn.del(keyFacts(a.ID)) })
	o.idx.mu.Lock()
	o.idx.facts = nil
	o.idx.mu.Unlock()
	got, err = o.Statistics(year, StatsFilter{Division: "BGS"})
	must(t, err)
	if got.Steps[0].Decisions.N != 1 || got.Total.Filed.N != 1 {
		t.Errorf("after a revision, facts of a filed item removed: got %d revisions counted, %d filed; want 1, 1",
			got.Steps[0].Decisions.N, got.Total.Filed.N)
	}
	if got, err := o.Statistics(year, StatsFilter{Division: "LSC"}); err != nil || got.Total.Proposed.N != 0 {
		t.Errorf("another division: got %d proposed, %v; want 0", got.Total.Proposed.N, err)
	}
}

func TestStepTime(t *testing.T) {
	tests := []struct {
		name   string
		days   []int
		median float64
		worst  int
		worsts []string
	}{
		{"none", nil, 0, 0, nil},
		{"one", []int{3}, 3, 3, []string{"0"}},
		{"odd", []int{5, 1, 2}, 2, 5, []string{"0"}},
		{"even", []int{1, 3, 2, 10}, 2.5, 10, []string{"3"}},
		{"the longest twice", []int{4, 0, 4, 2}, 3, 4, []string{"0", "2"}},
		{"all the same day", []int{0, 0}, 0, 0, []string{"0", "1"}},
	}
	for _, tt := range tests {
		for _, parts := range []int{1, 2} {
			var of []*itemFacts
			for i := range tt.days {
				of = append(of, &itemFacts{ID: fmt.Sprint(i)})
			}
			// counted in parts, merged in order, as countInParts does
			w, cut := &stepWaits{}, len(tt.days)/parts
			o := &stepWaits{}
			for i, d := range tt.days {
				if i < cut || parts == 1 {
					w.add(of, int32(i), d)
				} else {
					o.add(of, int32(i), d)
				}
			}
			w.merge(o)
			got := stepTime(StepSecrecy, w, of, of)
			if got.Median != tt.median || got.Worst != tt.worst || got.Decisions.N != len(tt.days) || got.Decisions.Items() != len(tt.days) ||
				!slices.Equal(got.WorstIDs, tt.worsts) || !slices.Equal(got.WorstItems.IDs(), tt.worsts) {
				t.Errorf("%s in %d parts: got median %v, worst %d %v, %d decisions; want %v, %d %v, %d",
					tt.name, parts, got.Median, got.Worst, got.WorstIDs, got.Decisions.N, tt.median, tt.worst, tt.worsts, len(tt.days))
			}
		}
	}
}

// figureCounts shows every figure's count of events and of items, not the items.
func figureCounts(st *Statistics) string {
	var b strings.Builder
	for _, f := range st.figures() {
		fmt.Fprintf(&b, "%d/%d ", f.N, f.Items())
	}
	return b.String()
}

// TestCountInParts: counted in parts on several processors and merged, the figures and the
// order of the items behind them are those of one count, whether the figures list their items
// as they count or only count them and list them on demand.
func TestCountInParts(t *testing.T) {
	const n, y = 900, 2024
	counts := map[string]int{}
	var all []*itemFacts
	for i := range n {
		it, recs := syntheticRun(i, n, y, syntheticEnd(y, time.Now()), fixityOf([]byte("x")), counts)
		all = append(all, factsOf(it, recs))
	}
	all = append(all, &itemFacts{ID: "other", Division: "XYZ", Proposed: all[n-1].Proposed, OnTime: -1}) // a division not in the settings
	st := Settings{FondsName: "厦门市司法局", Divisions: syntheticDivisions}
	cal, err := st.Calendar()
	must(t, err)
	for _, tt := range []struct {
		name   string
		p      Period
		filter StatsFilter
	}{
		{"the year", YearPeriod(y), StatsFilter{}},
		{"a quarter of one division", QuarterPeriod(y, 3), StatsFilter{Division: "LSC"}},
		{"a month of one category", MonthPeriod(y, time.May), StatsFilter{Category: "政策解读"}},
	} {
		listed := countInParts(1, true, all, tt.p, tt.filter, st, cal).result()
		want, wantCounts := fmt.Sprintf("%+v", *listed), figureCounts(listed)
		for _, parts := range []int{2, 3, 7} {
			if got := fmt.Sprintf("%+v", *countInParts(parts, true, all, tt.p, tt.filter, st, cal).result()); got != want {
				t.Errorf("%s in %d parts: got\n%s\nwant\n%s", tt.name, parts, got, want)
			}
			if got := figureCounts(countInParts(parts, false, all, tt.p, tt.filter, st, cal).result()); got != wantCounts {
				t.Errorf("%s in %d parts, counted only: got\n%s\nwant\n%s", tt.name, parts, got, wantCounts)
			}
		}
		if got := fmt.Sprintf("%+v", *countAll(all, tt.p, tt.filter, st, cal)); got != want {
			t.Errorf("%s listed on demand: got\n%s\nwant\n%s", tt.name, got, want)
		}
	}
}

func TestFactsRoundTrip(t *testing.T) {
	counts := map[string]int{}
	for i := range 40 {
		it, recs := syntheticRun(i, 40, 2024, syntheticEnd(2024, time.Now()), fixityOf([]byte("x")), counts)
		want := factsOf(it, recs)
		got, err := decodeFacts(encodeFacts(want))
		if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("item %d: got %+v, %v; want %+v", i, got, err, want)
		}
	}
}

func FuzzDecodeFacts(f *testing.F) {
	counts := map[string]int{}
	for i := range 8 {
		it, recs := syntheticRun(i, 8, 2024, syntheticEnd(2024, time.Now()), fixityOf([]byte("x")), counts)
		f.Add(encodeFacts(factsOf(it, recs)))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := decodeFacts(b)
		if err == nil && string(encodeFacts(got)) != string(b) {
			t.Errorf("decoded %+v; it encodes to other bytes", got)
		}
	})
}

func TestPeriods(t *testing.T) {
	custom, err := CustomPeriod("2024-09-15", "2024-11-02")
	must(t, err)
	tests := []struct {
		p      Period
		label  string
		months int
		last   string
	}{
		{MonthPeriod(2024, time.February), "2024年2月", 1, "2024-02-29"},
		{QuarterPeriod(2024, 3), "2024年第三季度", 3, "2024-09-30"},
		{YearPeriod(2024), "2024年度", 12, "2024-12-31"},
		{custom, "2024-09-15 至 2024-11-02", 3, "2024-11-02"},
	}
	for _, tt := range tests {
		if got := tt.p.Label(); got != tt.label {
			t.Errorf("label: got %q, want %q", got, tt.label)
		}
		if got := len(tt.p.Months()); got != tt.months {
			t.Errorf("%s: got %d months, want %d", tt.label, got, tt.months)
		}
		if got := tt.p.Last().Format("2006-01-02"); got != tt.last {
			t.Errorf("%s: got last day %s, want %s", tt.label, got, tt.last)
		}
	}
	for _, bad := range [][2]string{{"2024-13-01", "2024-12-01"}, {"2024-05-01", "2024-04-30"}, {"2000-01-01", "2024-01-01"}} {
		if _, err := CustomPeriod(bad[0], bad[1]); err == nil {
			t.Errorf("CustomPeriod(%q, %q): got no error, want ErrInvalid", bad[0], bad[1])
		}
	}
}

// TestFiguresAgreeWithTheFunnel: every figure the 统计 screen shows counts by one rule, so the
// summary's 提出, 公开 and 建档 are the funnel's bars of those steps, item for item; the rows
// by division, by category and by month add up to the total; and each figure's list of items
// (the click-through) holds as many items as the figure says. A walker saw 公开 1 in the
// summary and 公开 4 in the funnel: the funnel counted the items proposed in the period that
// were ever published, the summary those published in it.
func TestFiguresAgreeWithTheFunnel(t *testing.T) {
	const n, y = 600, 2024
	s := openTestOffice(t)
	must(t, s.fillSyntheticYear(y, n))
	for _, p := range []Period{YearPeriod(y), QuarterPeriod(y, 1), QuarterPeriod(y, 2), QuarterPeriod(y, 4), MonthPeriod(y, time.March), YearPeriod(y + 1)} {
		for _, f := range []StatsFilter{{}, {Division: "BGS"}} {
			st, err := s.Statistics(p, f)
			must(t, err)
			name := p.Label() + " " + f.Division
			for _, c := range []struct {
				what          string
				total, funnel Figure
			}{{"提出", st.Total.Proposed, st.Funnel[0]}, {"公开", st.Total.Published, st.Funnel[StepPublish-1]}, {"建档", st.Total.Filed, st.Funnel[StepFile-1]}} {
				if c.total.N != c.funnel.N || !slices.Equal(c.total.IDs(), c.funnel.IDs()) {
					t.Errorf("%s %s: got %d in the summary, %d in the funnel; want the same items", name, c.what, c.total.N, c.funnel.N)
				}
			}
			for _, rows := range []struct {
				what string
				rows []Row
			}{{"处室", st.ByDivision}, {"公开目录", st.ByCategory}, {"月份", st.Months}} {
				for col, what := range []string{"提出", "公开", "建档", "退回", "保密审查退回"} {
					sum, ids := 0, 0
					for _, r := range rows.rows {
						sum += rowFigures(r)[col].N
						ids += len(rowFigures(r)[col].IDs())
					}
					total := rowFigures(st.Total)[col]
					if sum != total.N {
						t.Errorf("%s %s by %s: got %d in all, want the total %d", name, what, rows.what, sum, total.N)
					}
					if col < 3 && ids != len(total.IDs()) {
						t.Errorf("%s %s by %s: got %d items listed in all, want the total's %d", name, what, rows.what, ids, len(total.IDs()))
					}
				}
			}
			items := append(slices.Clone(st.Funnel[:]), st.Total.Proposed, st.Total.Published, st.Total.Filed, st.Policy, st.OnTime, st.Late)
			for i, fig := range items {
				if fig.N != len(fig.IDs()) {
					t.Errorf("%s figure %d: got %d, want its %d items", name, i, fig.N, len(fig.IDs()))
				}
				lines, err := s.ItemLines(fig, p)
				must(t, err)
				if len(lines) != len(fig.IDs()) {
					t.Errorf("%s figure %d: got a list of %d items, want %d", name, i, len(lines), len(fig.IDs()))
				}
				for _, l := range lines {
					if !p.Contains(l.Date) { // the day of what the figure counts, not always 提出
						t.Errorf("%s figure %d (%s): got %q dated %v, want a day in the period", name, i, fig.DateLabel(), l.Title, l.Date)
						break
					}
				}
			}
		}
	}
}

// rowFigures are a row's figures in the screen's columns.
func rowFigures(r Row) [5]Figure {
	return [5]Figure{r.Proposed, r.Published, r.Filed, r.Returned, r.Blocked}
}

// TestPublishedInThePeriodIsOneRule: an item proposed in one quarter and published in the
// next counts as published in the next, in the summary and in the funnel alike; the day is
// the 公开日期 the office recorded, not the day the 公开 record was made.
func TestPublishedInThePeriodIsOneRule(t *testing.T) {
	x := &itemFacts{ID: "a", Division: "BGS", Proposed: time.Date(2024, 3, 29, 9, 0, 0, 0, OfficeZone), Published: "2024-04-02",
		Filed: time.Date(2024, 4, 10, 9, 0, 0, 0, OfficeZone), OnTime: -1, RecordedOnTime: -1,
		Events: []stepEvent{newEvent(StepPropose, Submit, time.Date(2024, 3, 29, 9, 0, 0, 0, OfficeZone), false),
			newEvent(StepPreliminary, Approve, time.Date(2024, 3, 30, 9, 0, 0, 0, OfficeZone), false),
			newEvent(StepSecrecy, Approve, time.Date(2024, 4, 1, 9, 0, 0, 0, OfficeZone), false),
			newEvent(StepApproval, Approve, time.Date(2024, 4, 1, 10, 0, 0, 0, OfficeZone), false),
			newEvent(StepPublish, Publish, time.Date(2024, 4, 8, 9, 0, 0, 0, OfficeZone), false), // recorded after the day
			newEvent(StepFile, File, time.Date(2024, 4, 10, 9, 0, 0, 0, OfficeZone), false)}}
	tests := []struct {
		p                          Period
		proposed, published, filed int
		funnel                     [6]int
	}{
		{QuarterPeriod(2024, 1), 1, 0, 0, [6]int{1, 1, 0, 0, 0, 0}},
		{QuarterPeriod(2024, 2), 0, 1, 1, [6]int{0, 0, 1, 1, 1, 1}},
		{MonthPeriod(2024, time.April), 0, 1, 1, [6]int{0, 0, 1, 1, 1, 1}},
		{YearPeriod(2024), 1, 1, 1, [6]int{1, 1, 1, 1, 1, 1}},
	}
	for _, tt := range tests {
		st := countAll([]*itemFacts{x}, tt.p, StatsFilter{}, Settings{}, &Calendar{})
		var funnel [6]int
		for i, f := range st.Funnel {
			funnel[i] = f.N
		}
		if st.Total.Proposed.N != tt.proposed || st.Total.Published.N != tt.published || st.Total.Filed.N != tt.filed || funnel != tt.funnel {
			t.Errorf("%s: got 提出 %d 公开 %d 建档 %d, funnel %v; want %d %d %d, %v", tt.p.Label(), st.Total.Proposed.N, st.Total.Published.N,
				st.Total.Filed.N, funnel, tt.proposed, tt.published, tt.filed, tt.funnel)
		}
	}
}
