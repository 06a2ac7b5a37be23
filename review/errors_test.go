package review

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"
)

func TestReadError(t *testing.T) {
	tests := []struct {
		name string
		err  *ReadError
		want string
		is   error
	}{
		{"names the file, not its folder", &ReadError{Path: "/home/zhang/草稿/通知.docx", Err: ErrMalformed},
			"通知.docx: damaged or malformed file", ErrMalformed},
		{"a wrapped cause", &ReadError{Path: "a.pdf", Err: fmt.Errorf("page 2: %w", ErrEncrypted)},
			"a.pdf: page 2: encrypted: password needed", ErrEncrypted},
		{"an os error", &ReadError{Path: "missing.txt", Err: fs.ErrNotExist},
			"missing.txt: file does not exist", fs.ErrNotExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if got := error(tt.err); !errors.Is(got, tt.is) {
				t.Errorf("got errors.Is(%v, %v) false, want true", got, tt.is)
			}
		})
	}
}

func TestMalformed(t *testing.T) {
	tests := []struct {
		format string
		args   []any
		want   string
	}{
		{"no such thing", nil, "damaged or malformed file: no such thing"},
		{"object %d of %q", []any{7, "Doc_0/Pages"}, `damaged or malformed file: object 7 of "Doc_0/Pages"`},
	}
	for _, tt := range tests {
		err := malformed(tt.format, tt.args...)
		if got := err.Error(); got != tt.want {
			t.Errorf("malformed(%q): got %q, want %q", tt.format, got, tt.want)
		}
		if !errors.Is(err, ErrMalformed) {
			t.Errorf("malformed(%q): got %v, want it to wrap ErrMalformed", tt.format, err)
		}
	}
}
