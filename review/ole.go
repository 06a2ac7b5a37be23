package review

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/richardlehane/mscfb"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// readOLE reads an OLE object embedded in a package (oleObject1.bin), at src, for the file it
// wraps:
//
//   - a packaged file (the Ole10Native stream, what Office writes when a file is inserted as an
//     object): read by the name it was inserted under, which joins the object's path;
//   - an OOXML package (the Package stream): a workbook or Word document;
//   - a PDF (Acrobat's CONTENTS stream);
//   - a legacy Excel or Word object (the Workbook or WordDocument stream: the OLE file is the
//     .xls or .doc itself): read through LibreOffice.
//
// An object of another kind is ErrUnsupported; an encrypted one ErrEncrypted.
func (r *Reader) readOLE(ctx context.Context, name string, src *source) (*Document, error) {
	cf, err := mscfb.New(src)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, malformed("OLE object %s: %v", name, err)
	}
	streams := map[string]*mscfb.File{}
	for f, err := cf.Next(); err == nil; f, err = cf.Next() {
		if len(f.Path) == 0 { // streams at the root only
			streams[f.Name] = f
		}
	}
	// The file inside is one level deeper than its wrapper: wrappers cannot nest unseen.
	switch {
	case streams["Ole10Native"] != nil:
		return r.readPackaged(ctx, streams["Ole10Native"], src)
	case streams["Package"] != nil:
		return r.readOLEStream(ctx, name, streams["Package"], src)
	case streams["CONTENTS"] != nil:
		return r.readOLEStream(ctx, name, streams["CONTENTS"], src)
	case streams["Workbook"] != nil, streams["Book"] != nil:
		return r.readConverted(ctx, FormatXLS, src)
	case streams["WordDocument"] != nil:
		return r.readConverted(ctx, FormatDOC, src)
	case streams["EncryptedPackage"] != nil:
		return nil, errors.Join(ErrEncrypted, errors.New("an encrypted Office file"))
	}
	return nil, fmt.Errorf("%w: an OLE object of another kind", ErrUnsupported)
}

// readPackaged reads the file an Ole10Native stream wraps; its name joins the path.
func (r *Reader) readPackaged(ctx context.Context, f *mscfb.File, src *source) (*Document, error) {
	data, err := r.oleStream(f)
	if err != nil {
		return nil, err
	}
	file, content, err := parseOle10Native(data)
	if err != nil {
		return nil, err
	}
	inner, err := r.readEmbedded(ctx, file, content, src)
	if err != nil || file == "" {
		return inner, err
	}
	doc := &Document{Format: inner.Format}
	doc.adopt(inner, file)
	return doc, nil
}

// readOLEStream reads the file one stream of the OLE object name holds, whole: a package or a
// PDF, known by its content.
func (r *Reader) readOLEStream(ctx context.Context, name string, f *mscfb.File, src *source) (*Document, error) {
	data, err := r.oleStream(f)
	if err != nil {
		return nil, err
	}
	return r.readEmbedded(ctx, strings.TrimSuffix(name, path.Ext(name)), data, src)
}

// oleStream reads one stream of an OLE file, up to MaxFileSize.
func (r *Reader) oleStream(f *mscfb.File) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(f, r.Limits.MaxFileSize+1))
	if err != nil {
		if fatalRead(err) {
			return nil, err
		}
		return nil, malformed("OLE stream %s: %v", f.Name, err)
	}
	if int64(len(data)) > r.Limits.MaxFileSize {
		return nil, fmt.Errorf("%w: OLE stream %s is more than %d bytes", ErrTooLarge, f.Name, r.Limits.MaxFileSize)
	}
	return data, nil
}

// parseOle10Native unpacks an Ole10Native stream, the OLE "Package" object that wraps a file
// inserted into an Office document: its total size (4 bytes), a type (2), the file's label and
// original path (each ending in a zero byte), two reserved words (4), the temporary path it was
// copied to (4 bytes of length, then the path), and the file's data (4 bytes of length, then
// the data). It returns the file's name — the label, else the last element of either path —
// and its data. Names are in the Windows code page of the machine that made the file: UTF-8 is
// kept, anything else read as GB18030.
func parseOle10Native(b []byte) (name string, data []byte, err error) {
	bad := func(what string) (string, []byte, error) {
		return "", nil, malformed("Ole10Native: %s", what)
	}
	if len(b) < 6 {
		return bad("too short")
	}
	b = b[6:] // total size and type
	label, b, ok := cString(b)
	if !ok {
		return bad("the label has no end")
	}
	orig, b, ok := cString(b)
	if !ok {
		return bad("the path has no end")
	}
	if len(b) < 8 {
		return bad("no temporary path")
	}
	n := binary.LittleEndian.Uint32(b[4:8])
	b = b[8:]
	if uint64(n) > uint64(len(b)) {
		return bad("the temporary path runs past the end")
	}
	temp := strings.TrimRight(string(b[:n]), "\x00")
	b = b[n:]
	if len(b) < 4 {
		return bad("no data length")
	}
	size := binary.LittleEndian.Uint32(b)
	if uint64(size) > uint64(len(b)-4) {
		return bad("the data runs past the end")
	}
	for _, n := range []string{label, orig, temp} {
		if base := windowsBase(n); base != "" {
			return ansiName(base), b[4 : 4+size], nil
		}
	}
	return "", b[4 : 4+size], nil
}

// cString splits b at its first zero byte.
func cString(b []byte) (s string, rest []byte, ok bool) {
	for i, c := range b {
		if c == 0 {
			return string(b[:i]), b[i+1:], true
		}
	}
	return "", nil, false
}

// windowsBase returns the last element of a Windows or Unix path.
func windowsBase(p string) string {
	if i := strings.LastIndexAny(p, `\/`); i >= 0 {
		p = p[i+1:]
	}
	return strings.TrimSpace(p)
}

// ansiName decodes a file name in a Windows code page: UTF-8 as it is, else GB18030, the code
// page of Chinese Windows.
func ansiName(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	if out, err := simplifiedchinese.GB18030.NewDecoder().String(s); err == nil {
		return out
	}
	return strings.ToValidUTF8(s, "�")
}
