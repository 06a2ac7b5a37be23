package archive

import (
	"testing"
	"time"
)

// BenchmarkStatisticsYear100k: a year's statistics over 100,000 items of the synthetic year
// (nine in ten filed), on Badger. Target: under 1 s for the workspace's first look.
//
//   - "keys" is the reference: one scan of the 100,000 stat/ keys and values, nothing decoded;
//
//   - "open" opens the store and counts the year (the program started on the workspace);
//
//   - "first" counts the year on the open store as a process that has read nothing yet: the
//     item index, every item's facts, the count (the workspace's first look);
//
//   - "again" counts the year again, for one division, with the facts already read
//     (choosing another period).
//
//     go test ./archive/ -run '^$' -bench StatisticsYear100k -benchtime 3x
func BenchmarkStatisticsYear100k(b *testing.B) {
	const n, y = 100_000, 2024
	dir := b.TempDir()
	start := time.Now()
	must(b, FillSyntheticYear(dir, y, n))
	b.Logf("filled in %v", time.Since(start).Round(time.Millisecond))
	b.Run("keys", func(b *testing.B) {
		s := mustOpen(b, dir)
		defer s.Close()
		for b.Loop() {
			keys := 0
			must(b, s.view(func(r kvReader) error {
				return r.scan(keyRange{prefix: []byte("stat/")}, func(_, _ []byte) (bool, error) {
					keys++
					return true, nil
				})
			}))
			if keys != n {
				b.Fatalf("got %d keys, want %d", keys, n)
			}
		}
	})
	b.Run("open", func(b *testing.B) {
		for b.Loop() {
			s := mustOpen(b, dir)
			st, err := s.Statistics(YearPeriod(y), StatsFilter{})
			if err != nil || st.Total.Proposed.N != n {
				b.Fatalf("got %v proposed, %v; want %d", st.Total.Proposed.N, err, n)
			}
			must(b, s.Close())
		}
	})
	s := mustOpen(b, dir)
	defer s.Close()
	b.Run("first", func(b *testing.B) {
		cpu := processCPU()
		for b.Loop() {
			fresh := &Office{e: s.e, Now: time.Now}
			st, err := fresh.Statistics(YearPeriod(y), StatsFilter{})
			if err != nil || st.Total.Proposed.N != n {
				b.Fatalf("got %v proposed, %v; want %d", st.Total.Proposed.N, err, n)
			}
		}
		b.ReportMetric(float64((processCPU()-cpu).Milliseconds())/float64(b.N), "cpu-ms/op")
	})
	b.Run("again", func(b *testing.B) {
		_, err := s.Statistics(YearPeriod(y), StatsFilter{})
		must(b, err)
		cpu := processCPU()
		for b.Loop() {
			if _, err := s.Statistics(YearPeriod(y), StatsFilter{Division: "BGS"}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64((processCPU()-cpu).Milliseconds())/float64(b.N), "cpu-ms/op")
	})
}
