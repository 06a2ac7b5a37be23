package main

import (
	"errors"
	"io"
	"log"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
)

// appID identifies the application to Fyne (preferences, single settings folder).
const appID = "cn.gov.shendang"

// runGUI opens the store and the window and returns when the window is closed. An encrypted
// store whose passphrase SHENDANG_PASSPHRASE does not give is first asked for. When the store
// cannot be opened, it shows why in a window of its own (the user may have started the program
// from a desktop icon, with no terminal to read) and returns the error.
func runGUI(cfg guiConfig, stdout io.Writer) error {
	if err := os.MkdirAll(cfg.dataDir, 0o700); err == nil {
		defer openLog(cfg.dataDir, os.Stderr)()
	}
	speakChinese()
	a := app.NewWithID(appID)
	a.Settings().SetTheme(newTheme())
	a.SetIcon(appIcon)

	var store *archive.Office
	var stopGC func()
	var failed error
	defer func() {
		if store != nil {
			stopGC()
			store.Close()
		}
	}()
	if path := os.Getenv(heapProfileEnv); path != "" {
		defer writeHeapProfile(path) // runs before the store closes
	}
	defer trimMemoryEvery(trimInterval, trimThreshold)()
	// workspace shows the main window on the open store; it reports an error in a window.
	workspace := func(s *archive.Office) bool {
		store, stopGC = s, collectGarbageEvery(s, gcInterval)
		rules, err := s.RuleSet()
		if err != nil {
			failed = err // the shipped lists are part of the program: a build defect
			a.Quit()
			return false
		}
		m := newMainWindow(a, windowInfo{dataDir: cfg.dataDir, version: version}, s, rules)
		if err := m.start(); err != nil {
			failed = err
			newStartupErrorWindow(a, cfg.dataDir, err).win.Show()
			return false
		}
		m.win.SetMaster()
		m.win.Show()
		if cfg.tour {
			go m.tour(stdout, tourAcks(os.Stdin), tourSettle, tourHold, a.Quit)
		}
		return true
	}

	s, err := archive.Open(storeDir(cfg.dataDir), archive.Options{Passphrase: os.Getenv(passphraseEnv)})
	switch {
	case errors.Is(err, archive.ErrWrongPassphrase):
		var p *passphraseWindow
		p = newPassphraseWindow(a, cfg.dataDir, func(s *archive.Office) {
			if workspace(s) {
				p.win.Close()
			}
		})
		p.win.Show()
	case err != nil:
		showStartupError(a, cfg.dataDir, err)
		return err
	default:
		if !workspace(s) {
			a.Run() // the error window
			return failed
		}
	}
	a.Run()
	return failed
}

// startupErrorWindow says why the program cannot start, and offers to close it.
type startupErrorWindow struct {
	win     fyne.Window
	heading *widget.Label
	message *widget.Label
	quit    *widget.Button
}

func newStartupErrorWindow(a fyne.App, dataDir string, err error) *startupErrorWindow {
	e := &startupErrorWindow{win: a.NewWindow("审档 — 无法启动")}
	e.heading = widget.NewLabel("无法打开数据目录 " + dataDir)
	e.heading.TextStyle.Bold = true
	e.heading.Wrapping = fyne.TextWrapBreak
	e.message = widget.NewLabel(userMessage(err))
	e.message.Wrapping = fyne.TextWrapWord
	e.quit = widget.NewButton("关闭", a.Quit)
	e.quit.Importance = widget.HighImportance
	icon := container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(48), widget.NewIcon(theme.ErrorIcon())))
	e.win.SetContent(container.NewBorder(nil, container.NewCenter(e.quit), icon, nil,
		container.NewVBox(e.heading, e.message)))
	e.win.Resize(fyne.NewSize(560, 200))
	return e
}

// showStartupError shows err in a small window and runs until the user closes it.
func showStartupError(a fyne.App, dataDir string, err error) {
	newStartupErrorWindow(a, dataDir, err).win.ShowAndRun()
}

// gcInterval is how often the window reclaims space in the store's value log.
const gcInterval = 10 * time.Minute

// collectGarbageEvery runs the store's value-log GC on a schedule until the returned function
// is called. Errors are logged: a failed GC loses nothing.
func collectGarbageEvery(s *archive.Office, every time.Duration) (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if err := s.CollectGarbage(); err != nil {
					log.Print(err)
				}
			}
		}
	}()
	return func() { close(done) }
}
