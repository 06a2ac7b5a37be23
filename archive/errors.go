package archive

import (
	"errors"
	"fmt"
)

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
	// ErrInUse means other desks are connected to a server database that a move or a restore
	// would read from or write to: what they write meanwhile would be lost or mixed in.
	ErrInUse = errors.New("the server database is in use at other desks")
	// ErrFileSystem means the file system refused the store's files: the disk is full, the
	// directory is read-only or belongs to someone else. The store is not damaged.
	ErrFileSystem = errors.New("the file system refused the store's files")
)

// Error is an error a person can meet, made where the problem is found: Kind is one of the
// sentinels above, for errors.Is and for logs; Msg is the Chinese sentence shown to the person,
// naming what is wrong and, where there is one, what to do.
type Error struct {
	Kind error
	Msg  string
}

// Error returns the kind and the Chinese sentence, for logs.
func (e *Error) Error() string { return e.Kind.Error() + ": " + e.Msg }

// Unwrap returns the kind, so that errors.Is(err, ErrInvalid) holds.
func (e *Error) Unwrap() error { return e.Kind }

// fail makes an *Error of kind with the Chinese sentence format makes of args.
func fail(kind error, format string, args ...any) error {
	return &Error{Kind: kind, Msg: fmt.Sprintf(format, args...)}
}

// Message returns the Chinese sentence of the first *Error in err's chain, and whether there
// is one.
func Message(err error) (string, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e.Msg, true
	}
	return "", false
}
