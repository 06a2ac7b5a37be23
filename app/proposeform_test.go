package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/assets"
)

func TestProposeFromReview(t *testing.T) {
	store := memStore(t)
	st := archive.Settings{FondsName: "厦门市司法局", FondsCode: "Z109", Divisions: []archive.Division{{Code: "BGS", Name: "办公室"}, {Code: "LSC", Name: "律师工作处"}}}
	if err := store.SetUp(archive.User{Name: "admin", FullName: "管理员", Roles: []archive.Role{archive.RoleAdmin}}, "admin-password", st); err != nil {
		t.Fatal(err)
	}
	drafter := archive.User{Name: "wangwu", FullName: "王五", Roles: []archive.Role{archive.RoleDrafter}, Division: "LSC"}
	head := archive.User{Name: "lichu", FullName: "李处长", Roles: []archive.Role{archive.RoleDivisionHead}, Division: "LSC"}
	for _, u := range []archive.User{drafter, head} {
		if err := store.CreateUser("admin", u, "password-1"); err != nil {
			t.Fatal(err)
		}
	}
	v := newTestReviewView(t)
	v.store, v.user = store, &drafter
	var name string
	var data []byte
	for n, d := range assets.Samples() {
		if strings.Contains(n, "密级") {
			name, data = n, d
		}
	}
	v.loadBytes(name, data)
	if v.proposeBtn.Disabled() {
		t.Fatal("a drafter cannot propose the draft on screen")
	}
	f := newProposeForm(v.doc, st, v.user, v.win, v.store.PolicyCandidates)
	if f.title.Text != "厦门市司法局关于调整律师事务所年度检查考核工作安排的请示" || f.date.Text != "2016-06-29" || f.division.Selected != "LSC 律师工作处" {
		t.Errorf("prefilled: title %q date %q division %q", f.title.Text, f.date.Text, f.division.Selected)
	}
	if len(f.category.Options) < 14 || f.author.Text != "厦门市司法局" {
		t.Errorf("categories %d, author %q", len(f.category.Options), f.author.Text)
	}
	f.category.SetSelected("人事信息")
	f.opinion.SetText("建议依申请公开")
	v.propose(f)
	if v.proposed == nil {
		t.Fatal("nothing proposed")
	}
	it, err := store.Item(v.proposed.ID)
	if err != nil || it.State != archive.StatePreliminary || it.Drafter != "wangwu" || it.Division != "LSC" || it.Current().Size != int64(len(data)) {
		t.Errorf("stored item %+v, %v", it, err)
	}
	if !v.proposeBtn.Disabled() || !strings.Contains(v.file.Text, "已提出") {
		t.Errorf("after 提出: button enabled %v, label %q", !v.proposeBtn.Disabled(), v.file.Text)
	}
	v.setRules(v.rules) // the office's lists changed: the draft is checked again, not proposed again
	if !v.proposeBtn.Disabled() || v.proposed == nil {
		t.Error("a re-check made the proposed draft proposable again")
	}

	office := archive.User{Name: "office", FullName: "张三", Roles: []archive.Role{archive.RoleOffice}}
	v.user = &office
	v.loadBytes(name, data)
	if !v.proposeBtn.Disabled() {
		t.Error("a reviewer who is not a drafter can propose")
	}
}

