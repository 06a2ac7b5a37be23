package archive

import (
	"errors"
	"strings"
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

func TestCheckPassword(t *testing.T) {
	hash, err := hashPassword("password-1")
	if err != nil {
		t.Fatal(err)
	}
	other, err := hashPassword("password-1")
	if err != nil {
		t.Fatal(err)
	}
	if other == hash {
		t.Errorf("hashing twice: got the same hash %s, want a fresh salt each time", hash)
	}
	parts := strings.Split(hash, "$")
	tests := []struct {
		name, hash, password string
		want                 bool
	}{
		{"right password", hash, "password-1", true},
		{"wrong password", hash, "password-2", false},
		{"empty password", hash, "", false},
		{"another algorithm", strings.Replace(hash, "argon2id", "argon2i", 1), "password-1", false},
		{"bad parameters", strings.Join(append(parts[:3:3], "m=x", parts[4], parts[5]), "$"), "password-1", false},
		{"bad salt", strings.Join(append(parts[:4:4], "!!", parts[5]), "$"), "password-1", false},
		{"cut short", strings.Join(parts[:5], "$"), "password-1", false},
		{"empty", "", "password-1", false},
	}
	for _, tt := range tests {
		if got := checkPassword(tt.hash, tt.password); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}
