package main

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"shendang.gov.cn/shendang/archive"
)

func TestPassphraseWindow(t *testing.T) {
	dataDir := t.TempDir()
	s, err := archive.Open(storeDir(dataDir), archive.Options{Passphrase: "正确的口令-2016"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	var opened *archive.Office
	q := &quitRecorder{App: a}
	p := newPassphraseWindow(q, dataDir, func(s *archive.Office) { opened = s })
	t.Cleanup(func() {
		if opened != nil {
			opened.Close()
		}
	})

	test.Tap(p.submit)
	if p.message.Text != "请输入口令。" {
		t.Errorf("empty passphrase: %q", p.message.Text)
	}
	test.Type(p.entry, "错误的口令")
	p.entry.OnSubmitted(p.entry.Text) // Enter
	if opened != nil || p.message.Text != "口令不正确，请重新输入。" || p.entry.Text != "" {
		t.Errorf("wrong passphrase: opened %v, message %q, entry %q", opened != nil, p.message.Text, p.entry.Text)
	}
	if p.quit.Text != "退出" {
		t.Errorf("button %q, want 退出", p.quit.Text)
	}
	test.Tap(p.quit)
	if q.quits != 1 {
		t.Errorf("退出 quit the program %d times, want once", q.quits)
	}
	test.Type(p.entry, "正确的口令-2016")
	test.Tap(p.submit)
	if opened == nil {
		t.Fatalf("the right passphrase did not open the store: %q", p.message.Text)
	}
	if has, err := opened.HasUsers(); err != nil || has {
		t.Errorf("opened store: users %v, %v", has, err)
	}
}
