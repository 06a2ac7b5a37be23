//go:build !(unix && !aix) && !windows

package archive

import "testing"

// TestLockDir: without a lock of the platform's, lockDir takes none and refuses nothing; the
// engine's own lock on opening is all there is.
func TestLockDir(t *testing.T) {
	dir := t.TempDir()
	tests := []string{"first", "while the first is held"}
	for _, name := range tests {
		release, err := lockDir(dir)
		if err != nil || release == nil {
			t.Fatalf("%s: got %v, want a release and nil", name, err)
		}
		defer release()
	}
}
