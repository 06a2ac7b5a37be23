package archive

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestOpenCreatesAndReopens(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "store")
	s := mustOpen(t, dir)
	if s.Dir() != dir {
		t.Errorf("Dir() = %q, want %q", s.Dir(), dir)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	s = mustOpen(t, dir)
	if err := s.Close(); err != nil {
		t.Fatalf("Close after reopen: %v", err)
	}
}

func TestOpenTwiceIsInUse(t *testing.T) {
	// The error names the directory as the user typed it: a Windows path's backslashes are not
	// doubled, nor are Chinese letters escaped (on Linux, both are just letters of a name).
	tests := []struct {
		name, dir string
	}{
		{"plain", "store"},
		{"backslashes", `C:\shendang-data\store`},
		{"chinese and a space", "审档 数据"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), tt.dir)
			s := mustOpen(t, dir)
			defer s.Close()

			_, err := Open(dir)
			if !errors.Is(err, ErrStoreInUse) {
				t.Fatalf("second Open: got %v, want ErrStoreInUse", err)
			}
			if got, want := err.Error(), `open store "`+dir+`"`; !strings.Contains(got, want) {
				t.Errorf("got error %s, want it to contain %s", got, want)
			}
		})
	}
}

func TestOpenInMemory(t *testing.T) {
	s, err := OpenInMemory()
	if err != nil {
		t.Fatal(err)
	}
	if s.Dir() != "" {
		t.Errorf("Dir() = %q, want empty", s.Dir())
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}
