package main

import (
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/software"
	"fyne.io/fyne/v2/test"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// assertMarkup compares what c renders with testdata/name, or rewrites the file with -update.
func assertMarkup(t *testing.T, name string, c fyne.Canvas) {
	t.Helper()
	if *update {
		path := filepath.Join("testdata", name)
		if err := os.WriteFile(path, []byte(test.RenderToMarkup(c)), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	test.AssertRendersToMarkup(t, name, c)
}

// assertImage compares what o renders with testdata/name, or rewrites the file with -update.
func assertImage(t *testing.T, name string, o fyne.CanvasObject) {
	t.Helper()
	c := software.NewCanvas()
	c.SetPadded(false)
	c.SetContent(o)
	c.Resize(o.MinSize())
	if *update {
		if err := writePNG(filepath.Join("testdata", name), c.Capture()); err != nil {
			t.Fatal(err)
		}
		return
	}
	test.AssertRendersToImage(t, name, c)
}

func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
