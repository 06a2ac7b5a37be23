//go:build linux || freebsd || openbsd || netbsd

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// dialogTool is a desktop's file dialog program, started for each question: zenity (GNOME and
// most GTK desktops), qarma (its Qt clone, same options) or kdialog (KDE). Each speaks the
// session's language, which is why one is used only in a Chinese session.
type dialogTool struct {
	name   string  // "zenity", "qarma" or "kdialog"
	path   string  // where it was found on PATH
	parent uintptr // the X11 window the dialog is kept above; 0 for none
}

var _ nativeDialog = dialogTool{}

// dialogToolNames are the programs looked for, in order: KDE's own first on a KDE desktop
// (XDG_CURRENT_DESKTOP lists the desktop's names, "KDE" among them on Plasma).
func dialogToolNames(desktop string) []string {
	for _, d := range strings.Split(desktop, ":") {
		if strings.EqualFold(d, "KDE") {
			return []string{"kdialog", "zenity", "qarma"}
		}
	}
	return []string{"zenity", "qarma", "kdialog"}
}

// findDialogTool returns the dialog program to use, when the session is Chinese and one is on
// PATH; getenv and lookPath are os.Getenv and exec.LookPath but for the tests.
func findDialogTool(getenv func(string) string, lookPath func(string) (string, error)) (dialogTool, bool) {
	if !chineseSession(getenv) {
		return dialogTool{}, false
	}
	for _, name := range dialogToolNames(getenv("XDG_CURRENT_DESKTOP")) {
		if path, err := lookPath(name); err == nil {
			return dialogTool{name: name, path: path}, true
		}
	}
	return dialogTool{}, false
}

// chineseSession reports whether a program started now speaks Chinese: the locale of its
// messages (LC_ALL, else LC_MESSAGES, else LANG) is zh…, and LANGUAGE, which gettext reads
// before them, does not put another language first.
func chineseSession(getenv func(string) string) bool {
	locale := ""
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if locale = getenv(v); locale != "" {
			break
		}
	}
	if !strings.HasPrefix(locale, "zh") {
		return false
	}
	first, _, _ := strings.Cut(getenv("LANGUAGE"), ":")
	return first == "" || strings.HasPrefix(first, "zh")
}

// args is the command line that asks q.
func (t dialogTool) args(q nativeQuestion) []string {
	if t.name == "kdialog" {
		return t.kdialogArgs(q)
	}
	return t.zenityArgs(q)
}

// zenityArgs asks q in zenity's words, which qarma shares with two differences: qarma opens
// a folder named as “DIR/.” (zenity as “DIR/”), and its --confirm-overwrite turns the question
// off (qarma asks by default), so it is left out for qarma.
func (t dialogTool) zenityArgs(q nativeQuestion) []string {
	args := []string{"--file-selection", "--title=" + q.title}
	if t.parent != 0 {
		args = append(args, "--attach="+strconv.FormatUint(uint64(t.parent), 10))
	}
	switch q.mode {
	case chooseFiles:
		args = append(args, "--multiple", "--separator=\n")
	case chooseSave:
		args = append(args, "--save")
		if t.name == "zenity" {
			args = append(args, "--confirm-overwrite") // zenity 3 asks only when told; zenity 4 always asks
		}
	case chooseFolder:
		args = append(args, "--directory")
	}
	if q.dir != "" {
		start := q.dir + "/"
		if q.mode == chooseSave {
			start = filepath.Join(q.dir, q.name)
		} else if t.name == "qarma" {
			start = q.dir + "/."
		}
		args = append(args, "--filename="+start)
	}
	for _, ft := range q.types {
		var globs []string
		for _, p := range ft.patterns {
			globs = append(globs, p)
			if upper := strings.ToUpper(p); upper != p {
				globs = append(globs, upper) // GTK's patterns are case-sensitive: 甲.DOCX too
			}
		}
		args = append(args, "--file-filter="+ft.label+" | "+strings.Join(globs, " "))
	}
	return args
}

// kdialogArgs asks q in kdialog's words: the start folder (or proposed file) and the filters
// follow the dialog's option; filters are Qt's “label (globs)”, separated by |.
func (t dialogTool) kdialogArgs(q nativeQuestion) []string {
	args := []string{"--title=" + q.title}
	if t.parent != 0 {
		args = append(args, "--attach="+strconv.FormatUint(uint64(t.parent), 10))
	}
	start := q.dir + "/"
	switch q.mode {
	case chooseFiles:
		args = append(args, "--multiple", "--separate-output", "--getopenfilename", start)
	case chooseFile:
		args = append(args, "--getopenfilename", start)
	case chooseSave:
		args = append(args, "--getsavefilename", filepath.Join(q.dir, q.name))
	case chooseFolder:
		return append(args, "--getexistingdirectory", start)
	}
	var filters []string
	for _, ft := range q.types {
		filters = append(filters, ft.label+" ("+strings.Join(ft.patterns, " ")+")")
	}
	if len(filters) > 0 {
		args = append(args, strings.Join(filters, "|"))
	}
	return args
}

// pick runs the program and reads its answer. Cancelling ctx kills it.
func (t dialogTool) pick(ctx context.Context, q nativeQuestion) ([]string, error) {
	var out, errOut bytes.Buffer
	cmd := exec.CommandContext(ctx, t.path, t.args(q)...)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	cmd.WaitDelay = time.Second // a child it left behind holding the output does not keep 审档 waiting
	err := cmd.Run()
	if ctx.Err() != nil {
		return nil, nil // closed from 审档's side
	}
	status := 0
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		status = exit.ExitCode() // -1 when a signal ended it
	case err != nil:
		return nil, fmt.Errorf("%s: %w", t.name, err)
	}
	paths, err := toolAnswer(status, out.String(), q.mode)
	if err != nil {
		return nil, fmt.Errorf("%s: %w; it said: %s", t.name, err, lastBytes(errOut.String(), 400))
	}
	return paths, nil
}

// toolAnswer reads what a dialog program printed and how it exited. All three exit with 0
// after printing the paths chosen, one a line, and with 1, printing nothing, when the person
// cancels or closes the dialog. Anything else is an error: another status, a signal (-1), a 1
// with output (qarma's “Error: …”), or output that is not one absolute path a line.
func toolAnswer(status int, out string, mode chooseMode) ([]string, error) {
	switch {
	case status == 1 && strings.TrimSpace(out) == "":
		return nil, nil
	case status == -1:
		return nil, errors.New("ended by a signal")
	case status != 0:
		return nil, fmt.Errorf("exit status %d, output %q", status, lastBytes(out, 200))
	}
	var paths []string
	for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if line == "" {
			continue
		}
		if !filepath.IsAbs(line) {
			return nil, fmt.Errorf("printed %q, not a path", lastBytes(line, 200))
		}
		paths = append(paths, line)
	}
	switch {
	case len(paths) == 0:
		return nil, errors.New("exit status 0 without a path")
	case len(paths) > 1 && mode != chooseFiles:
		return nil, fmt.Errorf("%d paths for one", len(paths))
	}
	return paths, nil
}

// lastBytes is the end of s, at most n bytes of it, for a log line.
func lastBytes(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	return "…" + strings.ToValidUTF8(s[len(s)-n:], "")
}
