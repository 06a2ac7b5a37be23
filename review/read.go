package review

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Limits bound the work of reading one file, so a hostile or broken file costs an error, not
// the reviewer's machine.
type Limits struct {
	MaxFileSize   int64         // bytes of the file itself
	MaxUnzipped   int64         // bytes a ZIP-based file (docx, ofd) may unpack to in all
	MaxZipEntries int           // entries a ZIP-based file may hold
	MaxXMLDepth   int           // nesting depth of any XML part
	Timeout       time.Duration // time to read one file
}

// DefaultLimits returns the limits Read uses: 200 MB files, 1 GiB unpacked, 10,000 ZIP entries,
// XML nested 256 deep, two minutes a file.
func DefaultLimits() Limits {
	return Limits{
		MaxFileSize:   200 << 20,
		MaxUnzipped:   1 << 30,
		MaxZipEntries: 10000,
		MaxXMLDepth:   256,
		Timeout:       2 * time.Minute,
	}
}

// Reader reads drafts within its limits.
type Reader struct {
	Limits Limits
	// Soffice is the LibreOffice program used for .doc and .wps; "" looks for soffice on PATH,
	// then where LibreOffice installs itself on this operating system.
	Soffice string
}

// NewReader returns a Reader with DefaultLimits.
func NewReader() *Reader { return &Reader{Limits: DefaultLimits()} }

// Read reads the file at path with DefaultLimits. See Reader.Read.
func Read(ctx context.Context, path string) (*Document, error) {
	return NewReader().Read(ctx, path)
}

// Read reads the draft at path, choosing the reader by the file's extension. An empty file is
// an empty document. Every error is a *ReadError naming the file and wrapping one of
// ErrUnsupported, ErrTooLarge, ErrEncoding, ErrMalformed, ErrEncrypted, ErrTimeout,
// ErrConverterMissing, the context's error, or the file system's error. No panic escapes.
func (r *Reader) Read(ctx context.Context, path string) (*Document, error) {
	format, err := formatOf(path)
	if err != nil {
		return nil, &ReadError{Path: path, Err: err}
	}
	data, err := r.load(path)
	if err != nil {
		return nil, &ReadError{Path: path, Err: err}
	}
	if format == FormatDOC || format == FormatWPS {
		return r.readConverted(ctx, path, format, data)
	}
	return r.ReadBytes(ctx, path, data)
}

// ReadBytes reads a draft already in memory; name gives the extension and the name reported in
// errors. Its outcomes are those of Read, except that .doc and .wps are read from a temporary copy.
func (r *Reader) ReadBytes(ctx context.Context, name string, data []byte) (*Document, error) {
	format, err := formatOf(name)
	if err != nil {
		return nil, &ReadError{Path: name, Err: err}
	}
	if int64(len(data)) > r.Limits.MaxFileSize {
		return nil, &ReadError{Path: name, Err: fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, len(data), r.Limits.MaxFileSize)}
	}
	if format == FormatDOC || format == FormatWPS {
		return r.readConverted(ctx, name, format, data)
	}
	doc, err := r.bounded(ctx, func(ctx context.Context) (*Document, error) {
		return r.parse(ctx, format, data)
	})
	if err != nil {
		return nil, &ReadError{Path: name, Err: err}
	}
	doc.Name = filepath.Base(name)
	return doc, nil
}

func (r *Reader) parse(ctx context.Context, format Format, data []byte) (*Document, error) {
	if len(data) == 0 {
		return &Document{Format: format}, nil
	}
	switch format {
	case FormatTXT:
		return readTXT(data)
	case FormatDOCX:
		return r.readDOCX(data)
	case FormatPDF:
		return r.readPDF(ctx, data)
	case FormatOFD:
		return r.readOFD(data)
	}
	return nil, fmt.Errorf("%w: %s", ErrUnsupported, format)
}

// bounded runs parse within Limits.Timeout and turns a panic in it into ErrMalformed. A parser
// that never returns is abandoned, not waited for: its goroutine ends when it does.
func (r *Reader) bounded(ctx context.Context, parse func(context.Context) (*Document, error)) (*Document, error) {
	ctx, cancel := context.WithTimeout(ctx, r.Limits.Timeout)
	defer cancel()
	type result struct {
		doc *Document
		err error
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- result{err: malformed("%v", p)}
			}
		}()
		doc, err := parse(ctx)
		done <- result{doc, err}
	}()
	select {
	case res := <-done:
		return res.doc, res.err
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, fmt.Errorf("%w: more than %v", ErrTimeout, r.Limits.Timeout)
		}
		return nil, ctx.Err()
	}
}

// load reads the whole file, refusing one over MaxFileSize before reading it.
func (r *Reader) load(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return nil, errors.New("is a directory")
	}
	if info.Size() > r.Limits.MaxFileSize {
		return nil, fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, info.Size(), r.Limits.MaxFileSize)
	}
	data, err := io.ReadAll(io.LimitReader(f, r.Limits.MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > r.Limits.MaxFileSize {
		return nil, fmt.Errorf("%w: the limit is %d bytes", ErrTooLarge, r.Limits.MaxFileSize)
	}
	return data, nil
}

// formatOf maps a file name's extension to its Format.
func formatOf(name string) (Format, error) {
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(name), "."))
	switch Format(ext) {
	case FormatTXT, FormatDOCX, FormatPDF, FormatOFD, FormatDOC, FormatWPS:
		return Format(ext), nil
	}
	if ext == "" {
		return "", fmt.Errorf("%w: the file name has no extension", ErrUnsupported)
	}
	return "", fmt.Errorf("%w: .%s", ErrUnsupported, ext)
}

// Supported reports whether Read accepts files with path's extension.
func Supported(path string) bool {
	_, err := formatOf(path)
	return err == nil
}
