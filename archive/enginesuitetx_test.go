package archive

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
)

// The conformance suite's transactions: what a writer sees of its own writes, what a view sees
// of others', rollback, and conflicts under real concurrency.

// suiteWritesInsideScan reads and writes from inside a scan's fn, across several pages.
func suiteWritesInsideScan(t *testing.T, e engine) {
	const n = 1500
	putNumbered(t, e, "k/", n)
	err := e.update(context.Background(), func(w kvWriter) error {
		return w.scan(keyRange{prefix: []byte("k/")}, func(k, v []byte) (bool, error) {
			got, err := w.get(k)
			if err != nil || !bytes.Equal(got, v) {
				return false, fmt.Errorf("get %q inside the scan: got %q, %v, want %q", k, got, err, v)
			}
			return true, w.put(append([]byte("copy/"), k...), got)
		})
	})
	if err != nil {
		t.Fatalf("update: %v", err)
	}
	var copies int
	err = e.view(context.Background(), func(r kvReader) error {
		return r.scan(keyRange{prefix: []byte("copy/")}, func(k, v []byte) (bool, error) {
			if want := strconv.Itoa(copies); string(v) != want {
				return false, fmt.Errorf("copy %q: got %q, want %q", k, v, want)
			}
			got, err := r.get(k) // a get inside a view's scan
			if !bytes.Equal(got, v) {
				return false, fmt.Errorf("get %q inside the scan: got %q, %v, want %q", k, got, err, v)
			}
			copies++
			return true, err
		})
	})
	if err != nil || copies != n {
		t.Errorf("got %d copies, %v, want %d, nil", copies, err, n)
	}
}

func suiteReadYourWrites(t *testing.T, e engine) {
	suitePut(t, e, []byte("x"), []byte("old"), []byte("y"), []byte("y"))
	want := `["x" "z"] ["new" "z"]`
	err := e.update(context.Background(), func(w kvWriter) error {
		for _, step := range []error{w.put([]byte("x"), []byte("new")), w.put([]byte("z"), []byte("z")), w.del([]byte("y"))} {
			if step != nil {
				return step
			}
		}
		if v, err := w.get([]byte("x")); string(v) != "new" {
			t.Errorf("get x after put: got %q, %v, want \"new\"", v, err)
		}
		if _, err := w.get([]byte("y")); !errors.Is(err, errNoKey) {
			t.Errorf("get y after delete: got %v, want errNoKey", err)
		}
		keys, values, err := scanAll(w, keyRange{})
		if got := fmt.Sprintf("%q %q", keys, values); got != want {
			t.Errorf("scan inside the writer: got %s, want %s", got, want)
		}
		return err
	})
	if err != nil {
		t.Fatalf("update: %v", err)
	}
	err = e.view(context.Background(), func(r kvReader) error {
		keys, values, err := scanAll(r, keyRange{})
		if got := fmt.Sprintf("%q %q", keys, values); got != want {
			t.Errorf("scan after commit: got %s, want %s", got, want)
		}
		return err
	})
	if err != nil {
		t.Fatalf("view: %v", err)
	}
}

// suiteSnapshot commits a write while a view is open: the view goes on seeing what it saw.
func suiteSnapshot(t *testing.T, e engine) {
	ctx := context.Background()
	suitePut(t, e, []byte("a"), []byte("1"))
	err := e.view(ctx, func(r kvReader) error {
		if v, err := r.get([]byte("a")); string(v) != "1" {
			return fmt.Errorf("get a: got %q, %v, want \"1\"", v, err)
		}
		if err := e.update(ctx, func(w kvWriter) error {
			return errors.Join(w.put([]byte("a"), []byte("2")), w.put([]byte("b"), []byte("2")))
		}); err != nil {
			return fmt.Errorf("a write during the view: %w", err)
		}
		v, err := r.get([]byte("a"))
		_, errB := r.get([]byte("b"))
		keys, _, errScan := scanAll(r, keyRange{})
		if string(v) != "1" || !errors.Is(errB, errNoKey) || len(keys) != 1 {
			t.Errorf("after another's commit: got a=%q (%v), b: %v, scan %q, want a=1, b absent, scan [a]", v, err, errB, keys)
		}
		return errScan
	})
	if err != nil {
		t.Fatalf("view: %v", err)
	}
	if v, err := suiteGet(e, []byte("a")); string(v) != "2" {
		t.Errorf("get a after the view: got %q, %v, want \"2\"", v, err)
	}
}

