package main

import (
	"bytes"
	"errors"
	"log"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"shendang.gov.cn/shendang/archive"
)

func TestStartupErrorWindow(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	dir := t.TempDir()
	first, err := archive.Open(storeDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	_, err = archive.Open(storeDir(dir))
	if !errors.Is(err, archive.ErrStoreInUse) {
		t.Fatalf("second open: %v, want ErrStoreInUse", err)
	}

	q := &quitRecorder{App: a}
	e := newStartupErrorWindow(q, "无法打开数据目录 /home/reviewer/shendang", err)
	defer e.win.Close()
	if !strings.Contains(e.heading.Text, "/home/reviewer/shendang") {
		t.Errorf("heading %q does not name the data directory", e.heading.Text)
	}
	if e.message.Text != userMessage(err) {
		t.Errorf("message %q, want %q", e.message.Text, userMessage(err))
	}
	if e.quit.Text != "退出" {
		t.Errorf("button %q, want 退出", e.quit.Text)
	}
	e.win.Resize(fyne.NewSize(560, 200))
	assertMarkup(t, "startup_error.xml", e.win.Canvas())
	test.Tap(e.quit)
	if q.quits != 1 {
		t.Errorf("退出 quit the program %d times, want once", q.quits)
	}
}

// quitRecorder is the test app, counting the times the program is told to quit (the test
// app's own Quit does nothing).
type quitRecorder struct {
	fyne.App
	quits int
}

func (q *quitRecorder) Quit() { q.quits++ }

// lockedBuffer is a log's output, read while the log's goroutine writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestCollectGarbageEvery: the GC runs on its schedule and its error is logged, not fatal; after
// stop, it runs no more. A store in memory has no value log to collect: each run is an error.
func TestCollectGarbageEvery(t *testing.T) {
	var logged lockedBuffer
	log.SetOutput(&logged)
	defer log.SetOutput(os.Stderr)
	stop := collectGarbageEvery(memStore(t), time.Millisecond)
	waitFor(t, "a GC run", func() bool { return strings.Count(logged.String(), "value-log GC") >= 2 })
	stop()
	time.Sleep(20 * time.Millisecond) // a tick under way when stop came may still log
	after := logged.String()
	time.Sleep(50 * time.Millisecond)
	if got := logged.String(); got != after {
		t.Errorf("got %q logged after stop, want nothing more", strings.TrimPrefix(got, after))
	}
}

// TestStartupErrorRetry: when the office server cannot be reached at start, the window says so
// with 重试; pressing it tries again, says it is reconnecting, and is pressable again once the
// attempt ended (here: the server is still away, and says so).
func TestStartupErrorRetry(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	_, err := openServer("postgres://nobody@127.0.0.1:1/none?connect_timeout=5")
	if !errors.Is(err, archive.ErrServer) {
		t.Fatalf("open an unreachable server: %v, want ErrServer", err)
	}
	e := newStartupErrorWindow(a, "无法连接单位服务器 postgres://nobody@127.0.0.1:1/none", err)
	defer e.win.Close()
	if e.retry.Visible() {
		t.Error("重试 shown for an error that retrying cannot mend")
	}
	var finish func()
	tries := 0
	e.onRetry(func(done func()) { tries++; finish = done })
	c := e.win.Canvas()
	tapButton(t, c, "重试")
	if tries != 1 || !e.retry.Disabled() || e.message.Text != "正在重新连接…" {
		t.Fatalf("after 重试: %d tries, disabled %v, message %q", tries, e.retry.Disabled(), e.message.Text)
	}
	e.message.SetText(userMessage(err))
	finish()
	if e.retry.Disabled() {
		t.Error("重试 stays disabled after the attempt ended")
	}
	if !strings.Contains(e.message.Text, "连不上单位服务器") {
		t.Errorf("message %q, want it to say the server cannot be reached", e.message.Text)
	}
	assertNoEnglish(t, "the start on an unreachable server", c, "postgres", "nobody", "127.0.0.1", "none")
}