// TestProposeSameDocNumber: a second 提出 under a 文号 already used asks first, naming the item
// and where it stands; 返回修改 reopens the form as it was, 仍要提出 proposes.
func TestProposeSameDocNumber(t *testing.T) {
	m := officeWindow(t)
	c := m.win.Canvas()
	files := t.TempDir()
	write(t, filepath.Join(files, "通知.txt"), "思司〔2026〕15号\n关于开展法律援助进社区活动的通知\n各律师事务所：\n请按时报送材料。\n厦门市司法局\n2026年3月18日\n")
	signIn(t, m, "wangwu")
	rv := m.reviewView
	propose := func() {
		t.Helper()
		pressShortcut(t, c, openShortcut)
		answerChooser(t, rv.chooser, files, "打开", "通知.txt")
		test.Tap(rv.proposeBtn)
		tapButton(t, c, "提出")
	}
	propose()
	first := rv.proposed
	if first == nil || first.DocNumber != "思司〔2026〕15号" {
		t.Fatalf("the first 提出: %+v", first)
	}
	propose()
	if got := shown(c); !strings.Contains(got, "文号“思司〔2026〕15号”已用于") || !strings.Contains(got, "“关于开展法律援助进社区活动的通知”") || !strings.Contains(got, "现处于初审环节") {
		t.Fatalf("the second 提出 under one 文号 asked nothing: %s", got)
	}
	assertNoEnglish(t, "the question on a 文号 used before", c, dataWords...)
	tapButton(t, c, "返回修改")
	if !strings.Contains(shown(c), "提出：拟公开政务信息") {
		t.Fatalf("返回修改 did not reopen the form: %s", shown(c))
	}
	tapButton(t, c, "提出")
	tapButton(t, c, "仍要提出")
	if rv.proposed == nil || rv.proposed.ID == first.ID {
		t.Fatal("仍要提出 did not propose the second item")
	}
	if same, err := m.store.SameDocNumber("思司〔2026〕15号"); err != nil || len(same) != 2 {
		t.Errorf("items under the 文号: %d, %v; want 2", len(same), err)
	}
}

// formSelect finds the picker of the form field labelled label on screen, or fails.
func formSelect(t *testing.T, c fyne.Canvas, label string) *widget.Select {
	t.Helper()
	for _, o := range visible(onScreen(c), nil) {
		if f, ok := o.(*widget.Form); ok {
			for _, it := range f.Items {
				if s, ok := it.Widget.(*widget.Select); ok && it.Text == label {
					return s
				}
			}
		}
	}
	t.Fatalf("no form picker %q on screen: %s", label, shown(c))
	return nil
}

// TestProposePolicyInterpretationWithItsDeadline: the drafter proposes a 政策解读 through the
// form, typing the interpreted policy's issue date (the day before 国庆 2024) over the 成文日期
// it was prefilled with; the division head's 待办 shows its 期限 counted across the holiday.
func TestProposePolicyInterpretationWithItsDeadline(t *testing.T) {
	m := officeWindow(t)
	c := m.win.Canvas()
	office := m.store.(*archive.Office)
	clock := time.Date(2024, 10, 8, 9, 0, 0, 0, archive.OfficeZone)
	office.Now = func() time.Time { return clock }
	files := t.TempDir()
	write(t, filepath.Join(files, "解读.txt"), "关于《律师执业管理办法》的政策解读\n各处室：现将有关政策解读如下。\n厦门市司法局\n2024年10月8日\n")

	signIn(t, m, "wangwu")
	rv := m.reviewView
	pressShortcut(t, c, openShortcut)
	answerChooser(t, rv.chooser, files, "打开", "解读.txt")
	test.Tap(rv.proposeBtn)
	policy := formEntry(t, c, "政策印发日期")
	if date := formEntry(t, c, "成文日期"); policy.Text != date.Text || date.Text != "2024-10-08" {
		t.Errorf("政策印发日期 prefilled %q, 成文日期 %q; want both 2024-10-08", policy.Text, date.Text)
	}
	pick(t, formSelect(t, c, "主动公开目录"), "政策解读")
	policy.SetText("")
	test.Type(policy, "2024-09-30")
	assertNoEnglish(t, "the 提出 form", c, dataWords...)
	tapButton(t, c, "提出")
	if rv.proposed == nil {
		t.Fatalf("not proposed: %s", shown(c))
	}
	it, err := m.store.Item(rv.proposed.ID)
	if err != nil || it.PolicyDate != "2024-09-30" || it.Due != "2024-10-10" {
		t.Fatalf("stored: policy date %q, due %q, %v; want 2024-09-30 and 2024-10-10", it.PolicyDate, it.Due, err)
	}
	signOut(t, m)

	signIn(t, m, "lichu")
	q := m.queueView
	q.now = office.Now
	if err := q.refresh(); err != nil {
		t.Fatal(err)
	}
	taskNamed(t, q, "（10-10 到期，剩 2 个工作日）")
	if !strings.Contains(q.detail.Text, "自 2024-09-30 起算，2024-10-10 到期") {
		t.Errorf("the detail says %q, want the count from the policy's issue date", q.detail.Text)
	}
	clock = time.Date(2024, 10, 11, 9, 0, 0, 0, archive.OfficeZone)
	if err := q.refresh(); err != nil {
		t.Fatal(err)
	}
	taskNamed(t, q, "【超期 1 个工作日】")
	assertNoEnglish(t, "待办 with an overdue item", c, dataWords...)
}

