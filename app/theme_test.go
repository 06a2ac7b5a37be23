package main

import (
	"bytes"
	"log"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

func TestThemeUsesBundledFontForEveryTextStyle(t *testing.T) {
	th := newTheme()
	styles := map[string]fyne.TextStyle{
		"regular": {}, "bold": {Bold: true}, "italic": {Italic: true},
		"bold italic": {Bold: true, Italic: true}, "monospace": {Monospace: true},
	}
	for name, style := range styles {
		if got := th.Font(style); got != uiFont {
			t.Errorf("%s: font %q, want the bundled %q", name, got.Name(), uiFont.Name())
		}
	}
	if got := th.Font(fyne.TextStyle{Symbol: true}); got == uiFont {
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
