package archive

import (
	"errors"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"shendang.gov.cn/shendang/internal/pgtest"
	"shendang.gov.cn/shendang/review"
)

func TestMain(m *testing.M) {
	argonMemory = 1 << 10 // keep password hashing cheap in tests
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}

// office is a store set up as a small bureau: settings, and one user per role.
type office struct {
	*Office
	mu    sync.Mutex // guards clock: concurrent filers read it
	clock time.Time
}

func newOffice(t testing.TB) *office {
	t.Helper()
	return setUpOffice(t, openTestOffice(t))
}

// setUpOffice gives s a deterministic clock, the settings and one user per role.
func setUpOffice(t testing.TB, s *Office) *office {
	t.Helper()
	o := &office{Office: s, clock: time.Date(2016, 6, 29, 9, 0, 0, 0, time.UTC)}
	s.Now = func() time.Time {
		o.mu.Lock()
		defer o.mu.Unlock()
		o.clock = o.clock.Add(time.Minute)
		return o.clock
	}
	must(t, s.CreateUser("", User{Name: "admin", FullName: "管理员", Roles: []Role{RoleAdmin}}, "admin-password"))
	must(t, s.SaveSettings("admin", Settings{FondsName: "厦门市司法局", FondsCode: "Z109",
		Divisions: []Division{{"BGS", "办公室"}, {"LSC", "律师工作处"}},
		Retention: map[string]Retention{"规范性文件": Permanent}, DefaultRetention: Years10}))
	for _, u := range []User{
		{Name: "drafter", FullName: "王五", Roles: []Role{RoleDrafter}, Division: "BGS"},
		{Name: "head", FullName: "李处长", Roles: []Role{RoleDivisionHead}, Division: "BGS"},
		{Name: "otherhead", FullName: "赵处长", Roles: []Role{RoleDivisionHead}, Division: "LSC"},
		{Name: "office", FullName: "公开办张三", Roles: []Role{RoleOffice}},
		{Name: "leader", FullName: "陈局长", Roles: []Role{RoleLeader}},
		{Name: "archivist", FullName: "档案员林六", Roles: []Role{RoleArchivist}},
	} {
		must(t, s.CreateUser("admin", u, "password-1"))
	}
	return o
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Errorf("%s: got %v, want %v", what, err, want)
	}
}

var seedDraft = Draft{Title: "厦门市司法局关于印发2016年政务公开工作实施方案的通知", DocNumber: "厦司〔2016〕59号",
	Author: "厦门市司法局", Division: "BGS", DocDate: "2016-06-29", Disclosure: Proactive,
	Channels: []string{"门户网站"}, Category: "规范性文件", IndexNo: "XM00103-0200-2016-00059"}

func (o *office) propose(t testing.TB, d Draft) *Item {
	t.Helper()
	it, err := o.Propose("drafter", d, SourceFile{Name: "方案.txt", Data: []byte(d.Title + "\n各处室：现将方案印发给你们，请认真贯彻执行。")}, "建议主动公开")
	must(t, err)
	return it
}

// through takes an item from 提出 to 待建档 with clean checks.
func (o *office) through(t testing.TB, id string) {
	t.Helper()
	must(t, o.Decide("head", id, Review{Approve: true, Opinion: "同意"}))
	must(t, o.Decide("office", id, Review{Approve: true}))
	must(t, o.Decide("leader", id, Review{Approve: true, Opinion: "同意公开"}))
	must(t, o.Publish("office", id, Publication{Channels: []string{"门户网站"}, Date: "2016-07-01", URL: "http://sfj.xm.gov.cn/x"}))
}

