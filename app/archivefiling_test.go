package main

import (
	"errors"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"shendang.gov.cn/shendang/archive"
)

func TestArchiveFileBoxAndForms(t *testing.T) {
	s := publishedOffice(t, archiveTitles...)
	v := newTestArchiveView(t, s, "archivist")
	if v.total != 0 || v.count.Text != "共 0 件" {
		t.Errorf("filed before 建档: %d, %q", v.total, v.count.Text)
	}
	v.state.SetSelected(statePending)
	if v.total != 3 || v.fileAll.Disabled() {
		t.Fatalf("待建档 lists %d items, 全部建档 enabled %v", v.total, !v.fileAll.Disabled())
	}

	// 建档 of the first, through its form: prefilled from the publication and the retention table.
	v.table.Select(cellAt(0, 0))
	if v.fileOne.Disabled() {
		t.Fatal("the archivist cannot file the selected item")
	}
	id := v.selected.ID
	test.Tap(v.fileOne)
	f := v.filing
	if f == nil || f.year.Text != "2016" || f.retention.Selected != "永久" || f.division.Selected != "BGS 办公室" || f.pages.Text != "1" {
		t.Fatalf("file form prefilled %+v", f)
	}
	// A page count that is not one is refused, and the form comes back as it was typed.
	f.pages.SetText("")
	test.Type(f.pages, "abc")
	tapButton(t, v.win.Canvas(), "建档")
	if !strings.Contains(shown(v.win.Canvas()), "页数") {
		t.Errorf("a bad page count: %s", shown(v.win.Canvas()))
	}
	closeTop(v.win.Canvas())
	if v.win.Canvas().Overlays().Top() == nil || f.pages.Text != "abc" {
		t.Fatalf("the form did not come back as typed: %q", f.pages.Text)
	}
	f.pages.SetText("6")
	tapButton(t, v.win.Canvas(), "建档")
	filing, _ := s.Item(id)
	if filing.Filing == nil || filing.Filing.Code != "Z109-WS·2016-Y-BGS-0001" || filing.Filing.Pages != 6 {
		t.Fatalf("filed %+v", filing.Filing)
	}
	// The other two at once, in the order listed.
	v.fileAllListed()
	v.state.SetSelected(stateFiled)
	if v.total != 3 {
		t.Fatalf("%d filed", v.total)
	}
	var codes []string
	for row := range 3 {
		codes = append(codes, v.cell(row, 0))
	}
	if strings.Join(codes, " ") != "Z109-WS·2016-Y-BGS-0001 Z109-WS·2016-Y-BGS-0002 Z109-WS·2016-Y-BGS-0003" {
		t.Errorf("档号 in the table: %v", codes)
	}
	v.table.Select(cellAt(0, 0))
	assertMarkup(t, "archive_filed.xml", v.win.Canvas())
	markup := test.RenderToMarkup(v.win.Canvas())
	for _, want := range []string{"Z109-WS·2016-Y-BGS-0002", "2016 年度（3）", "共 3 件"} {
		if !strings.Contains(markup, want) {
			t.Errorf("the archive view does not show %q", want)
		}
	}

	// Search: a Chinese substring of a title, and a 档号.
	test.Type(v.search, "部门预算")
	if v.total != 1 || v.cell(0, 2) != archiveTitles[2] {
		t.Errorf("search 部门预算: %d, %q", v.total, v.cell(0, 2))
	}
	v.search.SetText("BGS-0002")
	if v.total != 1 || v.cell(0, 2) != archiveTitles[1] {
		t.Errorf("search by 档号: %d", v.total)
	}
	v.search.SetText("")
	v.retention.SetSelected("定期30年")
	if v.total != 0 {
		t.Errorf("定期30年 lists %d", v.total)
	}
	v.retention.SetSelected(allRetentions)

	// A box for the group, from the tree, then its 目录.
	v.tree.OpenAllBranches()
	v.tree.Select("y2016/Y/BGS")
	if v.total != 3 || v.makeBox.Disabled() {
		t.Fatalf("group node lists %d, 装盒 enabled %v", v.total, !v.makeBox.Disabled())
	}
	first, last, err := v.unboxed(archive.Group{Year: 2016, Retention: archive.Permanent, Division: "BGS"})
	if err != nil || first != 1 || last != 3 {
		t.Errorf("unboxed %d–%d, %v", first, last, err)
	}
	box := v.box(archive.Box{Year: 2016, Retention: archive.Permanent, Division: "BGS", First: first, Last: last, Spine: 20})
	if box == nil || box.Number != 1 || v.cell(0, 5) != "1" {
		t.Fatalf("box %+v, 盒号 cell %q", box, v.cell(0, 5))
	}
	v.table.Select(cellAt(1, 0))
	path, err := v.generate("归档文件目录")
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, path)
	for _, title := range archiveTitles {
		if !strings.Contains(strings.ReplaceAll(text, "\n", ""), title) {
			t.Errorf("the 目录 %s lacks %q:\n%s", path, title, text)
		}
	}
	// The item's file, exactly as stored, opened with the system's program.
	var opened string
	v.open = func(path string) error { opened = path; return nil }
	test.Tap(v.original)
	if data, err := os.ReadFile(opened); err != nil || string(data) != archiveTitles[1] || !strings.Contains(opened, "Z109-WS·2016-Y-BGS-0002-第1稿-文件.txt") {
		t.Errorf("original %q: %q, %v", opened, data, err)
	}
	// With no program to open it, the window says where the file is, not that something failed.
	v.open = func(string) error { return errors.New(`exec: "xdg-open": executable file not found in $PATH`) }
	test.Tap(v.original)
	if got := shown(v.win.Canvas()); !strings.Contains(got, "已写出文件") || strings.Contains(got, "出错") || !strings.Contains(got, "请用文件管理器找到它后打开") {
		t.Errorf("打开原件 with no program for it: %s", got)
	}
	assertNoEnglish(t, "打开原件 with no program for it", v.win.Canvas(), append(dataWords, os.TempDir(), t.Name(), "forms", "PDF")...)
	tapButton(t, v.win.Canvas(), "确定")
	v.open = func(path string) error { opened = path; return nil }
	v.form.SetSelected("整卷（打印用）")
	test.Tap(v.openForm)
	if !strings.HasSuffix(opened, "第1盒-整卷（打印用）.pdf") || !strings.Contains(pdfText(t, opened), "备考表") {
		t.Errorf("volume opened: %q", opened)
	}
	// 备考 on a filed item shows in its detail.
	test.Type(v.note, "原件第3页有手写批注，已另行保存。")
	test.Tap(v.addNote)
	if !strings.Contains(v.detail.Text, "林六：原件第3页有手写批注") {
		t.Errorf("detail after 备考:\n%s", v.detail.Text)
	}
	for _, want := range []string{"SHA-256 ", "SM3 ", "保密审查", "档号：Z109-WS·2016-Y-BGS-0002", "第 1 盒"} {
		if !strings.Contains(v.detail.Text, want) {
			t.Errorf("detail lacks %q:\n%s", want, v.detail.Text)
		}
	}
}

