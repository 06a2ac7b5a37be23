package main

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"shendang.gov.cn/shendang/assets"
)

// sealRed is the red of an official seal, used as the primary colour.
var sealRed = color.NRGBA{R: 0xc8, G: 0x10, B: 0x2e, A: 0xff}

// shendangTheme is Fyne's default theme with the bundled CJK face for every text style, so
// Chinese renders on a machine without CJK fonts and under the test driver, where system-font
// fallback is off.
type shendangTheme struct {
	fyne.Theme
	text fyne.Resource
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
	return &shendangTheme{Theme: theme.DefaultTheme(), text: uiFont}
}

// Font returns the bundled face for every style but Symbol, which keeps Fyne's icon glyphs. The
// face has one weight, so bold and italic text use it as it is rather than fall back to a Latin
// face without hanzi.
func (t *shendangTheme) Font(style fyne.TextStyle) fyne.Resource {
	if style.Symbol {
		return t.Theme.Font(style)
	}
	return t.text
}

// Color is the light variant of the default colours, with seal red as the primary colour. The
// variant is fixed: offices work beside printed forms, and a Linux desktop without a settings
// portal would otherwise fall back to dark.
func (t *shendangTheme) Color(name fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	if name == theme.ColorNamePrimary {
		return sealRed
	}
	return t.Theme.Color(name, theme.VariantLight)
}
