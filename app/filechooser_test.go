package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// chooserWindow is a window to open choosers over, with a folder of drafts and one below it.
func chooserWindow(t *testing.T) (fyne.Window, string) {
	t.Helper()
	a := test.NewTempApp(t)
	speakChinese()
	a.Settings().SetTheme(newTheme())
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1366, 768))
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "子目录"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"甲.docx", "乙.pdf", "说明.zip", ".隐藏.txt", "子目录/丙.txt"} {
		write(t, filepath.Join(dir, f), "x")
	}
	t.Setenv("HOME", t.TempDir())
	return w, dir
}

// rowOf is the row of the listing showing name, or -1.
func rowOf(c *fileChooser, name string) int {
	return slices.IndexFunc(c.entries, func(e os.DirEntry) bool { return e.Name() == name })
}

func TestChooserOpensSeveralFiles(t *testing.T) {
	w, dir := chooserWindow(t)
	var got []string
	c := showChooser(w, chooserRequest{mode: chooseFiles, purpose: purposeImport, title: "导入", exts: draftExts,
		done: func(p []string) { got = p }})
	c.path.SetText("")
	test.Type(c.path, dir)
	c.path.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	var names []string
	for _, e := range c.entries {
		names = append(names, e.Name())
	}
	if want := []string{"子目录", "乙.pdf", "甲.docx"}; !slices.Equal(names, want) && !slices.Equal(names, []string{"子目录", "甲.docx", "乙.pdf"}) {
		t.Errorf("listing %q: want the folder first, then the drafts, no ZIP archive, nothing hidden", names)
	}
	assertNoEnglish(t, "the import chooser", w.Canvas(), dir)
	test.Tap(c.ok) // nothing picked yet
	if got != nil || !strings.Contains(c.note.Text, "请先在列表中选择文件") {
		t.Errorf("打开 with nothing picked: %q, note %q", got, c.note.Text)
	}
	c.list.Select(rowOf(c, "甲.docx"))
	c.list.Select(rowOf(c, "乙.pdf"))
	c.list.Select(rowOf(c, "甲.docx")) // untick
	c.list.Select(rowOf(c, "甲.docx")) // and tick again
	if c.name.Text != "2 个文件：乙.pdf、甲.docx" {
		t.Errorf("picked shown as %q", c.name.Text)
	}
	test.Tap(c.ok)
	want := []string{filepath.Join(dir, "乙.pdf"), filepath.Join(dir, "甲.docx")}
	if !slices.Equal(got, want) {
		t.Errorf("chosen %q, want %q", got, want)
	}
	if w.Canvas().Overlays().Top() != nil {
		t.Error("the chooser stays open after 打开")
	}
	// The next import starts where this one ended; another purpose does not.
	again := showChooser(w, chooserRequest{mode: chooseFiles, purpose: purposeImport, title: "导入", done: func([]string) {}})
	if again.dir != dir {
		t.Errorf("the next import starts in %s, want %s", again.dir, dir)
	}
	test.Tap(again.cancel)
	other := showChooser(w, chooserRequest{mode: chooseFile, purpose: purposeRules, title: "词表", done: func([]string) {}})
	if other.dir == dir {
		t.Error("a rules import starts in the drafts folder")
	}
	test.Tap(other.cancel)
}

func TestChooserFoldersAndTypedNames(t *testing.T) {
	w, dir := chooserWindow(t)
	var got []string
	c := showChooser(w, chooserRequest{mode: chooseFile, purpose: purposeImport, title: "导入", exts: draftExts,
		done: func(p []string) { got = p }})
	c.openDir(dir)
	c.list.Select(rowOf(c, "子目录")) // a folder opens
	if c.dir != filepath.Join(dir, "子目录") || rowOf(c, "丙.txt") < 0 {
		t.Fatalf("after opening 子目录: in %s with %d entries", c.dir, len(c.entries))
	}
	test.Tap(c.up)
	if c.dir != dir {
		t.Errorf("上一级 went to %s", c.dir)
	}
	c.openDir(filepath.Join(dir, "没有这个文件夹"))
	if c.dir != dir || !strings.Contains(c.note.Text, "无法打开文件夹") {
		t.Errorf("a missing folder: in %s, note %q", c.dir, c.note.Text)
	}
	test.Type(c.name, "不存在.docx")
	test.Tap(c.ok)
	if got != nil || !strings.Contains(c.note.Text, "找不到“不存在.docx”") {
		t.Errorf("a typed name that does not exist: %q, note %q", got, c.note.Text)
	}
	c.name.SetText("")
	test.Type(c.name, "子目录/丙.txt")
	test.Tap(c.ok)
	if len(got) != 1 || got[0] != filepath.Join(dir, "子目录", "丙.txt") {
		t.Errorf("a typed name: %q", got)
	}

	var folder []string
	f := showChooser(w, chooserRequest{mode: chooseFolder, purpose: purposeRestore, title: "恢复到", done: func(p []string) { folder = p }})
	f.openDir(dir)
	if len(f.entries) != 1 || f.name.Text != dir {
		t.Errorf("a folder chooser lists %d entries, names %q", len(f.entries), f.name.Text)
	}
	test.Tap(f.ok)
	if len(folder) != 1 || folder[0] != dir {
		t.Errorf("folder chosen %q", folder)
	}
}

