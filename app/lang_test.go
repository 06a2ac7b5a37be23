package main

import (
	"errors"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
)

// TestFyneSpeaksChinese: Fyne's own texts are Chinese whatever the machine's locale, and the
// pickers ask 请选择.
func TestFyneSpeaksChinese(t *testing.T) {
	for _, locale := range []string{"C", "en_US.UTF-8", "de_DE.UTF-8", "ja_JP.UTF-8", "zh_CN.UTF-8"} {
		t.Run(locale, func(t *testing.T) {
			t.Setenv("LANG", locale)
			t.Setenv("LC_ALL", locale)
			t.Setenv("LANGUAGE", "")
			a := test.NewTempApp(t)
			a.Settings().SetTheme(newTheme())
			speakChinese()
			for en, zh := range map[string]string{"OK": "确定", "Cancel": "取消", "Error": "出错了", "Yes": "是", "No": "否"} {
				if got := lang.L(en); got != zh {
					t.Errorf("%s reads %q, want %q", en, got, zh)
				}
			}
			w := test.NewTempWindow(t, nil)
			w.Resize(fyne.NewSize(600, 400))
			dialog.ShowError(errors.New("文件已损坏。"), w)
			assertNoEnglish(t, "an error message", w.Canvas())
			closeTop(w.Canvas())
			dialog.ShowConfirm("替换文件", "要替换它吗？", func(bool) {}, w)
			assertNoEnglish(t, "a question", w.Canvas())
			if s := newSelect([]string{"甲"}, nil); s.PlaceHolder != "请选择" {
				t.Errorf("a picker asks %q", s.PlaceHolder)
			}
		})
	}
}