// TestProposeLinkedPolicy: the drafter proposes a 政策解读 and, instead of typing the policy's
// date, picks the policy from the store by its 文号; the time limit counts from the policy's
// 成文日期 (the day before 国庆 2024), and 归档 names the linked policy.
func TestProposeLinkedPolicy(t *testing.T) {
	m := officeWindow(t)
	c := m.win.Canvas()
	office := m.store.(*archive.Office)
	office.Now = func() time.Time { return time.Date(2024, 10, 8, 9, 0, 0, 0, archive.OfficeZone) }
	policy, err := office.Propose("wangwu", archive.Draft{Title: "厦门市律师执业管理办法", DocNumber: "厦司规〔2024〕3号", Author: "厦门市司法局",
		Division: "LSC", DocDate: "2024-09-30", Disclosure: archive.Proactive, Category: "政策法规/规范性文件"},
		archive.SourceFile{Name: "办法.txt", Data: []byte("厦门市律师执业管理办法")}, "")
	if err != nil {
		t.Fatal(err)
	}
	files := t.TempDir()
	write(t, filepath.Join(files, "解读.txt"), "关于《律师执业管理办法》的政策解读\n各处室：现将有关政策解读如下。\n厦门市司法局\n2024年10月8日\n")

	signIn(t, m, "wangwu")
	rv := m.reviewView
	pressShortcut(t, c, openShortcut)
	answerChooser(t, rv.chooser, files, "打开", "解读.txt")
	test.Tap(rv.proposeBtn)
	f := rv.proposing
	test.Tap(f.pickPolicy)
	p := f.picker
	test.Type(p.search, "规〔2024〕3号")
	if len(p.found) != 1 || p.found[0].ID != policy.ID {
		t.Fatalf("searching the 文号: got %d items (%q), want the policy", len(p.found), p.status.Text)
	}
	assertNoEnglish(t, "the policy picker", c, dataWords...)
	before := "规划计划"
	f.category.SetSelected(before)
	p.list.Select(0)
	if !strings.Contains(f.policyLabel.Text, "《厦门市律师执业管理办法》（厦司规〔2024〕3号，2024-09-30 成文）") ||
		f.policyDate.Text != "2024-09-30" || !f.policyDate.Disabled() || f.category.Selected != "政策解读" {
		t.Errorf("after choosing: label %q, date %q (disabled %v), category %q", f.policyLabel.Text, f.policyDate.Text, f.policyDate.Disabled(), f.category.Selected)
	}
	test.Tap(f.unlinkPolicy)
	if f.policyLabel.Text != "未关联" || f.policyDate.Disabled() || f.policyDate.Text != f.date.Text || f.category.Selected != before {
		t.Errorf("after 取消关联: label %q, date %q (disabled %v), category %q; want 未关联, the 成文日期 to edit and %s again",
			f.policyLabel.Text, f.policyDate.Text, f.policyDate.Disabled(), f.category.Selected, before)
	}
	test.Tap(f.pickPolicy)
	test.Type(f.picker.search, "律师执业管理办法")
	f.picker.list.Select(0)
	tapButton(t, c, "提出")
	if rv.proposed == nil {
		t.Fatalf("not proposed: %s", shown(c))
	}
	it, err := m.store.Item(rv.proposed.ID)
	if err != nil || it.Policy == nil || it.Policy.ID != policy.ID || it.PolicyDate != "2024-09-30" || it.Due != "2024-10-10" {
		t.Fatalf("stored: link %+v, policy date %q, due %q, %v; want the policy, 2024-09-30, 2024-10-10", it.Policy, it.PolicyDate, it.Due, err)
	}
	m.showItemInArchive(it.ID)
	if !strings.Contains(m.archiveView.detail.Text, "所解读政策：《厦门市律师执业管理办法》（厦司规〔2024〕3号，2024-09-30 成文）") {
		t.Errorf("归档's pane: got\n%s\nwant the linked policy named", m.archiveView.detail.Text)
	}
}

