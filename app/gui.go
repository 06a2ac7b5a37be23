package main

import (
	"context"
	"fmt"
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

// runGUI opens the store and the window and returns when the window is closed. Where the
// store is comes from --store or SHENDANG_STORE, else the server remembered in store.json,
// else the data directory's own store; a data directory with none asks (startup.go). An encrypted
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
	defer trimMemoryEvery(trimInterval, trimThreshold, storeDir(cfg.dataDir))()
	// workspace shows the main window on the open store; it reports an error in a window.
	workspace := func(s *archive.Office, server bool) bool {
		store, stopGC = s, collectGarbageEvery(s, gcInterval)
		rules, err := s.RuleSet()
		if err != nil {
			failed = err // the shipped lists are part of the program: a build defect
			a.Quit()
			return false
		}
		info := windowInfo{dataDir: cfg.dataDir, version: version}
		if server {
			info.server = s.Describe()
		}
		m := newMainWindow(a, info, s, rules)
		if err := m.start(); err != nil {
			failed = err
			newStartupErrorWindow(a, "无法打开数据目录 "+cfg.dataDir, err).win.Show()
			return false
		}
		m.win.SetMaster()
		m.fitScreen()
		m.win.Show()
		if cfg.tour {
			go m.tour(stdout, tourAcks(os.Stdin), tourSettle, tourHold, a.Quit)
		}
		return true
	}
	st := &starter{a: a, cfg: cfg, workspace: workspace}
	if err := st.run(); err != nil {
		return err
	}
	return failed
}

// serverTimeout bounds connecting to the office server at start: an unreachable server is
// said within it, with a retry.
const serverTimeout = 15 * time.Second

// openServer opens the store on the office server, waiting at most serverTimeout.
func openServer(url string) (*archive.Office, error) {
	ctx, cancel := context.WithTimeout(context.Background(), serverTimeout)
	defer cancel()
	return archive.OpenServer(ctx, url)
}

// startupErrorWindow says why the program cannot start, and offers to close it (and, where
// trying again can help, to retry).
type startupErrorWindow struct {
	win     fyne.Window
	heading *widget.Label
	message *widget.Label
	quit    *widget.Button
	retry   *widget.Button // shown by onRetry
	change  *widget.Button // 更改连接…, shown by onChange
	buttons *fyne.Container
	tried   string // when the last retry was, said after its failure
}

func newStartupErrorWindow(a fyne.App, heading string, err error) *startupErrorWindow {
	e := &startupErrorWindow{win: a.NewWindow("审档 — 无法启动")}
	e.heading = newHeading(heading)
	e.heading.Wrapping = fyne.TextWrapBreak
	e.message = widget.NewLabel(userMessage(err))
	e.message.Wrapping = fyne.TextWrapWord
	e.quit = widget.NewButton("退出", a.Quit)
	e.quit.Importance = widget.HighImportance
	e.retry = widget.NewButtonWithIcon("重试", theme.ViewRefreshIcon(), nil)
	e.retry.Hide()
	e.change = widget.NewButton("更改连接…", nil)
	e.change.Hide()
	icon := container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(48), widget.NewIcon(theme.ErrorIcon())))
	e.buttons = container.NewHBox(e.change, e.retry, e.quit)
	e.win.SetContent(container.NewBorder(nil, container.NewCenter(e.buttons), icon, nil,
		container.NewVBox(e.heading, e.message)))
	e.win.Resize(fyne.NewSize(560, 200))
	return e
}

// onRetry shows 重试, which runs try; try calls done when it has finished, and the button is
// disabled until then.
func (e *startupErrorWindow) onRetry(try func(done func())) {
	tries := 0
	e.retry.OnTapped = func() {
		tries++
		e.retry.Disable()
		e.message.SetText("正在重新连接…")
		try(func() {
			e.retry.Enable()
			e.tried = fmt.Sprintf("（第 %d 次重试，%s）", tries, time.Now().Format("15:04:05"))
		})
	}
	e.retry.Importance = widget.HighImportance
	e.quit.Importance = widget.MediumImportance
	e.quit.Refresh()
	e.retry.Show()
}

// onChange shows 更改连接…, which runs change: the server form, to connect elsewhere.
func (e *startupErrorWindow) onChange(change func()) {
	e.change.OnTapped = change
	e.change.Show()
	e.buttons.Refresh()
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
