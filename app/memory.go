package main

import (
	"runtime/debug"
	"runtime/metrics"
	"time"
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
// only after the program has allocated that much.
const (
	trimInterval  = 5 * time.Second
	trimThreshold = 16 << 20
)

// trimMemoryEvery checks the heap every interval and releases it when more than threshold
// bytes of it are reclaimable, until the returned function is called.
func trimMemoryEvery(every time.Duration, threshold uint64) (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if reclaimable() > threshold {
					debug.FreeOSMemory()
				}
			}
		}
	}()
	return func() { close(done) }
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
