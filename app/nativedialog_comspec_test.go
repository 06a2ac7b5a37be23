package main

import (
	"slices"
	"testing"
)

func TestItemDialogOptions(t *testing.T) {
	const always = fosForceFileSystem | fosNoChangeDir | fosDontAddToRecent | fosPathMustExist
	cases := []struct {
		mode chooseMode
		want uint32
	}{
		{chooseFiles, always | fosAllowMultiselect | fosFileMustExist},
		{chooseFile, always | fosFileMustExist},
		{chooseSave, always | fosOverwritePrompt | fosNoReadOnlyReturn},
		{chooseFolder, always | fosPickFolders},
	}
	for _, c := range cases {
		if got := itemDialogOptions(c.mode); got != c.want {
			t.Errorf("mode %d: got %#x, want %#x", c.mode, got, c.want)
		}
	}
}

func TestItemDialogTypes(t *testing.T) {
	cases := []struct {
		name string
		req  chooserRequest
		want []filterSpec
	}{
		{"drafts", chooserRequest{mode: chooseFiles, exts: []string{".txt", ".docx"}}, []filterSpec{
			{name: "TXT、DOCX 文件 (*.txt;*.docx)", spec: "*.txt;*.docx"},
			{name: "所有文件 (*.*)", spec: "*.*"},
		}},
		{"a backup saved", chooserRequest{mode: chooseSave, name: "审档备份.zip"}, []filterSpec{
			{name: "ZIP 文件 (*.zip)", spec: "*.zip"},
		}},
		{"a folder", chooserRequest{mode: chooseFolder}, nil},
	}
	for _, c := range cases {
		if got := itemDialogTypes(fileTypes(c.req)); !slices.Equal(got, c.want) {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
}
