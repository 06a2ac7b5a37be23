package main

import (
	"path/filepath"
	"testing"
)

func TestDefaultDataDir(t *testing.T) {
	env := func(m map[string]string) func(string) string {
		return func(k string) string { return m[k] }
	}
	tests := []struct {
		name string
		goos string
		env  map[string]string
		want string
	}{
		{"linux", "linux", nil, filepath.Join("/home/u", ".local", "share", "shendang")},
		{"linux XDG", "linux", map[string]string{"XDG_DATA_HOME": "/data/u"}, filepath.Join("/data/u", "shendang")},
		{"linux relative XDG ignored", "linux", map[string]string{"XDG_DATA_HOME": "rel"}, filepath.Join("/home/u", ".local", "share", "shendang")},
		{"windows", "windows", map[string]string{"LOCALAPPDATA": `C:\Users\u\AppData\Local`}, filepath.Join(`C:\Users\u\AppData\Local`, "shendang")},
		{"windows without LOCALAPPDATA", "windows", nil, filepath.Join("/home/u", "AppData", "Local", "shendang")},
		{"darwin", "darwin", nil, filepath.Join("/home/u", "Library", "Application Support", "shendang")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := defaultDataDir(tt.goos, "/home/u", env(tt.env)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestResolveDataDirIsAbsolute(t *testing.T) {
	got, err := resolveDataDir("relative/dir", func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if !filepath.IsAbs(got) || filepath.Base(got) != "dir" {
		t.Errorf("got %q, want an absolute path ending in dir", got)
	}
}
