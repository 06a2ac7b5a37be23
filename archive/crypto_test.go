package archive

import (
	"errors"
	"testing"
)

func TestUnencryptedStoreRefusesPassphrase(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	must(t, err)
	must(t, s.Close())
	if _, err := Open(dir, Options{Passphrase: "x"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("got %v, want ErrInvalid: encryption is chosen when a store is created", err)
	}
}
