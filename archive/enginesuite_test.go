package archive

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"testing"

	"shendang.gov.cn/shendang/internal/pgtest"
)

// The engine conformance suite: what the rules may rely on from any engine, run on each one
// (after hashicorp/vault's physical.ExerciseBackend).

// openSuitePostgres opens the PostgreSQL engine on a new database of the test server, closed
// when t ends.
func openSuitePostgres(t testing.TB) engine {
	t.Helper()
	e, err := openPostgres(context.Background(), pgtest.URL(t))
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { _ = e.close() })
	return e
}

func TestEngineBadger(t *testing.T)   { exerciseEngine(t, openSuiteBadger) }
func TestEnginePostgres(t *testing.T) { exerciseEngine(t, openSuitePostgres) }

// exerciseEngine runs the suite on engines that open gives, a fresh one per subtest.
func exerciseEngine(t *testing.T, open func(testing.TB) engine) {
	tests := []struct {
		name string
		run  func(*testing.T, engine)
	}{
		{"GetPutDelete", suiteGetPutDelete},
		{"Scans", suiteScans},
		{"ScanEveryRange", suiteScanEveryRange},
		{"LargeValues", suiteLargeValues},
		{"Pages", suitePages},
		{"ReadersAtOnce", suiteReadersAtOnce},
		{"WritesInsideScan", suiteWritesInsideScan},
		{"ReadYourWrites", suiteReadYourWrites},
		{"Snapshot", suiteSnapshot},
		{"ErrorRollsBack", suiteErrorRollsBack},
		{"Conflict", suiteConflict},
		{"ConcurrentCounter", suiteConcurrentCounter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, open(t)) })
	}
}

