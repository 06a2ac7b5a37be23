package main

import (
	"fmt"
	"image/png"
	"log"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// settleTime is how long a screen is given to lay out and paint before it is captured.
const settleTime = 800 * time.Millisecond

// captureScreens visits every screen of the window, writes what the real driver painted to
// dir/<name>.png, and then calls done. It runs on its own goroutine and touches widgets only
// through fyne.DoAndWait. `make screenshots` uses it under Xvfb for the README.
func (m *mainWindow) captureScreens(dir string, done func()) {
	defer fyne.Do(done)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		log.Printf("screenshots: %v", err)
		return
	}
	screens := []struct {
		name string
		tab  *container.TabItem
	}{{"queue", m.queue}, {"review", m.review}, {"archive", m.archive}, {"settings", m.settings}}
	time.Sleep(2 * settleTime) // the first frame, fonts loaded
	for _, s := range screens {
		fyne.DoAndWait(func() { m.tabs.Select(s.tab) })
		time.Sleep(settleTime)
		if err := writePNG(filepath.Join(dir, s.name+".png"), m.win.Canvas()); err != nil {
			log.Printf("screenshots: %v", err)
			return
		}
	}
}

func writePNG(path string, c fyne.Canvas) error {
	img := c.Capture()
	if img == nil {
		return fmt.Errorf("capture %s: the canvas returned no image", path)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}
