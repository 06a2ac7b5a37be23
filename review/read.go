package review

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
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
	// MaxCells is how many cells of a spreadsheet are read, those of embedded workbooks
	// included; the rest is a gap.
	MaxCells int
	// MaxImagePixels bounds an image file's width × height; MaxOCRPages is how many scanned
	// pages of a PDF are recognised, the rest being a gap (0: none are).
	MaxImagePixels int64
	MaxOCRPages    int
}

// DefaultLimits returns the limits Read uses: 200 MB files, 1 GiB unpacked, 10,000 ZIP entries,
// XML nested 256 deep, two minutes a file, two million cells: a million rows of ten columns is
// ten times more than any published list; images of 150 million pixels (A3 at 600 dpi is 70
// million), and 60 scanned pages, which two processors recognise in about a minute.
func DefaultLimits() Limits {
	return Limits{
		MaxFileSize:   200 << 20,
		MaxUnzipped:   1 << 30,
		MaxZipEntries: 10000,
		MaxXMLDepth:   256,
		Timeout:       2 * time.Minute,
		MaxCells:      2_000_000,
		// A3 at 600 dpi is 70 million pixels.
		MaxImagePixels: 150_000_000,
		MaxOCRPages:    60,
	}
}

// Reader reads drafts within its limits.
type Reader struct {
	Limits Limits
	// Soffice is the LibreOffice program used for .doc, .wps, .xls, .et and .ods; "" looks for soffice on PATH,
	// then where LibreOffice installs itself on this operating system.
	Soffice string
	// Tesseract is the OCR program used for image files and scanned PDF pages, Pdftoppm poppler's
	// renderer of PDF pages; "" looks for each on PATH, then where it installs itself.
	Tesseract, Pdftoppm string
}

// NewReader returns a Reader with DefaultLimits.
func NewReader() *Reader { return &Reader{Limits: DefaultLimits()} }

// Read reads the file at path with DefaultLimits. See Reader.Read.
func Read(ctx context.Context, path string) (*Document, error) {
	return NewReader().Read(ctx, path)
}

// Read reads the draft at path, choosing the reader by the file's extension. An empty file is
// an empty document. Every error is a *ReadError naming the file and wrapping one of
// ErrUnsupported, ErrNotRegular, ErrTooLarge, ErrEncoding, ErrMalformed, ErrEncrypted,
// ErrTimeout, ErrConverterMissing, the context's error, or the file system's error. No panic
// escapes. What a document could not read of itself is in its Gaps.
func (r *Reader) Read(ctx context.Context, path string) (*Document, error) {
	f, size, err := r.open(path) // first: a missing file is missing, whatever its name says
	if err != nil {
		return nil, &ReadError{Path: path, Err: err}
	}
	defer f.Close()
	format, err := formatOf(path)
	if err != nil {
		return nil, &ReadError{Path: path, Err: err}
	}
	return r.read(ctx, path, format, f, size)
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
	return r.read(ctx, name, format, bytes.NewReader(data), int64(len(data)))
}

// read reads the size bytes of src as a draft of the given format.
func (r *Reader) read(ctx context.Context, name string, format Format, src io.ReaderAt, size int64) (*Document, error) {
	var doc *Document
	var err error
	if _, ok := convertedTo[format]; ok {
		doc, err = r.readConverted(ctx, format, &source{r: src, size: size, ctx: ctx})
	} else {
		doc, err = r.bounded(ctx, func(ctx context.Context) (*Document, error) {
			return r.parse(ctx, format, &source{r: src, size: size, ctx: ctx})
		})
	}
	if err != nil {
		return nil, &ReadError{Path: name, Err: err}
	}
	doc.Name = filepath.Base(name)
	return doc, nil
}

// parse reads src as a file of the given format that needs no conversion.
func (r *Reader) parse(ctx context.Context, format Format, src *source) (*Document, error) {
	if src.size == 0 {
		return &Document{Format: format}, nil
	}
	switch format {
	case FormatTXT:
		return readTXT(src)
	case FormatDOCX:
		return r.readDOCX(ctx, src)
	case FormatXLSX:
		return r.readXLSX(ctx, src)
	case FormatPPTX:
		return r.readPPTX(ctx, src)
	case FormatPDF:
		return r.readPDF(ctx, src)
	case FormatOFD:
		return r.readOFD(ctx, src)
	case FormatPNG, FormatJPEG, FormatTIFF, FormatBMP:
		return r.readImage(ctx, format, src)
	}
	return nil, fmt.Errorf("%w: %s", ErrUnsupported, format)
}

