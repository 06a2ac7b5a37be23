//go:build linux

package archive

import (
	"io/fs"
	"syscall"
)

// changeTime is the file's change time (ctime) in Unix nanoseconds: the system sets it at every
// change to the file, and no program can set it back.
func changeTime(fi fs.FileInfo) int64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return st.Ctim.Nano()
	}
	return 0
}
