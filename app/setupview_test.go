package main

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"shendang.gov.cn/shendang/archive"
)

// newStoreWindow is the main window on an in-memory store, started as the program starts it.
func newStoreWindow(t *testing.T, store *archive.Office) *mainWindow {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	m := newMainWindow(a, windowInfo{dataDir: "/home/reviewer/.local/share/shendang", version: "1.0.0"}, store, nil)
	t.Cleanup(m.win.Close)
	m.win.Resize(fyne.NewSize(1024, 680))
	if err := m.start(); err != nil {
		t.Fatal(err)
	}
	return m
}

func memStore(t *testing.T) *archive.Office {
	t.Helper()
	s, err := archive.OpenInMemory()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// waitFor polls cond, which the UI goroutine's fyne.Do work makes true, for up to 10 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

func TestFirstStartSetup(t *testing.T) {
	store := memStore(t)
	m := newStoreWindow(t, store)
	v := m.setup
	if v == nil || m.login != nil {
		t.Fatal("a new store does not show the setup")
	}
	assertMarkup(t, "setup.xml", m.win.Canvas())

	test.Type(v.fondsName, "厦门市司法局")
	test.Type(v.fondsCode, "z109")
	test.Type(v.divisions, "BGS 办公室\nLSC")
	test.Type(v.adminName, "admin")
	test.Type(v.adminFullName, "系统管理员")
	test.Type(v.password, "admin-password")
	test.Type(v.confirm, "admin-passwort")
	test.Tap(v.create)
	if !strings.Contains(v.message.Text, "第 2 行") {
		t.Errorf("message %q, want the bad division line named", v.message.Text)
	}
	v.divisions.SetText("BGS 办公室\nLSC 律师工作处")
	test.Tap(v.create)
	if v.message.Text != "两次输入的密码不一致。" {
		t.Errorf("message %q, want the password mismatch", v.message.Text)
	}
	if has, _ := store.HasUsers(); has {
		t.Fatal("a refused form changed the store")
	}
	v.confirm.SetText("admin-password")
	test.Tap(v.create)
	waitFor(t, "the workspace", func() bool { return m.user != nil })

	st, _ := store.Settings()
	if st.FondsCode != "Z109" || len(st.Divisions) != 2 || st.Divisions[1].Name != "律师工作处" {
		t.Errorf("settings %+v", st)
	}
	if !strings.Contains(m.status.Text, "当前用户：系统管理员（管理员）") {
		t.Errorf("status %q does not name the user", m.status.Text)
	}
	if markup := test.RenderToMarkup(m.win.Canvas()); !strings.Contains(markup, ">待办<") {
		t.Error("the workspace is not shown after setup")
	}
}

func TestFirstStartOffersSample(t *testing.T) {
	store := memStore(t)
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	rules, err := loadRuleSet(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := newMainWindow(a, windowInfo{dataDir: "/d", version: "1"}, store, rules)
	t.Cleanup(m.win.Close)
	m.win.Resize(fyne.NewSize(1024, 680))
	if err := m.start(); err != nil {
		t.Fatal(err)
	}
	v := m.setup
	v.fondsName.SetText("厦门市司法局")
	v.fondsCode.SetText("Z109")
	v.divisions.SetText("BGS 办公室")
	v.adminName.SetText("admin")
	v.adminFullName.SetText("系统管理员")
	v.password.SetText("admin-password")
	v.confirm.SetText("admin-password")
	test.Tap(v.create)
	if m.offer == nil {
		t.Fatal("no sample offered after the first setup")
	}
	m.openSample()
	if m.tabs.Selected() != m.review || m.reviewView.doc == nil || !strings.Contains(m.reviewView.verdict.Text, "不得公开") {
		t.Errorf("sample: tab %q, verdict %q", m.tabs.Selected().Text, m.reviewView.verdict.Text)
	}
}

func TestSignIn(t *testing.T) {
	store := memStore(t)
	if err := store.SetUp(archive.User{Name: "admin", FullName: "系统管理员", Roles: []archive.Role{archive.RoleAdmin}}, "admin-password",
		archive.Settings{FondsName: "厦门市司法局", FondsCode: "Z109", Divisions: []archive.Division{{Code: "BGS", Name: "办公室"}}}); err != nil {
		t.Fatal(err)
	}
	m := newStoreWindow(t, store)
	v := m.login
	if v == nil || m.setup != nil {
		t.Fatal("a set-up store does not ask to sign in")
	}
	assertMarkup(t, "login.xml", m.win.Canvas())

	test.Type(v.name, "admin")
	test.Type(v.password, "wrong-password")
	test.Tap(v.login)
	waitFor(t, "the refusal", func() bool { return v.message.Text != "" })
	if v.message.Text != "用户名或密码不正确。" || m.user != nil || v.password.Text != "" {
		t.Errorf("after a wrong password: message %q, user %v, password kept %q", v.message.Text, m.user, v.password.Text)
	}
	test.Type(v.password, "admin-password")
	v.password.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	waitFor(t, "the workspace", func() bool { return m.user != nil })
	if m.user.Name != "admin" {
		t.Errorf("signed in as %+v", m.user)
	}
}
