package review

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// convertedTo maps each format read through LibreOffice to the format it is converted to, and
// the LibreOffice filter that writes it: word processing to .docx, spreadsheets to .xlsx.
var convertedTo = map[Format]struct {
	format Format
	filter string
}{
	FormatDOC: {FormatDOCX, "MS Word 2007 XML"},
	FormatWPS: {FormatDOCX, "MS Word 2007 XML"},
	FormatXLS: {FormatXLSX, "Calc MS Excel 2007 XML"},
	FormatET:  {FormatXLSX, "Calc MS Excel 2007 XML"},
	FormatODS: {FormatXLSX, "Calc MS Excel 2007 XML"},
}

// readConverted reads a .doc, .wps, .xls, .et or .ods file by converting it with LibreOffice
// (soffice --headless) in a temporary directory that is removed afterwards, then reading the
// .docx or .xlsx it wrote. LibreOffice detects the kind of file by its content: a WPS file is
// read as the Word file it is, a WPS 表格 (.et) file as an Excel one.
func (r *Reader) readConverted(ctx context.Context, format Format, src *source) (*Document, error) {
	if src.size == 0 {
		return &Document{Format: format}, nil
	}
	to := convertedTo[format]
	soffice, err := hostSofficeSearch().find(r.Soffice)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "shendang-convert-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	ctx, cancel := context.WithTimeout(ctx, r.Limits.Timeout)
	defer cancel()
	converted, err := r.convert(ctx, soffice, format, io.NewSectionReader(src, 0, src.size), tmp)
	if err != nil {
		return nil, err
	}
	if int64(len(converted)) > r.Limits.MaxFileSize {
		return nil, fmt.Errorf("%w: converted, it is %d bytes, the limit is %d", ErrTooLarge, len(converted), r.Limits.MaxFileSize)
	}
	doc, err := r.bounded(ctx, func(ctx context.Context) (*Document, error) {
		return r.parse(ctx, to.format, &source{r: bytes.NewReader(converted), size: int64(len(converted)), ctx: ctx, budget: src.budget, depth: src.depth})
	})
	if err != nil {
		return nil, err
	}
	doc.Format = format
	return doc, nil
}

// convert writes what src reads to a file of format in tmp, has LibreOffice convert it to the
// format convertedTo names, and returns the converted file. ctx bounds LibreOffice's time.
func (r *Reader) convert(ctx context.Context, soffice string, format Format, src io.Reader, tmp string) ([]byte, error) {
	to := convertedTo[format]
	in := filepath.Join(tmp, "draft."+string(format))
	if err := copyTo(in, src); err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, soffice, "--headless", "--norestore", "--nolockcheck",
		"-env:UserInstallation="+fileURL(filepath.ToSlash(filepath.Join(tmp, "profile"))),
		"--convert-to", string(to.format)+":"+to.filter, "--outdir", filepath.Join(tmp, "out"), in)
	cmd.Env = append(os.Environ(), "HOME="+tmp)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, fmt.Errorf("%w: LibreOffice took more than %v", ErrTimeout, r.Limits.Timeout)
		}
		return nil, ctx.Err()
	}
	converted, rerr := os.ReadFile(filepath.Join(tmp, "out", "draft."+string(to.format)))
	if err != nil || rerr != nil {
		return nil, malformed("LibreOffice could not convert it: %s", strings.TrimSpace(string(out)))
	}
	return converted, nil
}

// copyTo writes what r reads to a new file at path.
func copyTo(path string, r io.Reader) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
