package archive

import (
	"errors"
	"os"
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
	wantErr(t, "someone else revises", o.Resubmit("head", it.ID, revised, "", nil), ErrPermission)
	must(t, o.Resubmit("drafter", it.ID, revised, "已删除密级标志", nil))
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

func TestPublishBeforeDocumentDate(t *testing.T) {
	o := newOffice(t)
	it := o.propose(t, seedDraft)
	must(t, o.Decide("head", it.ID, Review{Approve: true}))
	must(t, o.Decide("office", it.ID, Review{Approve: true}))
	must(t, o.Decide("leader", it.ID, Review{Approve: true}))
	wantErr(t, "publish before the document's date", o.Publish("office", it.ID, Publication{Channels: []string{"门户网站"}, Date: "2016-06-28"}), ErrInvalid)
	must(t, o.Publish("office", it.ID, Publication{Channels: []string{"门户网站"}, Date: "2016-06-29"}))
}

// TestNoOneToReview: a draft whose division has no head to take its 初审 is refused at 提出,
// and a drafter or head must belong to a division.
func TestNoOneToReview(t *testing.T) {
	o := newOffice(t)
	_, err := o.Propose("drafter", Draft{Title: "甲", Author: "厦门市司法局", Division: "LSC", DocDate: "2016-06-29", Disclosure: Proactive},
		SourceFile{Name: "a.txt", Data: []byte("正文")}, "")
	must(t, err) // LSC has its head, 赵处长
	must(t, o.UpdateUser("admin", User{Name: "otherhead", FullName: "赵处长", Roles: []Role{RoleDivisionHead}, Division: "LSC", Disabled: true}, ""))
	_, err = o.Propose("drafter", Draft{Title: "乙", Author: "厦门市司法局", Division: "LSC", DocDate: "2016-06-29", Disclosure: Proactive},
		SourceFile{Name: "a.txt", Data: []byte("正文")}, "")
	if msg, _ := Message(err); !errors.Is(err, ErrInvalid) || !strings.Contains(msg, "还没有可以初审的处室负责人") {
		t.Errorf("提出 to a division without a head: %v", err)
	}
	wantErr(t, "a drafter without a division", o.CreateUser("admin", User{Name: "nodiv", FullName: "无处室", Roles: []Role{RoleDrafter}}, "password-1"), ErrInvalid)
}

// TestResubmitCorrects: with a revision the drafter corrects the 文号, 题名 or 成文日期 the
// return was about; the record says what changed after the opinion. A correction that does
// not validate is refused and changes nothing; unchanged particulars say nothing.
func TestResubmitCorrects(t *testing.T) {
	o := newOffice(t)
	it := o.propose(t, Draft{Title: "关于开展法律援助进社区活动的通知", DocNumber: "思司〔2026〕51号", Author: "厦门市司法局", Division: "BGS", DocDate: "2026-03-18", Disclosure: Proactive})
	must(t, o.Decide("head", it.ID, Review{Opinion: "文号有误，应为15号"}))
	revised := SourceFile{Name: "通知（修改稿）.txt", Data: []byte("修改稿")}
	bad := &Particulars{Title: it.Title, DocNumber: "思司〔2026〕15号", DocDate: "2026-02-30"}
	wantErr(t, "an impossible date", o.Resubmit("drafter", it.ID, revised, "已改正", bad), ErrInvalid)
	if got, _ := o.Item(it.ID); got.State != StateReturned || got.DocNumber != "思司〔2026〕51号" {
		t.Fatalf("after the refused correction: %s, 文号 %s", got.State, got.DocNumber)
	}
	must(t, o.Resubmit("drafter", it.ID, revised, "已改正", &Particulars{Title: it.Title, DocNumber: " 思司〔2026〕15号 ", DocDate: "2026-03-18"}))
	got, err := o.Item(it.ID)
	must(t, err)
	if got.DocNumber != "思司〔2026〕15号" || got.State != StatePreliminary || got.Title != it.Title {
		t.Errorf("corrected item: 文号 %q, %s, 题名 %q", got.DocNumber, got.State, got.Title)
	}
	recs, err := o.Records(it.ID)
	must(t, err)
	if last := recs[len(recs)-1]; last.Opinion != "已改正\n更正：文号“思司〔2026〕51号”改为“思司〔2026〕15号”。" {
		t.Errorf("the record of the revision says %q", last.Opinion)
	}
}
