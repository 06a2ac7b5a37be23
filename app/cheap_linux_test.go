//go:build linux && cgo

package main

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// anonResident returns the process's resident anonymous memory in KiB (RssAnon): the C heap
// in whichever of glibc's arenas the calling thread uses, and the Go heap.
func anonResident(t *testing.T) int {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skipf("no /proc/self/status: %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "RssAnon:"); ok {
			kib, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			if err != nil {
				t.Fatalf("RssAnon %q: %v", rest, err)
			}
			return kib
		}
	}
	t.Skip("no RssAnon in /proc/self/status")
	return 0
}

func TestTrimCHeap(t *testing.T) {
	runtime.LockOSThread() // one thread, so one of glibc's arenas, for the garbage and the trim
	defer runtime.UnlockOSThread()
	trimCHeap()
	release := cGarbage(32 << 20)
	defer release()
	before := anonResident(t)
	trimmed := trimCHeap()
	after := anonResident(t)
	if !trimmed || before-after < 24<<10 {
		t.Errorf("trimCHeap with 32 MiB freed in the C heap: gave back any %v, resident anonymous %d → %d KiB, want at least 24 MiB fewer", trimmed, before, after)
	}
}
