package review

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// RedactableCopy returns the file Redact makes the publishable copy of the draft at in from: the
// draft itself for txt, docx, xlsx and OFD; for a spreadsheet LibreOffice reads (xls, et, ods), the
// xlsx LibreOffice makes of it, written into dir under the draft's name — the 脱敏稿 of such a
// spreadsheet is an xlsx. The check read that same conversion, so a plan made on the check fits
// the copy. Errors, each a *ReadError for in: ErrRedactFormat for the formats Redact does not
// write (PDF, doc, wps and images are redacted to PDF by RedactPDF); ErrConverterMissing,
// ErrTimeout and ErrMalformed from LibreOffice, as Read has them.
func (r *Reader) RedactableCopy(ctx context.Context, in, dir string) (string, error) {
	format, err := formatOf(in)
	if err != nil {
		return "", &ReadError{Path: in, Err: err}
	}
	switch format {
	case FormatTXT, FormatDOCX, FormatXLSX, FormatOFD:
		return in, nil
	case FormatXLS, FormatET, FormatODS:
	default:
		return "", &ReadError{Path: in, Err: fmt.Errorf("%w: %s", ErrRedactFormat, format)}
	}
	soffice, err := hostSofficeSearch().find(r.Soffice)
	if err != nil {
		return "", &ReadError{Path: in, Err: err}
	}
	f, err := os.Open(in)
	if err != nil {
		return "", &ReadError{Path: in, Err: err}
	}
	defer f.Close()
	tmp, err := os.MkdirTemp("", "shendang-convert-*")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	ctx, cancel := context.WithTimeout(ctx, r.Limits.Timeout)
	defer cancel()
	converted, err := r.convert(ctx, soffice, format, f, tmp)
	if err != nil {
		return "", &ReadError{Path: in, Err: err}
	}
	out := filepath.Join(dir, strings.TrimSuffix(filepath.Base(in), filepath.Ext(in))+".xlsx")
	if err := writeAtomic(out, converted); err != nil {
		return "", err
	}
	return out, nil
}
