package review

import (
	"errors"
	"fmt"
	"path/filepath"
)

// Errors Read returns, wrapped in a *ReadError naming the file; test with errors.Is.
var (
	// ErrUnsupported: the file's extension is not one Read accepts.
	ErrUnsupported = errors.New("unsupported file type")
	// ErrTooLarge: the file, or what it unpacks to, passes a limit in Limits.
	ErrTooLarge = errors.New("file too large")
	// ErrEncoding: a text file is in none of UTF-8, UTF-16 with BOM, or GB18030/GBK.
	ErrEncoding = errors.New("unknown text encoding")
	// ErrMalformed: the file is damaged or not what its extension says.
	ErrMalformed = errors.New("damaged or malformed file")
	// ErrEncrypted: the file is protected by a password that must be given to open it.
	ErrEncrypted = errors.New("encrypted: password needed")
	// ErrTimeout: reading took longer than Limits.Timeout.
	ErrTimeout = errors.New("reading took too long")
	// ErrConverterMissing: a .doc, .wps, .xls, .et or .ods file needs LibreOffice, which is not installed.
	ErrConverterMissing = errors.New("LibreOffice (soffice) is needed to read .doc, .wps, .xls, .et and .ods files")
	// ErrOCRMissing: an image file needs Tesseract with its simplified Chinese language data
	// (chi_sim), which is not installed. A scanned PDF page is read without it: the page is
	// reported for a person to read.
	ErrOCRMissing = errors.New("OCR is needed to read scans and images: Tesseract with chi_sim language data (and poppler's pdftoppm for PDFs)")
	// ErrNotRegular: the path names a directory, a pipe, a device or a socket, not a file. It is
	// refused before it is opened: opening a pipe waits for a writer that may never come.
	ErrNotRegular = errors.New("not a regular file")
)

// ReadError is the error of reading one file: which file, and what went wrong.
type ReadError struct {
	Path string
	Err  error
}

func (e *ReadError) Error() string { return fmt.Sprintf("%s: %v", filepath.Base(e.Path), e.Err) }

func (e *ReadError) Unwrap() error { return e.Err }

// malformed wraps a parser's complaint as ErrMalformed.
func malformed(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, a...))
}
