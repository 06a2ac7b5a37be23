package main

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// garbage allocates n bytes, touches them so that they are resident, and drops them.
func garbage(n int) {
	b := make([]byte, n)
	for i := 0; i < n; i += 4096 {
		b[i] = 1
	}
	runtime.KeepAlive(b)
}

func TestReclaimable(t *testing.T) {
	prev := debug.SetGCPercent(-1) // no collection frees the garbage before it is counted
	defer debug.SetGCPercent(prev)
	debug.FreeOSMemory()
	if got := reclaimable(); got > 8<<20 {
		t.Errorf("after FreeOSMemory: %d bytes reclaimable, want under 8 MiB", got)
	}
	garbage(64 << 20)
	if got := reclaimable(); got < 60<<20 {
		t.Errorf("after dropping 64 MiB: %d bytes reclaimable, want at least 60 MiB", got)
	}
}

func TestTrimMemoryEvery(t *testing.T) {
	prev := debug.SetGCPercent(-1) // only the trimmer collects, so what it gives back is its doing
	defer debug.SetGCPercent(prev)
	debug.FreeOSMemory()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	stop := trimMemoryEvery(10*time.Millisecond, 16<<20, t.TempDir())
	defer stop()
	garbage(64 << 20)
	deadline := time.Now().Add(5 * time.Second)
	for reclaimable() > 16<<20 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if got := reclaimable(); got > 16<<20 {
		t.Errorf("5 s after dropping 64 MiB: %d bytes reclaimable, want under the 16 MiB threshold", got)
	}
	if after.NumGC == before.NumGC {
		t.Error("no collection ran; want the trimmer to collect")
	}
}
