package archive

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"shendang.gov.cn/shendang/internal/pgtest"
)

// addSyntheticRecords writes the six steps of every synthetic item of FillSynthetic's n, one
// in twenty returned at 初审 first and resubmitted (a second revision), and their facts, as
// the procedure would have left them; written past the ledger, for the reports' benchmark only.
func addSyntheticRecords(tb testing.TB, e engine, n int) {
	tb.Helper()
	wb := &loader{ctx: context.Background(), to: e}
	base := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		id := fmt.Sprintf("%016x", i)
		at := base.Add(time.Duration(i) * time.Minute)
		steps := []Record{{Step: StepPropose, Actor: "drafter", Role: RoleDrafter, Decision: Submit, Opinion: "建议主动公开"}}
		var it Item
		must(tb, e.view(context.Background(), func(r kvReader) error { return getJSON(r, keyItem(id), &it) }))
		if i%20 == 0 {
			it.Revisions = append(it.Revisions, it.Revisions[0])
			it.Revisions[1].N = 2
			b, _ := json.Marshal(it)
			must(tb, wb.add(keyItem(id), b))
			steps = append(steps, Record{Step: StepPreliminary, Actor: "head", Role: RoleDivisionHead, Decision: Return, Opinion: "请补充有关依据后重新提出。"},
				Record{Step: StepPropose, Actor: "drafter", Role: RoleDrafter, Decision: Submit, Opinion: "已补充", Revision: 2})
		}
		steps = append(steps, Record{Step: StepPreliminary, Actor: "head", Role: RoleDivisionHead, Decision: Approve, Opinion: "同意"},
			Record{Step: StepSecrecy, Actor: "office", Role: RoleOffice, Decision: Approve, Opinion: "经审查，未发现涉密和不宜公开的内容，同意公开。"},
			Record{Step: StepApproval, Actor: "leader", Role: RoleLeader, Decision: Approve, Opinion: "同意公开"},
			Record{Step: StepPublish, Actor: "office", Role: RoleOffice, Decision: Publish},
			Record{Step: StepFile, Actor: "archivist", Role: RoleArchivist, Decision: File})
		for k := range steps {
			r := &steps[k]
			r.Time, r.Revision = at.Add(time.Duration(k)*time.Second), max(r.Revision, 1)
			b, _ := json.Marshal(r)
			must(tb, wb.add(keyRecord(id, k+1), b))
		}
		must(tb, wb.add(keyFacts(id), encodeFacts(factsOf(&it, steps))))
	}
	must(tb, wb.flush())
}

// BenchmarkReports100k: each report written from 100,000 filed items and their 610,000 steps,
// on Badger and on the test PostgreSQL server (target < 2 s a report). Run it once:
//
//	go test ./archive/ -run '^$' -bench 'Reports100k' -benchtime 1x   (one engine: Reports100k/badger)
func BenchmarkReports100k(b *testing.B) {
	engines := []struct {
		name string
		open func(b *testing.B) *Office
	}{
		{"badger", func(b *testing.B) *Office {
			dir := b.TempDir()
			fillArchive(b, dir, benchItems, 0)
			s, err := Open(dir)
			must(b, err)
			return s
		}},
		{"postgres", func(b *testing.B) *Office {
			s, err := OpenServer(context.Background(), pgtest.URL(b))
			must(b, err)
			must(b, s.fillSynthetic(benchItems, 0))
			return s
		}},
	}
	for _, e := range engines {
		b.Run(e.name, func(b *testing.B) {
			s := e.open(b)
			defer s.Close()
			addSyntheticRecords(b, s.e, benchItems)
			for _, r := range benchReports {
				b.Run(r.name, func(b *testing.B) {
					cpu := processCPU()
					for b.Loop() {
						must(b, r.write(s))
					}
					if cpu > 0 {
						b.ReportMetric(float64((processCPU()-cpu).Milliseconds())/float64(b.N), "cpu-ms/op")
					}
				})
			}
		})
	}
}

// benchReports are the reports the benchmark writes, each checking a figure it knows.
var benchReports = []struct {
	name  string
	write func(s *Office) error
}{
	{"annual-xlsx", func(s *Office) error {
		rep, err := s.Annual(2016)
		if err == nil && rep.NormsIssued != benchItems {
			err = fmt.Errorf("%d 规范性文件, want %d", rep.NormsIssued, benchItems)
		}
		if err != nil {
			return err
		}
		return rep.WriteAnnualXLSX(io.Discard)
	}},
	{"progress-pdf", func(s *Office) error {
		rep, err := s.Progress(2016, WholeYear)
		if err == nil && rep.Total.Proposed != benchItems {
			err = fmt.Errorf("%d proposed, want %d", rep.Total.Proposed, benchItems)
		}
		if err != nil {
			return err
		}
		_, err = rep.WriteProgressPDF(io.Discard, s.Now())
		return err
	}},
	{"progress-xlsx", func(s *Office) error {
		rep, err := s.Progress(2016, WholeYear)
		if err != nil {
			return err
		}
		return rep.WriteProgressXLSX(io.Discard)
	}},
	{"quarterly-pdf", func(s *Office) error {
		st, err := s.Quarterly(2016, 1)
		if err == nil && st.Total.Returned.N != benchItems/20 {
			err = fmt.Errorf("%d returns, want %d", st.Total.Returned.N, benchItems/20)
		}
		if err != nil {
			return err
		}
		_, err = WriteSummaryPDF(io.Discard, st)
		return err
	}},
	{"quarterly-xlsx", func(s *Office) error {
		st, err := s.Quarterly(2016, 1)
		if err != nil {
			return err
		}
		return WriteSummaryXLSX(io.Discard, st)
	}},
}

// processCPU is the processor time the process has used (user and system), read from
// /proc/self/stat (Linux), or 0: on a machine other jobs share, the wall-clock time of a
// report says more about them than about it.
func processCPU() time.Duration {
	data, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0
	}
	_, rest, _ := strings.Cut(string(data), ") ") // the command name may hold spaces
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0
	}
	user, err1 := strconv.Atoi(f[11])
	sys, err2 := strconv.Atoi(f[12])
	if err1 != nil || err2 != nil {
		return 0
	}
	return time.Duration(user+sys) * 10 * time.Millisecond // USER_HZ is 100 on Linux
}
