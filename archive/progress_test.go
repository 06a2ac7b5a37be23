package archive

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// reportOffice is a synthetic store (FillSynthetic's filed and waiting items, all proposed in
// 2016) with the bureau's people and a clock from 2016-06-29 09:00 UTC, on the engine under
// test, and through the procedure: a 政策解读 of 办公室 published late, one of 律师工作处
// published on time, one of 办公室 never published, and a 规范性文件 of 律师工作处 published and
// filed. It returns the office and the ids of the late ones.
func reportOffice(t testing.TB, filed, waiting int) (*office, []string) {
	t.Helper()
	s := openTestOffice(t)
	must(t, s.fillSynthetic(filed, waiting))
	o := &office{Office: s, clock: time.Date(2016, 6, 29, 9, 0, 0, 0, time.UTC)}
	s.Now = func() time.Time {
		o.mu.Lock()
		defer o.mu.Unlock()
		o.clock = o.clock.Add(time.Minute)
		return o.clock
	}
	for _, u := range []User{
		{Name: "drafter", FullName: "王五", Roles: []Role{RoleDrafter}, Division: "BGS"},
		{Name: "head", FullName: "李处长", Roles: []Role{RoleDivisionHead}, Division: "BGS"},
		{Name: "otherhead", FullName: "赵处长", Roles: []Role{RoleDivisionHead}, Division: "LSC"},
		{Name: "office", FullName: "公开办张三", Roles: []Role{RoleOffice}},
		{Name: "leader", FullName: "陈局长", Roles: []Role{RoleLeader}},
	} {
		must(t, s.CreateUser("admin", u, "password-1"))
	}
	policy := func(div, issued, title string) Draft {
		return Draft{Title: title, DocNumber: "", Author: "厦门市司法局", Division: div, DocDate: issued, PolicyDate: issued,
			Disclosure: Proactive, Category: "政策解读"}
	}
	publish := func(it *Item, head, date string) {
		must(t, o.Decide(head, it.ID, Review{Approve: true}))
		must(t, o.Decide("office", it.ID, Review{Approve: true}))
		must(t, o.Decide("leader", it.ID, Review{Approve: true}))
		must(t, o.Publish("office", it.ID, Publication{Channels: []string{"门户网站"}, Date: date}))
	}
	late := o.propose(t, policy("BGS", "2016-06-20", "关于《律师执业年度考核办法》的解读"))
	publish(late, "head", "2016-06-28")
	onTime := o.propose(t, policy("LSC", "2016-06-27", "关于公证机构执业区域调整的解读"))
	publish(onTime, "otherhead", "2016-06-28")
	never := o.propose(t, policy("BGS", "2016-06-21", "关于法律援助经费使用情况的解读"))
	norm := o.propose(t, Draft{Title: "厦门市司法局关于规范性文件清理结果的通知", Author: "厦门市司法局", Division: "LSC",
		DocDate: "2016-06-28", Disclosure: Proactive, Category: "政策法规/规范性文件"})
	publish(norm, "otherhead", "2016-06-29")
	_, err := o.FileItem("archivist", norm.ID, FilingRequest{Year: 2016, Pages: 3})
	must(t, err)
	return o, []string{late.ID, never.ID}
}

// countProgress is the straightforward count the report must agree with: every item read
// through the listing, each date compared with the period by hand.
func countProgress(t *testing.T, s *Office, from, through time.Time) map[string]DivisionProgress {
	t.Helper()
	items, _, err := s.Items(Filter{}, 0, 1<<30)
	must(t, err)
	in := inPeriod(from, through)
	out := map[string]DivisionProgress{}
	for _, it := range items {
		r := out[it.Division]
		p, pub, f := stepsIn(t, it, in)
		r.Proposed += p
		r.Published += pub
		r.Filed += f
		if it.Category == "政策解读" {
			r.PolicyDue++
		}
		out[it.Division] = r
	}
	return out
}

func TestProgressAgainstCount(t *testing.T) {
	o, lateIDs := reportOffice(t, 300, 40)
	tests := []struct {
		name        string
		year        int
		span        ProgressSpan
		late        int
		emptyCounts bool
	}{
		{"前三季度 while it runs", 2016, FirstThreeQuarters, 2, false},
		{"全年 while it runs", 2016, WholeYear, 2, false},
		{"a year with nothing", 2015, WholeYear, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := o.Progress(tt.year, tt.span)
			must(t, err)
			from := time.Date(tt.year, 1, 1, 0, 0, 0, 0, OfficeZone)
			want := countProgress(t, o.Office, from, rep.AsOf)
			if tt.emptyCounts {
				want = map[string]DivisionProgress{}
			}
			if len(rep.Divisions) != 2 || rep.Divisions[0].Code != "BGS" || rep.Divisions[1].Name != "律师工作处" {
				t.Fatalf("rows %+v, want BGS then LSC", rep.Divisions)
			}
			for _, got := range rep.Divisions {
				w := want[got.Code]
				w.Code, w.Name = got.Code, got.Name
				if got.Code == "BGS" {
					w.PolicyLate = tt.late
				}
				if got != w {
					t.Errorf("%s: got %+v, want %+v", got.Code, got, w)
				}
			}
			if len(rep.Late) != tt.late {
				t.Fatalf("late %+v, want %d", rep.Late, tt.late)
			}
			for i, l := range rep.Late {
				if l.ID != lateIDs[i] {
					t.Errorf("late[%d] is %s %q, want %s", i, l.ID, l.Title, lateIDs[i])
				}
			}
			if tot := rep.Total; tot.Proposed != rep.Divisions[0].Proposed+rep.Divisions[1].Proposed || tot.Name != "合计" {
				t.Errorf("total %+v", tot)
			}
		})
	}
}

