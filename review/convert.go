package review

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// readConverted reads a legacy .doc or .wps file by converting it to .docx with LibreOffice
// (soffice --headless) in a temporary directory that is removed afterwards.
func (r *Reader) readConverted(ctx context.Context, name string, format Format, src io.ReaderAt, size int64) (*Document, error) {
	fail := func(err error) (*Document, error) { return nil, &ReadError{Path: name, Err: err} }
	if size == 0 {
		return &Document{Name: filepath.Base(name), Format: format}, nil
	}
	soffice, err := hostSofficeSearch().find(r.Soffice)
	if err != nil {
		return fail(err)
	}
	tmp, err := os.MkdirTemp("", "shendang-convert-*")
	if err != nil {
		return fail(err)
	}
	defer os.RemoveAll(tmp)
	in := filepath.Join(tmp, "draft."+string(format))
	if err := copyTo(in, io.NewSectionReader(src, 0, size)); err != nil {
		return fail(err)
	}
	ctx, cancel := context.WithTimeout(ctx, r.Limits.Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "--headless", "--norestore", "--nolockcheck",
		"-env:UserInstallation="+fileURL(filepath.ToSlash(filepath.Join(tmp, "profile"))),
		"--convert-to", "docx:MS Word 2007 XML", "--outdir", filepath.Join(tmp, "out"), in)
	cmd.Env = append(os.Environ(), "HOME="+tmp)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return fail(fmt.Errorf("%w: LibreOffice took more than %v", ErrTimeout, r.Limits.Timeout))
		}
		return fail(ctx.Err())
	}
	converted, rerr := os.ReadFile(filepath.Join(tmp, "out", "draft.docx"))
	if err != nil || rerr != nil {
		return fail(malformed("LibreOffice could not convert it: %s", strings.TrimSpace(string(out))))
	}
	doc, err := r.ReadBytes(ctx, "draft.docx", converted)
	if err != nil {
		var re *ReadError
		if errors.As(err, &re) {
			err = re.Err
		}
		return fail(err)
	}
	doc.Name, doc.Format = filepath.Base(name), format
	return doc, nil
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
