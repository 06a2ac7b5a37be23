//go:build !unix

package review

import (
	"errors"
	"testing"
	"time"
)

func mkfifo(string) error { return errors.New("no named pipes") }

func runHostileChild(t *testing.T, _ string) (hostileResult, time.Duration, time.Duration, int64) {
	t.Skip("the hostile files are measured in a child process on Unix only")
	return hostileResult{}, 0, 0, 0
}

func processCPU() time.Duration { return 0 }
