package main

import (
	_ "embed"
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// zhTranslations are Fyne's own texts (dialog titles, 确定/取消, the entry's menu) in Chinese.
//
//go:embed translations/zh.json
var zhTranslations []byte

// fyneLocales are the locales Fyne 2.8 ships translations for, and English, its fallback.
var fyneLocales = []fyne.Locale{"en", "cs", "de", "el", "es", "fr", "ja", "pl", "pt", "pt-BR", "ru", "sv", "ta", "uk", "zh-Hans"}

// speakChinese makes Fyne's own texts Chinese whatever the machine's locale: 审档 is used by
// Chinese government offices, and an English "OK" under LANG=C, or a German one on a borrowed
// laptop, is a defect. Fyne picks the translation closest to the system locale, so the Chinese
// texts are registered under every locale it could pick.
func speakChinese() {
	for _, l := range fyneLocales {
		if err := lang.AddTranslationsForLocale(zhTranslations, l); err != nil {
			log.Printf("translations for %s: %v", l, err) // a build defect: the file is embedded
		}
	}
}

// selectPlaceHolder replaces Fyne's "(Select one)" in every picker.
const selectPlaceHolder = "请选择"

// newSelect is a picker that asks 请选择 instead of Fyne's "(Select one)".
func newSelect(options []string, changed func(string)) *widget.Select {
	s := widget.NewSelect(options, changed)
	s.PlaceHolder = selectPlaceHolder
	return s
}
