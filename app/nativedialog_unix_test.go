//go:build linux || freebsd || openbsd || netbsd

package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
	"fyne.io/fyne/v2/test"
)

// x11Window is a test window as Fyne's GLFW driver presents one on X11: RunNative gives its
// X11 window.
type x11Window struct{ fyne.Window }

func (x11Window) RunNative(f func(any)) { f(driver.X11WindowContext{WindowHandle: 0x2a00007}) }

var _ driver.NativeWindow = x11Window{}

// fakeTools makes PATH a fresh folder holding executable scripts with the names given, so that
// no dialog program installed on the machine is found, and returns the folder. Each script
// records its arguments in args (NUL-separated), prints the file out, and ends with the shell
// command end ("exit 0", "kill -SEGV $$"), run with the test's own PATH.
func fakeTools(t *testing.T, end string, names ...string) string {
	t.Helper()
	dir := t.TempDir()
	script := fmt.Sprintf("#!/bin/sh\nPATH='%s'\nprintf '%%s\\0' \"$@\" > '%s'\ncat '%s' 2>/dev/null\n%s\n",
		os.Getenv("PATH"), filepath.Join(dir, "args"), filepath.Join(dir, "out"), end)
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", dir)
	return dir
}

// toolArgs are the arguments the fake tool in dir was last run with.
func toolArgs(t *testing.T, dir string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "args"))
	if err != nil {
		t.Fatalf("the dialog program did not run: %v", err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\x00"), "\x00")
}

// chineseDesktop sets a Chinese GNOME session.
func chineseDesktop(t *testing.T) {
	for k, v := range map[string]string{"LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "LANGUAGE": "",
		"XDG_CURRENT_DESKTOP": "GNOME", fileDialogEnv: ""} {
		t.Setenv(k, v)
	}
	t.Cleanup(func() { nativeBroken.Store(false) })
}

func TestNativeForChoosesTheDialog(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	cases := []struct {
		name  string
		win   fyne.Window
		env   map[string]string
		tools []string
		want  string // the program used, "" for 审档's own chooser
	}{
		{"Chinese GNOME", x11Window{w}, nil, []string{"zenity", "kdialog"}, "zenity"},
		{"Chinese KDE", x11Window{w}, map[string]string{"XDG_CURRENT_DESKTOP": "KDE"}, []string{"zenity", "kdialog"}, "kdialog"},
		{"only qarma", x11Window{w}, nil, []string{"qarma"}, "qarma"},
		{"an English session", x11Window{w}, map[string]string{"LANG": "en_US.UTF-8"}, []string{"zenity"}, ""},
		{"forced built-in", x11Window{w}, map[string]string{fileDialogEnv: "builtin"}, []string{"zenity"}, ""},
		{"no program", x11Window{w}, nil, []string{"yad"}, ""},
		{"the test driver's window", w, nil, []string{"zenity"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			chineseDesktop(t)
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			dir := fakeTools(t, "exit 0", c.tools...)
			d := nativeFor(c.win)
			if c.want == "" {
				if d != nil {
					t.Fatalf("got %+v, want 审档's own chooser", d)
				}
				return
			}
			want := dialogTool{name: c.want, path: filepath.Join(dir, c.want), parent: 0x2a00007}
			if got, ok := d.(dialogTool); !ok || got != want {
				t.Errorf("got %+v, want %+v", d, want)
			}
		})
	}
}

func TestShowChooserUnderTheTestDriverIsBuiltin(t *testing.T) {
	w, _ := chooserWindow(t)
	chineseDesktop(t)
	dir := fakeTools(t, "exit 0", "zenity")
	c := showChooser(w, chooserRequest{mode: chooseFile, purpose: purposeRules, title: "词表", done: func([]string) {}})
	if c == nil || w.Canvas().Overlays().Top() == nil {
		t.Fatal("no built-in chooser under the test driver")
	}
	if _, err := os.Stat(filepath.Join(dir, "args")); err == nil {
		t.Error("zenity ran under the test driver")
	}
	test.Tap(c.cancel)
}

// TestNativeDialogRoundTrip runs a fake zenity through showNative: the arguments it gets, the
// answer handed on, the folder remembered, a cancel, a crash, a save's extension.
func TestNativeDialogRoundTrip(t *testing.T) {
	cases := []struct {
		name    string
		req     chooserRequest
		out     string // what zenity prints, "DIR" standing for the drafts folder
		end     string
		want    []string // the paths handed on
		wantArg string   // one argument zenity must get
		wantDir string   // the folder remembered for the purpose
		builtin bool     // 审档's own chooser opens instead
	}{
		{name: "drafts imported", req: chooserRequest{mode: chooseFiles, purpose: purposeImport, title: "导入", exts: draftExts},
			out: "DIR/乙.pdf\nDIR/甲.docx\n", end: "exit 0", want: []string{"DIR/乙.pdf", "DIR/甲.docx"},
			wantArg: "--file-filter=TXT、DOCX、PDF、OFD、DOC、WPS、XLSX、XLS、ET、ODS、PPTX、PNG、JPG、JPEG、TIF、TIFF、BMP 文件 | *.txt *.TXT *.docx *.DOCX *.pdf *.PDF *.ofd *.OFD *.doc *.DOC *.wps *.WPS *.xlsx *.XLSX *.xls *.XLS *.et *.ET *.ods *.ODS" +
				" *.pptx *.PPTX *.png *.PNG *.jpg *.JPG *.jpeg *.JPEG *.tif *.TIF *.tiff *.TIFF *.bmp *.BMP", wantDir: "DIR"},
		{name: "a folder", req: chooserRequest{mode: chooseFolder, purpose: purposeRestore, title: "恢复到"},
			out: "DIR/子目录\n", end: "exit 0", want: []string{"DIR/子目录"}, wantArg: "--directory", wantDir: "DIR/子目录"},
		{name: "a new form saved", req: chooserRequest{mode: chooseSave, purpose: purposeForms, title: "另存为", name: "目录.pdf"},
			out: "DIR/新目录\n", end: "exit 0", want: []string{"DIR/新目录.pdf"}, wantArg: "--confirm-overwrite", wantDir: "DIR"},
		{name: "cancelled", req: chooserRequest{mode: chooseFile, purpose: purposeRules, title: "词表"},
			end: "exit 1", wantArg: "--title=词表"},
		{name: "crashed", req: chooserRequest{mode: chooseFile, purpose: purposeRules, title: "词表"},
			end: "kill -SEGV $$", wantArg: "--file-selection", builtin: true},
		{name: "cannot open the display", req: chooserRequest{mode: chooseFiles, purpose: purposeImport, title: "导入"},
			out: "", end: "echo 'cannot open display' >&2; exit 255", wantArg: "--multiple", builtin: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, dir := chooserWindow(t)
			chineseDesktop(t)
			bin := fakeTools(t, c.end, "zenity")
			write(t, filepath.Join(bin, "out"), strings.ReplaceAll(c.out, "DIR", dir))
			var got []string
			c.req.done = func(p []string) { got = p }
			showNative(w, dialogTool{name: "zenity", path: filepath.Join(bin, "zenity")}, c.req)

			if args := toolArgs(t, bin); !slices.Contains(args, c.wantArg) {
				t.Errorf("zenity got %q, not %q", args, c.wantArg)
			}
			var want []string
			for _, p := range c.want {
				want = append(want, strings.ReplaceAll(p, "DIR", dir))
			}
			if !slices.Equal(got, want) {
				t.Errorf("handed on %q, want %q", got, want)
			}
			remembered := fyne.CurrentApp().Preferences().String("dir." + string(c.req.purpose))
			if wantDir := strings.ReplaceAll(c.wantDir, "DIR", dir); remembered != wantDir {
				t.Errorf("remembered %q, want %q", remembered, wantDir)
			}
			top := w.Canvas().Overlays().Top()
			switch {
			case c.builtin && (top == nil || !strings.Contains(shown(w.Canvas()), "常用位置")):
				t.Errorf("审档's own chooser did not open: %s", shown(w.Canvas()))
			case c.builtin && nativeFor(x11Window{w}) != nil:
				t.Error("the failed program is asked again")
			case !c.builtin && top != nil:
				t.Errorf("something is left over the window: %s", shown(w.Canvas()))
			}
		})
	}
}

