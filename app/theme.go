package main

import (
	"image/color"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/assets"
)

// sealRed is the red of an official seal, used as the primary colour.
var sealRed = color.NRGBA{R: 0xc8, G: 0x10, B: 0x2e, A: 0xff}

// shendangTheme is Fyne's default theme with the bundled CJK face for every text style, so
// Chinese renders on a machine without CJK fonts and under the test driver, where system-font
// fallback is off.
type shendangTheme struct {
	fyne.Theme
}

var _ fyne.Theme = (*shendangTheme)(nil)

// uiFont is the bundled face as a Fyne resource. Fyne's painter loads it once for every text
// style it draws (regular and bold at the sign-in; italic or monospace add one each), so its cost
// counts several times over: assets ships it subset and with CFF outlines, which go-text keeps
// undecoded until a glyph is drawn (assets/fonts/README.md).
var uiFont = fyne.NewStaticResource(assets.UIFontName, assets.UIFont())

// appIcon is the application icon.
var appIcon = fyne.NewStaticResource("icon.png", assets.Icon())

func newTheme() fyne.Theme {
	adoptFyneFaces.Do(func() {
		for _, r := range fyneFaces() {
			if s, ok := r.(*fyne.StaticResource); ok {
				s.StaticName, s.StaticContent = uiFont.StaticName, uiFont.StaticContent
			}
		}
	})
	return &shendangTheme{Theme: theme.DefaultTheme()}
}

// adoptFyneFaces makes Fyne's own text faces (Noto Sans, Latin only) the bundled face, once.
// For every text style Fyne's painter loads the theme's face and, as its fallback, Fyne's face
// for that style, unless the two are the same resource: with the theme returning Fyne's
// resources holding the bundled face, each style loads one face, not two. The Latin faces
// would draw nothing the bundled one lacks but for a few scripts, which a machine's own fonts
// still supply, and each cost 3 MB of decoded outlines a style.
var adoptFyneFaces sync.Once

// fyneFaces returns Fyne's text face resources, one for each style Fyne chooses a fallback
// for.
func fyneFaces() []fyne.Resource {
	return []fyne.Resource{theme.DefaultTextFont(), theme.DefaultTextBoldFont(), theme.DefaultTextItalicFont(),
		theme.DefaultTextBoldItalicFont(), theme.DefaultTextMonospaceFont()}
}

// Font returns the bundled face for every style but Symbol, which keeps Fyne's icon glyphs, as
// the resource Fyne itself uses for that style (adoptFyneFaces). The face has one weight, so
// bold and italic text use it as it is rather than fall back to a Latin face without hanzi.
func (t *shendangTheme) Font(style fyne.TextStyle) fyne.Resource {
	switch { // the order in which Fyne's painter chooses its fallback
	case style.Symbol:
		return t.Theme.Font(style)
	case style.Monospace:
		return theme.DefaultTextMonospaceFont()
	case style.Bold && style.Italic:
		return theme.DefaultTextBoldItalicFont()
	case style.Bold:
		return theme.DefaultTextBoldFont()
	case style.Italic:
		return theme.DefaultTextItalicFont()
	}
	return theme.DefaultTextFont()
}

// newHeading is the heading of a section of a screen (按处室, 退回原因, 【正文】, the annual report's
// parts): bold, and in the theme's sub-heading size. The bundled face has one weight (Font), so
// bold alone drew a heading exactly as the text under it; Fyne synthesises no bold, and a second,
// bold face would add 9 MB to the program and as much again to its memory (assets/fonts). The
// size is what tells a heading apart; bold is kept for the day a bold face is bundled.
func newHeading(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

// The colours of text that says how things went: a notice that something was done, a warning,
// an error. Fyne's light variant draws them as #43f436, #ff9800 and #f44336, 1.5:1, 2.2:1 and
// 3.7:1 on white, and a clerk could hardly read the green notices; these are darker shades
// of the same hues that meet WCAG AA for text (4.5:1) on every background the theme paints text
// on (TestThemeTextContrast). White on them, as on a button of that importance, does too.
var (
	successGreen = color.NRGBA{R: 0x1b, G: 0x7a, B: 0x2e, A: 0xff}
	warningAmber = color.NRGBA{R: 0xa1, G: 0x5c, B: 0x00, A: 0xff}
	errorRed     = color.NRGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff}
)

// Color is the light variant of the default colours, with seal red as the primary colour and
// the readable success, warning and error colours above. The variant is fixed: offices work
// beside printed forms, and a Linux desktop without a settings portal would otherwise fall back
// to dark.
func (t *shendangTheme) Color(name fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch name {
	case theme.ColorNamePrimary:
		return sealRed
	case theme.ColorNameSuccess:
		return successGreen
	case theme.ColorNameWarning:
		return warningAmber
	case theme.ColorNameError:
		return errorRed
	}
	return t.Theme.Color(name, theme.VariantLight)
}
