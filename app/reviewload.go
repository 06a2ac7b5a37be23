package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"

	"fyne.io/fyne/v2"
	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/review"
)

// onOpen asks for a draft.
func (v *reviewView) onOpen() {
	v.chooser = showChooser(v.win, chooserRequest{mode: chooseFiles, purpose: purposeImport, title: "导入拟公开文件（可选多个）",
		exts: draftExts, done: func(paths []string) {
			if len(paths) == 1 {
				v.load(paths[0])
				return
			}
			v.importBatch(paths)
		}})
}

// onOpenFolder asks for a folder and imports the drafts in it, and in its subfolders, as a
// batch: Fyne's file dialog picks one file at a time.
func (v *reviewView) onOpenFolder() {
	v.chooser = showChooser(v.win, chooserRequest{mode: chooseFolder, purpose: purposeImport, title: "导入文件夹中的全部拟公开文件",
		done: func(dirs []string) { v.importFolder(dirs[0]) }})
}

// importFolder imports the drafts below dir as a batch.
func (v *reviewView) importFolder(dir string) *batchImport {
	paths, err := scanPaths([]string{dir}, io.Discard) // the window says itself when there is nothing to import
	if err != nil {
		showError(v.win, err)
		return nil
	}
	if len(paths) == 0 {
		showInfo("没有可导入的文件", dir+" 中没有 txt、docx、pdf、ofd、doc、wps、xlsx、xls、et、ods、pptx 或图片（png、jpg、tif、bmp）文件。", v.win)
		return nil
	}
	return v.importBatch(paths)
}

// load reads and checks the draft at path off the UI goroutine; the window stays responsive,
// even for a 200-page PDF.
func (v *reviewView) load(path string) { v.read(path, nil, fileCheck(path)) }

// loadBytes reads and checks a draft already in memory (the bundled samples).
func (v *reviewView) loadBytes(name string, data []byte) {
	v.read(name, nil, func(ctx context.Context, r *review.Reader, rules *review.RuleSet) (*review.Document, []review.Finding, []byte, error) {
		doc, found, err := r.CheckBytes(ctx, rules, name, data)
		return doc, found, data, err
	})
}

// checkWork reads a draft and checks it with rules, and returns the file's bytes for 提出.
type checkWork func(ctx context.Context, r *review.Reader, rules *review.RuleSet) (*review.Document, []review.Finding, []byte, error)

// fileCheck is the work of reading and checking the draft at path.
func fileCheck(path string) checkWork {
	return func(ctx context.Context, r *review.Reader, rules *review.RuleSet) (*review.Document, []review.Finding, []byte, error) {
		doc, found, err := r.CheckFile(ctx, rules, path)
		if err != nil {
			return nil, nil, nil, err
		}
		data, err := os.ReadFile(path)
		return doc, found, data, err
	}
}

// read does work off the UI goroutine and shows the draft checked; revising is the returned
// item it revises, or nil for a new draft.
func (v *reviewView) read(path string, revising *archive.Item, work checkWork) {
	v.open.Disable()
	v.proposeBtn.Disable() // 提出 waits for the draft being read: it must not take the one before
	v.busy.Show()
	v.busy.Start()
	v.file.SetText("正在读取并审查 " + path + " …")
	var doc *review.Document
	var found []review.Finding
	var data []byte
	var err error
	reader, rules := v.reader, v.rules
	// Scanned pages take a second or two each to recognise: the line under the buttons counts them.
	ctx := review.WithProgress(context.Background(), func(done, total int) {
		fyne.Do(func() { v.file.SetText(ocrProgress(path, done, total)) })
	})
	offUI(func() {
		doc, found, data, err = work(ctx, reader, rules)
	}, func() {
		v.busy.Stop()
		v.busy.Hide()
		v.open.Enable()
		if err != nil {
			v.showHeader()
			if v.doc == nil {
				v.file.SetText("尚未导入拟公开文件（Ctrl+O）")
			}
			v.updateButtons()
			showError(v.win, err)
			return
		}
		v.data = data
		// Findings of a draft imported here are for reading: decisions on them are the 公开办's,
		// at 保密审查, where they are kept.
		v.item, v.revising, v.mayDispose = nil, revising, false
		if revising == nil {
			v.disp, v.known = map[string]review.Disposition{}, nil
		}
		v.show(doc, found)
		if v.onRead != nil {
			v.onRead()
		}
	})
}