func TestNativeDialogRemembersAndAsksBeforeReplacing(t *testing.T) {
	w, dir := chooserWindow(t)
	chineseDesktop(t)
	bin := fakeTools(t, "exit 0", "zenity")
	zenity := dialogTool{name: "zenity", path: filepath.Join(bin, "zenity")}
	var got []string
	req := chooserRequest{mode: chooseSave, purpose: purposeForms, title: "另存为", name: "目录.pdf", done: func(p []string) { got = p }}

	write(t, filepath.Join(bin, "out"), filepath.Join(dir, "乙")+"\n") // 乙.pdf is there
	showNative(w, zenity, req)
	home, _ := os.UserHomeDir()
	if args := toolArgs(t, bin); !slices.Contains(args, "--filename="+filepath.Join(home, "目录.pdf")) {
		t.Errorf("the first save does not start at home with the proposed name: %q", args)
	}
	if got != nil || !strings.Contains(shown(w.Canvas()), "“乙.pdf”已经存在。要替换它吗？") {
		t.Fatalf("saving over 乙.pdf asked nothing: %q, %s", got, shown(w.Canvas()))
	}
	assertNoEnglish(t, "the replace question", w.Canvas(), dir)
	tapButton(t, w.Canvas(), "替换")
	if want := filepath.Join(dir, "乙.pdf"); len(got) != 1 || got[0] != want {
		t.Errorf("replaced %q, want %s", got, want)
	}

	got = nil
	write(t, filepath.Join(bin, "out"), filepath.Join(dir, "乙.pdf")+"\n") // zenity asked about this one itself
	showNative(w, zenity, req)
	if args := toolArgs(t, bin); !slices.Contains(args, "--filename="+filepath.Join(dir, "目录.pdf")) {
		t.Errorf("the next save does not start where the last ended: %q", args)
	}
	if want := filepath.Join(dir, "乙.pdf"); len(got) != 1 || got[0] != want || w.Canvas().Overlays().Top() != nil {
		t.Errorf("a name zenity confirmed: handed on %q, overlay %v", got, w.Canvas().Overlays().Top())
	}
}

// TestDialogToolCancelled: the note's 取消 cancels the context, which ends the program; that
// is a cancel, not a failure.
func TestDialogToolCancelled(t *testing.T) {
	bin := fakeTools(t, "sleep 30", "zenity")
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	paths, err := dialogTool{name: "zenity", path: filepath.Join(bin, "zenity")}.pick(ctx, nativeQuestion{mode: chooseFile, title: "词表"})
	if paths != nil || err != nil {
		t.Errorf("got %q, %v; want nothing", paths, err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the program ran on for %v after the cancel", d)
	}
}
