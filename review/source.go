package review

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// source is the file being read, by random access within its size. Every read first checks
// the read's context: once the time is up or the caller has cancelled, every read fails, so a
// parser the reader has stopped waiting for — the PDF library's, which takes no context —
// ends at its next read instead of running on.
type source struct {
	r    io.ReaderAt
	size int64
	ctx  context.Context
	// budget is the unpacking budget of the file this one is embedded in, or nil for a file of
	// its own, which gets a new one (unpackBudget).
	budget *budget
	// depth is how deep in embedded objects this file lies: 0 for the draft itself.
	depth int
}

// unpackBudget returns what the file may still unpack: the budget it shares with the file it
// is embedded in, or a new one of limit bytes.
func (s *source) unpackBudget(limit int64) *budget {
	if s.budget == nil {
		s.budget = newBudget(limit)
	}
	return s.budget
}

// ReadAt reads from the file, or fails with the context's error once it is done.
func (s *source) ReadAt(p []byte, off int64) (int, error) {
	if err := s.ctx.Err(); err != nil {
		return 0, err
	}
	return s.r.ReadAt(p, off)
}

// section returns the n bytes from off as a reader, clamped to the file.
func (s *source) section(off, n int64) *io.SectionReader {
	off = max(0, min(off, s.size))
	return io.NewSectionReader(s, off, max(0, min(n, s.size-off)))
}

// budget is what a document may still unpack: Limits.MaxUnzipped, shared by every compressed
// part of it (the XML parts of a docx or ofd, the streams of a PDF).
type budget struct {
	left, limit int64
	cells       int // spreadsheet cells read, against Limits.MaxCells
}

func newBudget(limit int64) *budget { return &budget{left: limit, limit: limit} }

// errBudget is the error of a read past the budget; take wraps it in ErrTooLarge.
var errBudget = errors.New("unpack budget spent")

// take charges n bytes, failing with ErrTooLarge once the budget is spent.
func (b *budget) take(n int64) error {
	b.left -= n
	if b.left < 0 {
		return fmt.Errorf("%w: it unpacks to more than %d bytes (%w)", ErrTooLarge, b.limit, errBudget)
	}
	return nil
}

// meteredReader charges what it reads to a budget and stops when the context is done.
type meteredReader struct {
	r   io.Reader
	b   *budget
	ctx context.Context
}

func (m *meteredReader) Read(p []byte) (int, error) {
	if err := m.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := m.r.Read(p)
	if berr := m.b.take(int64(n)); berr != nil {
		return n, berr
	}
	return n, err
}
