package archive

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkEngines puts, gets and scans 100,000 keys of 100 bytes on Badger and on PostgreSQL
// (a local throwaway server with fsync off; Badger without synced writes) and reports each
// engine's milliseconds and their ratio. Run it once: go test ./archive/ -run '^$'
// -bench Engines -benchtime 1x.
func BenchmarkEngines(b *testing.B) {
	const n, batch = 100_000, 1000
	engines := []engine{openSuiteBadger(b), openSuitePostgres(b)}
	value := make([]byte, 100)
	key := func(prefix string, i int) []byte { return fmt.Appendf(nil, "%s%06d", prefix, i) }
	// inBatches runs fn on keys 0…n-1 in transactions of batch keys each.
	inBatches := func(e engine, write bool, fn func(kvWriter, int) error) error {
		for lo := 0; lo < n; lo += batch {
			body := func(w kvWriter) error {
				for i := lo; i < lo+batch; i++ {
					if err := fn(w, i); err != nil {
						return err
					}
				}
				return nil
			}
			var err error
			if write {
				err = e.update(context.Background(), body)
			} else {
				err = e.view(context.Background(), func(r kvReader) error { return body(readOnly{r}) })
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	for _, e := range engines {
		if err := inBatches(e, true, func(w kvWriter, i int) error { return w.put(key("k/", i), value) }); err != nil {
			b.Fatal(err)
		}
	}
	ops := []struct {
		name string
		run  func(e engine, round int) error
	}{
		{"put", func(e engine, round int) error {
			prefix := fmt.Sprintf("put%d/", round)
			return inBatches(e, true, func(w kvWriter, i int) error { return w.put(key(prefix, i), value) })
		}},
		{"get", func(e engine, _ int) error {
			return inBatches(e, false, func(w kvWriter, i int) error { _, err := w.get(key("k/", i)); return err })
		}},
		{"scan", func(e engine, _ int) error {
			return e.view(context.Background(), func(r kvReader) error {
				return r.scan(keyRange{prefix: []byte("k/")}, func(_, _ []byte) (bool, error) { return true, nil })
			})
		}},
	}
	for _, op := range ops {
		b.Run(op.name, func(b *testing.B) {
			var took [2]time.Duration
			round := 0
			for b.Loop() {
				round++
				for i, e := range engines {
					start := time.Now()
					if err := op.run(e, round); err != nil {
						b.Fatal(err)
					}
					took[i] += time.Since(start)
				}
			}
			b.ReportMetric(float64(took[0].Milliseconds())/float64(round), "badger-ms")
			b.ReportMetric(float64(took[1].Milliseconds())/float64(round), "pg-ms")
			b.ReportMetric(float64(took[1])/float64(took[0]), "pg/badger")
		})
	}
}

// readOnly lets a reader run the benchmark's batch bodies; it never writes.
type readOnly struct{ kvReader }

func (readOnly) put(_, _ []byte) error { panic("readOnly.put") }
func (readOnly) del([]byte) error      { panic("readOnly.del") }
