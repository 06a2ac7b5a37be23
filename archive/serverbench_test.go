package archive

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"shendang.gov.cn/shendang/internal/pgtest"
)

// The office server's benchmarks, each beside the Badger engine on the same machine. The test
// server runs with fsync and synchronous_commit off (internal/pgtest); Badger syncs every
// commit. Run them once:
//
//	go test ./archive/ -run '^$' -bench 'Server' -benchtime 1x   (Server100k: -benchtime 5x)

// report records the milliseconds of one round on each engine and their ratio.
func report(b *testing.B, badger, pg time.Duration, rounds int) {
	b.ReportMetric(float64(badger.Microseconds())/1000/float64(rounds), "badger-ms")
	b.ReportMetric(float64(pg.Microseconds())/1000/float64(rounds), "pg-ms")
	b.ReportMetric(float64(pg)/float64(badger), "pg/badger")
}

// BenchmarkServer100k: 100,000 filed items on each engine; opening the store and showing the
// archive's first page (target < 1 s), a filtered page (< 50 ms) and a Chinese substring search
// (< 200 ms), as BenchmarkOpenArchive100k, BenchmarkPage100k and BenchmarkSearch100k do on Badger.
func BenchmarkServer100k(b *testing.B) {
	dir := b.TempDir()
	start := time.Now()
	fillArchive(b, dir, benchItems, 0)
	b.Logf("Badger filled in %v", time.Since(start).Round(time.Millisecond))
	url := pgtest.URL(b)
	start = time.Now()
	s, err := OpenServer(context.Background(), url)
	must(b, err)
	must(b, s.fillSynthetic(benchItems, 0))
	must(b, s.Close())
	b.Logf("PostgreSQL filled in %v", time.Since(start).Round(time.Millisecond))
	open := []func() (*Office, error){
		func() (*Office, error) { return Open(dir) },
		func() (*Office, error) { return OpenServer(context.Background(), url) },
	}

	b.Run("open-first-page", func(b *testing.B) {
		var took [2]time.Duration
		rounds := 0
		for b.Loop() {
			rounds++
			for i, o := range open {
				t0 := time.Now()
				s, err := o()
				must(b, err)
				if _, total, err := s.Items(Filter{}, 0, 50); err != nil || total != benchItems {
					b.Fatalf("%d items, %v", total, err)
				}
				took[i] += time.Since(t0)
				must(b, s.Close())
			}
		}
		report(b, took[0], took[1], rounds)
	})
	queries := []struct {
		name string
		f    Filter
		want int
	}{
		{"filtered-page", Filter{Year: 2018, Division: "BGS", Retention: Years10}, 0},
		{"search", Filter{Text: "司法鉴定机构"}, benchItems / len(syntheticTopics)},
	}
	for _, q := range queries {
		b.Run(q.name, func(b *testing.B) {
			var offices [2]*Office
			for i, o := range open {
				s, err := o()
				must(b, err)
				defer s.Close()
				_, _, _ = s.Items(Filter{}, 0, 1) // the index is built when the view opens
				offices[i] = s
			}
			var took [2]time.Duration
			rounds := 0
			for b.Loop() {
				rounds++
				for i, s := range offices {
					t0 := time.Now()
					items, total, err := s.Items(q.f, 0, 50)
					took[i] += time.Since(t0)
					if err != nil || len(items) == 0 || (q.want > 0 && total != q.want) {
						b.Fatalf("%d items of %d, %v", len(items), total, err)
					}
				}
			}
			report(b, took[0], took[1], rounds)
		})
	}
}

