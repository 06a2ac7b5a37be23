package archive

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/dgraph-io/badger/v4"
)

// loadV1 loads the payload of a backup of format 1, Badger's own backup stream, into the
// empty engine to: Badger loads it into a temporary database (encrypted with key, when the
// backup was, so that no plaintext reaches the disk), whose keys are then copied over. Errors:
// ErrBackup for a stream Badger cannot load; to's.
func loadV1(ctx context.Context, src io.Reader, key []byte, to engine) error {
	tmp, err := os.MkdirTemp("", "shendang-restore-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	o := desktopOptions(badger.DefaultOptions(tmp)).WithSyncWrites(false)
	if key != nil {
		o = o.WithEncryptionKey(key)
	}
	db, err := badger.Open(o)
	if err != nil {
		return fmt.Errorf("a temporary store for the backup: %w", err)
	}
	from := &badgerEngine{db: db, dir: tmp, key: key}
	defer from.close()
	if err := db.Load(src, 256); err != nil {
		return fmt.Errorf("%w: %v", ErrBackup, err)
	}
	return copyStore(ctx, from, to)
}