// reading reports whether a draft is being read and checked.
func (v *reviewView) reading() bool { return v.busy.Visible() }

// openItem shows an item opened from 待办: the document read from its stored revision and the
// store's own check of it, with the decisions given so far. The person may mark findings only
// when mayDispose (at the 保密审查 of an item on their 待办).
func (v *reviewView) openItem(it *archive.Item, chk *archive.StoredCheck, known map[string]bool, mayDispose bool) {
	v.data = nil
	v.disp = maps.Clone(it.Dispositions)
	if v.disp == nil {
		v.disp = map[string]review.Disposition{}
	}
	v.known, v.mayDispose, v.revising = known, mayDispose, nil
	v.show(chk.Document, chk.Findings)
	v.item = it
	v.showHeader()
}

// showing reports whether the item's revision with the same check is on screen already: then
// the decisions the reviewer made on its findings stay, and only the item's state is updated.
func (v *reviewView) showing(it *archive.Item, chk *archive.StoredCheck) bool {
	if v.item == nil || v.item.ID != it.ID || v.item.Current().SHA256 != chk.SHA256 || v.rules.Version != chk.RulesVersion {
		return false
	}
	v.item = it
	v.showHeader()
	return true
}

// loadRevision reads the revised draft at path of the returned item it, checks it, and shows it
// with the decisions given on earlier revisions and the findings new since the last 保密审查
// marked; 重新提出 then adds it to the same item, and done follows.
func (v *reviewView) loadRevision(it *archive.Item, path string, known map[string]bool, done func()) {
	v.disp = maps.Clone(it.Dispositions)
	if v.disp == nil {
		v.disp = map[string]review.Disposition{}
	}
	v.known, v.onRevised = known, done
	v.read(path, it, fileCheck(path))
}

// dispositionsFor returns the decisions on findings made here for the item with the id, when
// that item is on screen, and nil otherwise: a decision never travels to another item.
func (v *reviewView) dispositionsFor(id string) map[string]review.Disposition {
	if v.item == nil || v.item.ID != id {
		return nil
	}
	out := map[string]review.Disposition{}
	for _, f := range v.found {
		if d, ok := v.disp[f.Fingerprint]; ok {
			out[f.Fingerprint] = d
		}
	}
	return out
}

// closeItem clears the screen when it shows the item with the id, which has just been handled.
func (v *reviewView) closeItem(id string) {
	if (v.item != nil && v.item.ID == id) || (v.revising != nil && v.revising.ID == id) {
		v.clear()
	}
}

// clear empties the screen, as before any import.
func (v *reviewView) clear() {
	v.hideFind() // while the document is there to take its highlights off
	v.texts, v.partAt = nil, nil
	v.doc, v.found, v.item, v.revising, v.data, v.proposed = nil, nil, nil, nil, nil, nil
	v.disp, v.known, v.groups, v.order = map[string]review.Disposition{}, nil, nil, nil
	v.selected, v.hits, v.hit = -1, nil, -1
	v.parts.RemoveAll()
	v.findings.Refresh()
	v.chosen.SetText("")
	v.file.SetText("尚未导入拟公开文件（Ctrl+O）")
	v.updateButtons()
	v.updateVerdict()
}

// ocrProgress is the line that says how far the recognition of a draft's scanned pages is.
func ocrProgress(path string, done, total int) string {
	return fmt.Sprintf("正在读取并审查 %s … 图像识别：已完成 %d/%d 页", path, done, total)
}
