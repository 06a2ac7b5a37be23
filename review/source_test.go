package review

import (
	"context"
	"errors"
	"io"
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

func TestSourceSection(t *testing.T) {
	src := &source{r: strings.NewReader("0123456789"), size: 10, ctx: context.Background()}
	tests := []struct {
		off, n int64
		want   string
	}{
		{2, 3, "234"},
		{8, 5, "89"},  // clamped at the end
		{-4, 2, "01"}, // a negative offset is the start
		{12, 3, ""},   // past the end
		{4, -1, ""},
	}
	for _, tt := range tests {
		got, err := io.ReadAll(src.section(tt.off, tt.n))
		if err != nil || string(got) != tt.want {
			t.Errorf("section(%d, %d): got %q, %v; want %q", tt.off, tt.n, got, err, tt.want)
		}
	}
}

func TestBudget(t *testing.T) {
	b := newBudget(10)
	tests := []struct {
		take int64
		want error
	}{
		{4, nil}, {6, nil}, {1, ErrTooLarge}, {0, ErrTooLarge},
	}
	for i, tt := range tests {
		err := b.take(tt.take)
		if !errors.Is(err, tt.want) {
			t.Errorf("take %d (step %d): got %v, want %v", tt.take, i, err, tt.want)
		}
		if err != nil && !errors.Is(err, errBudget) {
			t.Errorf("take %d: got %v, want it to wrap errBudget", tt.take, err)
		}
	}
}

func TestMeteredReader(t *testing.T) {
	tests := []struct {
		name   string
		limit  int64
		cancel bool
		want   error
	}{
		{"within the budget", 100, false, nil},
		{"past the budget", 10, false, ErrTooLarge},
		{"cancelled", 100, true, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.cancel {
				cancel()
			}
			m := &meteredReader{r: strings.NewReader(strings.Repeat("政务", 10)), b: newBudget(tt.limit), ctx: ctx}
			got, err := io.ReadAll(m)
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if err == nil && len(got) != 60 {
				t.Errorf("got %d bytes, want 60", len(got))
			}
		})
	}
}
