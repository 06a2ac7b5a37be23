package main

import (
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/internal/pgtest"
)

// testStart is a start of the window on dataDir, as runGUI makes it, whose main window the
// test can reach.
type testStart struct {
	*starter
	main   *mainWindow // the main window, once shown
	server bool        // the main window is on the server
}

func newTestStart(t *testing.T, a fyne.App, dataDir, given string) *testStart {
	t.Helper()
	ts := &testStart{}
	ts.starter = &starter{a: a, cfg: guiConfig{dataDir: dataDir, server: given}, workspace: func(s *archive.Office, server bool) bool {
		t.Cleanup(func() { s.Close() })
		rules, err := s.RuleSet()
		if err != nil {
			t.Fatal(err)
		}
		info := windowInfo{dataDir: dataDir, version: "1.0.0"}
		if server {
			info.server = s.Describe()
		}
		m := newMainWindow(a, info, s, rules)
		t.Cleanup(m.win.Close)
		if err := m.start(); err != nil {
			t.Fatal(err)
		}
		m.win.Show()
		ts.main, ts.server = m, server
		return true
	}}
	return ts
}

// startIn runs the start: Run returns at once in the test app, with the first window shown;
// what the start could not open is said in the window the test looks at.
func (ts *testStart) startIn(t *testing.T) {
	t.Helper()
	_ = ts.run()
}

// typeForm fills in the server form for the server at serverURL, with password.
func typeForm(v *connectView, serverURL, password string) {
	u, _ := url.Parse(serverURL)
	for _, f := range []struct {
		e    fyne.Focusable
		text string
	}{{v.host, u.Hostname()}, {v.port, u.Port()}, {v.database, strings.TrimPrefix(u.Path, "/")}, {v.user, u.User.Username()}, {v.password, password}} {
		e := f.e.(interface{ SetText(string) })
		e.SetText("")
		test.Type(f.e, f.text)
	}
}

func newStartApp(t *testing.T) fyne.App {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	return a
}

// TestFirstStartLocal: a new data directory asks; 本机使用 goes on to the first-start setup of a
// store in the data directory, and nothing is remembered.
func TestFirstStartLocal(t *testing.T) {
	a := newStartApp(t)
	dir := t.TempDir()
	ts := newTestStart(t, a, dir, "")
	ts.startIn(t)
	if ts.question == nil || ts.main != nil {
		t.Fatal("a first start did not ask where the data is")
	}
	c := ts.question.win.Canvas()
	ts.question.win.Resize(fyne.NewSize(600, 460))
	assertMarkup(t, "start_choice.xml", c)
	assertNoEnglish(t, "the first start's question", c)
	tapButton(t, c, "本机使用（仅这台电脑）")
	if ts.main == nil || ts.server || ts.main.setup == nil {
		t.Fatalf("本机使用: main window %v on the server %v, want the setup on the data directory", ts.main != nil, ts.server)
	}
	if !hasLocalStore(dir) {
		t.Error("本机使用 made no store in the data directory")
	}
	if got, _ := loadStoreChoice(dir); got.Server != "" {
		t.Errorf("remembered %q after 本机使用", got.Server)
	}
}

// TestFirstStartServer: 连接单位服务器 with the address typed in; 测试连接 says the database is
// not set up yet; 连接 shows the setup on the server; the office is set up; the next start
// goes straight to the sign-in on the server, which the status line names.
func TestFirstStartServer(t *testing.T) {
	watchByHand(t) // the watch's goroutine would touch widgets beside the test's
	a := newStartApp(t)
	dir := t.TempDir()
	serverURL := pgtest.URL(t)
	ts := newTestStart(t, a, dir, "")
	ts.startIn(t)
	c := ts.question.win.Canvas()
	tapButton(t, c, "连接单位服务器")
	v := ts.question.connect
	if v.port.Text != "5432" || v.database.Text != "shendang" {
		t.Errorf("the form starts with port %q database %q, want 5432 and shendang", v.port.Text, v.database.Text)
	}
	assertMarkup(t, "start_server_form.xml", c)
	assertNoEnglish(t, "the server form", c, "shendang", "IP")
	typeForm(v, serverURL, "")
	tapButton(t, c, "测试连接")
	if got := v.message.Text; !strings.HasPrefix(got, "连接成功：单位服务器 127.0.0.1:") || !strings.Contains(got, "尚未设置") {
		t.Fatalf("测试连接 on an empty database: %q", got)
	}
	if v.test.Disabled() || v.connect.Disabled() {
		t.Error("the buttons stay disabled after 测试连接")
	}
	tapButton(t, c, "连接")
	if ts.main == nil || !ts.server || ts.main.setup == nil {
		t.Fatalf("连接: main window %v on the server %v; the form says %q", ts.main != nil, ts.server, v.message.Text)
	}
	got, err := loadStoreChoice(dir)
	if err != nil || archive.RedactURL(got.Server) != got.Server || !strings.Contains(got.Server, "127.0.0.1") {
		t.Fatalf("remembered %q, %v, want the server without a password", got.Server, err)
	}
	sv := ts.main.setup
	sc := ts.main.win.Canvas()
	test.Type(sv.fondsName, "厦门市司法局")
	test.Type(sv.fondsCode, "Z109")
	test.Type(sv.divisions, "BGS 办公室")
	test.Type(sv.adminName, "admin")
	test.Type(sv.adminFullName, "系统管理员")
	test.Type(sv.password, staffPassword)
	test.Type(sv.confirm, staffPassword)
	test.Tap(sv.create)
	if ts.main.user == nil {
		t.Fatalf("setup on the server: %q", sv.message.Text)
	}
	if !strings.Contains(ts.main.status.Text, "数据：单位服务器 127.0.0.1:") {
		t.Errorf("status line %q does not name the server", ts.main.status.Text)
	}
	if d := sc.Overlays().Top(); d != nil {
		dismissDialog(t, sc, "以后再说")
	}
	ts.main.tabs.Select(ts.main.settings)
	if !strings.Contains(test.RenderToMarkup(sc), "数据：单位服务器 127.0.0.1:") {
		t.Error("设置 does not say the data is on the server")
	}

	next := newTestStart(t, a, dir, "")
	next.startIn(t)
	if next.question != nil || next.main == nil || !next.server || next.main.login == nil {
		t.Fatalf("the next start: asked %v, main window %v on the server %v", next.question != nil, next.main != nil, next.server)
	}
	signIn(t, next.main, "admin")
}