func suiteErrorRollsBack(t *testing.T, e engine) {
	suitePut(t, e, []byte("a"), []byte("1"), []byte("c"), []byte("1"))
	boom := errors.New("boom")
	err := e.update(context.Background(), func(w kvWriter) error {
		if err := errors.Join(w.put([]byte("a"), []byte("2")), w.put([]byte("b"), []byte("2")), w.del([]byte("c"))); err != nil {
			return err
		}
		return fmt.Errorf("the rule says no: %w", boom)
	})
	if !errors.Is(err, boom) || errors.Is(err, errConflict) {
		t.Errorf("update: got %v, want fn's error and no conflict", err)
	}
	tests := []struct {
		key, want string
		wantErr   error
	}{
		{"a", "1", nil},
		{"b", "", errNoKey},
		{"c", "1", nil},
	}
	for _, tt := range tests {
		if got, err := suiteGet(e, []byte(tt.key)); string(got) != tt.want || !errors.Is(err, tt.wantErr) {
			t.Errorf("get %s after the rollback: got %q, %v, want %q, %v", tt.key, got, err, tt.want, tt.wantErr)
		}
	}
}

// suiteConflict runs two read-modify-write transactions on one key, the second wholly inside
// the first: the second commits, the first gets errConflict.
func suiteConflict(t *testing.T, e engine) {
	tests := []struct {
		name   string
		exists bool
	}{
		{"existing key", true},
		{"new key", false},
	}
	ctx := context.Background()
	for _, tt := range tests {
		key := []byte("counter/" + tt.name)
		if tt.exists {
			suitePut(t, e, key, []byte("0"))
		}
		rmw := func(w kvWriter, value string) error {
			if _, err := w.get(key); err != nil && !errors.Is(err, errNoKey) {
				return err
			}
			return w.put(key, []byte(value))
		}
		readA, doneB := make(chan struct{}), make(chan struct{})
		errA := make(chan error, 1)
		go func() {
			errA <- e.update(ctx, func(w kvWriter) error {
				if _, err := w.get(key); err != nil && !errors.Is(err, errNoKey) {
					return err
				}
				close(readA)
				<-doneB
				return w.put(key, []byte("A"))
			})
		}()
		<-readA
		errB := e.update(ctx, func(w kvWriter) error { return rmw(w, "B") })
		close(doneB)
		if err := <-errA; errB != nil || !errors.Is(err, errConflict) {
			t.Errorf("%s: got first %v, second %v, want errConflict and nil", tt.name, err, errB)
		}
		if v, err := suiteGet(e, key); string(v) != "B" {
			t.Errorf("%s: got %q, %v, want the second's \"B\"", tt.name, v, err)
		}
	}
}

// suiteConcurrentCounter has four goroutines add 1 to one key a hundred times each, running
// a transaction again on errConflict: the count is exact.
func suiteConcurrentCounter(t *testing.T, e engine) {
	const workers, each = 4, 100
	key := []byte("counter")
	var conflicts atomic.Int64
	increment := func() error {
		for {
			err := e.update(context.Background(), func(w kvWriter) error {
				v, err := w.get(key)
				if err != nil && !errors.Is(err, errNoKey) {
					return err
				}
				n, _ := strconv.Atoi(string(v))
				return w.put(key, []byte(strconv.Itoa(n+1)))
			})
			if !errors.Is(err, errConflict) {
				return err
			}
			conflicts.Add(1)
		}
	}
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for i := range workers {
		wg.Go(func() {
			for range each {
				if errs[i] = increment(); errs[i] != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("increment: %v", err)
	}
	v, err := suiteGet(e, key)
	if want := strconv.Itoa(workers * each); string(v) != want {
		t.Errorf("got %q, %v, want %s", v, err, want)
	}
	t.Logf("%d increments, %d conflicts retried", workers*each, conflicts.Load())
}
