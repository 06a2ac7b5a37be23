package review

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestSourceFailsOnceDone: the reads of a library that takes no context fail once the read's
// context is done, so its own loops end with an error.
func TestSourceFailsOnceDone(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	src := &source{r: strings.NewReader("%PDF-1.4"), size: 8, ctx: ctx}
	buf := make([]byte, 4)
	if n, err := src.ReadAt(buf, 0); n != 4 || err != nil {
		t.Fatalf("before: got %d %v, want 4 nil", n, err)
	}
	cancel()
	if n, err := src.ReadAt(buf, 0); n != 0 || !errors.Is(err, context.Canceled) {
		t.Errorf("after: got %d %v, want 0 and context.Canceled", n, err)
	}
}
