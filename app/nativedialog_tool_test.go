//go:build linux || freebsd || openbsd || netbsd

package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// env is a getenv over a fixed environment.
func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestChineseSession(t *testing.T) {
	cases := []struct {
		name string
		vars map[string]string
		want bool
	}{
		{"LANG", map[string]string{"LANG": "zh_CN.UTF-8"}, true},
		{"Taiwan", map[string]string{"LANG": "zh_TW.UTF-8"}, true},
		{"C", map[string]string{"LANG": "C.UTF-8"}, false},
		{"nothing set", map[string]string{}, false},
		{"LC_ALL before LANG", map[string]string{"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, false},
		{"LC_ALL Chinese", map[string]string{"LC_ALL": "zh_CN.UTF-8", "LANG": "C"}, true},
		{"LC_MESSAGES before LANG", map[string]string{"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_GB.UTF-8"}, true},
		{"LANGUAGE puts English first", map[string]string{"LANG": "zh_CN.UTF-8", "LANGUAGE": "en_US:zh_CN"}, false},
		{"LANGUAGE puts Chinese first", map[string]string{"LANG": "zh_CN.UTF-8", "LANGUAGE": "zh_CN:en_US"}, true},
	}
	for _, c := range cases {
		if got := chineseSession(env(c.vars)); got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

func TestDialogToolNames(t *testing.T) {
	cases := []struct {
		desktop string
		want    string
	}{
		{"KDE", "kdialog"},
		{"ubuntu:GNOME", "zenity"},
		{"X-Cinnamon", "zenity"},
		{"", "zenity"},
	}
	for _, c := range cases {
		if got := dialogToolNames(c.desktop)[0]; got != c.want {
			t.Errorf("XDG_CURRENT_DESKTOP=%q: first %s, want %s", c.desktop, got, c.want)
		}
	}
}

func TestDialogToolArgs(t *testing.T) {
	dir := filepath.Join(string(filepath.Separator)+"home", "科员", "文档")
	drafts := fileTypes(chooserRequest{mode: chooseFiles, exts: []string{".txt", ".docx"}})
	zenityDrafts := []string{"--file-filter=TXT、DOCX 文件 | *.txt *.TXT *.docx *.DOCX", "--file-filter=所有文件 | *"}
	files := nativeQuestion{mode: chooseFiles, title: "导入拟公开文件", types: drafts, dir: dir}
	save := nativeQuestion{mode: chooseSave, title: "备份到文件", types: fileTypes(chooserRequest{mode: chooseSave, name: "备份.zip"}),
		dir: dir, name: "备份.zip"}
	folder := nativeQuestion{mode: chooseFolder, title: "恢复到", dir: dir}
	cases := []struct {
		name string
		tool dialogTool
		q    nativeQuestion
		want []string
	}{
		{"zenity, several files, over the window", dialogTool{name: "zenity", parent: 0x2a00007}, files, append([]string{
			"--file-selection", "--title=导入拟公开文件", "--attach=44040199", "--multiple", "--separator=\n",
			"--filename=" + dir + "/"}, zenityDrafts...)},
		{"zenity, one file", dialogTool{name: "zenity"}, nativeQuestion{mode: chooseFile, title: "词表", dir: dir},
			[]string{"--file-selection", "--title=词表", "--filename=" + dir + "/"}},
		{"zenity, save", dialogTool{name: "zenity"}, save, []string{
			"--file-selection", "--title=备份到文件", "--save", "--confirm-overwrite",
			"--filename=" + filepath.Join(dir, "备份.zip"), "--file-filter=ZIP 文件 | *.zip *.ZIP"}},
		{"zenity, folder", dialogTool{name: "zenity"}, folder, []string{
			"--file-selection", "--title=恢复到", "--directory", "--filename=" + dir + "/"}},
		{"qarma, several files", dialogTool{name: "qarma"}, files, append([]string{
			"--file-selection", "--title=导入拟公开文件", "--multiple", "--separator=\n",
			"--filename=" + dir + "/."}, zenityDrafts...)},
		{"qarma, save asks by itself", dialogTool{name: "qarma"}, save, []string{
			"--file-selection", "--title=备份到文件", "--save",
			"--filename=" + filepath.Join(dir, "备份.zip"), "--file-filter=ZIP 文件 | *.zip *.ZIP"}},
		{"kdialog, several files", dialogTool{name: "kdialog", parent: 7}, files, []string{
			"--title=导入拟公开文件", "--attach=7", "--multiple", "--separate-output", "--getopenfilename", dir + "/",
			"TXT、DOCX 文件 (*.txt *.docx)|所有文件 (*)"}},
		{"kdialog, save", dialogTool{name: "kdialog"}, save, []string{
			"--title=备份到文件", "--getsavefilename", filepath.Join(dir, "备份.zip"), "ZIP 文件 (*.zip)"}},
		{"kdialog, folder", dialogTool{name: "kdialog"}, folder, []string{
			"--title=恢复到", "--getexistingdirectory", dir + "/"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.tool.args(c.q); !slices.Equal(got, c.want) {
				t.Errorf("got  %q,\nwant %q", got, c.want)
			}
		})
	}
}

func TestToolAnswer(t *testing.T) {
	a, b := filepath.Join(string(filepath.Separator)+"home", "科员", "甲.docx"), filepath.Join(string(filepath.Separator)+"tmp", "乙 副本.pdf")
	cases := []struct {
		name    string
		status  int
		out     string
		mode    chooseMode
		want    []string
		wantErr string
	}{
		{"one file", 0, a + "\n", chooseFile, []string{a}, ""},
		{"several files", 0, a + "\n" + b + "\n", chooseFiles, []string{a, b}, ""},
		{"no final newline", 0, a, chooseFiles, []string{a}, ""},
		{"cancelled", 1, "", chooseFiles, nil, ""},
		{"closed, a newline printed", 1, "\n", chooseFile, nil, ""},
		{"qarma's error", 1, "Error: --attach must be followed by a positive number\n", chooseFile, nil, "exit status 1"},
		{"a crash", -1, "", chooseFile, nil, "signal"},
		{"GTK cannot open the display", 255, "", chooseFile, nil, "exit status 255"},
		{"nothing chosen", 0, "\n", chooseFile, nil, "without a path"},
		{"not a path", 0, "甲.docx\n", chooseFile, nil, "not a path"},
		{"several for one", 0, a + "\n" + b + "\n", chooseSave, nil, "2 paths for one"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := toolAnswer(c.status, c.out, c.mode)
			if c.wantErr == "" && err != nil || c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)) {
				t.Fatalf("error %v, want one saying %q", err, c.wantErr)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// FuzzToolAnswer: whatever a dialog program prints, the answer is an error or absolute paths,
// never a panic, and one path unless several were asked for.
func FuzzToolAnswer(f *testing.F) {
	for _, s := range []string{"/home/a/甲.docx\n", "/a\n/b\n", "", "\n\n", "Error: x\n", "甲\n", "/a\x00b\n"} {
		for _, status := range []int{0, 1, -1, 255} {
			f.Add(status, s, int(chooseFiles))
		}
	}
	f.Fuzz(func(t *testing.T, status int, out string, mode int) {
		m := chooseMode(mode & 3)
		paths, err := toolAnswer(status, out, m)
		if err != nil {
			if paths != nil {
				t.Errorf("paths %q with error %v", paths, err)
			}
			return
		}
		if len(paths) > 1 && m != chooseFiles {
			t.Errorf("%d paths for mode %d", len(paths), m)
		}
		for _, p := range paths {
			if !filepath.IsAbs(p) {
				t.Errorf("%q is not absolute", p)
			}
		}
	})
}

func TestLastBytes(t *testing.T) {
	long := strings.Repeat("审", 100) // 300 bytes
	cases := []struct {
		s    string
		n    int
		want string
	}{
		{"  short\n", 10, "short"},
		{long, 7, "…审审"}, // cut inside a character: the broken one dropped
		{long, 6, "…审审"},
	}
	for _, c := range cases {
		if got := lastBytes(c.s, c.n); got != c.want {
			t.Errorf("lastBytes(%d bytes, %d): got %q, want %q", len(c.s), c.n, got, c.want)
		}
	}
}
