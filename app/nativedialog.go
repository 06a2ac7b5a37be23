package main

import (
	"context"
	"log"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver"
	"fyne.io/fyne/v2/widget"
)

// fileDialogEnv chooses the kind of file dialog: SHENDANG_FILE_DIALOG=builtin always opens 审档's
// own chooser (the tour and CI set it, so that their runs do not depend on the desktop); unset,
// or anything else, lets the platform's own dialog be used where there is one.
const fileDialogEnv = "SHENDANG_FILE_DIALOG"

// nativeDialog is a platform's own file dialog: Windows' common item dialog, or a desktop's
// dialog program (zenity, qarma, kdialog) on Linux.
type nativeDialog interface {
	// pick shows the dialog for q and blocks until the person answers; it is called off the
	// UI goroutine. It returns the absolute paths chosen (one, or one or more for chooseFiles);
	// nil paths and a nil error when the person cancelled, or when ctx was cancelled; an error
	// when the dialog could not be shown or ended without an answer (it crashed, or printed
	// something that is not a path).
	pick(ctx context.Context, q nativeQuestion) ([]string, error)
}

// nativeQuestion is a chooserRequest as a platform's dialog is asked it.
type nativeQuestion struct {
	mode       chooseMode
	title      string
	types      []fileType // the file types offered, the first selected; none offers every file
	dir        string     // the folder to start in
	remembered bool       // dir is where this purpose was last used, not a default
	name       string     // the proposed file name, for chooseSave
}

// fileType is one entry of a platform dialog's list of file types.
type fileType struct {
	label    string   // what the list shows: “TXT、DOCX 文件”, “所有文件”
	patterns []string // lower-case globs: "*.txt"; "*" is every file
}

// nativeBroken is set once a platform's dialog has failed: for the rest of the session every
// chooser is 审档's own, rather than a dialog that fails each time before the fallback.
var nativeBroken atomic.Bool

// nativeFor returns the platform's dialog for choosers over win, or nil for 审档's own: when
// SHENDANG_FILE_DIALOG=builtin, when win is not a real window (Fyne's test driver), when the
// platform offers none (platformDialog: Windows always does; Linux only in a Chinese session
// with a dialog program installed; macOS does not), or once one has failed.
func nativeFor(win fyne.Window) nativeDialog {
	if os.Getenv(fileDialogEnv) == "builtin" || nativeBroken.Load() {
		return nil
	}
	nw, ok := win.(driver.NativeWindow)
	if !ok {
		return nil
	}
	var d nativeDialog
	nw.RunNative(func(native any) { d = platformDialog(native) })
	return d
}

// showNative asks req's question in the platform's dialog d, off the UI goroutine. Meanwhile a
// note covers win, so that nothing else is started there; its 取消 closes a dialog program (on
// Windows the dialog is modal to win and is answered there). The answer comes back on the UI
// goroutine: nothing happens when the person cancelled; 审档's own chooser opens when d failed.
func showNative(win fyne.Window, d nativeDialog, req chooserRequest) {
	prefs := fyne.CurrentApp().Preferences()
	dir, remembered := startFolder(prefs, req.purpose, findPlaces())
	q := nativeQuestion{mode: req.mode, title: req.title, types: fileTypes(req), dir: dir, remembered: remembered, name: req.name}
	ctx, cancel := context.WithCancel(context.Background())
	note := widget.NewLabel("已打开系统的文件对话框，请在其中选择。")
	wait := dialog.NewCustom(req.title, "取消", note, win)
	wait.SetOnClosed(cancel)
	wait.Show()
	var paths []string
	var err error
	offUI(func() { paths, err = d.pick(ctx, q) }, func() {
		cancel()
		wait.Hide()
		switch {
		case err != nil:
			log.Printf("file dialog: %v; 审档's own chooser from now on", err)
			nativeBroken.Store(true)
			showBuiltinChooser(win, req)
		case len(paths) > 0:
			answerNative(win, prefs, req, paths)
		}
	})
}

// answerNative hands the paths a platform's dialog returned to req.done and remembers their
// folder for the purpose. A name saved without the proposed extension gets it, as in 审档's own
// chooser; should that name exist, the question is asked here, since the dialog asked only
// about the name as typed.
func answerNative(win fyne.Window, prefs fyne.Preferences, req chooserRequest, paths []string) {
	dir := filepath.Dir(paths[0])
	if req.mode == chooseFolder {
		dir = paths[0]
	}
	rememberFolder(prefs, req.purpose, dir)
	if req.mode == chooseSave {
		path := filepath.Join(dir, withExt(filepath.Base(paths[0]), req.name))
		if _, err := os.Stat(path); err == nil && path != paths[0] {
			askOverwrite(win, path, func() { req.done([]string{path}) })
			return
		}
		paths = []string{path}
	}
	req.done(paths)
}

// fileTypes are the types a platform's dialog offers for req: an open offers the request's
// extensions, then every file; a save offers the proposed name's extension alone; a folder, or
// an open of any file, offers none.
func fileTypes(req chooserRequest) []fileType {
	var exts []string
	switch req.mode {
	case chooseFolder:
		return nil
	case chooseSave:
		if ext := filepath.Ext(req.name); ext != "" {
			exts = []string{ext}
		}
	default:
		exts = req.exts
	}
	if len(exts) == 0 {
		return nil
	}
	var names, patterns []string
	for _, e := range exts {
		e = strings.ToLower(e)
		names = append(names, strings.ToUpper(strings.TrimPrefix(e, ".")))
		patterns = append(patterns, "*"+e)
	}
	types := []fileType{{label: strings.Join(names, "、") + " 文件", patterns: patterns}}
	if req.mode != chooseSave {
		types = append(types, fileType{label: "所有文件", patterns: []string{"*"}})
	}
	return types
}
