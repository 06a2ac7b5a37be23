package main

import (
	"errors"
	"log"
	"os"

	"fyne.io/fyne/v2"

	"shendang.gov.cn/shendang/archive"
)

// starter opens the window on the store the command line, the remembered choice or the person
// says (planStart), and when it cannot, says why in a window of its own that offers what can
// help: 重试, the password, 更改连接….
type starter struct {
	a   fyne.App
	cfg guiConfig
	// workspace shows the main window on s (server: s is on the office server); false when it
	// could not, having shown why.
	workspace func(s *archive.Office, server bool) bool

	opened bool  // the main window is shown
	err    error // why the store could not be opened, while it could not

	// The windows of the start, the last of each shown.
	question *startWindow
	password *secretWindow
	trouble  *startupErrorWindow
}

// run opens the first window and runs until the last is closed. It returns why the store
// could not be opened when no main window was shown.
func (st *starter) run() error {
	remembered, err := loadStoreChoice(st.cfg.dataDir)
	if err != nil {
		log.Printf("the remembered store is ignored: %v", err)
	}
	plan := planStart(st.cfg.server, remembered, hasLocalStore(st.cfg.dataDir), st.cfg.tour)
	switch {
	case plan.ask:
		st.ask()
	case plan.server != "":
		s, err := openServer(plan.server)
		st.onServer(plan.server, plan.remembered, s, err, nil)
	default:
		st.openLocal(nil)
	}
	st.a.Run()
	if !st.opened {
		return st.err
	}
	return nil
}

// show shows the main window on s; from, the window that led there, is closed when it did.
func (st *starter) show(s *archive.Office, server bool, from fyne.Window) {
	if st.workspace(s, server) {
		st.opened, st.err = true, nil
		closeWindow(from)
	}
}

// closeWindow closes w, a window the start has done with; nil is none.
func closeWindow(w fyne.Window) {
	if w != nil {
		w.Close()
	}
}

// ask shows the first-start question: 本机使用 or 连接单位服务器.
func (st *starter) ask() {
	st.question = st.newStartWindow()
	st.question.win.Show()
}

// newStartWindow makes the question's window: 本机使用 forgets any remembered server and opens
// the data directory's store; a server connected to is remembered, without its password.
func (st *starter) newStartWindow() *startWindow {
	var w *startWindow
	w = newStartWindow(st.a, func() {
		local := func() {
			if err := forgetServer(st.cfg.dataDir); err != nil {
				log.Printf("forget the remembered server: %v", err)
			}
			st.openLocal(w.win)
		}
		remembered, _ := loadStoreChoice(st.cfg.dataDir)
		if remembered.Server == "" {
			local()
			return
		}
		confirmLocal(w.win, addressOf(remembered.Server).place(), local)
	}, func(s *archive.Office, url string) {
		if err := rememberServer(st.cfg.dataDir, url); err != nil {
			log.Printf("remember the server: %v", err) // this start goes on; the next asks again
		}
		st.show(s, true, w.win)
	})
	return w
}

// confirmLocal asks before a desk that worked on the office server at place turns to its own
// data directory: the other desks' work would no longer be seen here.
func confirmLocal(win fyne.Window, place string, local func()) {
	askQuestion("改为本机使用？", "这台电脑将不再连接单位服务器 "+place+"，改用本机数据目录中的数据"+
		"（其他电脑办理的事项在这里都看不到）。单位服务器上的数据不受影响。", "改为本机使用", "取消", func(ok bool) {
		if ok {
			local()
		}
	}, win)
}

// openLocal opens the data directory's store, asking for the passphrase of an encrypted one.
func (st *starter) openLocal(from fyne.Window) {
	s, err := archive.Open(storeDir(st.cfg.dataDir), archive.Options{Passphrase: os.Getenv(passphraseEnv)})
	switch {
	case errors.Is(err, archive.ErrWrongPassphrase):
		var p *secretWindow
		p = newPassphraseWindow(st.a, st.cfg.dataDir, func(s *archive.Office) { st.show(s, false, p.win) })
		p.win.Show()
		closeWindow(from)
	case err != nil:
		st.err = err
		st.trouble = newStartupErrorWindow(st.a, "无法打开数据目录 "+st.cfg.dataDir, err)
		st.trouble.win.Show()
		closeWindow(from)
	default:
		st.show(s, false, from)
	}
}

// onServer goes on from an attempt to open the store on the server at url: the main window,
// or the password asked for, or why not with 重试. changeable offers 更改连接… (not for a
// server the command line gave). from is the window the attempt was made from.
func (st *starter) onServer(url string, changeable bool, s *archive.Office, err error, from fyne.Window) {
	if err == nil {
		st.show(s, true, from)
		return
	}
	st.err = err
	if errors.Is(err, archive.ErrPasswordNeeded) {
		st.askPassword(url, changeable)
		closeWindow(from)
		return
	}
	e := newStartupErrorWindow(st.a, "无法连接单位服务器 "+addressOf(url).place(), err)
	st.trouble = e
	e.onRetry(func(done func()) {
		var s *archive.Office
		var err error
		offUI(func() { s, err = openServer(url) }, func() {
			done()
			if err != nil && !errors.Is(err, archive.ErrPasswordNeeded) {
				st.err = err
				e.message.SetText(userMessage(err) + e.tried)
				return
			}
			st.onServer(url, changeable, s, err, e.win)
		})
	})
	if changeable {
		e.onChange(func() { st.change(url, e.win) })
	}
	e.win.Show()
	closeWindow(from)
}

// change shows the server form filled in with url, to connect elsewhere or use this computer.
func (st *starter) change(url string, from fyne.Window) {
	w := st.newStartWindow()
	st.question = w
	w.showForm(addressOf(url))
	w.win.Show()
	closeWindow(from)
}

// askPassword asks for the password of the server at url, which is not kept.
func (st *starter) askPassword(url string, changeable bool) {
	var p *secretWindow
	var change func()
	if changeable {
		change = func() { st.change(url, p.win) }
	}
	p = newPasswordWindow(st.a, url, change, func(s *archive.Office) { st.show(s, true, p.win) })
	st.password = p
	p.win.Show()
}