// put writes pairs (key, value, key, value, …) in one transaction.
func suitePut(t testing.TB, e engine, kv ...[]byte) {
	t.Helper()
	err := e.update(context.Background(), func(w kvWriter) error {
		for i := 0; i < len(kv); i += 2 {
			if err := w.put(kv[i], kv[i+1]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("put: %v", err)
	}
}

// suiteGet reads key in a view of its own.
func suiteGet(e engine, key []byte) (v []byte, err error) {
	err = e.view(context.Background(), func(r kvReader) error {
		v, err = r.get(key)
		return err
	})
	return v, err
}

// scanAll collects a scan's keys and values.
func scanAll(r kvReader, kr keyRange) (keys, values [][]byte, err error) {
	err = r.scan(kr, func(k, v []byte) (bool, error) {
		keys, values = append(keys, bytes.Clone(k)), append(values, bytes.Clone(v))
		return true, nil
	})
	return keys, values, err
}

func suiteGetPutDelete(t *testing.T, e engine) {
	bin := []byte{0, 0xff, 0x80, 0, 1}
	suitePut(t, e, []byte("a"), []byte("1"), []byte("empty"), []byte{}, bin, bin)
	suitePut(t, e, []byte("a"), []byte("2")) // overwrite
	err := e.update(context.Background(), func(w kvWriter) error {
		if err := w.del([]byte("never-there")); err != nil {
			return fmt.Errorf("delete an absent key: %w", err)
		}
		return w.del(bin)
	})
	if err != nil {
		t.Fatalf("delete: %v", err)
	}
	tests := []struct {
		key     []byte
		want    []byte
		wantErr error
	}{
		{[]byte("a"), []byte("2"), nil},
		{[]byte("empty"), []byte{}, nil},
		{bin, nil, errNoKey},
		{[]byte("absent"), nil, errNoKey},
	}
	for _, tt := range tests {
		got, err := suiteGet(e, tt.key)
		if !errors.Is(err, tt.wantErr) || !bytes.Equal(got, tt.want) {
			t.Errorf("get %q: got %q, %v, want %q, %v", tt.key, got, err, tt.want, tt.wantErr)
		}
	}
}

// suiteKeys are keys that test the edges of byte order: a zero byte, 0xff bytes, a key that is
// a prefix of others.
var suiteKeys = [][]byte{
	[]byte("\x00"), []byte("a"), []byte("a/1"), []byte("a/2"), []byte("a/3"), []byte("a0"),
	[]byte("b"), []byte("b/\x00"), []byte("b/\xff"), []byte("b/\xff\xff"), []byte("b0"),
	[]byte("\xff"), []byte("\xff\xff"), []byte("\xff\xff\x00"), []byte("\xff\xff\xff"),
}

// suiteModel is what a scan of suiteKeys must give, worked out from the definition.
func suiteModel(kr keyRange) [][]byte {
	var out [][]byte
	for _, k := range suiteKeys {
		if !bytes.HasPrefix(k, kr.prefix) || len(kr.start) > 0 &&
			(!kr.reverse && bytes.Compare(k, kr.start) < 0 || kr.reverse && bytes.Compare(k, kr.start) > 0) {
			continue
		}
		out = append(out, k)
	}
	slices.SortFunc(out, bytes.Compare)
	if kr.reverse {
		slices.Reverse(out)
	}
	return out
}

func putSuiteKeys(t *testing.T, e engine) {
	var kv [][]byte
	for _, k := range suiteKeys {
		kv = append(kv, k, append([]byte("v:"), k...))
	}
	suitePut(t, e, kv...)
}

func suiteScans(t *testing.T, e engine) {
	putSuiteKeys(t, e)
	s := func(keys ...string) []string { return keys }
	tests := []struct {
		name string
		kr   keyRange
		want []string
	}{
		{"prefix", keyRange{prefix: []byte("a/")}, s("a/1", "a/2", "a/3")},
		{"prefix reverse", keyRange{prefix: []byte("a/"), reverse: true}, s("a/3", "a/2", "a/1")},
		{"start", keyRange{prefix: []byte("a/"), start: []byte("a/2")}, s("a/2", "a/3")},
		{"start reverse", keyRange{prefix: []byte("a/"), start: []byte("a/2"), reverse: true}, s("a/2", "a/1")},
		{"start between keys", keyRange{prefix: []byte("a/"), start: []byte("a/15")}, s("a/2", "a/3")},
		{"start between keys reverse", keyRange{prefix: []byte("a/"), start: []byte("a/15"), reverse: true}, s("a/1")},
		{"start past the prefix", keyRange{prefix: []byte("a/"), start: []byte("a/9")}, nil},
		{"start past the prefix reverse", keyRange{prefix: []byte("a/"), start: []byte("a0"), reverse: true}, s("a/3", "a/2", "a/1")},
		{"start before the prefix reverse", keyRange{prefix: []byte("a/"), start: []byte("a"), reverse: true}, nil},
		{"empty range", keyRange{prefix: []byte("zz")}, nil},
		{"empty range reverse", keyRange{prefix: []byte("zz"), reverse: true}, nil},
		{"prefix ending in 0xff", keyRange{prefix: []byte("b/\xff")}, s("b/\xff", "b/\xff\xff")},
		{"prefix ending in 0xff reverse", keyRange{prefix: []byte("b/\xff"), reverse: true}, s("b/\xff\xff", "b/\xff")},
		{"all-0xff prefix", keyRange{prefix: []byte("\xff\xff")}, s("\xff\xff", "\xff\xff\x00", "\xff\xff\xff")},
		{"all-0xff prefix reverse", keyRange{prefix: []byte("\xff\xff"), reverse: true}, s("\xff\xff\xff", "\xff\xff\x00", "\xff\xff")},
		{"every key reverse from a start", keyRange{start: []byte("a0"), reverse: true}, s("a0", "a/3", "a/2", "a/1", "a", "\x00")},
	}
	for _, tt := range tests {
		for _, keysOnly := range []bool{false, true} {
			tt.kr.keysOnly = keysOnly
			var keys, values [][]byte
			err := e.view(context.Background(), func(r kvReader) (err error) {
				keys, values, err = scanAll(r, tt.kr)
				return err
			})
			if err != nil {
				t.Fatalf("%s: scan: %v", tt.name, err)
			}
			if got := fmt.Sprintf("%q", keys); got != fmt.Sprintf("%q", tt.want) {
				t.Errorf("%s (keysOnly %v): got %s, want %q", tt.name, keysOnly, got, tt.want)
			}
			for i, v := range values {
				want := append([]byte("v:"), keys[i]...)
				if keysOnly {
					want = nil
				}
				if !bytes.Equal(v, want) {
					t.Errorf("%s (keysOnly %v): value of %q: got %q, want %q", tt.name, keysOnly, keys[i], v, want)
				}
			}
		}
	}
}

// suiteScanEveryRange compares every prefix and start drawn from the keys (and their
// neighbours) against the model, both ways, and a scan that fn stops early.
func suiteScanEveryRange(t *testing.T, e engine) {
	putSuiteKeys(t, e)
	bounds := [][]byte{nil}
	for _, k := range suiteKeys {
		bounds = append(bounds, k, k[:len(k)-1], append(bytes.Clone(k), 0))
	}
	err := e.view(context.Background(), func(r kvReader) error {
		for _, p := range bounds {
			for _, s := range bounds {
				for _, rev := range []bool{false, true} {
					kr := keyRange{prefix: p, start: s, reverse: rev}
					got, _, err := scanAll(r, kr)
					if err != nil {
						return err
					}
					if want := suiteModel(kr); fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
						t.Errorf("prefix %q start %q reverse %v: got %q, want %q", p, s, rev, got, want)
					}
				}
			}
		}
		n := 0
		err := r.scan(keyRange{}, func(k, v []byte) (bool, error) { n++; return n < 2, nil })
		if n != 2 {
			t.Errorf("a scan whose fn stops at the second key: got %d calls, want 2", n)
		}
		return err
	})
	if err != nil {
		t.Fatalf("scan: %v", err)
	}
}

func suiteLargeValues(t *testing.T, e engine) {
	big := func(n int) []byte { b := make([]byte, n); _, _ = rand.Read(b); return b }
	kv := [][]byte{
		[]byte("v/0"), []byte("small"),
		[]byte("v/1"), big(1 << 20),
		[]byte("v/2"), big(pgInline),
		[]byte("v/3"), big(pgInline + 1),
		[]byte("v/4"), big(1<<20 + 7),
	}
	suitePut(t, e, kv...)
	err := e.view(context.Background(), func(r kvReader) error {
		for _, rev := range []bool{false, true} {
			keys, values, err := scanAll(r, keyRange{prefix: []byte("v/"), reverse: rev})
			if err != nil {
				return err
			}
			if len(keys) != len(kv)/2 {
				t.Fatalf("reverse %v: got %d keys, want %d", rev, len(keys), len(kv)/2)
			}
			for i, k := range keys {
				j := i
				if rev {
					j = len(keys) - 1 - i
				}
				if !bytes.Equal(k, kv[2*j]) || !bytes.Equal(values[i], kv[2*j+1]) {
					t.Errorf("reverse %v, key %d: got %q with %d bytes, want %q with %d", rev, i, k, len(values[i]), kv[2*j], len(kv[2*j+1]))
				}
			}
		}
		got, err := r.get([]byte("v/4"))
		if !bytes.Equal(got, kv[9]) {
			t.Errorf("get v/4: got %d bytes, %v, want the %d written", len(got), err, len(kv[9]))
		}
		return err
	})
	if err != nil {
		t.Fatalf("view: %v", err)
	}
}

// suiteCountKey is key i of a numbered run.
func suiteCountKey(prefix string, i int) []byte { return fmt.Appendf(nil, "%s%05d", prefix, i) }

func putNumbered(t testing.TB, e engine, prefix string, n int) {
	for lo := 0; lo < n; lo += 1000 {
		var kv [][]byte
		for i := lo; i < min(lo+1000, n); i++ {
			kv = append(kv, suiteCountKey(prefix, i), []byte(strconv.Itoa(i)))
		}
		suitePut(t, e, kv...)
	}
}

// suiteReadersAtOnce reads one snapshot from several goroutines at once, as the statistics'
// first look does (the index's keys and the facts' in two scans): each scan sees every key of
// its range, none written after the view began, and gets answer meanwhile.
func suiteReadersAtOnce(t *testing.T, e engine) {
	const n = 3000 // several of PostgreSQL's pages a range
	putNumbered(t, e, "a/", n)
	putNumbered(t, e, "b/", n)
	ctx := context.Background()
	began, written := make(chan struct{}), make(chan struct{})
	go func() { // a write after the view began, which it must not see
		<-began
		suitePut(t, e, suiteCountKey("a/", n), []byte("late"), suiteCountKey("b/", n), []byte("late"))
		close(written)
	}()
	var counts [3]int
	err := e.view(ctx, func(r kvReader) error {
		if _, err := r.get(suiteCountKey("a/", 0)); err != nil { // the snapshot is taken
			return err
		}
		close(began)
		<-written
		errs := make([]error, 3)
		var wg sync.WaitGroup
		for i, prefix := range []string{"a/", "b/"} {
			wg.Go(func() {
				errs[i] = r.scan(keyRange{prefix: []byte(prefix)}, func(k, v []byte) (bool, error) {
					if string(v) != strconv.Itoa(counts[i]) {
						return false, fmt.Errorf("%s: got %q, want %d", k, v, counts[i])
					}
					counts[i]++
					return true, nil
				})
			})
		}
		wg.Go(func() {
			for k := range n {
				if _, err := r.get(suiteCountKey("b/", k)); err != nil {
					errs[2] = err
					return
				}
				counts[2]++
			}
		})
		wg.Wait()
		return errors.Join(errs...)
	})
	if err != nil || counts != [3]int{n, n, n} {
		t.Fatalf("got %v keys scanned, scanned and read, %v; want %d each", counts, err, n)
	}
}

// suitePages scans 10,000 keys: several of the PostgreSQL engine's pages, and ranges that end
// on a page boundary.
func suitePages(t *testing.T, e engine) {
	const n = 10000
	putNumbered(t, e, "k/", n)
	tests := []struct {
		name        string
		kr          keyRange
		first, last int
		count       int
	}{
		{"all", keyRange{prefix: []byte("k/")}, 0, n - 1, n},
		{"all reverse", keyRange{prefix: []byte("k/"), reverse: true}, n - 1, 0, n},
		{"two pages exactly", keyRange{prefix: []byte("k/"), start: suiteCountKey("k/", n-2*pgPage)}, n - 2*pgPage, n - 1, 2 * pgPage},
		{"one page exactly reverse", keyRange{prefix: []byte("k/"), start: suiteCountKey("k/", pgPage-1), reverse: true}, pgPage - 1, 0, pgPage},
		{"from the middle reverse", keyRange{prefix: []byte("k/"), start: suiteCountKey("k/", 5000), reverse: true}, 5000, 0, 5001},
		{"keys only", keyRange{prefix: []byte("k/"), keysOnly: true}, 0, n - 1, n},
	}
	for _, tt := range tests {
		var keys [][]byte
		err := e.view(context.Background(), func(r kvReader) (err error) {
			keys, _, err = scanAll(r, tt.kr)
			return err
		})
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if len(keys) != tt.count {
			t.Errorf("%s: got %d keys, want %d", tt.name, len(keys), tt.count)
			continue
		}
		sorted := slices.IsSortedFunc(keys, bytes.Compare)
		if tt.kr.reverse {
			sorted = slices.IsSortedFunc(keys, func(a, b []byte) int { return bytes.Compare(b, a) })
		}
		if !sorted || !bytes.Equal(keys[0], suiteCountKey("k/", tt.first)) ||
			!bytes.Equal(keys[len(keys)-1], suiteCountKey("k/", tt.last)) {
			t.Errorf("%s: got keys (in order: %v) from %q to %q, want from %05d to %05d",
				tt.name, sorted, keys[0], keys[len(keys)-1], tt.first, tt.last)
		}
	}
}
