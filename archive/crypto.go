package archive

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/crypto/argon2"
)

// argonMemory is the argon2id memory cost in KiB: RFC 9106's second recommended option
// (64 MiB, 3 passes). Tests lower it; nothing else may.
var argonMemory uint32 = 64 << 10

// argon2id parameters besides memory: 3 passes, 4 lanes, 32-byte keys.
const (
	argonTime = 3

	argonThreads = 4
	argonKeyLen  = 32
)

// keyParams are what an encrypted store keeps beside itself to turn a passphrase into its key.
type keyParams struct {
	Salt  []byte
	Time  uint32
	Mem   uint32
	Check []byte // HMAC of a fixed text under the key: tells a wrong passphrase from damage
	// Sum is a digest of the fields above, so that a damaged file is not taken for a wrong
	// passphrase. Files written before it have none, and get one when the passphrase opens them.
	Sum []byte `json:",omitempty"`
}

func (p keyParams) sum() []byte {
	h := sha256.New()
	fmt.Fprintf(h, "%x %d %d %x", p.Salt, p.Time, p.Mem, p.Check)
	return h.Sum(nil)[:16]
}

// storeKey returns the encryption key of the store in dir, or nil for an unencrypted store.
// Encryption is chosen when a store is created: a passphrase for a new store creates the
// parameters; an encrypted store needs its passphrase; an unencrypted one refuses one.
func storeKey(dir, passphrase string) ([]byte, error) {
	data, err := os.ReadFile(keyFile(dir))
	switch {
	case errors.Is(err, os.ErrNotExist):
		return newStoreKey(dir, passphrase)
	case err != nil:
		return nil, err
	}
	var p keyParams
	if err := json.Unmarshal(data, &p); err != nil || len(p.Salt) == 0 || p.Time == 0 || p.Mem == 0 || len(p.Check) == 0 ||
		(p.Sum != nil && !hmac.Equal(p.Sum, p.sum())) {
		return nil, damagedKey(filepath.Base(keyFile(dir)), err)
	}
	if passphrase == "" {
		return nil, fmt.Errorf("%w: the store is encrypted", ErrWrongPassphrase)
	}
	key := deriveKey(passphrase, p)
	if !hmac.Equal(keyCheck(key), p.Check) {
		return nil, ErrWrongPassphrase
	}
	if p.Sum == nil { // written before the sum: add it, now that the passphrase vouches for the rest
		p.Sum = p.sum()
		b, _ := json.Marshal(p)
		if err := os.WriteFile(keyFile(dir)+".tmp", b, 0o600); err == nil {
			_ = os.Rename(keyFile(dir)+".tmp", keyFile(dir))
		}
	}
	return key, nil
}

// newStoreKey is the key of a store that has no key parameters: none without a passphrase; a
// new one, with its parameters written beside the store, for a new store with a passphrase.
// Errors: ErrInvalid for a passphrase given to a store made without one.
func newStoreKey(dir, passphrase string) ([]byte, error) {
	if passphrase == "" {
		return nil, nil
	}
	if _, err := os.Stat(filepath.Join(dir, "MANIFEST")); err == nil {
		return nil, fail(ErrInvalid, "这个数据库创建时没有加密，不能用口令打开。请不要设置 SHENDANG_PASSPHRASE。")
	}
	p := keyParams{Salt: make([]byte, 16), Time: argonTime, Mem: argonMemory}
	if _, err := rand.Read(p.Salt); err != nil {
		return nil, err
	}
	key := deriveKey(passphrase, p)
	p.Check = keyCheck(key)
	p.Sum = p.sum()
	b, _ := json.Marshal(p)
	if err := os.WriteFile(keyFile(dir), b, 0o600); err != nil {
		return nil, err
	}
	return key, nil
}

func deriveKey(passphrase string, p keyParams) []byte {
	return argon2.IDKey([]byte(passphrase), p.Salt, p.Time, p.Mem, argonThreads, argonKeyLen)
}

func keyCheck(key []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("shendang store key check"))
	return m.Sum(nil)
}

// hashPassword returns an argon2id hash of password in the PHC string format.
func hashPassword(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	sum := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		enc.EncodeToString(salt), enc.EncodeToString(sum)), nil
}

// checkPassword reports whether password matches a hash made by hashPassword.
func checkPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var mem, t uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &t, &threads); err != nil {
		return false
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[4])
	want, err2 := enc.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, mem, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}
