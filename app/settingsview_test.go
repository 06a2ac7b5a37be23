package main

import (
	"fmt"
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
func setUpStore(t *testing.T, opts archive.Options) *archive.Office {
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

// TestSettingsCalendarForANewYear: the administrator adds the 2027 notice in 设置; a bad line
// is refused with its number and text, and the good lines are kept.
func TestSettingsCalendarForANewYear(t *testing.T) {
	s := publishedOffice(t)
	v := newTestSettingsView(t, s, "admin", nil)
	for _, tt := range []struct {
		name, text string
		want       string // in the dialog, or "" for saved
	}{
		{"a weekday marked worked", "年度 2027 国务院办公厅关于2027年部分节假日安排的通知\n2027-02-08 班 春节调休", "工作日历第2行“2027-02-08班 春节调休”"}, // the dialog tightens spaces beside Chinese
		{"the 2027 notice", "年度 2027 国务院办公厅关于2027年部分节假日安排的通知\n2027-02-06 休 春节", ""},
	} {
		v.calendar.SetText("")
		test.Type(v.calendar, tt.text)
		test.Tap(v.saveOffice)
		st, _ := s.Settings()
		cal, err := st.Calendar()
		if err != nil {
			t.Fatal(err)
		}
		got := shown(v.win.Canvas())
		switch {
		case tt.want != "" && (!strings.Contains(got, tt.want) || cal.Covers(2027)):
			t.Errorf("%s: dialog %q, 2027 covered %v; want %q and nothing saved", tt.name, got, cal.Covers(2027), tt.want)
		case tt.want == "" && (!cal.Covers(2027) || cal.IsWorkday(time.Date(2027, 2, 6, 12, 0, 0, 0, archive.OfficeZone)) || v.officeNote.Text != "已保存。"):
			t.Errorf("%s: 2027 covered %v, note %q; want saved", tt.name, cal.Covers(2027), v.officeNote.Text)
		}
		if tt.want != "" {
			dismissDialog(t, v.win.Canvas(), "确定")
		}
	}
}

// TestSettingsCalendarRedates: a 政策解读 proposed before the 2027 notice was entered is due on
// a Monday-to-Friday count; when the administrator enters the notice, its due date follows, and
// the note says how many moved.
func TestSettingsCalendarRedates(t *testing.T) {
	s := publishedOffice(t)
	it, err := s.Propose("drafter", archive.Draft{Title: "关于2027年春节值班安排的解读", Author: "厦门市司法局", Division: "BGS",
		DocDate: "2027-02-04", PolicyDate: "2027-02-04", Disclosure: archive.Proactive, Category: "政策解读"},
		archive.SourceFile{Name: "解读.txt", Data: []byte("解读")}, "")
	if err != nil {
		t.Fatal(err)
	}
	v := newTestSettingsView(t, s, "admin", nil)
	for _, tt := range []struct {
		name, text string
		note, due  string
	}{
		{"a year whose days do not touch the item", "年度 2027 国务院办公厅关于2027年部分节假日安排的通知\n2027-02-06 休 春节", "已保存。", "2027-02-09"},
		{"a holiday inside its count", "年度 2027 国务院办公厅关于2027年部分节假日安排的通知\n2027-02-06 休 春节\n2027-02-08 休 春节",
			"已保存。工作日历有变，1 项尚未公开的政策解读按新日历重新计算了公开期限（已记入审计日志）。", "2027-02-10"},
	} {
		v.calendar.SetText("")
		test.Type(v.calendar, tt.text)
		test.Tap(v.saveOffice)
		got, err := s.Item(it.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.officeNote.Text != tt.note || got.Due != tt.due {
			t.Errorf("%s: got note %q and due %s, want %q and %s", tt.name, v.officeNote.Text, got.Due, tt.note, tt.due)
		}
	}
}

// TestSettingsIDMask: the administrator chooses the office's 身份证号 profile in 本单位; the
// 脱敏后通过 dialog then offers it first, and choosing the shipped default again saves nothing.
func TestSettingsIDMask(t *testing.T) {
	s, _ := listOffice(t)
	v := newTestSettingsView(t, s, "admin", nil)
	if got := v.idMask.Selected; got != "保留前2位、后3位（35*************123）" {
		t.Fatalf("the default profile shows as %q", got)
	}
	if !slices.ContainsFunc(v.idMask.Options, func(o string) bool { return strings.Contains(o, "较弱：只隐藏了出生日期") }) {
		t.Errorf("6+4 is not said to be weak: %q", v.idMask.Options)
	}
	pick(t, v.idMask, "保留前3位、后4位（350***********0123）")
	test.Tap(v.saveOffice)
	st, err := s.Settings()
	if err != nil || st.Masks != "id_card:3+4" {
		t.Fatalf("saved %q, %v", st.Masks, err)
	}

	q, win := officeQueue(t, s)
	openRedact(t, q, "补贴发放名单")
	if got := shown(win.Canvas()); !strings.Contains(got, "保留前3位、后4位（本单位设置）") || !strings.Contains(got, "110***********002X") {
		t.Errorf("the dialog after the office chose 3+4:\n%s", got)
	}

	pick(t, v.idMask, "保留前2位、后3位（35*************123）")
	test.Tap(v.saveOffice)
	if st, _ := s.Settings(); st.Masks != "" {
		t.Errorf("the default saved as %q", st.Masks)
	}
}