// BenchmarkServerFiling: filings per second with one client and with four concurrent ones, on
// each engine. On Badger the four clients are goroutines sharing the one Office a directory
// allows; on PostgreSQL each has its own Office (its own connections), as four workstations do.
func BenchmarkServerFiling(b *testing.B) {
	const items = 400
	for _, clients := range []int{1, 4} {
		b.Run(fmt.Sprintf("clients-%d", clients), func(b *testing.B) {
			var took [2]time.Duration
			rounds := 0
			for b.Loop() {
				rounds++
				b.StopTimer()
				dir := b.TempDir()
				fillArchive(b, dir, 0, items)
				bs, err := Open(dir)
				must(b, err)
				url := pgtest.URL(b)
				ps, err := OpenServer(context.Background(), url)
				must(b, err)
				must(b, ps.fillSynthetic(0, items))
				desks := [2][]*Office{{bs}, {ps}}
				for range clients - 1 {
					bd := bs
					pd, err := OpenServer(context.Background(), url)
					must(b, err)
					desks[0], desks[1] = append(desks[0], bd), append(desks[1], pd)
				}
				b.StartTimer()
				for i := range desks {
					took[i] += fileConcurrently(b, desks[i], items)
				}
				b.StopTimer()
				for _, d := range desks[1] {
					must(b, d.Close())
				}
				must(b, bs.Close())
				b.StartTimer()
			}
			b.ReportMetric(float64(items*rounds)/took[0].Seconds(), "badger-filings/s")
			b.ReportMetric(float64(items*rounds)/took[1].Seconds(), "pg-filings/s")
			b.ReportMetric(float64(took[1])/float64(took[0]), "pg/badger")
		})
	}
}

// fileConcurrently files the synthetic items 0…items-1 into one group, the desks taking every
// len(desks)-th each at the same time, and returns how long it took.
func fileConcurrently(b *testing.B, desks []*Office, items int) time.Duration {
	start := time.Now()
	var wg sync.WaitGroup
	for d, s := range desks {
		wg.Go(func() {
			for i := d; i < items; i += len(desks) {
				if _, err := s.FileItem("archivist", fmt.Sprintf("%016x", i), FilingRequest{Year: 2021, Retention: Permanent, Division: "BGS", Pages: 1}); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	return time.Since(start)
}

// BenchmarkServerNotify: the time from a commit in this process to another process seeing it,
// as a window does: told by Changes (LISTEN/NOTIFY), with a Changed poll every 2 s as the
// fallback; the median over the rounds. Run it with -benchtime 20x or so.
func BenchmarkServerNotify(b *testing.B) {
	url := pgtest.URL(b)
	s, err := OpenServer(context.Background(), url)
	must(b, err)
	defer s.Close()
	must(b, s.Record("", ActionSettings, "开始"))
	w := startWorker(b, "watch", url)
	if line := w.next(b); line != "READY" {
		b.Fatalf("watcher: got %q, want READY", line)
	}
	var lat []time.Duration
	for b.Loop() {
		time.Sleep(time.Duration(300+time.Now().UnixNano()%700) * time.Millisecond) // at a random phase of the poll
		must(b, s.Record("", ActionSettings, "通知测试"))
		committed := time.Now()
		head, err := s.LastAudit()
		must(b, err)
		for {
			f := strings.Fields(w.next(b)) // SEEN <seq> <unix nanoseconds>
			seq, _ := strconv.ParseInt(f[1], 10, 64)
			ns, _ := strconv.ParseInt(f[2], 10, 64)
			if seq >= head.Seq {
				lat = append(lat, time.Unix(0, ns).Sub(committed))
				break
			}
		}
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
}

// workerWatch looks at Changed when Changes tells it and every 2 s, and prints "SEEN <seq>
// <unix nanoseconds>" each time the log has moved.
func workerWatch(s *Office) error {
	changes := s.Changes(context.Background())
	<-changes // listening
	seq, err := s.Changed(0)
	if err != nil {
		return err
	}
	fmt.Println("READY")
	tick := time.Tick(2 * time.Second)
	for {
		select {
		case <-changes:
		case <-tick:
		}
		now, err := s.Changed(seq)
		if err != nil {
			return err
		}
		if now != seq {
			fmt.Fprintf(os.Stdout, "SEEN %d %d\n", now, time.Now().UnixNano())
			seq = now
		}
	}
}
