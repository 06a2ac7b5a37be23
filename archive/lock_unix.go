//go:build unix && !aix

package archive

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// lockDir takes the lock Badger takes on its directory (flock on the directory), so that the
// store's files can be checked while no other process uses them. Badger takes the lock anew
// when it opens the store, after release.
func lockDir(dir string) (release func(), err error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, errLocked
		}
		return nil, err
	}
	return func() {
		_ = unix.Flock(int(f.Fd()), unix.LOCK_UN)
		f.Close()
	}, nil
}
