package review

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strconv"
	"strings"
)

// pkg is a ZIP-based file (docx, ofd) opened within Limits: the entry count is checked on
// opening, and every byte unpacked counts against MaxUnzipped, whatever the headers claim.
type pkg struct {
	files  map[string]*zip.File
	names  []string
	budget int64
	lim    Limits
}

func openPackage(data []byte, lim Limits) (*pkg, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, malformed("not a ZIP package: %v", err)
	}
	if len(zr.File) > lim.MaxZipEntries {
		return nil, fmt.Errorf("%w: %d entries in the package, the limit is %d", ErrTooLarge, len(zr.File), lim.MaxZipEntries)
	}
	p := &pkg{files: make(map[string]*zip.File, len(zr.File)), budget: lim.MaxUnzipped, lim: lim}
	for _, f := range zr.File {
		name := strings.TrimPrefix(path.Clean("/"+strings.ReplaceAll(f.Name, `\`, "/")), "/")
		p.files[name] = f
		p.names = append(p.names, name)
	}
	return p, nil
}

// errNoEntry is returned by read for an entry the package does not have.
var errNoEntry = errors.New("no such entry")

// read unpacks one entry, charging its size against the budget.
func (p *pkg) read(name string) ([]byte, error) {
	f, ok := p.files[strings.TrimPrefix(path.Clean("/"+name), "/")]
	if !ok {
		return nil, fmt.Errorf("%s: %w", name, errNoEntry)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, malformed("%s: %v", name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, p.budget+1))
	if err != nil {
		return nil, malformed("%s: %v", name, err)
	}
	p.budget -= int64(len(data))
	if p.budget < 0 {
		return nil, fmt.Errorf("%w: the package unpacks to more than %d bytes", ErrTooLarge, p.lim.MaxUnzipped)
	}
	return data, nil
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

func newXMLWalker(data []byte, name string, maxDepth int) *xmlWalker {
	dec := xml.NewDecoder(bytes.NewReader(data))
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
