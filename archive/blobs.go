package archive

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
	"github.com/emmansun/gmsm/sm3"
)

// Fixity is a stored file's digests: SHA-256 (its key) and SM3 (GB/T 32905).
type Fixity struct {
	SHA256 string
	SM3    string
	Size   int64
}

func fixityOf(data []byte) Fixity {
	a := sha256.Sum256(data)
	b := sm3.Sum(data)
	return Fixity{SHA256: hex.EncodeToString(a[:]), SM3: hex.EncodeToString(b[:]), Size: int64(len(data))}
}

// putBlob stores data by content in txn; storing the same content twice is a no-op.
func putBlob(txn *tx, data []byte) (Fixity, error) {
	f := fixityOf(data)
	if _, err := txn.Get(keyBlob(f.SHA256)); err == nil {
		return f, nil
	}
	if err := txn.Set(keyBlob(f.SHA256), data); err != nil {
		return f, err
	}
	return f, txn.Set(keyBlobSum(f.SHA256), []byte(f.SM3))
}

// Blob returns the stored file with the SHA-256 sha. Errors: ErrNotFound.
func (s *BadgerStore) Blob(sha string) ([]byte, error) {
	var out []byte
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(keyBlob(sha))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return fmt.Errorf("file %s: %w", sha, ErrNotFound)
		}
		if err != nil {
			return err
		}
		out, err = item.ValueCopy(nil)
		return err
	})
	return out, err
}
