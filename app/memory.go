package main

import (
	"log"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"

	"shendang.gov.cn/shendang/assets"
)

// How the window gives memory back while it idles: every trimInterval it looks at how much of
// the heap is garbage or free but still held, and when that passes trimThreshold it collects
// and returns it to the system.
//
// Go's own pacing would keep it: the collector runs when the heap reaches twice what was live
// after the last collection, and the scavenger returns only what lies above that goal. One-off
// work — parsing the face at start, checking a password with argon2id (64 MiB), building the
// archive index of 100,000 items — leaves tens of megabytes that a window which then sits at
// its sign-in or archive screen for hours would otherwise carry. A collection costs well under
// a tenth of a second of one core for this program's heap, and happens at most once an interval,
// only after the program has allocated that much. The threshold is 4 MiB: at 16 the sign-in
// screen kept the 6 MB of garbage and the free spans its start leaves (12 MiB resident more,
// Xvfb), and the idle window allocates too little to collect again (no collection in a
// minute at the sign-in, GODEBUG=gctrace=1).
const (
	trimInterval  = 5 * time.Second
	trimThreshold = 4 << 20
)

// trimMemoryEvery checks the heap every interval and releases it when more than threshold
// bytes of it are reclaimable, with the C heap's free pages (trimCHeap: what Mesa freed while
// the burst was drawn; 12 MiB resident fewer with 100,000 items and 归档 open, make memory,
// Xvfb), the pages of the store's tables in storeDir that the work
// which left the garbage read (pageOutStore) and the program file's pages its code ran from
// (dropProgram), and drops the embedded faces' pages (dropEmbeddedFaces), until the returned
// function is called; that function returns once the trimmer has stopped.
func trimMemoryEvery(every time.Duration, threshold uint64, storeDir string) (stop func()) {
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if reclaimable() > threshold {
					debug.FreeOSMemory()
					trimCHeap()
					pageOutStore(storeDir)
					dropProgram()
				}
				dropEmbeddedFaces()
			}
		}
	}()
	return func() { // returns once the trimmer has stopped, not in the middle of a tick
		close(done)
		<-stopped
	}
}

// trimSamples are the runtime metrics reclaimable reads.
var trimSamples = []metrics.Sample{
	{Name: "/memory/classes/heap/objects:bytes"}, // live objects and garbage not yet swept
	{Name: "/memory/classes/heap/free:bytes"},    // free heap the system has not been given back
	{Name: "/gc/heap/live:bytes"},                // what the last collection found live
}

// reclaimable returns the bytes a collection and a release would give back to the system: the
// heap's garbage since the last collection and its free pages not yet returned. Reading the
// metrics does not stop the program.
func reclaimable() uint64 {
	s := make([]metrics.Sample, len(trimSamples))
	copy(s, trimSamples)
	metrics.Read(s)
	for _, v := range s {
		if v.Value.Kind() != metrics.KindUint64 {
			return 0 // a metric this Go release does not have
		}
	}
	held := s[0].Value.Uint64() + s[1].Value.Uint64()
	live := s[2].Value.Uint64()
	if held < live {
		return 0
	}
	return held - live
}

// dropEmbeddedFaces takes the window's embedded face's pages of the program file out of the
// resident set (dropPages). go-text copies the tables of a face it parses, so once Fyne's
// painter has parsed the face for a style, the 8.9 MiB of its file pages it read are not read
// again until another style is first drawn. Dropping pages that are not resident costs a few
// microseconds, so it is done on every tick rather than guessing when the painter is done. It
// saves 12 MiB resident at the sign-in screen (the program file's share, Xvfb). The forms' face
// is left alone: gofpdf, which archive's forms hand it to, appends into the bytes it is given,
// and a dropped page would undo such a write under it.
func dropEmbeddedFaces() {
	if _, err := dropPages(assets.UIFont()); err != nil {
		dropFailure.Do(func() { log.Printf("shendang: dropping the embedded face's pages: %v", err) })
	}
}

// dropFailure logs the first failure of dropEmbeddedFaces only: it would fail the same way
// every tick.
var dropFailure sync.Once

// pageOutStore asks the system to reclaim the pages of the Badger store's tables and value log
// in dir (pageOutFiles). It is called after a burst of work, with the heap's release: building
// the archive index reads every table of a store of 100,000 items, 10 MiB that stayed resident
// with 归档 open (make memory), and the window reads little of them again. The memtables'
// files (.mem), written on every change, are left alone. A store on the office's server has no
// files here, and nothing is done.
func pageOutStore(dir string) {
	if _, err := pageOutFiles(dir, ".sst", ".vlog"); err != nil {
		pageOutFailure.Do(func() { log.Printf("shendang: paging out the store's tables: %v", err) })
	}
}

// pageOutFailure logs the first failure of pageOutStore only.
var pageOutFailure sync.Once

// dropProgram takes the program file's code and read-only data out of the resident set
// (dropProgramPages) after a burst of work: the start, which runs every package's init and
// lays out the first screen, or building the archive index. What the idle window runs faults
// back in. It saves 15 MiB resident at the sign-in screen (make memory, Xvfb). It is not done
// on every tick: each drop costs the faults that bring back what the window still runs.
func dropProgram() {
	if _, err := dropProgramPages(); err != nil {
		dropProgramFailure.Do(func() { log.Printf("shendang: dropping the program file's pages: %v", err) })
	}
}

// dropProgramFailure logs the first failure of dropProgram only.
var dropProgramFailure sync.Once
