package main

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"shendang.gov.cn/shendang/archive"
)

// TestIdleLockWatch: the watch locks once the idle time reaches the office's limit, not before,
// and not when the system cannot tell.
func TestIdleLockWatch(t *testing.T) {
	tests := []struct {
		name  string
		idle  []time.Duration // what the system says at each tick; -1 means it cannot tell
		locks bool
	}{
		{"away long enough", []time.Duration{time.Minute, 10 * time.Minute, 15 * time.Minute}, true},
		{"back in time", []time.Duration{14 * time.Minute, time.Second, 14 * time.Minute}, false},
		{"the system cannot tell", []time.Duration{-1, -1, -1}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tick := 0
			l := &idleLock{after: 15 * time.Minute, every: time.Millisecond, done: make(chan struct{}),
				idle: func() (time.Duration, bool) {
					if tick >= len(tt.idle) {
						return 0, true
					}
					d := tt.idle[tick]
					tick++
					return d, d >= 0
				}}
			locked := make(chan struct{}, 1)
			go l.watch(func() { locked <- struct{}{} })
			select {
			case <-locked:
				if !tt.locks {
					t.Error("locked, want not")
				}
			case <-time.After(200 * time.Millisecond):
				if tt.locks {
					t.Error("did not lock")
				}
			}
			close(l.done)
		})
	}
}

func TestIdleLockChoices(t *testing.T) {
	for _, tt := range []struct {
		minutes int
		want    time.Duration
		label   string
	}{{0, 15 * time.Minute, "15 分钟"}, {5, 5 * time.Minute, "5 分钟"}, {-1, 0, "从不锁定"}} {
		st := archive.Settings{IdleLockMinutes: tt.minutes}
		if got := st.IdleLock(); got != tt.want {
			t.Errorf("IdleLockMinutes %d: IdleLock %v, want %v", tt.minutes, got, tt.want)
		}
		if got := idleLabel(st); got != tt.label {
			t.Errorf("IdleLockMinutes %d: label %q, want %q", tt.minutes, got, tt.label)
		}
	}
}

// TestLockAndUnlock: the locked window hides the workspace and its dialogs; a wrong password
// is refused; the right one brings both back as they were; 切换用户 signs out instead.
func TestLockAndUnlock(t *testing.T) {
	m := officeWindow(t)
	c := m.win.Canvas()
	signIn(t, m, "zhangsan")
	m.onAbout()
	m.lock()
	if m.locked == nil || c.Overlays().Top() == nil || findButton(c.Overlays().Top(), "解锁") == nil {
		t.Fatalf("the lock screen does not cover the window and its dialogs: top %T %v", c.Overlays().Top(), m.locked != nil)
	}
	assertNoEnglish(t, "the lock screen", c, dataWords...)
	test.Type(m.locked.password, "wrong-password")
	test.Tap(m.locked.unlock)
	if m.locked == nil || m.locked.message.Text != "密码不正确。" {
		t.Fatalf("a wrong password unlocked, or said %q", m.locked.message.Text)
	}
	test.Type(m.locked.password, staffPassword)
	test.Tap(m.locked.unlock)
	if m.locked != nil || c.Content() != m.body || c.Overlays().Top() == nil || !strings.Contains(shown(c), "数据目录") || m.user.Name != "zhangsan" {
		t.Fatal("unlocking did not bring the workspace back as it was")
	}
	closeTop(c)
	m.lock()
	test.Tap(m.locked.switchUser)
	if m.user != nil || m.login == nil {
		t.Error("切换用户 on the lock screen did not sign out")
	}
	signIn(t, m, "wangwu")
}