func TestWorkflowWithReturnAndResubmission(t *testing.T) {
	o := newOffice(t)
	it, err := o.Propose("drafter", seedDraft, SourceFile{Name: "方案.txt", Data: []byte("秘密★1年\n" + seedDraft.Title + "\n本方案为征求意见稿。")}, "建议主动公开")
	must(t, err)
	if it.State != StatePreliminary || it.Current().SM3 == "" || it.Current().SHA256 == "" {
		t.Fatalf("proposed item %+v", it)
	}
	must(t, o.Decide("head", it.ID, Review{Approve: true, Opinion: "同意"}))

	// The store checks the stored draft itself: a mark (block) and 征求意见稿 (warn).
	chk, err := o.CheckItem(t.Context(), it.ID)
	must(t, err)
	if v := chk.Verdict(nil); v != review.VerdictBlock || len(chk.Findings) != 2 {
		t.Fatalf("stored check: verdict %s, %d findings %+v; want block with 2", v, len(chk.Findings), chk.Findings)
	}
	block, warn := chk.Findings[0], chk.Findings[1]
	if block.Severity != review.Block {
		block, warn = warn, block
	}
	wantErr(t, "approving over a block finding", o.Decide("office", it.ID, Review{Approve: true}), ErrBlocked)
	wantErr(t, "confirming is not dismissing", o.Decide("office", it.ID, Review{Approve: true,
		Dispositions: map[string]review.Disposition{block.Fingerprint: {Kind: review.Confirmed}}}), ErrBlocked)
	wantErr(t, "a disposition of another draft's finding", o.Decide("office", it.ID, Review{Approve: true,
		Dispositions: map[string]review.Disposition{"0123456789abcdef": {Kind: review.Dismissed, Reason: "别的文件"}}}), ErrInvalid)
	wantErr(t, "a dismissal without a reason", o.Decide("office", it.ID, Review{Approve: true,
		Dispositions: map[string]review.Disposition{block.Fingerprint: {Kind: review.Dismissed}}}), ErrInvalid)
	wantErr(t, "return without reason", o.Decide("office", it.ID, Review{Approve: false}), ErrInvalid)
	must(t, o.Decide("office", it.ID, Review{Approve: false, Opinion: "首行有密级标志，请删除后重报"}))

	got, _ := o.Item(it.ID)
	if got.State != StateReturned {
		t.Fatalf("state %s, want returned", got.State)
	}
	revised := SourceFile{Name: "方案（修改稿）.txt", Data: []byte(seedDraft.Title + "\n本方案为征求意见稿。")}
	wantErr(t, "someone else revises", o.Resubmit("head", it.ID, revised, ""), ErrPermission)
	must(t, o.Resubmit("drafter", it.ID, revised, "已删除密级标志"))
	must(t, o.Decide("head", it.ID, Review{Approve: true}))
	// The revised draft still says 征求意见稿; the reviewer dismisses it, and the block finding is
	// gone from the new check.
	must(t, o.Decide("office", it.ID, Review{Approve: true,
		Dispositions: map[string]review.Disposition{warn.Fingerprint: {Kind: review.Dismissed, Reason: "已定稿，标题沿用旧称"}}}))
	must(t, o.Decide("leader", it.ID, Review{Approve: true}))
	must(t, o.Publish("office", it.ID, Publication{Channels: []string{"门户网站", "政务微信"}, Date: "2016-07-01"}))
	f, err := o.FileItem("archivist", it.ID, FilingRequest{Year: 2016, Pages: 5})
	must(t, err)
	if f.Code != "Z109-WS·2016-Y-BGS-0001" {
		t.Errorf("档号 %s, want Z109-WS·2016-Y-BGS-0001 (规范性文件 is permanent)", f.Code)
	}

	got, _ = o.Item(it.ID)
	if got.State != StateFiled || len(got.Revisions) != 2 || got.Dispositions[warn.Fingerprint].Reason != "已定稿，标题沿用旧称" {
		t.Errorf("filed item %+v", got)
	}
	recs, err := o.Records(it.ID)
	must(t, err)
	var steps []string
	for _, r := range recs {
		steps = append(steps, r.Step.String()+":"+string(r.Decision)+":"+r.Actor)
	}
	want := []string{"提出:submit:drafter", "初审:approve:head", "保密审查:return:office", "提出:submit:drafter",
		"初审:approve:head", "保密审查:approve:office", "审核:approve:leader", "公开:publish:office", "建档:file:archivist"}
	if len(steps) != len(want) {
		t.Fatalf("records %v\nwant %v", steps, want)
	}
	for i := range want {
		if steps[i] != want[i] {
			t.Errorf("record %d: %s, want %s", i, steps[i], want[i])
		}
	}
	if c := recs[2].Check; c == nil || c.Verdict != review.VerdictBlock || len(c.Findings) != 2 || recs[5].Check.Verdict != review.VerdictClean || len(recs[5].Check.Findings) != 1 {
		t.Errorf("secrecy records keep the check and its verdict: %+v / %+v", recs[2].Check, recs[5].Check)
	}
}