// TestConnectFormErrors: each way the server cannot be used is said under the form in its own
// Chinese sentence, never with the password; 连接 is refused the same way.
func TestConnectFormErrors(t *testing.T) {
	a := newStartApp(t)
	good := pgtest.URL(t)
	foreign := pgtest.URL(t)
	pgtest.Exec(t, foreign, `CREATE TABLE shendang_schema (name text)`)
	newer := pgtest.URL(t)
	s, err := archive.OpenServer(t.Context(), newer)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	pgtest.Exec(t, newer, `UPDATE shendang_schema SET version = 99`)
	pwURL, password := pgtest.PasswordURL(t)
	t.Setenv("PGPASSWORD", "")
	t.Setenv("PGPASSFILE", filepath.Join(t.TempDir(), "none"))
	noDB, _ := url.Parse(good)
	noDB.Path = "/no_such_database"
	tests := []struct {
		name, url, password, want string
	}{
		{"unreachable", "postgres://postgres@127.0.0.1:1/shendang", "", "连不上单位服务器"},
		{"wrong password", pwURL, "不对的口令", "拒绝了这个用户名或密码"},
		{"no password", pwURL, "", "要求输入密码，请填写“密码”一栏"},
		{"no such database", noDB.String(), "", "没有这个数据库"},
		{"not a 审档 database", foreign, "", "不是审档建立的"},
		{"newer schema", newer, "", "较新版本的审档"},
		{"the right password", pwURL, password, "连接成功"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestStart(t, a, t.TempDir(), "")
			ts.startIn(t)
			c := ts.question.win.Canvas()
			tapButton(t, c, "连接单位服务器")
			v := ts.question.connect
			typeForm(v, tt.url, tt.password)
			for _, b := range []string{"测试连接", "连接"} {
				if ts.main != nil {
					break
				}
				tapButton(t, c, b)
				if !strings.Contains(v.message.Text, tt.want) && ts.main == nil {
					t.Errorf("%s: got %q, want it to say %q", b, v.message.Text, tt.want)
				}
				if tt.password != "" && strings.Contains(test.RenderToMarkup(c), tt.password) {
					t.Errorf("%s: the password is on screen", b)
				}
				assertNoEnglish(t, tt.name, c, "127.0.0.1", "t_", "postgres", "shendang", "pgtest_clerk", "no_such_database", "shendang_schema", "shendang_kv", "PGPASSWORD", "pgpass")
			}
		})
	}
}

// TestStartAsksForThePassword: a remembered server whose user needs a password that nobody
// gave asks for it at start; a wrong one is said, the right one opens the window, and it is
// never written down.
func TestStartAsksForThePassword(t *testing.T) {
	a := newStartApp(t)
	dir := t.TempDir()
	pwURL, password := pgtest.PasswordURL(t)
	t.Setenv("PGPASSWORD", "")
	t.Setenv("PGPASSFILE", filepath.Join(t.TempDir(), "none"))
	if err := rememberServer(dir, pwURL); err != nil {
		t.Fatal(err)
	}
	ts := newTestStart(t, a, dir, "")
	ts.startIn(t)
	p := ts.password
	if p == nil || ts.main != nil {
		t.Fatal("the start did not ask for the server's password")
	}
	c := p.win.Canvas()
	assertNoEnglish(t, "the password question", c, "127.0.0.1", "t_", "pgtest_clerk")
	test.Type(p.entry, "不对的口令")
	tapButton(t, c, "连接")
	if !strings.Contains(p.message.Text, "拒绝了这个用户名或密码") || p.entry.Text != "" {
		t.Fatalf("a wrong password: %q, entry %q", p.message.Text, p.entry.Text)
	}
	test.Type(p.entry, password)
	tapButton(t, c, "连接")
	if ts.main == nil || !ts.server {
		t.Fatalf("the right password: %q", p.message.Text)
	}
	if got, _ := loadStoreChoice(dir); got.Server != pwURL {
		t.Errorf("remembered %q, want %q unchanged", got.Server, pwURL)
	}
}