func TestProgressPeriodEnds(t *testing.T) {
	o, _ := reportOffice(t, 10, 0)
	o.clock = time.Date(2017, 1, 5, 9, 0, 0, 0, time.UTC)
	rep, err := o.Progress(2016, FirstThreeQuarters)
	must(t, err)
	if got, want := rep.AsOf.Format(time.RFC3339Nano), "2016-09-30T23:59:59.999999999+08:00"; got != want {
		t.Errorf("as of %s, want %s", got, want)
	}
	if got, want := rep.Due, "2016年9月1日"; got != want {
		t.Errorf("due %s, want %s", got, want)
	}
	if _, err := o.Progress(20161, WholeYear); err == nil {
		t.Error("a five-digit year: got no error")
	}
}

func TestProgressPDF(t *testing.T) {
	o, _ := reportOffice(t, 30, 0)
	rep, err := o.Progress(2016, FirstThreeQuarters)
	must(t, err)
	var buf bytes.Buffer
	_, err = rep.WriteProgressPDF(&buf, o.Now())
	must(t, err)
	text := pdfText(t, buf.Bytes())
	bgs := rep.Divisions[0]
	for _, want := range []string{"厦门市司法局各处室政务公开工作任务落实情况（2016年前三季度）", "报送期限：2016年9月1日前",
		"处室", "提出（件）公开（件）建档（件）政策解读应公开（件）其中逾期（件）",
		"办公室" + strconv.Itoa(bgs.Proposed) + strconv.Itoa(bgs.Published) + strconv.Itoa(bgs.Filed) + "22",
		"关于《律师执业年度考核办法》的解读办公室2016-06-232016-06-28", "尚未公开", "合计"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext does not find %q in\n%s", want, text)
		}
	}
	if dir := os.Getenv("SHENDANG_REPORT_OUT"); dir != "" { // to look at it: pdftoppm -r 60
		must(t, os.WriteFile(filepath.Join(dir, "progress.pdf"), buf.Bytes(), 0o644))
	}
}

func TestProgressXLSX(t *testing.T) {
	o, _ := reportOffice(t, 30, 0)
	rep, err := o.Progress(2016, WholeYear)
	must(t, err)
	var buf bytes.Buffer
	must(t, rep.WriteProgressXLSX(&buf))
	csv := xlsxCSV(t, buf.Bytes())
	bgs, lsc := rep.Divisions[0], rep.Divisions[1]
	for _, want := range []string{"厦门市司法局各处室政务公开工作任务落实情况（2016年全年）",
		"处室,提出（件）,公开（件）,建档（件）,政策解读应公开（件）,其中逾期（件）",
		strings.Join([]string{"办公室", strconv.Itoa(bgs.Proposed), strconv.Itoa(bgs.Published), strconv.Itoa(bgs.Filed), "2", "2"}, ","),
		strings.Join([]string{"律师工作处", strconv.Itoa(lsc.Proposed), strconv.Itoa(lsc.Published), strconv.Itoa(lsc.Filed), "1", "0"}, ","),
		"1,关于《律师执业年度考核办法》的解读,办公室,2016-06-23,2016-06-28"} {
		if !strings.Contains(csv, want) {
			t.Errorf("LibreOffice's CSV does not hold %q:\n%s", want, csv)
		}
	}
}

// xlsxCSV converts a workbook's first sheet to CSV (UTF-8) with LibreOffice, an independent
// reader of what excelize wrote.
func xlsxCSV(t *testing.T, data []byte) string {
	t.Helper()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("soffice not found; make test installs libreoffice-calc-nogui")
		}
		t.Skip("LibreOffice (soffice) not installed")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "report.xlsx")
	must(t, os.WriteFile(in, data, 0o644))
	cmd := exec.Command(soffice, "--headless", "--norestore", "--nolockcheck", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	csv, err := os.ReadFile(filepath.Join(dir, "report.csv"))
	must(t, err)
	return string(csv)
}
