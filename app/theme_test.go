package main

import (
	"bytes"
	"image/color"
	"log"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/font"
)

func TestThemeUsesBundledFontForEveryTextStyle(t *testing.T) {
	th := newTheme()
	styles := map[string]fyne.TextStyle{
		"regular": {}, "bold": {Bold: true}, "italic": {Italic: true},
		"bold italic": {Bold: true, Italic: true}, "monospace": {Monospace: true},
	}
	for name, style := range styles {
		if got := th.Font(style); got.Name() != uiFont.Name() || !bytes.Equal(got.Content(), uiFont.Content()) {
			t.Errorf("%s: font %q, want the bundled %q", name, got.Name(), uiFont.Name())
		}
	}
	if got := th.Font(fyne.TextStyle{Symbol: true}); got.Name() == uiFont.Name() {
		t.Error("symbol style uses the text face; it must keep Fyne's icon glyphs")
	}
	if got := th.Color(theme.ColorNamePrimary, theme.VariantDark); got != sealRed {
		t.Errorf("primary colour %v, want seal red %v", got, sealRed)
	}
	light := theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantLight)
	if got := th.Color(theme.ColorNameBackground, theme.VariantDark); got != light {
		t.Errorf("background %v in a dark system setting, want the light %v", got, light)
	}
	test.AssertAllColorNamesDefined(t, th, "shendang")
}

// TestThemeFaceIsFynesFallback: for each style the theme gives Fyne's painter the very
// resource it would load as that style's fallback, so the painter loads one face a style, not
// the bundled one and a Latin one beside it.
func TestThemeFaceIsFynesFallback(t *testing.T) {
	th := newTheme()
	for _, c := range []struct {
		style    fyne.TextStyle
		fallback fyne.Resource
	}{
		{fyne.TextStyle{}, theme.DefaultTextFont()},
		{fyne.TextStyle{Bold: true}, theme.DefaultTextBoldFont()},
		{fyne.TextStyle{Italic: true}, theme.DefaultTextItalicFont()},
		{fyne.TextStyle{Bold: true, Italic: true}, theme.DefaultTextBoldItalicFont()},
		{fyne.TextStyle{Monospace: true}, theme.DefaultTextMonospaceFont()},
		{fyne.TextStyle{Monospace: true, Bold: true}, theme.DefaultTextMonospaceFont()},
		{fyne.TextStyle{Underline: true}, theme.DefaultTextFont()},
	} {
		if got := th.Font(c.style); got != c.fallback {
			t.Errorf("%+v: got %q, want Fyne's fallback resource for the style", c.style, got.Name())
		}
	}
}

// TestChineseRendersWithBundledFont pins the pixels of a line of Chinese drawn by the test
// driver, which has no system-font fallback: without the bundled face it draws empty boxes.
func TestChineseRendersWithBundledFont(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	text := canvas.NewText("审档 秘密★1年 内部资料 〔2016〕59号", theme.Color(theme.ColorNameForeground))
	text.TextSize = 18
	assertImage(t, "chinese_text.png", container.NewPadded(text))
}

// TestLocaleC checks that the C and POSIX locales, common on servers and in CI, start the
// program without Fyne logging a locale error.
func TestLocaleC(t *testing.T) {
	for _, env := range []struct{ name, value string }{
		{"LANG", "C"}, {"LANG", "C.UTF-8"}, {"LANG", "POSIX"}, {"LC_ALL", "C"}, {"LANG", ""},
	} {
		t.Run(env.name+"="+env.value, func(t *testing.T) {
			for _, k := range []string{"LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"} {
				t.Setenv(k, "")
			}
			t.Setenv(env.name, env.value)
			var logged bytes.Buffer
			prev := log.Writer()
			log.SetOutput(&logged)
			defer log.SetOutput(prev)
			_ = lang.SystemLocale()
			_ = lang.L("Cancel")
			if logged.Len() > 0 {
				t.Errorf("logged %q", logged.String())
			}
		})
	}
}

// upstreamUIFont returns the unsubset face the bundled one was made from, which
// assets/fonts/mksubset.sh leaves in build/fonts-upstream/ (or SHENDANG_FONT_REFERENCE names),
// or nil when it is not there.
func upstreamUIFont(b *testing.B) []byte {
	path := os.Getenv("SHENDANG_FONT_REFERENCE")
	if path == "" {
		path = filepath.Join("..", "build", "fonts-upstream", "NotoSansSC_400Regular.ttf")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Logf("no upstream face to compare with (%v): run assets/fonts/mksubset.sh", err)
		return nil
	}
	return data
}