// TestPasswordWindowLooks: the password question of a remembered server, with 更改连接….
func TestPasswordWindowLooks(t *testing.T) {
	a := newStartApp(t)
	p := newPasswordWindow(a, "postgres://wangwu@192.168.1.10:5432/shendang", func() {}, nil)
	defer p.win.Close()
	p.win.Resize(fyne.NewSize(600, 260))
	assertMarkup(t, "start_password.xml", p.win.Canvas())
}

// TestStartServerAwayChange: a remembered server that cannot be reached says so with 重试 and
// 更改连接…, which opens the form filled in with the server; 返回 and 本机使用 there use this
// computer and forget the server. A server given by --store offers no 更改连接….
func TestStartServerAwayChange(t *testing.T) {
	a := newStartApp(t)
	dir := t.TempDir()
	away := "postgres://wangwu@127.0.0.1:1/shendang?connect_timeout=5"
	if err := rememberServer(dir, away); err != nil {
		t.Fatal(err)
	}
	ts := newTestStart(t, a, dir, "")
	ts.startIn(t)
	e := ts.trouble
	if e == nil || !e.retry.Visible() || !e.change.Visible() {
		t.Fatal("an unreachable remembered server: no window with 重试 and 更改连接…")
	}
	c := e.win.Canvas()
	e.win.Resize(fyne.NewSize(560, 200))
	assertMarkup(t, "start_server_away.xml", c)
	tapButton(t, c, "重试")
	if !strings.Contains(e.message.Text, "连不上单位服务器") || !strings.Contains(e.message.Text, "（第 1 次重试，") || e.retry.Disabled() {
		t.Fatalf("重试: %q, disabled %v", e.message.Text, e.retry.Disabled())
	}
	tapButton(t, c, "更改连接…")
	v := ts.question.connect
	if v.host.Text != "127.0.0.1" || v.port.Text != "1" || v.user.Text != "wangwu" || v.database.Text != "shendang" {
		t.Fatalf("the form after 更改连接…: %q %q %q %q", v.host.Text, v.port.Text, v.user.Text, v.database.Text)
	}
	if got, ok := v.address(); !ok || got != away {
		t.Errorf("更改连接… with nothing changed connects to %q, want %q (the settings after ? kept)", got, away)
	}
	qc := ts.question.win.Canvas()
	tapButton(t, qc, "返回")
	tapButton(t, qc, "连接单位服务器")
	if v.host.Text != "127.0.0.1" || v.port.Text != "1" || v.user.Text != "wangwu" {
		t.Errorf("the form after 返回 and 连接单位服务器: %q %q %q, want what it held", v.host.Text, v.port.Text, v.user.Text)
	}
	test.Type(v.port, "2")
	if v.message.Text != "" {
		t.Errorf("the form still says %q after the port was edited", v.message.Text)
	}
	tapButton(t, qc, "返回")
	tapButton(t, qc, "本机使用（仅这台电脑）")
	// A desk that worked on the server is asked first; 取消 changes nothing.
	if !strings.Contains(shown(qc), "改为本机使用？") || !strings.Contains(shown(qc), "单位服务器 127.0.0.1:1/shendang") {
		t.Fatalf("本机使用 on a desk of the server asked nothing: %s", shown(qc))
	}
	assertNoEnglish(t, "the question before 本机使用", qc, "127.0.0.1", "shendang")
	dismissDialog(t, qc, "取消")
	if ts.main != nil {
		t.Fatal("取消 opened the data directory's store")
	}
	tapButton(t, qc, "本机使用（仅这台电脑）")
	tapButton(t, qc, "改为本机使用")
	if ts.main == nil || ts.server {
		t.Fatal("本机使用 after 更改连接… did not open the data directory's store")
	}
	if got, _ := loadStoreChoice(dir); got.Server != "" {
		t.Errorf("still remembered: %q", got.Server)
	}

	given := newTestStart(t, a, t.TempDir(), away)
	given.startIn(t)
	if given.trouble == nil || given.trouble.change.Visible() {
		t.Error("a server given by --store: want the error window without 更改连接…")
	}
}
