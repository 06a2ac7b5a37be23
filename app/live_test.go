package main

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/internal/pgtest"
)

// serverDesk opens a window at one desk of an office whose store is on the server at url: its
// own connection, as another workstation has.
func serverDesk(t *testing.T, a fyne.App, url string) *mainWindow {
	t.Helper()
	s, err := archive.OpenServer(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	rules, err := s.RuleSet()
	if err != nil {
		t.Fatal(err)
	}
	m := newMainWindow(a, windowInfo{dataDir: t.TempDir(), version: "1.0.0", server: s.Describe()}, s, rules)
	t.Cleanup(m.win.Close)
	m.win.Resize(fyne.NewSize(1366, 768))
	if err := m.start(); err != nil {
		t.Fatal(err)
	}
	return m
}

// setUpServerOffice sets the office up on the server at url: settings, the administrator and
// the staff of the day.
func setUpServerOffice(t *testing.T, url string) {
	t.Helper()
	s, err := archive.OpenServer(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st := archive.Settings{FondsName: "厦门市司法局", FondsCode: "Z109",
		Divisions:        []archive.Division{{Code: "BGS", Name: "办公室"}, {Code: "LSC", Name: "律师工作处"}},
		DefaultRetention: archive.Years10}
	if err := s.SetUp(archive.User{Name: "admin", FullName: "系统管理员", Roles: []archive.Role{archive.RoleAdmin}}, "admin-password", st); err != nil {
		t.Fatal(err)
	}
	for _, p := range []archive.User{
		{Name: "wangwu", FullName: "王五", Roles: []archive.Role{archive.RoleDrafter}, Division: "LSC"},
		{Name: "lichu", FullName: "李处长", Roles: []archive.Role{archive.RoleDivisionHead}, Division: "LSC"},
		{Name: "zhaochu", FullName: "赵副处长", Roles: []archive.Role{archive.RoleDivisionHead}, Division: "LSC"},
	} {
		if err := s.CreateUser("admin", p, staffPassword); err != nil {
			t.Fatal(err)
		}
	}
}

// TestTwoDesksOnTheServer: the drafter at one desk proposes a draft through the window; at the
// division head's desk, already signed in with nothing to do, 待办 shows it as soon as the
// window learns the server changed, without a click; both status lines name the server.
func TestTwoDesksOnTheServer(t *testing.T) {
	watchByHand(t) // the test calls storeChanged itself, on its own goroutine
	url := pgtest.URL(t)
	setUpServerOffice(t, url)
	a := test.NewTempApp(t)
	speakChinese()
	a.Settings().SetTheme(newTheme())
	drafter, head := serverDesk(t, a, url), serverDesk(t, a, url)
	signIn(t, head, "lichu")
	if head.queue.Text != "待办（0）" {
		t.Fatalf("the head starts with %q, want nothing to do", head.queue.Text)
	}
	signIn(t, drafter, "wangwu")
	for _, m := range []*mainWindow{drafter, head} {
		if !strings.Contains(m.status.Text, "数据：单位服务器 127.0.0.1:") {
			t.Errorf("status line %q does not name the server", m.status.Text)
		}
	}

	files := t.TempDir()
	write(t, filepath.Join(files, "通知.txt"), "关于开展律师事务所年度检查的通知\n各律师事务所：\n请按时报送材料。\n厦门市司法局\n2026年3月18日\n")
	rv, c := drafter.reviewView, drafter.win.Canvas()
	pressShortcut(t, c, openShortcut)
	answerChooser(t, rv.chooser, files, "打开", "通知.txt")
	test.Tap(rv.proposeBtn)
	tapButton(t, c, "提出")
	if rv.proposed == nil {
		t.Fatalf("not proposed: %s", shown(c))
	}

	head.storeChanged() // what the watch does when the audit sequence moves
	if head.queue.Text != "待办（1）" {
		t.Fatalf("the head's 待办 after the proposal at the other desk: %q, want 待办（1）", head.queue.Text)
	}
	taskNamed(t, head.queueView, "待初审")
	assertNoEnglish(t, "待办 at the other desk", head.win.Canvas(), append(dataWords, "127.0.0.1", "t_")...)

	// Two heads of the division open the item at once; 李处长 approves first. 赵副处长's 通过
	// is refused with who acted and where the item stands, and their 待办 reloads.
	deputy := serverDesk(t, a, url)
	signIn(t, deputy, "zhaochu")
	taskNamed(t, deputy.queueView, "待初审")
	tapButton(t, head.win.Canvas(), "通过")
	dc := deputy.win.Canvas()
	tapButton(t, dc, "通过")
	if got := shown(dc); !strings.Contains(got, "已由处室负责人李处长于") || !strings.Contains(got, "现处于保密审查环节") {
		t.Fatalf("the second 通过: %s", got)
	}
	assertNoEnglish(t, "the conflict", dc, append(dataWords, "127.0.0.1", "t_")...)
	dismissDialog(t, dc, "确定")
	if deputy.queue.Text != "待办（0）" || len(deputy.queueView.tasks) != 0 {
		t.Errorf("the deputy's 待办 after the refusal: %q with %d tasks, want it empty", deputy.queue.Text, len(deputy.queueView.tasks))
	}
}

// watchByHand keeps the windows a test opens on the server from watching it on goroutines of
// their own, until t ends: Fyne's test driver runs fyne.Do on the caller's goroutine.
func watchByHand(t *testing.T) {
	liveByHand = true
	t.Cleanup(func() { liveByHand = false })
}

// TestLiveWatchHeard: an announcement from the server makes the watch look at once, long
// before its timer; a burst of them is one look when nothing more moved.
func TestLiveWatchHeard(t *testing.T) {
	var mu sync.Mutex
	seq := int64(5)
	notes := make(chan struct{}, 1)
	looked := make(chan struct{}, 10)
	w := &liveWatch{every: time.Hour, notes: notes, done: make(chan struct{}), seq: func() (int64, error) {
		mu.Lock()
		defer mu.Unlock()
		looked <- struct{}{}
		return seq, nil
	}}
	changed := make(chan struct{}, 10)
	go w.watch(liveEvents{changed: func() { changed <- struct{}{} }, lost: func(error) {}, back: func() {}})
	defer close(w.done)
	<-looked // where the sequence stands when the watch starts
	for i := range 3 {
		mu.Lock()
		seq++
		mu.Unlock()
		start := time.Now()
		notes <- struct{}{}
		select {
		case <-changed:
			if took := time.Since(start); took > time.Second {
				t.Errorf("announcement %d: looked after %v", i, took)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("announcement %d: the watch did not look", i)
		}
	}
	notes <- struct{}{} // announced, but the sequence did not move
	select {
	case <-changed:
		t.Error("a change reported with the sequence where it was")
	case <-time.After(100 * time.Millisecond):
	}
}

// TestLiveWatch: the watch calls back once for each move of the sequence, not for a quiet
// store, keeps going through a server that does not answer for a while, and stops when told.
func TestLiveWatch(t *testing.T) {
	var mu sync.Mutex
	answers := []struct {
		seq int64
		err error
	}{{5, nil}, {5, nil}, {6, nil}, {0, errors.New("connection refused")}, {0, errors.New("connection refused")}, {6, nil}, {9, nil}}
	calls := 0
	w := &liveWatch{every: time.Millisecond, done: make(chan struct{}), seq: func() (int64, error) {
		mu.Lock()
		defer mu.Unlock()
		a := answers[min(calls, len(answers)-1)]
		calls++
		return a.seq, a.err
	}}
	changed := make(chan int64, 10)
	var lost, back int
	go w.watch(liveEvents{
		changed: func() {
			mu.Lock()
			defer mu.Unlock()
			changed <- answers[calls-1].seq
		},
		lost: func(error) { mu.Lock(); lost++; mu.Unlock() },
		back: func() { mu.Lock(); back++; mu.Unlock() },
	})
	var got []int64
	for len(got) < 2 {
		select {
		case s := <-changed:
			got = append(got, s)
		case <-time.After(5 * time.Second):
			t.Fatalf("after %v the watch went quiet", got)
		}
	}
	close(w.done)
	if got[0] != 6 || got[1] != 9 {
		t.Errorf("got changes at %v, want at 6 and 9 (the outage is no change)", got)
	}
	mu.Lock()
	if lost != 1 || back != 1 {
		t.Errorf("the outage was reported lost %d and back %d times, want once each", lost, back)
	}
	mu.Unlock()
	select {
	case s := <-changed:
		t.Errorf("a change at %d with nothing moving", s)
	case <-time.After(50 * time.Millisecond):
	}
}

// TestSignOutWhileServerAway: with the server gone, Ctrl+L still reaches the sign-in screen,
// which says the server did not answer, and the tabs of the ended session can no longer be
// opened (they belonged to the person who left).
func TestSignOutWhileServerAway(t *testing.T) {
	watchByHand(t)
	url := pgtest.URL(t)
	setUpServerOffice(t, url)
	a := test.NewTempApp(t)
	speakChinese()
	a.Settings().SetTheme(newTheme())
	m := serverDesk(t, a, url)
	signIn(t, m, "lichu")
	m.store.Close() // the connection to the server is gone
	pressShortcut(t, m.win.Canvas(), signOutShortcut)
	if m.user != nil || m.login == nil {
		t.Fatalf("Ctrl+L with the server away: user %v, sign-in shown %v", m.user, m.login != nil)
	}
	if !strings.Contains(m.login.message.Text, "单位服务器") {
		t.Errorf("the sign-in says %q, want it to say the server did not answer", m.login.message.Text)
	}
	if !strings.Contains(shown(m.win.Canvas()), "审档 · 厦门市司法局") {
		t.Errorf("the sign-in with the server away lost the office's name: %s", shown(m.win.Canvas()))
	}
	for _, tab := range []*container.TabItem{m.queue, m.review, m.archive, m.settings} {
		m.onTab(tab) // what a click on a tab left from the session did: it must not crash
	}
	assertNoEnglish(t, "the sign-in with the server away", m.win.Canvas(), append(dataWords, "127.0.0.1", "t_")...)
}

// TestSetUpElsewhere: a second desk opened on an empty server shows the first-start form; when
// another desk sets the office up first, 创建并登录 leads to the sign-in, saying why, and
// overwrites nothing.
func TestSetUpElsewhere(t *testing.T) {
	url := pgtest.URL(t)
	a := test.NewTempApp(t)
	speakChinese()
	a.Settings().SetTheme(newTheme())
	m := serverDesk(t, a, url)
	if m.setup == nil {
		t.Fatal("an empty server does not show the first-start form")
	}
	setUpServerOffice(t, url) // another desk was quicker
	s := m.setup
	test.Type(s.fondsName, "另一个单位")
	test.Type(s.fondsCode, "Z999")
	test.Type(s.divisions, "BGS 办公室")
	test.Type(s.adminName, "admin2")
	test.Type(s.adminFullName, "另一位管理员")
	test.Type(s.password, "admin-password")
	test.Type(s.confirm, "admin-password")
	test.Tap(s.create)
	if m.login == nil || !strings.Contains(m.login.message.Text, "已在另一台电脑上设置好") {
		t.Fatalf("after 创建并登录 on an office set up elsewhere: sign-in %v, %s", m.login != nil, shown(m.win.Canvas()))
	}
	st, err := m.store.Settings()
	if err != nil || st.FondsName != "厦门市司法局" {
		t.Errorf("the settings after the refused setup: %+v, %v", st, err)
	}
	assertNoEnglish(t, "the sign-in after setup elsewhere", m.win.Canvas(), append(dataWords, "127.0.0.1", "t_")...)
}