// parseCost is what one load of a face costs: its time, the bytes it allocates, and the bytes
// that stay on the heap while the face is in use.
type parseCost struct {
	ns, allocated, retained float64
}

// measureParse loads data as Fyne's painter does (go-text's font.ParseTTF, once per text
// style), n times, and returns the cost of one.
func measureParse(b *testing.B, data []byte, n int) parseCost {
	var before, after runtime.MemStats
	faces := make([]*font.Face, n)
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	for i := range faces {
		f, err := font.ParseTTF(bytes.NewReader(data))
		if err != nil {
			b.Fatalf("parse: %v", err)
		}
		faces[i] = f
	}
	elapsed := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(faces)
	return parseCost{
		ns:        float64(elapsed.Nanoseconds()) / float64(n),
		allocated: float64(after.TotalAlloc-before.TotalAlloc) / float64(n),
		retained:  float64(after.HeapAlloc-before.HeapAlloc) / float64(n),
	}
}

// BenchmarkUIFontParse measures what the window pays each time Fyne loads its face, and, when
// the upstream face is at hand, the subset's cost as a fraction of the upstream one's
// (retained-ratio, alloc-ratio, time-ratio).
func BenchmarkUIFontParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := font.ParseTTF(bytes.NewReader(uiFont.Content())); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	sub := measureParse(b, uiFont.Content(), 3)
	b.ReportMetric(sub.retained/1e6, "retained-MB")
	ref := upstreamUIFont(b)
	if ref == nil {
		return
	}
	up := measureParse(b, ref, 3)
	b.ReportMetric(up.retained/1e6, "upstream-retained-MB")
	b.ReportMetric(sub.retained/up.retained, "retained-ratio")
	b.ReportMetric(sub.allocated/up.allocated, "alloc-ratio")
	b.ReportMetric(sub.ns/up.ns, "time-ratio")
}

// contrast is the WCAG contrast ratio of two opaque colours, 1 to 21.
func contrast(a, b color.Color) float64 {
	lum := func(c color.Color) float64 {
		r, g, b, _ := c.RGBA()
		lin := func(v uint32) float64 {
			s := float64(v) / 0xffff
			if s <= 0.04045 {
				return s / 12.92
			}
			return math.Pow((s+0.055)/1.055, 2.4)
		}
		return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
	}
	la, lb := lum(a), lum(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// TestThemeTextContrast: the text a notice, a warning or an error is written in, and the text on
// a button of that importance, meets WCAG AA (4.5:1) on every background the theme paints
// text on. The green notices read 1.5:1 on white.
func TestThemeTextContrast(t *testing.T) {
	th := newTheme()
	c := func(n fyne.ThemeColorName) color.Color { return th.Color(n, theme.VariantLight) }
	backgrounds := []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameOverlayBackground,
		theme.ColorNameHeaderBackground, theme.ColorNameInputBackground, theme.ColorNameMenuBackground}
	tests := []struct {
		text fyne.ThemeColorName
		on   []fyne.ThemeColorName
	}{
		{theme.ColorNameSuccess, backgrounds},
		{theme.ColorNameWarning, backgrounds},
		{theme.ColorNameError, backgrounds},
		{theme.ColorNamePrimary, backgrounds},
		{theme.ColorNameForeground, backgrounds},
		{theme.ColorNameForegroundOnSuccess, []fyne.ThemeColorName{theme.ColorNameSuccess}},
		{theme.ColorNameForegroundOnWarning, []fyne.ThemeColorName{theme.ColorNameWarning}},
		{theme.ColorNameForegroundOnError, []fyne.ThemeColorName{theme.ColorNameError}},
		{theme.ColorNameForegroundOnPrimary, []fyne.ThemeColorName{theme.ColorNamePrimary}},
	}
	for _, tt := range tests {
		for _, bg := range tt.on {
			if got := contrast(c(tt.text), c(bg)); got < 4.5 {
				t.Errorf("%s text on %s: got %.2f:1, want at least 4.5:1", tt.text, bg, got)
			}
		}
	}
}