func TestChooserSaveAsksBeforeReplacing(t *testing.T) {
	w, dir := chooserWindow(t)
	var got []string
	c := showChooser(w, chooserRequest{mode: chooseSave, purpose: purposeForms, title: "另存为", name: "目录.pdf",
		done: func(p []string) { got = p }})
	c.openDir(dir)
	if c.name.Text != "目录.pdf" {
		t.Errorf("proposed name %q", c.name.Text)
	}
	c.name.SetText("")
	test.Type(c.name, "a/b")
	test.Tap(c.ok)
	if got != nil || !strings.Contains(c.note.Text, "不能含") {
		t.Errorf("a name with a slash: %q, note %q", got, c.note.Text)
	}
	c.name.SetText("")
	test.Type(c.name, "乙") // the extension is added: 乙.pdf exists
	test.Tap(c.ok)
	if got != nil || !strings.Contains(shown(w.Canvas()), "“乙.pdf”已经存在。要替换它吗？") {
		t.Fatalf("replacing asks nothing: %q %s", got, shown(w.Canvas()))
	}
	assertNoEnglish(t, "the replace question", w.Canvas(), dir)
	tapButton(t, w.Canvas(), "取消")
	if got != nil {
		t.Fatal("取消 replaced the file")
	}
	test.Tap(c.ok)
	tapButton(t, w.Canvas(), "替换")
	if len(got) != 1 || got[0] != filepath.Join(dir, "乙.pdf") {
		t.Errorf("replace: %q", got)
	}
}

// TestEntryInfoOnTheOfficeClock: a file's date in the chooser is on the clock the rest of the
// window shows (the office's zone), whatever the machine's zone: a draft saved at 12:16 Beijing
// time read 04:16 on a machine set to UTC.
func TestEntryInfoOnTheOfficeClock(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "名单.txt")
	if err := os.WriteFile(path, []byte("1234"), 0o644); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 2, 4, 16, 0, 0, time.UTC)
	if err := os.Chtimes(path, at, at); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 1 {
		t.Fatalf("ReadDir: %v, %d entries", err, len(entries))
	}
	if got := entryInfo(entries[0]); !strings.HasSuffix(got, "2026-12-02 12:16") {
		t.Errorf("got %q, want it to end 2026-12-02 12:16", got)
	}
}

// TestChooserKeys: a click on a file gives the listing the keyboard; Enter there opens what is
// picked, as 打开 does, and Escape closes the chooser without an answer.
func TestChooserKeys(t *testing.T) {
	w, dir := chooserWindow(t)
	c := w.Canvas()
	var got []string
	open := func() *fileChooser {
		ch := showChooser(w, chooserRequest{mode: chooseFile, purpose: purposeImport, title: "导入", exts: draftExts,
			done: func(p []string) { got = p }})
		ch.path.SetText("")
		test.Type(ch.path, dir)
		ch.path.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		c.Focus(ch.list) // as Fyne does on a click on a row: the listing has the keyboard
		ch.list.Select(rowOf(ch, "甲.docx"))
		return ch
	}
	open()
	if c.Focused() == nil {
		t.Fatal("nothing has the keyboard after a click in the listing")
	}
	pressKey(c, fyne.KeyEscape)
	if c.Overlays().Top() != nil || got != nil {
		t.Fatalf("Escape in the listing: chose %q, %s", got, shown(c))
	}
	open()
	pressKey(c, fyne.KeyReturn)
	if want := filepath.Join(dir, "甲.docx"); len(got) != 1 || got[0] != want || c.Overlays().Top() != nil {
		t.Errorf("Enter in the listing: chose %q, want %s; still open: %v", got, want, c.Overlays().Top() != nil)
	}
}