// bounded runs parse within Limits.Timeout and turns a panic in it into ErrMalformed. When the
// time is up it returns at once; parse's context is then done, which makes every read of its
// source fail, so the parser stops at its next read (the readers check the context in their
// own loops too) instead of running on unseen.
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
		if res.err != nil && ctx.Err() != nil {
			return nil, timeoutError(ctx, r.Limits.Timeout)
		}
		return res.doc, res.err
	case <-ctx.Done():
		return nil, timeoutError(ctx, r.Limits.Timeout)
	}
}

// timeoutError is ErrTimeout when ctx ran out of time, else ctx's own error (cancelled).
func timeoutError(ctx context.Context, limit time.Duration) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("%w: more than %v", ErrTimeout, limit)
	}
	return ctx.Err()
}

// open opens path after making sure that it is a regular file within MaxFileSize. The check
// comes before the opening: opening a named pipe waits for a writer, perhaps for ever. The
// opened file is checked again, in case the path was replaced in between.
func (r *Reader) open(path string) (*os.File, int64, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, 0, err
	}
	if err := regular(info); err != nil {
		return nil, 0, err
	}
	if info.Size() > r.Limits.MaxFileSize {
		return nil, 0, fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, info.Size(), r.Limits.MaxFileSize)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	opened, err := f.Stat()
	if err == nil && (!os.SameFile(info, opened) || regular(opened) != nil) {
		err = fmt.Errorf("%w: the file was replaced while it was being opened", ErrNotRegular)
	}
	if err == nil && opened.Size() > r.Limits.MaxFileSize {
		err = fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, opened.Size(), r.Limits.MaxFileSize)
	}
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, opened.Size(), nil
}

// regular returns nil for a regular file, else ErrNotRegular saying what it is.
func regular(info fs.FileInfo) error {
	mode := info.Mode()
	what := ""
	switch {
	case mode.IsRegular():
		return nil
	case mode.IsDir():
		what = "it is a directory"
	case mode&fs.ModeNamedPipe != 0:
		what = "it is a named pipe (FIFO)"
	case mode&fs.ModeSocket != 0:
		what = "it is a socket"
	case mode&fs.ModeDevice != 0:
		what = "it is a device"
	default:
		what = "its type is " + mode.Type().String()
	}
	return fmt.Errorf("%w: %s", ErrNotRegular, what)
}

// formatOf maps a file name's extension to its Format.
func formatOf(name string) (Format, error) {
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(name), "."))
	switch Format(ext) {
	case FormatTXT, FormatDOCX, FormatPDF, FormatOFD, FormatDOC, FormatWPS, FormatXLSX, FormatXLS, FormatET, FormatODS,
		FormatPPTX, FormatPNG, FormatJPEG, FormatTIFF, FormatBMP:
		return Format(ext), nil
	case "jpeg":
		return FormatJPEG, nil
	case "tiff":
		return FormatTIFF, nil
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

// CheckFile reads the draft at path and checks it with rs, the reading and the check together
// within the reader's time limit. Its errors are Read's; a check that runs out of time is a
// *ReadError wrapping ErrTimeout.
func (r *Reader) CheckFile(ctx context.Context, rs *RuleSet, path string) (*Document, []Finding, error) {
	ctx, cancel := context.WithTimeout(ctx, r.Limits.Timeout)
	defer cancel()
	doc, err := r.Read(ctx, path)
	if err != nil {
		return nil, nil, err
	}
	return r.checkWithin(ctx, rs, path, doc)
}

// CheckBytes is CheckFile for a draft already in memory, named name.
func (r *Reader) CheckBytes(ctx context.Context, rs *RuleSet, name string, data []byte) (*Document, []Finding, error) {
	ctx, cancel := context.WithTimeout(ctx, r.Limits.Timeout)
	defer cancel()
	doc, err := r.ReadBytes(ctx, name, data)
	if err != nil {
		return nil, nil, err
	}
	return r.checkWithin(ctx, rs, name, doc)
}

func (r *Reader) checkWithin(ctx context.Context, rs *RuleSet, name string, doc *Document) (*Document, []Finding, error) {
	found, err := rs.CheckContext(ctx, doc)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("%w: reading and checking took more than %v", ErrTimeout, r.Limits.Timeout)
		}
		return nil, nil, &ReadError{Path: name, Err: err}
	}
	return doc, found, nil
}
