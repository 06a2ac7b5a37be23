//go:build (unix && !aix) || windows

package archive

import (
	"errors"
	"path/filepath"
	"testing"
)

func TestLockDir(t *testing.T) {
	dir := t.TempDir()
	release, err := lockDir(dir)
	if err != nil {
		t.Fatalf("first lock: got %v, want nil", err)
	}
	tests := []struct {
		name       string
		dir        string
		wantLocked bool
	}{
		{"held", dir, true},
		{"missing directory", filepath.Join(dir, "absent"), false},
	}
	for _, tt := range tests {
		_, err := lockDir(tt.dir)
		if err == nil || errors.Is(err, errLocked) != tt.wantLocked {
			t.Errorf("%s: got %v, want an error (locked: %v)", tt.name, err, tt.wantLocked)
		}
	}
	release()
	again, err := lockDir(dir)
	if err != nil {
		t.Fatalf("after release: got %v, want nil", err)
	}
	again()
}
