//go:build windows

package archive

import (
	"errors"
	"path/filepath"
	"syscall"
)

// lockDir takes the lock Badger takes on its directory (its LOCK file, opened for nobody to
// share and deleted on close), so that the store's files can be checked while no other process
// uses them. Badger takes the lock anew when it opens the store, after release.
func lockDir(dir string) (release func(), err error) {
	path, err := filepath.Abs(filepath.Join(dir, "LOCK"))
	if err != nil {
		return nil, err
	}
	p, err := syscall.UTF16PtrFromString(path)
	if err != nil {
		return nil, err
	}
	const fileAttributeTemporary, fileFlagDeleteOnClose = 0x100, 0x04000000
	h, err := syscall.CreateFile(p, 0, 0, nil, syscall.OPEN_ALWAYS, fileAttributeTemporary|fileFlagDeleteOnClose, 0)
	if errors.Is(err, errorSharingViolation) {
		return nil, errLocked
	}
	if err != nil {
		return nil, err
	}
	return func() { _ = syscall.CloseHandle(h) }, nil
}

// errorSharingViolation is Windows' ERROR_SHARING_VIOLATION: another process holds the file.
const errorSharingViolation = syscall.Errno(32)
