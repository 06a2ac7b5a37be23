package review

import (
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// sofficeSearch looks for LibreOffice's soffice the way one operating system installs it. The
// lookups are fields so that every platform's search can be tested on any machine.
type sofficeSearch struct {
	goos     string                         // runtime.GOOS
	getenv   func(string) string            // os.Getenv
	lookPath func(string) (string, error)   // exec.LookPath
	glob     func(string) ([]string, error) // filepath.Glob: the existing paths a pattern names
}

// hostSofficeSearch searches this machine.
func hostSofficeSearch() sofficeSearch {
	return sofficeSearch{goos: runtime.GOOS, getenv: os.Getenv, lookPath: exec.LookPath, glob: filepath.Glob}
}

// find returns the soffice to run. A named program (Reader.Soffice) is looked up alone, on PATH
// when it is a bare name. Otherwise soffice or libreoffice on PATH wins, then the first of the
// platform's install locations (sofficeCandidates) that exists. Not finding it is
// ErrConverterMissing, saying where it looked.
func (s sofficeSearch) find(named string) (string, error) {
	if named != "" {
		p, err := s.lookPath(named)
		if err != nil {
			return "", fmt.Errorf("%w: %v", ErrConverterMissing, err)
		}
		return p, nil
	}
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := s.lookPath(name); err == nil {
			return p, nil
		}
	}
	patterns := sofficeCandidates(s.goos, s.getenv)
	for _, pattern := range patterns {
		// Glob fails only on a malformed pattern; these are well formed.
		if matches, _ := s.glob(pattern); len(matches) > 0 {
			return matches[0], nil
		}
	}
	return "", fmt.Errorf("%w: not on PATH, nor at %s", ErrConverterMissing, strings.Join(patterns, ", "))
}

// sofficeCandidates returns where LibreOffice's own installer puts soffice on the operating
// system goos, as filepath.Glob patterns in the order to try.
//
// Windows: the installer puts it under Program Files and leaves PATH alone; releases before 6.0
// named the folder with the major version (LibreOffice 5). A 32-bit LibreOffice lives under
// Program Files (x86). macOS: the app bundle, dragged to /Applications or ~/Applications.
// Elsewhere: the distribution's package (Debian, Ubuntu, 统信 UOS and 麒麟 under /usr/lib;
// Fedora, openEuler and other RPM systems under /usr/lib64), then The Document Foundation's
// own packages (/opt/libreoffice24.2). Snap and Flatpak builds are left out on purpose: their
// sandbox has a /tmp of its own, so they cannot read the temporary copy a conversion needs.
func sofficeCandidates(goos string, getenv func(string) string) []string {
	switch goos {
	case "windows":
		var out []string
		for _, base := range windowsProgramFolders(getenv) {
			out = append(out, base+`\LibreOffice\program\soffice.exe`, base+`\LibreOffice *\program\soffice.exe`)
		}
		return out
	case "darwin":
		const bundle = "/Applications/LibreOffice.app/Contents/MacOS/soffice"
		out := []string{bundle}
		if home := getenv("HOME"); home != "" {
			out = append(out, strings.TrimSuffix(home, "/")+bundle)
		}
		return out
	default:
		return []string{
			"/usr/lib/libreoffice/program/soffice",
			"/usr/lib64/libreoffice/program/soffice",
			"/opt/libreoffice*/program/soffice",
		}
	}
}

// windowsProgramFolders returns the Program Files folders, 64-bit first, each once.
func windowsProgramFolders(getenv func(string) string) []string {
	var out []string
	for _, v := range []string{"ProgramFiles", "ProgramW6432", "ProgramFiles(x86)"} {
		dir := strings.TrimRight(getenv(v), `\`)
		if dir != "" && !containsFold(out, dir) {
			out = append(out, dir)
		}
	}
	if len(out) == 0 {
		out = []string{`C:\Program Files`, `C:\Program Files (x86)`}
	}
	return out
}

// containsFold says whether list holds s, ignoring case as Windows file names do.
func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// fileURL turns a slash-separated absolute path into the file: URL LibreOffice expects:
// file:///tmp/x on Unix, file:///C:/Users/x on Windows (three slashes: the host is empty), with
// spaces and non-ASCII letters percent-encoded, as in a Windows user's Chinese name.
func fileURL(slashPath string) string {
	if !strings.HasPrefix(slashPath, "/") {
		slashPath = "/" + slashPath
	}
	return (&url.URL{Scheme: "file", Path: slashPath}).String()
}
