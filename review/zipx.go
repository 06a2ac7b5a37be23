package review

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"sort"
	"strconv"
	"strings"
)

// pkg is a ZIP-based file (docx, ofd) opened within Limits: the entry count is checked on
// opening, and every entry is read as a stream whose bytes count against the document's
// budget (MaxUnzipped), whatever the headers claim. Nothing is unpacked whole into memory.
type pkg struct {
	files  map[string]*zip.File
	names  []string
	budget *budget
	ctx    context.Context
	// prepaid says that chargeAll has charged every entry: reading one costs nothing more.
	prepaid bool
	src     *source // the package file itself
}

// ZIP bomb rule: an entry that would unpack to more than inflateGrace bytes may do so at most
// maxInflateRatio times its compressed size. Ordinary Office and OFD XML compresses five to
// twenty times; Apache POI refuses entries past the same ratio (its ZipSecureFile minimum
// inflate ratio, 0.01). The stored sizes are checked before anything is unpacked, and
// archive/zip fails an entry that unpacks to more than its stored size, so a lying header
// cannot get past the rule.
const (
	maxInflateRatio = 100
	inflateGrace    = 10 << 20
)

func openPackage(ctx context.Context, src *source, lim Limits) (*pkg, error) {
	zr, err := zip.NewReader(src, src.size)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, malformed("not a ZIP package: %v", err)
	}
	if len(zr.File) > lim.MaxZipEntries {
		return nil, fmt.Errorf("%w: %d entries in the package, the limit is %d", ErrTooLarge, len(zr.File), lim.MaxZipEntries)
	}
	p := &pkg{files: make(map[string]*zip.File, len(zr.File)), budget: src.unpackBudget(lim.MaxUnzipped), ctx: ctx, src: src}
	for _, f := range zr.File {
		name := strings.TrimPrefix(path.Clean("/"+strings.ReplaceAll(f.Name, `\`, "/")), "/")
		p.files[name] = f
		p.names = append(p.names, name)
	}
	return p, nil
}

// errNoEntry is returned by open for an entry the package does not have.
var errNoEntry = errors.New("no such entry")

// open returns a stream of one entry's unpacked bytes, charged against the budget as they are
// read. An entry larger than what is left of the budget, or that inflates like a ZIP bomb, is
// ErrTooLarge before a byte of it is unpacked. Close the stream when done.
func (p *pkg) open(name string) (io.ReadCloser, error) {
	f, ok := p.files[strings.TrimPrefix(path.Clean("/"+name), "/")]
	if !ok {
		return nil, fmt.Errorf("%s: %w", name, errNoEntry)
	}
	size, packed := f.UncompressedSize64, max(1, f.CompressedSize64)
	b := p.budget
	if p.prepaid {
		b = newBudget(int64(min(size, math.MaxInt64)))
	}
	if size > uint64(max(0, b.left)) {
		return nil, fmt.Errorf("%w: %s unpacks to %d bytes, and the package may unpack to %d in all", ErrTooLarge, name, size, p.budget.limit)
	}
	if size > inflateGrace && size/packed > maxInflateRatio {
		return nil, fmt.Errorf("%w: %s unpacks %d bytes to %d, more than %d times (a ZIP bomb)", ErrTooLarge, name, packed, size, maxInflateRatio)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, malformed("%s: %v", name, err)
	}
	return struct {
		io.Reader
		io.Closer
	}{&meteredReader{r: rc, b: b, ctx: p.ctx}, rc}, nil
}

// chargeAll checks every entry as open would and charges the budget for all of them at once:
// for a package that a library unpacks by itself (excelize unpacks every entry of a workbook).
// The stored sizes are charged, which archive/zip holds every entry to.
func (p *pkg) chargeAll() error {
	var total int64
	for _, name := range p.names {
		f := p.files[name]
		size, packed := f.UncompressedSize64, max(1, f.CompressedSize64)
		if size > inflateGrace && size/packed > maxInflateRatio {
			return fmt.Errorf("%w: %s unpacks %d bytes to %d, more than %d times (a ZIP bomb)", ErrTooLarge, name, packed, size, maxInflateRatio)
		}
		if size > uint64(p.budget.limit) {
			return fmt.Errorf("%w: %s unpacks to %d bytes, and the package may unpack to %d in all", ErrTooLarge, name, size, p.budget.limit)
		}
		total += int64(size)
	}
	p.prepaid = true
	return p.budget.take(total)
}

// walkXML opens one entry and hands fn a token stream over it.
func (p *pkg) walkXML(name string, maxDepth int, fn func(*xmlWalker) error) error {
	rc, err := p.open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	return fn(newXMLWalker(rc, name, maxDepth))
}

// matching returns the entries named dir/prefix<number>suffix in numeric order (header1.xml,
// header2.xml, … header10.xml).
func (p *pkg) matching(dir, prefix, suffix string) []string {
	var out []string
	for _, n := range p.names {
		base := path.Base(n)
		if path.Dir(n) == dir && strings.HasPrefix(base, prefix) && strings.HasSuffix(base, suffix) {
			if _, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(base, prefix), suffix)); err == nil || base == prefix+suffix {
				out = append(out, n)
			}
		}
	}
	num := func(n string) int {
		v, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(path.Base(n), prefix), suffix))
		return v
	}
	sort.Slice(out, func(i, j int) bool { return num(out[i]) < num(out[j]) })
	return out
}

// xmlWalker is a token stream over one XML part that refuses nesting deeper than the limit.
type xmlWalker struct {
	dec   *xml.Decoder
	depth int
	max   int
	name  string
}

func newXMLWalker(r io.Reader, name string, maxDepth int) *xmlWalker {
	dec := xml.NewDecoder(r)
	dec.Strict = false
	dec.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		if strings.EqualFold(label, "utf-8") || strings.EqualFold(label, "utf8") {
			return r, nil
		}
		return nil, fmt.Errorf("XML encoding %q is not supported", label)
	}
	return &xmlWalker{dec: dec, max: maxDepth, name: name}
}

// next returns the next token, io.EOF at the end, or an error naming the part.
func (w *xmlWalker) next() (xml.Token, error) {
	tok, err := w.dec.Token()
	if err == io.EOF {
		return nil, io.EOF
	}
	if err != nil {
		if errors.Is(err, ErrTooLarge) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil, fmt.Errorf("%s: %w", w.name, err)
		}
		return nil, malformed("%s: %v", w.name, err)
	}
	switch tok.(type) {
	case xml.StartElement:
		w.depth++
		if w.depth > w.max {
			return nil, malformed("%s: XML nested more than %d levels deep", w.name, w.max)
		}
	case xml.EndElement:
		w.depth--
	}
	return tok, nil
}

// skip discards the rest of the element whose start was just returned.
func (w *xmlWalker) skip() error {
	for depth := 1; depth > 0; {
		tok, err := w.next()
		if err != nil {
			if err == io.EOF {
				return malformed("%s: unexpected end of XML", w.name)
			}
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

// attr returns the value of the attribute with the given local name.
func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// openOffice opens an Office Open XML file (docx, xlsx, pptx) as a package. An OLE compound
// file in its place is a password-protected file of that application (kind: "Word") or an
// old binary file misnamed (old: ".doc"), reported as ErrEncrypted.
func (r *Reader) openOffice(ctx context.Context, src *source, kind, old string) (*pkg, error) {
	magic := make([]byte, len(oleMagic))
	if _, err := src.ReadAt(magic, 0); err == nil && bytes.Equal(magic, oleMagic) {
		return nil, errors.Join(ErrEncrypted, fmt.Errorf("an encrypted %s file (or a %s named %sx)", kind, old, old))
	}
	return openPackage(ctx, src, r.Limits)
}

// addOfficeExtras adds what every Office Open XML file carries beside its own content: the
// document properties, the documents embedded in it (dir/embeddings) and, by OCR, the images
// pasted into it (dir/media). dir is the application's folder: "word", "xl" or "ppt".
func (r *Reader) addOfficeExtras(ctx context.Context, p *pkg, doc *Document, dir string) error {
	if err := r.readOfficeProps(p, doc); err != nil {
		return err
	}
	doc.addMeta()
	if err := r.addEmbedded(ctx, p, doc, dir+"/embeddings"); err != nil {
		return err
	}
	return r.addMediaImages(ctx, p, doc, dir+"/media")
}