// TestProposeListWithIdentifiers: a list whose only block findings are identifiers is proposed
// after a warning that says 保密审查 can publish it as a 脱敏稿 (脱敏后通过).
func TestProposeListWithIdentifiers(t *testing.T) {
	m := officeWindow(t)
	c := m.win.Canvas()
	files := t.TempDir()
	write(t, filepath.Join(files, "名单.txt"), "补贴发放名单\n序号 姓名 身份证号\n1 陈小明 11010519491231002X\n2 林小红 350203198506150011\n")
	signIn(t, m, "wangwu")
	rv := m.reviewView
	pressShortcut(t, c, openShortcut)
	answerChooser(t, rv.chooser, files, "打开", "名单.txt")
	test.Tap(rv.proposeBtn)
	if got := shown(c); !strings.Contains(got, "本稿有以下“拦截”问题") || !strings.Contains(got, "“脱敏后通过”") {
		t.Fatalf("提出 of a list with ID numbers: %s", got)
	}
	assertNoEnglish(t, "the warning at 提出 of a list", c, dataWords...)
	tapButton(t, c, "仍要提出")
	tapButton(t, c, "提出")
	if rv.proposed == nil {
		t.Fatalf("not proposed: %s", shown(c))
	}
}

// TestProposeTitleMasked: an OFD whose properties' title holds a mobile number is proposed
// with the number masked in the item's title, as its 脱敏稿 masks it, and the form says so;
// the item's title that goes on to 审核 and 公开 holds no number.
func TestProposeTitleMasked(t *testing.T) {
	store := memStore(t)
	st := archive.Settings{FondsName: "厦门市民政局", FondsCode: "Z110", Divisions: []archive.Division{{Code: "BGS", Name: "办公室"}}}
	if err := store.SetUp(archive.User{Name: "admin", FullName: "管理员", Roles: []archive.Role{archive.RoleAdmin}}, "admin-password", st); err != nil {
		t.Fatal(err)
	}
	drafter := archive.User{Name: "wangwu", FullName: "王五", Roles: []archive.Role{archive.RoleDrafter}, Division: "BGS"}
	head := archive.User{Name: "lichu", FullName: "李处长", Roles: []archive.Role{archive.RoleDivisionHead}, Division: "BGS"}
	for _, u := range []archive.User{drafter, head} {
		if err := store.CreateUser("admin", u, "password-1"); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile("../review/testdata/redact-ids.ofd")
	if err != nil {
		t.Fatal(err)
	}
	v := newTestReviewView(t)
	v.store, v.user = store, &drafter
	v.loadBytes("名单.ofd", data)
	f := newProposeForm(v.doc, st, v.user, v.win, v.store.PolicyCandidates)
	if got, want := f.title.Text, "补贴名单（联系人 138****5678）"; got != want {
		t.Errorf("the title: got %q, want %q", got, want)
	}
	if hint := f.form.Items[0].HintText; !strings.Contains(hint, "已按本单位的脱敏方式替换") {
		t.Errorf("the title's hint: got %q, want it to say the number was masked", hint)
	}
	f.category.SetSelected(f.category.Options[0])
	v.propose(f)
	if v.proposed == nil {
		t.Fatalf("nothing proposed; screen %s", shown(v.win.Canvas()))
	}
	if it, _ := store.Item(v.proposed.ID); strings.Contains(it.Title, "13812345678") {
		t.Errorf("the item's title: got %q, want the number masked", it.Title)
	}
}
