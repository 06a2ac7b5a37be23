package review

import (
	"errors"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// env returns a getenv over the given variables.
func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestSofficeCandidates(t *testing.T) {
	tests := []struct {
		name string
		goos string
		env  map[string]string
		want []string
	}{
		{"windows, 64-bit process", "windows",
			map[string]string{"ProgramFiles": `C:\Program Files`, "ProgramW6432": `C:\Program Files`, "ProgramFiles(x86)": `C:\Program Files (x86)`},
			[]string{
				`C:\Program Files\LibreOffice\program\soffice.exe`, `C:\Program Files\LibreOffice *\program\soffice.exe`,
				`C:\Program Files (x86)\LibreOffice\program\soffice.exe`, `C:\Program Files (x86)\LibreOffice *\program\soffice.exe`,
			}},
		{"windows, Program Files on another drive, trailing backslash", "windows",
			map[string]string{"ProgramFiles": `D:\Programs\`, "ProgramW6432": `d:\programs`},
			[]string{`D:\Programs\LibreOffice\program\soffice.exe`, `D:\Programs\LibreOffice *\program\soffice.exe`}},
		{"windows without the variables", "windows", nil,
			[]string{
				`C:\Program Files\LibreOffice\program\soffice.exe`, `C:\Program Files\LibreOffice *\program\soffice.exe`,
				`C:\Program Files (x86)\LibreOffice\program\soffice.exe`, `C:\Program Files (x86)\LibreOffice *\program\soffice.exe`,
			}},
		{"macOS", "darwin", map[string]string{"HOME": "/Users/zhang/"},
			[]string{"/Applications/LibreOffice.app/Contents/MacOS/soffice", "/Users/zhang/Applications/LibreOffice.app/Contents/MacOS/soffice"}},
		{"macOS without HOME", "darwin", nil,
			[]string{"/Applications/LibreOffice.app/Contents/MacOS/soffice"}},
		{"linux", "linux", map[string]string{"HOME": "/home/zhang"},
			[]string{"/usr/lib/libreoffice/program/soffice", "/usr/lib64/libreoffice/program/soffice", "/opt/libreoffice*/program/soffice"}},
		{"freebsd is searched like linux", "freebsd", nil,
			[]string{"/usr/lib/libreoffice/program/soffice", "/usr/lib64/libreoffice/program/soffice", "/opt/libreoffice*/program/soffice"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sofficeCandidates(tt.goos, env(tt.env)); !slices.Equal(got, tt.want) {
				t.Errorf("got %q,\nwant %q", got, tt.want)
			}
		})
	}
}

func TestSofficeFind(t *testing.T) {
	windowsEnv := map[string]string{"ProgramFiles": `C:\Program Files`, "ProgramFiles(x86)": `C:\Program Files (x86)`}
	tests := []struct {
		name      string
		goos      string
		env       map[string]string
		named     string              // Reader.Soffice
		path      map[string]string   // name → what PATH finds
		installed map[string][]string // glob pattern → existing matches
		want      string              // "" wants ErrConverterMissing
		says      string              // the error names this
	}{
		{"linux, on PATH", "linux", nil, "", map[string]string{"soffice": "/usr/bin/soffice"},
			map[string][]string{"/usr/lib/libreoffice/program/soffice": {"/usr/lib/libreoffice/program/soffice"}},
			"/usr/bin/soffice", ""},
		{"linux, only libreoffice on PATH", "linux", nil, "", map[string]string{"libreoffice": "/usr/local/bin/libreoffice"}, nil,
			"/usr/local/bin/libreoffice", ""},
		{"linux, PATH stripped, Debian package", "linux", nil, "", nil,
			map[string][]string{"/usr/lib/libreoffice/program/soffice": {"/usr/lib/libreoffice/program/soffice"}},
			"/usr/lib/libreoffice/program/soffice", ""},
		{"linux, The Document Foundation's package in /opt", "linux", nil, "", nil,
			map[string][]string{"/opt/libreoffice*/program/soffice": {"/opt/libreoffice24.2/program/soffice", "/opt/libreoffice7.6/program/soffice"}},
			"/opt/libreoffice24.2/program/soffice", ""},
		{"linux, nothing", "linux", nil, "", nil, nil,
			"", "/usr/lib/libreoffice/program/soffice"},
		{"windows, installer's default folder, not on PATH", "windows", windowsEnv, "", nil,
			map[string][]string{`C:\Program Files\LibreOffice\program\soffice.exe`: {`C:\Program Files\LibreOffice\program\soffice.exe`}},
			`C:\Program Files\LibreOffice\program\soffice.exe`, ""},
		{"windows, LibreOffice 5, 32-bit", "windows", windowsEnv, "", nil,
			map[string][]string{`C:\Program Files (x86)\LibreOffice *\program\soffice.exe`: {`C:\Program Files (x86)\LibreOffice 5\program\soffice.exe`}},
			`C:\Program Files (x86)\LibreOffice 5\program\soffice.exe`, ""},
		{"windows, on PATH wins", "windows", windowsEnv, "", map[string]string{"soffice": `D:\LO\program\soffice.com`},
			map[string][]string{`C:\Program Files\LibreOffice\program\soffice.exe`: {`C:\Program Files\LibreOffice\program\soffice.exe`}},
			`D:\LO\program\soffice.com`, ""},
		{"windows, nothing", "windows", windowsEnv, "", nil, nil,
			"", `C:\Program Files\LibreOffice\program\soffice.exe`},
		{"macOS, app bundle", "darwin", nil, "", nil,
			map[string][]string{"/Applications/LibreOffice.app/Contents/MacOS/soffice": {"/Applications/LibreOffice.app/Contents/MacOS/soffice"}},
			"/Applications/LibreOffice.app/Contents/MacOS/soffice", ""},
		{"named program found", "linux", nil, "/opt/lo/soffice", map[string]string{"/opt/lo/soffice": "/opt/lo/soffice"}, nil,
			"/opt/lo/soffice", ""},
		{"named program missing: no other is tried", "linux", nil, "/opt/lo/soffice", map[string]string{"soffice": "/usr/bin/soffice"},
			map[string][]string{"/usr/lib/libreoffice/program/soffice": {"/usr/lib/libreoffice/program/soffice"}},
			"", "/opt/lo/soffice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sofficeSearch{
				goos:   tt.goos,
				getenv: env(tt.env),
				lookPath: func(name string) (string, error) {
					if p, ok := tt.path[name]; ok {
						return p, nil
					}
					return "", &exec.Error{Name: name, Err: exec.ErrNotFound}
				},
				glob: func(pattern string) ([]string, error) { return tt.installed[pattern], nil },
			}
			got, err := s.find(tt.named)
			if tt.want != "" {
				if err != nil || got != tt.want {
					t.Errorf("got %q, %v; want %q", got, err, tt.want)
				}
				return
			}
			if !errors.Is(err, ErrConverterMissing) {
				t.Fatalf("got %q, %v; want ErrConverterMissing", got, err)
			}
			if !strings.Contains(err.Error(), tt.says) {
				t.Errorf("got error %q, want it to name %q", err, tt.says)
			}
		})
	}
}

func TestFileURL(t *testing.T) {
	tests := []struct {
		name, path, want string
	}{
		{"unix", "/tmp/shendang-convert-1/profile", "file:///tmp/shendang-convert-1/profile"},
		{"windows drive", "C:/Users/zhang/AppData/Local/Temp/shendang-convert-1/profile",
			"file:///C:/Users/zhang/AppData/Local/Temp/shendang-convert-1/profile"},
		{"chinese user name and a space", "C:/Users/张 三/Temp/profile", "file:///C:/Users/%E5%BC%A0%20%E4%B8%89/Temp/profile"},
		{"percent sign and hash", "/tmp/100%#1/profile", "file:///tmp/100%25%231/profile"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fileURL(tt.path); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