func TestPermissions(t *testing.T) {
	o := newOffice(t)
	it := o.propose(t, seedDraft)
	publication := Publication{Channels: []string{"门户网站"}, Date: "2016-07-01"}
	tests := []struct {
		name string
		do   func() error
		want error
	}{
		{"a division head proposes", func() error {
			_, err := o.Propose("head", seedDraft, SourceFile{Name: "a.txt", Data: []byte("x")}, "")
			return err
		}, ErrPermission},
		{"the drafter approves 初审", func() error { return o.Decide("drafter", it.ID, Review{Approve: true}) }, ErrPermission},
		{"another division's head", func() error { return o.Decide("otherhead", it.ID, Review{Approve: true}) }, ErrPermission},
		{"the leader takes 初审", func() error { return o.Decide("leader", it.ID, Review{Approve: true}) }, ErrPermission},
		{"unknown user", func() error { return o.Decide("nobody", it.ID, Review{Approve: true}) }, ErrPermission},
		{"publish too early", func() error { return o.Publish("office", it.ID, publication) }, ErrState},
		{"file too early", func() error {
			_, err := o.FileItem("archivist", it.ID, FilingRequest{Year: 2016, Pages: 1})
			return err
		}, ErrState},
		{"a non-admin creates a user", func() error {
			return o.CreateUser("drafter", User{Name: "xx", FullName: "x", Roles: []Role{RoleAdmin}}, "password-1")
		}, ErrPermission},
		{"a non-admin changes settings", func() error { return o.SaveSettings("office", Settings{FondsName: "x", FondsCode: "Z1"}) }, ErrPermission},
		{"unknown item", func() error { return o.Decide("head", "nope", Review{Approve: true}) }, ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.do(); !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
	if got, _ := o.Item(it.ID); got.State != StatePreliminary {
		t.Errorf("refused actions moved the item to %s", got.State.Label())
	}
}

// TestSelfApprovalWhenAllowed: a very small office lets one person hold two roles; the
// record says the rule was relaxed.
func TestSelfApprovalWhenAllowed(t *testing.T) {
	o := newOffice(t)
	must(t, o.CreateUser("admin", User{Name: "solo", FullName: "身兼二职", Roles: []Role{RoleDrafter, RoleDivisionHead}, Division: "BGS"}, "password-1"))
	it, err := o.Propose("solo", seedDraft, SourceFile{Name: "a.txt", Data: []byte("x")}, "")
	must(t, err)
	wantErr(t, "self-approval by default", o.Decide("solo", it.ID, Review{Approve: true}), ErrPermission)
	st, _ := o.Settings()
	st.AllowSelfApproval = true
	must(t, o.SaveSettings("admin", st))
	must(t, o.Decide("solo", it.ID, Review{Approve: true}))
	recs, _ := o.Records(it.ID)
	if !recs[len(recs)-1].SelfApproved {
		t.Error("the record does not say self-approval was allowed")
	}
}

func TestArchivalCodes(t *testing.T) {
	tests := []struct {
		fonds string
		year  int
		r     Retention
		div   string
		n     int
		want  string
	}{
		{"Z109", 2016, Permanent, "BGS", 1, "Z109-WS·2016-Y-BGS-0001"},
		{"Z109", 2016, Years30, "LSC", 12, "Z109-WS·2016-D30-LSC-0012"},
		{"J001", 2024, Years10, "BGS", 9999, "J001-WS·2024-D10-BGS-9999"},
	}
	for _, tt := range tests {
		got := ArchivalCode(tt.fonds, tt.year, tt.r, tt.div, tt.n)
		if got != tt.want {
			t.Errorf("ArchivalCode = %s, want %s", got, tt.want)
		}
		f, y, r, d, n, err := ParseArchivalCode(got)
		if err != nil || f != tt.fonds || y != tt.year || r != tt.r || d != tt.div || n != tt.n {
			t.Errorf("ParseArchivalCode(%s) = %s %d %s %s %d %v", got, f, y, r, d, n, err)
		}
	}
	for _, bad := range []string{"Z109-WS.2016-Y-BGS-0001", "Z109-WS·2016-Y-BGS-1", "Z109-WS·2016-D20-BGS-0001", "Z109-WS·2016-Y-BGS-0000", "z109-WS·2016-Y-BGS-0001"} {
		if _, _, _, _, _, err := ParseArchivalCode(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseArchivalCode(%q) accepted", bad)
		}
	}
}

func TestNumbersPerGroup(t *testing.T) {
	o := newOffice(t)
	file := func(d Draft, req FilingRequest) string {
		it := o.propose(t, d)
		o.through(t, it.ID)
		f, err := o.FileItem("archivist", it.ID, req)
		must(t, err)
		return f.Code
	}
	other := seedDraft
	other.Category = "工作动态"
	got := []string{
		file(seedDraft, FilingRequest{Year: 2016, Pages: 3}),
		file(other, FilingRequest{Year: 2016, Pages: 1}),
		file(seedDraft, FilingRequest{Year: 2016, Pages: 2}),
		file(other, FilingRequest{Year: 2016, Pages: 1, Division: "LSC"}),
		file(other, FilingRequest{Year: 2017, Pages: 1}),
		file(other, FilingRequest{Year: 2016, Pages: 1, Retention: Years30}),
	}
	want := []string{"Z109-WS·2016-Y-BGS-0001", "Z109-WS·2016-D10-BGS-0001", "Z109-WS·2016-Y-BGS-0002",
		"Z109-WS·2016-D10-LSC-0001", "Z109-WS·2017-D10-BGS-0001", "Z109-WS·2016-D30-BGS-0001"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("filing %d: %s, want %s", i, got[i], want[i])
		}
	}
	rep, err := o.Verify(t.Context(), nil)
	must(t, err)
	if !rep.OK() || rep.Filed != 6 {
		t.Errorf("verify: %d filed, problems %v", rep.Filed, rep.Problems)
	}
}

// TestConcurrentFiling: eight archivists' windows file at once; 件号 stay 1..n without gaps
// or duplicates.
func TestConcurrentFiling(t *testing.T) {
	o := newOffice(t)
	const n = 40
	ids := make([]string, n)
	for i := range ids {
		it := o.propose(t, seedDraft)
		o.through(t, it.ID)
		ids[i] = it.ID
	}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < n; i += 8 {
				if _, err := o.FileItem("archivist", ids[i], FilingRequest{Year: 2016, Pages: 1}); err != nil {
					errs <- err
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	seen := map[int]bool{}
	for _, id := range ids {
		it, _ := o.Item(id)
		if it.Filing == nil || seen[it.Filing.Number] {
			t.Fatalf("item %s filing %+v (duplicate or missing)", id, it.Filing)
		}
		seen[it.Filing.Number] = true
	}
	for k := 1; k <= n; k++ {
		if !seen[k] {
			t.Errorf("件号 %d missing", k)
		}
	}
}

func TestFiledItemsAreImmutable(t *testing.T) {
	o := newOffice(t)
	it := o.propose(t, seedDraft)
	o.through(t, it.ID)
	_, err := o.FileItem("archivist", it.ID, FilingRequest{Year: 2016, Pages: 4})
	must(t, err)
	wantErr(t, "deciding on a filed item", o.Decide("head", it.ID, Review{Approve: true}), ErrState)
	wantErr(t, "revising a filed item", o.Resubmit("drafter", it.ID, SourceFile{Name: "x.txt", Data: []byte("x")}, ""), ErrState)
	_, err = o.FileItem("archivist", it.ID, FilingRequest{Year: 2016, Pages: 4})
	wantErr(t, "filing twice", err, ErrState)
	wantErr(t, "a note by a drafter", o.AddNote("drafter", it.ID, "x"), ErrPermission)
	must(t, o.AddNote("archivist", it.ID, "页数更正为5页，原件第5页为附件"))
	notes, _ := o.Notes(it.ID)
	if len(notes) != 1 || notes[0].By != "archivist" {
		t.Errorf("notes %+v", notes)
	}
	b, err := o.MakeBox("archivist", Box{Year: 2016, Retention: Permanent, Division: "BGS", First: 1, Last: 1, Spine: 20})
	must(t, err)
	if b.Number != 1 {
		t.Errorf("box %+v", b)
	}
	_, err = o.MakeBox("archivist", Box{Year: 2016, Retention: Permanent, Division: "BGS", First: 1, Last: 1, Spine: 20})
	wantErr(t, "boxing twice", err, ErrInvalid)
	_, err = o.MakeBox("archivist", Box{Year: 2016, Retention: Permanent, Division: "BGS", First: 2, Last: 2, Spine: 20})
	wantErr(t, "boxing what is not filed", err, ErrInvalid)
}

func TestAuthenticateAndAudit(t *testing.T) {
	o := newOffice(t)
	if _, err := o.Authenticate("drafter", "password-1"); err != nil {
		t.Fatal(err)
	}
	_, err := o.Authenticate("drafter", "wrong")
	wantErr(t, "wrong password", err, ErrAuth)
	_, err = o.Authenticate("ghost", "password-1")
	wantErr(t, "unknown user", err, ErrAuth)
	entries, err := o.Audit(1, 1000)
	must(t, err)
	last := entries[len(entries)-3:]
	if last[0].Action != "login" || last[0].Detail != "登录成功" || last[1].Detail != "登录失败：用户名或密码不正确" || last[2].Actor != "ghost" {
		t.Errorf("audit tail %+v", last)
	}
	for i, e := range entries {
		if e.Seq != int64(i+1) || (i > 0 && e.Prev != entries[i-1].Hash) {
			t.Fatalf("entry %d: %+v", i, e)
		}
	}
}

func TestUserAndSettingsValidation(t *testing.T) {
	s := openTestOffice(t)
	wantErr(t, "first user not admin", s.CreateUser("", User{Name: "a", FullName: "a", Roles: []Role{RoleDrafter}}, "password-1"), ErrInvalid)
	wantErr(t, "bad name", s.CreateUser("", User{Name: "管理员", FullName: "a", Roles: []Role{RoleAdmin}}, "password-1"), ErrInvalid)
	wantErr(t, "short password", s.CreateUser("", User{Name: "admin", FullName: "a", Roles: []Role{RoleAdmin}}, "short"), ErrInvalid)
	must(t, s.CreateUser("", User{Name: "admin", FullName: "管理员", Roles: []Role{RoleAdmin}}, "password-1"))
	wantErr(t, "name taken", s.CreateUser("admin", User{Name: "admin", FullName: "b", Roles: []Role{RoleAdmin}}, "password-2"), ErrInvalid)
	for name, st := range map[string]Settings{
		"no fonds":       {FondsName: "", FondsCode: "Z109"},
		"bad fonds code": {FondsName: "x", FondsCode: "z-1"},
		"duplicate code": {FondsName: "x", FondsCode: "Z1", Divisions: []Division{{"A", "甲"}, {"A", "乙"}}},
		"bad retention":  {FondsName: "x", FondsCode: "Z1", Retention: map[string]Retention{"x": "D5"}},
	} {
		wantErr(t, name, s.SaveSettings("admin", st), ErrInvalid)
	}
}

func TestItemsFilterAndSearch(t *testing.T) {
	o := newOffice(t)
	other := seedDraft
	other.Title, other.DocNumber, other.Category = "关于律师事务所年度检查考核的公告", "厦司〔2016〕71号", "行政许可"
	a := o.propose(t, seedDraft)
	b := o.propose(t, other)
	o.through(t, a.ID)
	_, err := o.FileItem("archivist", a.ID, FilingRequest{Year: 2016, Pages: 3})
	must(t, err)

	tests := []struct {
		name string
		f    Filter
		want []string
	}{
		{"all, filed first", Filter{}, []string{a.ID, b.ID}},
		{"by state", Filter{State: StatePreliminary}, []string{b.ID}},
		{"by year", Filter{Year: 2016}, []string{a.ID}},
		{"by retention", Filter{Retention: Permanent}, []string{a.ID}},
		{"title substring", Filter{Text: "律师事务所"}, []string{b.ID}},
		{"文号 substring", Filter{Text: "〔2016〕59"}, []string{a.ID}},
		{"档号 substring", Filter{Text: "2016-Y-BGS-0001"}, []string{a.ID}},
		{"索引号", Filter{Text: "XM00103"}, []string{a.ID, b.ID}},
		{"category", Filter{Category: "行政许可"}, []string{b.ID}},
		{"nothing", Filter{Text: "不存在的标题"}, nil},
	}
	for _, tt := range tests {
		items, total, err := o.Items(tt.f, 0, 10)
		must(t, err)
		var got []string
		for _, it := range items {
			got = append(got, it.ID)
		}
		if total != len(tt.want) || strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("%s: got %v (total %d), want %v", tt.name, got, total, tt.want)
		}
	}
	page, total, err := o.Items(Filter{}, 1, 1)
	must(t, err)
	if total != 2 || len(page) != 1 || page[0].ID != b.ID {
		t.Errorf("second page: %d of %d", len(page), total)
	}
}

func TestSettingsCategories(t *testing.T) {
	var st Settings
	cats := st.Categories()
	if len(cats) < 14 || cats[0] != "机构职能" || !slices.Contains(cats, "财政预决算/部门预算") {
		t.Errorf("default tree %v", cats)
	}
	st = Settings{FondsName: "x", FondsCode: "Z1", CategoryTree: "政策法规\n  规范性文件\n人事信息\n"}
	must(t, st.Validate())
	if got := strings.Join(st.Categories(), ","); got != "政策法规,政策法规/规范性文件,人事信息" {
		t.Errorf("office tree %s", got)
	}
	st.CategoryTree = "政策法规\n 规范性文件\n"
	wantErr(t, "odd indent", st.Validate(), ErrInvalid)
}

func TestAuditCoversEveryAction(t *testing.T) {
	o := newOffice(t)
	it := o.propose(t, seedDraft)
	o.through(t, it.ID)
	_, err := o.FileItem("archivist", it.ID, FilingRequest{Year: 2016, Pages: 1})
	must(t, err)
	must(t, o.AddNote("archivist", it.ID, "备考"))
	_, err = o.Authenticate("office", "password-1")
	must(t, err)
	must(t, o.Backup(io.Discard, "admin"))
	entries, err := o.Audit(1, 10000)
	must(t, err)
	actions := map[string]bool{}
	for _, e := range entries {
		actions[e.Action] = true
	}
	for _, a := range []string{"user", "settings", "import", "decision", "filing", "note", "login", "backup"} {
		if !actions[a] {
			t.Errorf("no %q entry in the audit log; actions %v", a, actions)
		}
	}
}

func TestSetUp(t *testing.T) {
	s := openTestOffice(t)
	admin := User{Name: "admin", FullName: "管理员", Roles: []Role{RoleAdmin}}
	st := Settings{FondsName: "厦门市司法局", FondsCode: "Z109", Divisions: []Division{{"BGS", "办公室"}}}
	wantErr(t, "bad settings", s.SetUp(admin, "password-1", Settings{FondsName: "x"}), ErrInvalid)
	wantErr(t, "not an administrator", s.SetUp(User{Name: "a1", FullName: "x", Roles: []Role{RoleDrafter}}, "password-1", st), ErrInvalid)
	if has, _ := s.HasUsers(); has {
		t.Fatal("a refused setup left a user behind")
	}
	must(t, s.SetUp(admin, "password-1", st))
	wantErr(t, "setting up twice", s.SetUp(User{Name: "other", FullName: "x", Roles: []Role{RoleAdmin}}, "password-1", st), ErrState)
	got, _ := s.Settings()
	if got.FondsCode != "Z109" {
		t.Errorf("settings %+v", got)
	}
	if _, err := s.Authenticate("admin", "password-1"); err != nil {
		t.Error(err)
	}
}

func TestPublicationValidate(t *testing.T) {
	for _, tc := range []struct {
		p  Publication
		ok bool
	}{
		{Publication{Channels: []string{"门户网站"}, Date: "2016-07-01", URL: "http://sfj.xm.gov.cn/zwgk/x.htm"}, true},
		{Publication{Channels: []string{"报刊"}, Date: "2016-07-01"}, true},
		{Publication{Channels: []string{"门户网站"}, Date: "2016-07-01", URL: "https://a.gov.cn/"}, true},
		{Publication{Date: "2016-07-01"}, false},
		{Publication{Channels: []string{" "}, Date: "2016-07-01"}, false},
		{Publication{Channels: []string{"报刊"}, Date: "2016-7-1"}, false},
		{Publication{Channels: []string{"报刊"}, Date: "2016-02-30"}, false},
		{Publication{Channels: []string{"门户网站"}, Date: "2016-07-01", URL: "sfj.xm.gov.cn/x.htm"}, false},
		{Publication{Channels: []string{"门户网站"}, Date: "2016-07-01", URL: "ftp://sfj.xm.gov.cn/x"}, false},
		{Publication{Channels: []string{"门户网站"}, Date: "2016-07-01", URL: "http://sfj.xm.gov.cn/a b"}, false},
	} {
		if err := tc.p.Validate(); (err == nil) != tc.ok {
			t.Errorf("%+v: %v, want ok %v", tc.p, err, tc.ok)
		}
	}
}

func TestPublishBeforeDocumentDate(t *testing.T) {
	o := newOffice(t)
	it := o.propose(t, seedDraft)
	must(t, o.Decide("head", it.ID, Review{Approve: true}))
	must(t, o.Decide("office", it.ID, Review{Approve: true}))
	must(t, o.Decide("leader", it.ID, Review{Approve: true}))
	wantErr(t, "publish before the document's date", o.Publish("office", it.ID, Publication{Channels: []string{"门户网站"}, Date: "2016-06-28"}), ErrInvalid)
	must(t, o.Publish("office", it.ID, Publication{Channels: []string{"门户网站"}, Date: "2016-06-29"}))
}
