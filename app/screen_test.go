package main

import (
	"testing"

	"fyne.io/fyne/v2"
)

func TestFitWindow(t *testing.T) {
	tests := []struct {
		name  string
		w, h  int
		scale float32
		want  fyne.Size
	}{
		{"a large screen", 1920, 1080, 1, windowSize},
		{"1366×768", 1366, 768, 1, fyne.NewSize(1280, 696)},
		{"1024×768", 1024, 768, 1, fyne.NewSize(1000, 696)},
		{"1920×1080 at 150%", 1920, 1080, 1.5, fyne.NewSize(1256, 648)},
		{"not told", 0, 0, 1, windowSize},
		{"no scale", 1024, 768, 0, fyne.NewSize(1000, 696)},
	}
	for _, tt := range tests {
		if got := fitWindow(windowSize, tt.w, tt.h, tt.scale); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestScreenSize: the screen's size is told in pixels, or 0×0; never a negative size.
func TestScreenSize(t *testing.T) {
	w, h := screenSize()
	if w < 0 || h < 0 || (w == 0) != (h == 0) {
		t.Errorf("got %d×%d", w, h)
	}
	t.Logf("screen %d×%d", w, h)
}
