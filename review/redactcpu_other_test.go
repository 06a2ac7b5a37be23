//go:build !unix

package review

import "time"

// cpuTime is not measured here: the benchmark reports the time on the clock only.
func cpuTime() time.Duration { return 0 }
