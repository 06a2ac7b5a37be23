package archive

import (
	"testing"
	"time"
)

// BenchmarkStatisticsYear100k: a year's statistics over 100,000 items of the synthetic year
// (nine in ten filed), on Badger: "open" opens the store and counts the year, reading every
// item's facts (the workspace's first look); "again" counts the year again, for one division, with the facts
// already read (choosing another period). Target: under 1 s each.
//
//	go test ./archive/ -run '^$' -bench StatisticsYear100k -benchtime 3x
func BenchmarkStatisticsYear100k(b *testing.B) {
	const n, y = 100_000, 2024
	dir := b.TempDir()
	start := time.Now()
	must(b, FillSyntheticYear(dir, y, n))
	b.Logf("filled in %v", time.Since(start).Round(time.Millisecond))
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
	b.Run("again", func(b *testing.B) {
		s := mustOpen(b, dir)
		defer s.Close()
		_, err := s.Statistics(YearPeriod(y), StatsFilter{})
		must(b, err)
		for b.Loop() {
			if _, err := s.Statistics(YearPeriod(y), StatsFilter{Division: "BGS"}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
