package archive

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
)

type kvPair struct{ key, value string }

// kvStream is the stream of pairs as kvStreamWriter writes it.
func kvStream(t testing.TB, pairs []kvPair) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := newKVStreamWriter(&buf)
	must(t, err)
	for _, p := range pairs {
		must(t, w.add([]byte(p.key), []byte(p.value)))
	}
	must(t, w.finish())
	return buf.Bytes()
}

func readPairs(data []byte) ([]kvPair, error) {
	var got []kvPair
	_, err := readKVStream(bytes.NewReader(data), func(k, v []byte) error {
		got = append(got, kvPair{string(k), string(v)})
		return nil
	})
	return got, err
}

var streamPairs = []kvPair{{"audit/000000000001", `{"Seq":1}`}, {"blob/ab", ""}, {"item/1", "条目"}, {"meta/schema", "2"}}

func TestKVStreamRoundTrip(t *testing.T) {
	for _, pairs := range [][]kvPair{nil, streamPairs[:1], streamPairs} {
		got, err := readPairs(kvStream(t, pairs))
		if err != nil || fmt.Sprint(got) != fmt.Sprint(pairs) {
			t.Errorf("got %v, %v; want %v", got, err, pairs)
		}
	}
}

// TestKVStreamRefusesDamage: a stream cut short, altered, extended or miscounted is refused
// as ErrBackup, never loaded as if whole.
func TestKVStreamRefusesDamage(t *testing.T) {
	good := kvStream(t, streamPairs)
	change := func(f func(b []byte) []byte) []byte { return f(bytes.Clone(good)) }
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"not a stream", []byte("PK\x03\x04")},
		{"cut in a record", good[:len(kvMagic)+10]},
		{"cut before the digest", good[:len(good)-32]},
		{"cut in the digest", good[:len(good)-1]},
		{"a value's byte changed", change(func(b []byte) []byte { b[len(kvMagic)+4+18+4] ^= 1; return b })},
		{"the digest changed", change(func(b []byte) []byte { b[len(b)-1] ^= 1; return b })},
		{"the count changed", change(func(b []byte) []byte { b[len(b)-33] ^= 1; return b })},
		{"data after the end", append(bytes.Clone(good), 0)},
		{"a key length past the limit", append([]byte(kvMagic), 0xFF, 0xFF, 0xFF, 0xFF)},
	}
	for _, tt := range tests {
		if _, err := readPairs(tt.data); !errors.Is(err, ErrBackup) {
			t.Errorf("%s: got %v, want ErrBackup", tt.name, err)
		}
	}
}

func FuzzReadKVStream(f *testing.F) {
	f.Add(kvStream(f, streamPairs))
	f.Add(kvStream(f, nil))
	f.Add([]byte(kvMagic + "\x00\x00\x00\x01k\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		pairs, err := readPairs(data)
		if err != nil {
			if !errors.Is(err, ErrBackup) {
				t.Fatalf("got %v, want ErrBackup or a whole stream", err)
			}
			return
		}
		if again := kvStream(t, pairs); !bytes.Equal(again, data) {
			t.Fatalf("got a stream read whole that writes back as %d other bytes", len(again))
		}
	})
}
