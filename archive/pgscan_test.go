package archive

import "testing"

func TestScanQuery(t *testing.T) {
	tests := []struct {
		name string
		kr   keyRange
		want string
	}{
		{"everything", keyRange{}, "SELECT key, CASE WHEN octet_length(value) <= 32768 THEN value END FROM shendang_kv ORDER BY key LIMIT 512"},
		{"prefix keys only", keyRange{prefix: []byte("a/"), keysOnly: true}, "SELECT key FROM shendang_kv WHERE key >= $1 AND key < $2 ORDER BY key LIMIT 512"},
		{"all-0xff prefix reverse", keyRange{prefix: []byte("\xff"), reverse: true, keysOnly: true}, "SELECT key FROM shendang_kv WHERE key >= $1 ORDER BY key DESC LIMIT 512"},
		{"start reverse", keyRange{prefix: []byte("a/"), start: []byte("a/5"), reverse: true, keysOnly: true}, "SELECT key FROM shendang_kv WHERE key >= $1 AND key <= $2 ORDER BY key DESC LIMIT 512"},
		{"start without prefix", keyRange{start: []byte("b"), keysOnly: true}, "SELECT key FROM shendang_kv WHERE key >= $1 ORDER BY key LIMIT 512"},
	}
	for _, tt := range tests {
		if got, _ := scanBounds(tt.kr).query(tt.kr); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}
