package review

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// ocrLanguage is the language data Tesseract reads Chinese drafts with: simplified Chinese, and
// English for the Latin letters and digits between (e-mail addresses, passport numbers).
const ocrLanguage = "chi_sim"

// findProgram looks for a program the way one operating system installs it: a named program
// (a Reader field) alone, on PATH when it is a bare name; otherwise the first of names on PATH,
// then the first existing path of the glob patterns. Not finding it is missing, saying where
// it looked.
func (s sofficeSearch) findProgram(named string, names, patterns []string, missing error) (string, error) {
	if named != "" {
		p, err := s.lookPath(named)
		if err != nil {
			return "", fmt.Errorf("%w: %v", missing, err)
		}
		return p, nil
	}
	for _, name := range names {
		if p, err := s.lookPath(name); err == nil {
			return p, nil
		}
	}
	for _, pattern := range patterns {
		// Glob fails only on a malformed pattern; these are well formed.
		if matches, _ := s.glob(pattern); len(matches) > 0 {
			return matches[0], nil
		}
	}
	return "", fmt.Errorf("%w: not on PATH, nor at %s", missing, strings.Join(patterns, ", "))
}

// tesseractCandidates returns where Tesseract's installers put tesseract on the operating
// system goos, as filepath.Glob patterns in the order to try.
//
// Windows: the UB-Mannheim installer, which the Tesseract project points Windows users to,
// installs for all users under Program Files\Tesseract-OCR and for one user under
// %LOCALAPPDATA%\Programs\Tesseract-OCR, and leaves PATH alone. macOS: Homebrew on Apple
// silicon (/opt/homebrew) and on Intel (/usr/local), then MacPorts (/opt/local); an app started
// from Finder has none of them on its PATH. Elsewhere: the distribution's package in /usr/bin,
// a build from source in /usr/local/bin.
func tesseractCandidates(goos string, getenv func(string) string) []string {
	switch goos {
	case "windows":
		var out []string
		for _, base := range windowsProgramFolders(getenv) {
			out = append(out, base+`\Tesseract-OCR\tesseract.exe`)
		}
		if local := strings.TrimRight(getenv("LOCALAPPDATA"), `\`); local != "" {
			out = append(out, local+`\Programs\Tesseract-OCR\tesseract.exe`)
		}
		return out
	case "darwin":
		return []string{"/opt/homebrew/bin/tesseract", "/usr/local/bin/tesseract", "/opt/local/bin/tesseract"}
	default:
		return []string{"/usr/bin/tesseract", "/usr/local/bin/tesseract"}
	}
}

// popplerCandidates returns where poppler's pdftoppm and pdfinfo (program) are found when they
// are not on PATH: on Windows the unpacked release of poppler-windows, which people put under
// Program Files, and a conda environment's Library\bin; on macOS Homebrew and MacPorts;
// elsewhere the distribution's poppler-utils in /usr/bin.
func popplerCandidates(goos string, getenv func(string) string, program string) []string {
	switch goos {
	case "windows":
		var out []string
		for _, base := range windowsProgramFolders(getenv) {
			out = append(out, base+`\poppler*\Library\bin\`+program+".exe", base+`\poppler*\bin\`+program+".exe")
		}
		return out
	case "darwin":
		return []string{"/opt/homebrew/bin/" + program, "/usr/local/bin/" + program, "/opt/local/bin/" + program}
	default:
		return []string{"/usr/bin/" + program, "/usr/local/bin/" + program}
	}
}

// ocrTools are the programs a scan is recognised with.
type ocrTools struct {
	tesseract string
	languages string // the -l argument: chi_sim+eng, or chi_sim alone
}

// findTesseract finds Tesseract (named, or where it installs itself) and makes sure it has the
// simplified Chinese language data. Either missing is ErrOCRMissing. The answer for a program
// is kept for a minute, so that a folder of scans asks Tesseract for its languages once.
func findTesseract(ctx context.Context, named string) (ocrTools, error) {
	s := hostSofficeSearch()
	path, err := s.findProgram(named, []string{"tesseract"}, tesseractCandidates(s.goos, s.getenv), ErrOCRMissing)
	if err != nil {
		return ocrTools{}, err
	}
	langs, err := tesseractLanguages(ctx, path)
	if err != nil {
		return ocrTools{}, err
	}
	return ocrTools{tesseract: path, languages: langs}, nil
}

// languageCache keeps, by program path, the -l argument tesseract's languages allow.
var languageCache = struct {
	sync.Mutex
	m map[string]languageAnswer
}{m: map[string]languageAnswer{}}

type languageAnswer struct {
	langs string
	at    time.Time
}

// tesseractLanguages asks tesseract at path which languages it has and returns the -l argument
// to use: chi_sim+eng, or chi_sim alone when English is missing. Without chi_sim it is
// ErrOCRMissing.
func tesseractLanguages(ctx context.Context, path string) (string, error) {
	languageCache.Lock()
	a, ok := languageCache.m[path]
	languageCache.Unlock()
	if ok && time.Since(a.at) < time.Minute {
		return a.langs, nil
	}
	askCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(askCtx, path, "--list-langs").CombinedOutput()
	if err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err() // cancelled, or the reader's time is up: not a missing program
		}
		return "", fmt.Errorf("%w: %s --list-langs: %v", ErrOCRMissing, path, err)
	}
	langs := parseLanguages(string(out))
	if langs == "" {
		return "", fmt.Errorf("%w: %s has no %s language data", ErrOCRMissing, path, ocrLanguage)
	}
	languageCache.Lock()
	languageCache.m[path] = languageAnswer{langs, time.Now()}
	languageCache.Unlock()
	return langs, nil
}

// parseLanguages reads the answer of tesseract --list-langs (a heading, then one language a
// line) and returns the -l argument: chi_sim+eng, chi_sim, or "" without chi_sim.
func parseLanguages(out string) string {
	has := map[string]bool{}
	for _, line := range strings.Split(out, "\n") {
		has[strings.TrimSpace(line)] = true
	}
	switch {
	case !has[ocrLanguage]:
		return ""
	case has["eng"]:
		return ocrLanguage + "+eng"
	}
	return ocrLanguage
}

// findPoppler finds poppler's program (pdftoppm, pdfinfo): named, or where poppler installs
// itself. Not finding it is ErrOCRMissing.
func findPoppler(named, program string) (string, error) {
	s := hostSofficeSearch()
	return s.findProgram(named, []string{program}, popplerCandidates(s.goos, s.getenv, program), ErrOCRMissing)
}
