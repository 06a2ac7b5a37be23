package main

import (
	"context"
	"log"
	"time"

	"fyne.io/fyne/v2"
)

// On the office server several desks write at once. A window on the server watches the audit
// log's last entry: when another desk proposed, decided, published or filed, 待办's count and
// the screen shown are reloaded at once, without a click. Every write of the procedure appends
// an audit entry in its own transaction, so the entry's sequence moving is exactly "something
// changed". The window looks when the server announces a commit (archive's Changes: LISTEN/
// NOTIFY) and, in case an announcement is lost, every liveEvery. A window on the workstation's
// own store has no other writer (the directory is locked) and does not watch.

// liveEvery is how often a window on the server looks whether the store changed without being
// told.
const liveEvery = 2 * time.Second

// liveByHand keeps windows from watching the server: the window tests call storeChanged
// themselves, since Fyne's test driver runs fyne.Do on the caller's goroutine.
var liveByHand = false

// liveWatch looks at the store's audit sequence when told and on a timer, until done is closed.
type liveWatch struct {
	every time.Duration
	seq   func() (int64, error) // the last audit entry's sequence
	notes <-chan struct{}       // the server's announcements of commits; nil for none
	done  chan struct{}
}

// liveEvents are what a watch reports: another write, the server gone away, the server back.
type liveEvents struct {
	changed func()
	lost    func(error)
	back    func()
}

// startLive starts watching the server for other desks' writes; on a workstation's own store
// it does nothing.
func (m *mainWindow) startLive() {
	if m.info.server == "" || liveByHand {
		return
	}
	done := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-done; cancel() }()
	notes := m.store.Changes(ctx)
	m.live = &liveWatch{every: liveEvery, done: done, notes: notes, seq: func() (int64, error) {
		e, err := m.store.LastAudit()
		return e.Seq, err
	}}
	go m.live.watch(liveEvents{
		changed: func() { fyne.Do(m.storeChanged) },
		lost:    func(err error) { fyne.Do(func() { m.serverLost(err) }) },
		back:    func() { fyne.Do(m.serverBack) },
	})
}

func (m *mainWindow) stopLive() {
	if m.live != nil {
		close(m.live.done)
		m.live = nil
	}
}

// watch reports each move of the sequence, and an outage once when it starts and once when it
// ends: the server may come back, and the window goes on as before. It looks at the sequence
// on each announcement and each tick.
func (l *liveWatch) watch(ev liveEvents) {
	t := time.NewTicker(l.every)
	defer t.Stop()
	last, err := l.seq()
	down := err != nil
	if down {
		ev.lost(err)
	}
	for {
		select {
		case <-l.done:
			return
		case <-t.C:
		case <-l.notes:
		}
		seq, err := l.seq()
		switch {
		case err != nil:
			if !down {
				log.Printf("live: cannot read the server's audit log: %v", err)
				ev.lost(err)
			}
			down = true
			continue
		case down:
			log.Print("live: the server answers again")
			down = false
			ev.back()
		}
		if seq != last {
			last = seq
			ev.changed()
		}
	}
}

// serverLost says in the status line that the office server does not answer, so that nobody
// mistakes an empty 待办 for having nothing to do.
func (m *mainWindow) serverLost(err error) {
	if m.user == nil {
		return
	}
	m.say("单位服务器暂时连不上，正在自动重试；此时的办理不会保存。（" + userMessage(err) + "）")
}

// serverBack restores the status line and reloads what is shown once the server answers again.
func (m *mainWindow) serverBack() {
	if m.user == nil {
		return
	}
	m.showStatus()
	m.countTasks()
	m.onTab(m.tabs.Selected())
}

// storeChanged reloads what the signed-in person sees after another desk wrote: 待办, when
// their tasks changed, with its count, and 归档 when it is shown (each keeping the person's
// place).
func (m *mainWindow) storeChanged() {
	if m.user == nil || m.locked != nil {
		return
	}
	if m.queueView != nil {
		if err := m.queueView.refreshIfChanged(); err != nil {
			m.sayError(err)
			return
		}
		m.showTaskCount()
	}
	if m.tabs.Selected() == m.archive {
		if err := m.archiveView.reload(); err != nil {
			m.sayError(err)
		}
	}
	// 设置 is not reloaded: it may hold the administrator's unsaved edits. It reloads when
	// opened.
}
