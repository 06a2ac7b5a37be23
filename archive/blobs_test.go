package archive

import (
	"errors"
	"testing"
)

func TestFixityOf(t *testing.T) {
	tests := []struct {
		data        string
		sha256, sm3 string
		size        int64
	}{
		// SHA-256 of "" and "abc" (FIPS 180-2); SM3 of "" and "abc" (GB/T 32905-2016, example 1).
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b", 0},
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0", 3},
	}
	for _, tt := range tests {
		got := fixityOf([]byte(tt.data))
		want := Fixity{SHA256: tt.sha256, SM3: tt.sm3, Size: tt.size}
		if got != want {
			t.Errorf("fixityOf(%q): got %+v, want %+v", tt.data, got, want)
		}
	}
}

func TestPutBlobAndBlob(t *testing.T) {
	s := openTestOffice(t)
	data := []byte("关于开展普法宣传的通知")
	var first, second Fixity
	audited(t, s, func(txn *tx) error {
		var err error
		if first, err = putBlob(txn, data); err != nil {
			return err
		}
		second, err = putBlob(txn, data)
		return err
	})
	if first != second || first != fixityOf(data) {
		t.Errorf("putBlob twice: got %+v then %+v, want %+v both times", first, second, fixityOf(data))
	}
	tests := []struct {
		sha     string
		want    string
		wantErr error
	}{
		{first.SHA256, string(data), nil},
		{fixityOf([]byte("其他")).SHA256, "", ErrNotFound},
	}
	for _, tt := range tests {
		got, err := s.Blob(tt.sha)
		if string(got) != tt.want || !errors.Is(err, tt.wantErr) {
			t.Errorf("Blob(%s): got %q, %v, want %q, %v", tt.sha[:8], got, err, tt.want, tt.wantErr)
		}
	}
}