// Filing the last item waiting shows it where it now is: 已建档, its filing group, selected,
// ready for 备考 and the forms.
func TestFilingTheLastShowsItFiled(t *testing.T) {
	s := publishedOffice(t, archiveTitles[0])
	v := newTestArchiveView(t, s, "archivist")
	v.state.SetSelected(statePending)
	v.table.Select(cellAt(0, 0))
	id := v.selected.ID
	test.Tap(v.fileOne)
	tapButton(t, v.win.Canvas(), "建档")
	if v.state.Selected != stateFiled || v.selected == nil || v.selected.ID != id || v.selected.Filing == nil {
		t.Fatalf("after filing the last: list %s, selected %+v", v.state.Selected, v.selected)
	}
	if v.node != "y2016/Y/BGS" || v.total != 1 || !strings.Contains(v.message.Text, "已建档，档号 Z109-WS·2016-Y-BGS-0001") {
		t.Errorf("node %q, %d listed, message %q", v.node, v.total, v.message.Text)
	}
	if v.addNote.Disabled() || v.original.Disabled() {
		t.Error("添加备考 or 打开原件 is not ready for the item just filed")
	}
}

// TestFilingOnEnter: the archivist types the page count and presses Enter, as on 建档.
func TestFilingOnEnter(t *testing.T) {
	s := publishedOffice(t, archiveTitles[0])
	v := newTestArchiveView(t, s, "archivist")
	c := v.win.Canvas()
	v.state.SetSelected(statePending)
	v.table.Select(cellAt(0, 0))
	id := v.selected.ID
	test.Tap(v.fileOne)
	f := v.filing
	f.pages.SetText("")
	test.Type(f.pages, "3")
	f.pages.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	it, _ := s.Item(id)
	if it.Filing == nil || it.Filing.Pages != 3 || c.Overlays().Top() != nil {
		t.Fatalf("Enter in 页数: filed %+v, %s", it.Filing, shown(c))
	}
}

// TestSaveFormRefusedBeforeChoosing: 另存为 of a catalogue for an item not yet boxed says so at
// once, instead of first asking where to save a file it then cannot write.
func TestSaveFormRefusedBeforeChoosing(t *testing.T) {
	s := publishedOffice(t, archiveTitles[0])
	v := newTestArchiveView(t, s, "archivist")
	c := v.win.Canvas()
	v.state.SetSelected(statePending)
	v.table.Select(cellAt(0, 0))
	test.Tap(v.fileOne)
	tapButton(t, c, "建档")
	if v.selected == nil || v.selected.Filing == nil {
		t.Fatalf("not filed: %s", shown(c))
	}
	pick(t, v.form, "归档文件目录")
	test.Tap(v.saveForm)
	if v.saver != nil || !strings.Contains(shown(c), "尚未装盒") {
		t.Errorf("另存为 of an unboxed item's catalogue: chooser opened %v; %s", v.saver != nil, shown(c))
	}
}
