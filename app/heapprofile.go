package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

// heapProfileEnv names the environment variable that asks the window for a heap profile: when it
// names a file, the live heap is written there as the window closes (Fyne closes it on SIGTERM
// too), before the store is closed. `make memory` uses it; read the file with
// `go tool pprof -sample_index=inuse_space build/shendang FILE`.
const heapProfileEnv = "SHENDANG_HEAPPROFILE"

// writeHeapProfile writes the live heap, after a collection, to path. A failure is reported on
// stderr: the window is gone and the profile is a developer's tool.
func writeHeapProfile(path string) {
	if err := heapProfile(path); err != nil {
		fmt.Fprintf(os.Stderr, "shendang: %s: %v\n", heapProfileEnv, err)
	}
}

func heapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	runtime.GC()
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		f.Close()
		return fmt.Errorf("heap profile %s: %w", path, err)
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Fprintf(os.Stderr, "shendang: Go heap %.1f MiB live, %.1f MiB in spans, %.1f MiB returned to the system; %.1f MiB stacks; %.1f MiB obtained from the system\n",
		mib(m.HeapAlloc), mib(m.HeapInuse), mib(m.HeapReleased), mib(m.StackSys), mib(m.Sys))
	return f.Close()
}

func mib(n uint64) float64 { return float64(n) / (1 << 20) }
