package main

import (
	"log"
	"time"

	"fyne.io/fyne/v2"
)

// On the office server several desks write at once. A window on the server watches the audit
// log's last entry: when another desk proposed, decided, published or filed, 待办's count and
// the screen shown are reloaded within a second or two, without a click. Every write of the
// procedure appends an audit entry in its own transaction, so the entry's sequence moving is
// exactly "something changed". A window on the workstation's own store has no other writer
// (the directory is locked) and does not watch.

// liveEvery is how often a window on the server asks whether the store changed.
const liveEvery = time.Second

// liveWatch polls the store's audit sequence until done is closed.
type liveWatch struct {
	every time.Duration
	seq   func() (int64, error) // the last audit entry's sequence
	done  chan struct{}
}

// startLive starts watching the server for other desks' writes; on a workstation's own store
// it does nothing.
func (m *mainWindow) startLive() {
	if m.info.server == "" {
		return
	}
	m.live = &liveWatch{every: liveEvery, done: make(chan struct{}), seq: func() (int64, error) {
		e, err := m.store.LastAudit()
		return e.Seq, err
	}}
	go m.live.watch(func() { fyne.Do(m.storeChanged) })
}

func (m *mainWindow) stopLive() {
	if m.live != nil {
		close(m.live.done)
		m.live = nil
	}
}

// watch calls changed each time the sequence moves. A failed read is logged once per outage
// and tried again at the next tick: the server may come back.
func (l *liveWatch) watch(changed func()) {
	t := time.NewTicker(l.every)
	defer t.Stop()
	last, err := l.seq()
	down := err != nil
	for {
		select {
		case <-l.done:
			return
		case <-t.C:
		}
		seq, err := l.seq()
		switch {
		case err != nil:
			if !down {
				log.Printf("live: cannot read the server's audit log: %v", err)
			}
			down = true
			continue
		case down:
			log.Print("live: the server answers again")
			down = false
		}
		if seq != last {
			last = seq
			changed()
		}
	}
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
			m.say(userMessage(err))
			return
		}
		m.showTaskCount()
	}
	if m.tabs.Selected() == m.archive {
		if err := m.archiveView.reload(); err != nil {
			m.say(userMessage(err))
		}
	}
	// 设置 is not reloaded: it may hold the administrator's unsaved edits. It reloads when
	// opened.
}
