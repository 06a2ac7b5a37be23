package archive

import "errors"

// Errors of the archive, tested with errors.Is; each is wrapped with what it concerns.
// ErrStoreInUse and ErrIncompatibleStore are in store.go, ErrDamaged in problems.go.
var (
	ErrNotFound        = errors.New("not found")
	ErrInvalid         = errors.New("invalid")
	ErrPermission      = errors.New("not permitted")
	ErrState           = errors.New("not possible in the item's current state")
	ErrBlocked         = errors.New("the secrecy check blocks this draft")
	ErrFiled           = errors.New("a filed item cannot change")
	ErrAuth            = errors.New("wrong user name or password")
	ErrWrongPassphrase = errors.New("wrong passphrase for the encrypted store")
	ErrNotEmpty        = errors.New("the target directory is not empty")
	ErrBackup          = errors.New("not a valid backup file")
	// ErrFileSystem means the file system refused the store's files: the disk is full, the
	// directory is read-only or belongs to someone else. The store is not damaged.
	ErrFileSystem = errors.New("the file system refused the store's files")
)
