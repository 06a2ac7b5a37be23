package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/review"
)

func newTestSettingsView(t *testing.T, s archive.Store, user string, onRules func(*review.RuleSet)) *settingsView {
	t.Helper()
	w, u := windowAs(t, s, user)
	v := newSettingsView(w, s, u, t.TempDir(), onRules)
	w.SetContent(v.content)
	w.Resize(fyne.NewSize(1100, 700))
	if err := v.reload(); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestRuleTermFoundOnRecheck: a term added in settings is found by the check of the draft open
// in the review view, at once.
func TestRuleTermFoundOnRecheck(t *testing.T) {
	s := publishedOffice(t)
	rv := newTestReviewView(t)
	rv.loadBytes("通知.txt", []byte("关于成立专案组的通知\n"))
	if len(rv.found) != 0 {
		t.Fatalf("%d findings before the term", len(rv.found))
	}
	v := newTestSettingsView(t, s, "office", rv.setRules)
	if v.rules.add.Disabled() {
		t.Fatal("the 公开办 cannot add a term")
	}
	v.showTab("关键词与豁免词")
	assertMarkup(t, "settings_rules.xml", v.win.Canvas())
	before := v.rules.version.Text
	test.Type(v.rules.term, "专案组")
	v.rules.severity.SetSelected("拦截")
	test.Tap(v.rules.add)
	if len(rv.found) != 1 || rv.found[0].Match != "专案组" || rv.found[0].Severity != review.Block || !strings.Contains(rv.verdict.Text, "不得公开") {
		t.Fatalf("re-check after adding 专案组: %+v, %q", rv.found, rv.verdict.Text)
	}
	if v.rules.version.Text == before || !strings.Contains(v.rules.version.Text, "本单位词表第 1 版（张三 修改）") {
		t.Errorf("version %q (was %q)", v.rules.version.Text, before)
	}
	if len(v.rules.office.Terms) != 1 || v.rules.line(0) != "专案组  [拦截]" {
		t.Errorf("office list %+v", v.rules.office.Terms)
	}
	// Import from a list file; a broken file changes nothing.
	v.rules.importList("本局词表.txt", []byte("# 本局\n内部讨论稿\tblock\n专案组\n"))
	if len(v.rules.office.Terms) != 2 {
		t.Errorf("after import: %+v", v.rules.office.Terms)
	}
	v.rules.importList("坏词表.txt", []byte("甲\thigh\n"))
	if len(v.rules.office.Terms) != 2 {
		t.Errorf("a broken list changed the office list: %+v", v.rules.office.Terms)
	}
	// Remove the selected term: the draft is clean again.
	v.rules.terms.Select(0)
	test.Tap(v.rules.remove)
	if len(rv.found) != 0 || len(v.rules.office.Terms) != 1 {
		t.Errorf("after removing 专案组: %d findings, office list %+v", len(rv.found), v.rules.office.Terms)
	}
	// The allow-list has no severity.
	v.rules.list.SetSelected(listAllow)
	if !v.rules.severity.Disabled() || !strings.Contains(v.rules.shipped.Text, "不涉及国家秘密") {
		t.Errorf("allow-list tab: severity enabled %v, shipped %q", !v.rules.severity.Disabled(), v.rules.shipped.Text[:40])
	}
}

func TestSettingsRefuseNonAdministrator(t *testing.T) {
	s := publishedOffice(t)
	v := newTestSettingsView(t, s, "archivist", nil)
	if !v.saveOffice.Disabled() || !v.newUser.Disabled() || !v.rules.add.Disabled() || v.officeNote.Text == "" {
		t.Fatal("a non-administrator may edit settings")
	}
	// Forced anyway, the store refuses and nothing changes.
	v.fondsName.SetText("别的单位")
	v.onSaveOffice()
	if st, _ := s.Settings(); st.FondsName != "厦门市司法局" {
		t.Errorf("settings changed by an archivist: %q", st.FondsName)
	}
	v.rules.term.SetText("甲乙")
	v.rules.user = &archive.User{Name: "archivist", Roles: []archive.Role{archive.RoleAdmin}} // a stale screen
	v.rules.onAdd()
	if r, _ := s.OfficeRules(); len(r.Terms) != 0 {
		t.Errorf("an archivist changed the rules: %+v", r.Terms)
	}
}

func TestSettingsOfficeAndUsers(t *testing.T) {
	s := publishedOffice(t)
	v := newTestSettingsView(t, s, "admin", nil)
	if v.fondsCode.Text != "Z109" || !strings.Contains(v.retention.Text, "规范性文件 永久") || v.defaultRetention.Selected != "定期10年" {
		t.Fatalf("office tab: %q %q %q", v.fondsCode.Text, v.retention.Text, v.defaultRetention.Selected)
	}
	v.retention.SetText("规范性文件 永久\n人事信息 定期30年")
	v.divisions.SetText("BGS 办公室\nLSC 律师工作处\nGZC 公证工作处")
	test.Tap(v.saveOffice)
	st, _ := s.Settings()
	if st.Retention["人事信息"] != archive.Years30 || len(st.Divisions) != 3 || v.officeNote.Text != "已保存。" {
		t.Errorf("saved %+v, note %q", st, v.officeNote.Text)
	}
	v.retention.SetText("人事信息 十年")
	test.Tap(v.saveOffice)
	if st2, _ := s.Settings(); st2.Retention["人事信息"] != archive.Years30 {
		t.Error("a bad retention line was saved")
	}

	// A new user, then a change of roles.
	test.Type(v.userName, "zhaoliu")
	test.Type(v.userFull, "赵六")
	v.userRoles.SetSelected([]string{"拟稿人"})
	v.userDivision.SetSelected("GZC 公证工作处")
	test.Type(v.userPwd, "password-9")
	test.Tap(v.newUser)
	u, err := s.GetUser("zhaoliu")
	if err != nil || u.Division != "GZC" || !u.Has(archive.RoleDrafter) {
		t.Fatalf("new user %+v, %v", u, err)
	}
	for i, x := range v.users {
		if x.Name == "zhaoliu" {
			v.userList.Select(i)
		}
	}
	v.userRoles.SetSelected([]string{"拟稿人", "处室负责人"})
	test.Tap(v.saveUser)
	if u, _ := s.GetUser("zhaoliu"); !u.Has(archive.RoleDivisionHead) {
		t.Errorf("roles not saved: %v", u.Roles)
	}
	if _, err := s.Authenticate("zhaoliu", "password-9"); err != nil {
		t.Errorf("the password was lost: %v", err)
	}
}

// setUpStore opens a store in a new data directory, as opts say, with an administrator "admin".
func setUpStore(t *testing.T, opts archive.Options) *archive.BadgerStore {
	t.Helper()
	s, err := archive.Open(storeDir(t.TempDir()), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.SetUp(archive.User{Name: "admin", FullName: "管理员", Roles: []archive.Role{archive.RoleAdmin}}, "admin-password",
		archive.Settings{FondsName: "厦门市司法局", FondsCode: "Z109", Divisions: []archive.Division{{Code: "BGS", Name: "办公室"}}}); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestDataBackupVerifyRestore(t *testing.T) {
	s := setUpStore(t, archive.Options{})
	v := newTestSettingsView(t, s, "admin", nil)
	p := v.data
	test.Tap(p.verify)
	if !strings.Contains(p.report.Text, "校验通过") || !strings.Contains(p.stage.Text, "校验完成") {
		t.Errorf("verify: %q / %q", p.stage.Text, p.report.Text)
	}
	backup := filepath.Join(t.TempDir(), "备份.zip")
	p.backupTo(backup)
	if info, err := os.Stat(backup); err != nil || info.Size() == 0 || !strings.Contains(p.stage.Text, "已备份到") {
		t.Fatalf("backup: %v, %q", err, p.stage.Text)
	}
	target := filepath.Join(t.TempDir(), "恢复")
	p.restoreTo(backup, target)
	if !strings.Contains(p.report.Text, "已恢复到") || !strings.Contains(p.report.Text, "校验通过") {
		t.Errorf("restore: %q", p.report.Text)
	}
	p.restoreTo(backup, target) // not empty now: refused, the restored store untouched
	if !strings.Contains(p.stage.Text, "恢复失败") {
		t.Errorf("restore over a store: %q", p.stage.Text)
	}
	p.showAudit()
	if !strings.Contains(p.audit.Text, "backup") {
		t.Errorf("audit log view:\n%s", p.audit.Text)
	}
}

func TestParseRetentionTable(t *testing.T) {
	for _, tc := range []struct {
		text string
		want map[string]archive.Retention
		ok   bool
	}{
		{"", map[string]archive.Retention{}, true},
		{"规范性文件 永久\n\n人事信息\t定期30年\n", map[string]archive.Retention{"规范性文件": archive.Permanent, "人事信息": archive.Years30}, true},
		{"财政预决算 部门预算  定期10年", map[string]archive.Retention{"财政预决算 部门预算": archive.Years10}, true},
		{"规范性文件", nil, false},
		{"规范性文件 十年", nil, false},
		{" 永久", nil, false},
	} {
		got, err := parseRetentionTable(tc.text)
		if (err == nil) != tc.ok || (tc.ok && fmt.Sprint(got) != fmt.Sprint(tc.want)) {
			t.Errorf("%q: %v, %v; want %v", tc.text, got, err, tc.want)
		}
	}
}

// FuzzSettingsText: the division list and the retention table are typed by a person; whatever
// they type is read or refused with a line number, never a panic, and what is read is valid.
func FuzzSettingsText(f *testing.F) {
	f.Add("BGS 办公室\nLSC 律师工作处", "规范性文件 永久\n人事信息 定期30年")
	f.Add("\n \n", " 永久\n")
	f.Fuzz(func(t *testing.T, divisions, table string) {
		if ds, err := parseDivisions(divisions); err == nil {
			for _, d := range ds {
				if strings.TrimSpace(d.Name) != d.Name || d.Name == "" {
					t.Fatalf("division %+v from %q", d, divisions)
				}
			}
		} else if !strings.Contains(err.Error(), "第 ") {
			t.Fatalf("error without a line: %v", err)
		}
		if rs, err := parseRetentionTable(table); err == nil {
			for cat, r := range rs {
				if cat == "" || r.Label() == "" {
					t.Fatalf("retention %q → %q from %q", cat, r, table)
				}
			}
		} else if !strings.Contains(err.Error(), "第 ") {
			t.Fatalf("error without a line: %v", err)
		}
	})
}

func TestRestoreEncryptedBackupAsksPassphrase(t *testing.T) {
	t.Setenv(passphraseEnv, "")
	s := setUpStore(t, archive.Options{Passphrase: "本局口令-2016"})
	p := newTestSettingsView(t, s, "admin", nil).data
	backup := filepath.Join(t.TempDir(), "加密备份.zip")
	p.backupTo(backup)
	target := filepath.Join(t.TempDir(), "恢复")
	p.restoreTo(backup, target)
	if p.passphrase == nil || !strings.Contains(p.stage.Text, "需要口令") {
		t.Fatalf("an encrypted backup did not ask for its passphrase: %q", p.stage.Text)
	}
	p.restoreWith(backup, target, "错误口令")
	if !strings.Contains(p.stage.Text, "需要口令") {
		t.Errorf("wrong passphrase: %q", p.stage.Text)
	}
	p.restoreWith(backup, target, "本局口令-2016")
	if !strings.Contains(p.report.Text, "校验通过") {
		t.Errorf("restore with the passphrase: %q / %q", p.stage.Text, p.report.Text)
	}
}

// TestStandardOpinionsAndIdleLock: the administrator edits the office's 常用意见 and idle time
// in 本单位; a reviewer's 待办 offers the new opinions.
func TestStandardOpinionsAndIdleLock(t *testing.T) {
	s := publishedOffice(t)
	v := newTestSettingsView(t, s, "admin", nil)
	if got := v.opinions.Text; !strings.Contains(got, "同意公开。") {
		t.Fatalf("the default opinions are not offered for editing: %q", got)
	}
	v.opinions.SetText("")
	test.Type(v.opinions, "同意。\n请核实后重新提出。")
	pick(t, v.idleLock, "5 分钟")
	test.Tap(v.saveOffice)
	st, err := s.Settings()
	if err != nil || !slices.Equal(st.Opinions, []string{"同意。", "请核实后重新提出。"}) || st.IdleLock() != 5*time.Minute {
		t.Fatalf("saved %q, idle %v, %v", st.Opinions, st.IdleLock(), err)
	}
	rv := newTestReviewView(t)
	u, _ := s.GetUser("head")
	q := newQueueView(rv.win, s, u, rv)
	if err := q.refresh(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(q.common.Options, st.Opinions) {
		t.Errorf("待办 offers %q", q.common.Options)
	}
}
