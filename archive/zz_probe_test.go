package archive

import (
	"os"
	"syscall"
	"testing"
	"time"
)

func TestZZProbe(t *testing.T) {
	dir := os.Getenv("PROBE_DIR")
	if dir == "" {
		t.Skip()
	}
	if _, err := os.Stat(dir); err != nil {
		must(t, FillSyntheticYear(dir, 2024, 100_000))
	}
	cpu := func() time.Duration {
		var ru syscall.Rusage
		_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	for range 2 {
		c0 := cpu()
		t0 := time.Now()
		s := mustOpen(t, dir)
		t1 := time.Now()
		_, _, err := s.Items(Filter{}, 0, 50)
		must(t, err)
		t2 := time.Now()
		_, err = s.Statistics(YearPeriod(2024), StatsFilter{})
		must(t, err)
		t3 := time.Now()
		c3 := cpu()
		_, err = s.Statistics(QuarterPeriod(2024, 2), StatsFilter{})
		must(t, err)
		t4 := time.Now()
		c4 := cpu()
		t.Logf("cpu: open+index+year %v, quarter warm %v", c3-c0, c4-c3)
		t.Logf("open %v, index %v, year cold %v, quarter warm %v", t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), t4.Sub(t3))
		s.Close()
	}
}
