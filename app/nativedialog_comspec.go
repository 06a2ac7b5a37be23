package main

import "strings"

// The parts of Windows' common item dialog that need no Windows, so that they are tested
// everywhere: the options set for each mode, and the file-type list.

// Options of IFileDialog::SetOptions (FILEOPENDIALOGOPTIONS, shobjidl_core.h).
const (
	fosOverwritePrompt  = 0x2
	fosNoChangeDir      = 0x8
	fosPickFolders      = 0x20
	fosForceFileSystem  = 0x40
	fosAllowMultiselect = 0x200
	fosPathMustExist    = 0x800
	fosFileMustExist    = 0x1000
	fosNoReadOnlyReturn = 0x8000
	fosDontAddToRecent  = 0x2000000
)

// itemDialogOptions are the options added to the dialog's defaults for a mode. Every mode
// returns file-system paths, leaves the process's working folder alone, and keeps the file out
// of Windows' recent documents: the names of drafts under secrecy review are not for the
// Start menu of a shared PC.
func itemDialogOptions(mode chooseMode) uint32 {
	opts := uint32(fosForceFileSystem | fosNoChangeDir | fosDontAddToRecent | fosPathMustExist)
	switch mode {
	case chooseFiles:
		opts |= fosAllowMultiselect | fosFileMustExist
	case chooseFile:
		opts |= fosFileMustExist
	case chooseSave:
		opts |= fosOverwritePrompt | fosNoReadOnlyReturn
	case chooseFolder:
		opts |= fosPickFolders
	}
	return opts
}

// filterSpec is one COMDLG_FILTERSPEC before its conversion to UTF-16: what the list shows and
// the patterns, separated by semicolons.
type filterSpec struct {
	name, spec string
}

// itemDialogTypes turns file types into the dialog's list: the patterns are shown after the
// label, as Windows' own programs do (“TXT、DOCX 文件 (*.txt;*.docx)”), and every file is *.*.
func itemDialogTypes(types []fileType) []filterSpec {
	var specs []filterSpec
	for _, ft := range types {
		patterns := make([]string, len(ft.patterns))
		for i, p := range ft.patterns {
			if p == "*" {
				p = "*.*"
			}
			patterns[i] = p
		}
		spec := strings.Join(patterns, ";")
		specs = append(specs, filterSpec{name: ft.label + " (" + spec + ")", spec: spec})
	}
	return specs
}
