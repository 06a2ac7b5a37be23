package archive

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

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
	if has(txn, keyBlob(f.SHA256)) {
		return f, nil
	}
	if err := txn.put(keyBlob(f.SHA256), data); err != nil {
		return f, err
	}
	return f, txn.put(keyBlobSum(f.SHA256), []byte(f.SM3))
}

// Blob returns the stored file with the SHA-256 sha. Errors: ErrNotFound.
func (s *Office) Blob(sha string) ([]byte, error) {
	var out []byte
	err := s.view(func(txn kvReader) error {
		var err error
		out, err = txn.get(keyBlob(sha))
		if errors.Is(err, errNoKey) {
			return fmt.Errorf("file %s: %w", sha, ErrNotFound)
		}
		return err
	})
	return out, err
}
