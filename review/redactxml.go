package review

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"sort"
	"strings"
	"time"
)

// The copy of an Office package is made by editing the bytes of its XML parts, never by
// re-encoding them: encoding/xml would rewrite every namespace prefix. A walk over a part
// gives each token's byte range; the edits replace ranges; everything else stays byte for byte.

// xmlEdit replaces the bytes [start, end) of a part by repl.
type xmlEdit struct {
	start, end int
	repl       string
}

// rawToken is a token of a part with the byte range it was read from; for an end element,
// [open, openEnd) is its element's start tag.
type rawToken struct {
	tok           xml.Token
	start, end    int
	open, openEnd int
}

// walkRaw calls fn with every token of the part raw, nested at most maxDepth deep.
func walkRaw(raw []byte, name string, maxDepth int, fn func(t rawToken) error) error {
	w := newXMLWalker(bytes.NewReader(raw), name, maxDepth)
	var opens [][2]int
	at := 0
	for {
		tok, err := w.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		end := int(w.dec.InputOffset())
		t := rawToken{tok: tok, start: at, end: end}
		switch tok.(type) {
		case xml.StartElement:
			opens = append(opens, [2]int{at, end})
		case xml.EndElement:
			if len(opens) > 0 {
				t.open, t.openEnd = opens[len(opens)-1][0], opens[len(opens)-1][1]
				opens = opens[:len(opens)-1]
			}
		}
		at = end
		if err := fn(t); err != nil {
			return err
		}
	}
}

// applyEdits returns raw with the edits made. An edit inside an earlier one (a run inside a
// removed deletion) is dropped with it.
func applyEdits(raw []byte, edits []xmlEdit) []byte {
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].start != edits[j].start {
			return edits[i].start < edits[j].start
		}
		return edits[i].end > edits[j].end
	})
	out := make([]byte, 0, len(raw))
	at := 0
	for _, e := range edits {
		if e.start < at {
			continue
		}
		out = append(out, raw[at:e.start]...)
		out = append(out, e.repl...)
		at = e.end
	}
	return append(out, raw[at:]...)
}

// escapeText returns s escaped as XML character data.
func escapeText(s string) string {
	var b strings.Builder
	if err := xml.EscapeText(&b, []byte(s)); err != nil {
		return ""
	}
	return b.String()
}

// removeRelated returns the edits of a .rels part that remove the relationships whose type
// ends with one of types or whose target is one of the removed parts, resolved against dir.
func removeRelated(raw []byte, name, dir string, maxDepth int, types []string, removed map[string]bool) ([]xmlEdit, error) {
	var edits []xmlEdit
	err := walkRaw(raw, name, maxDepth, func(t rawToken) error {
		e, ok := t.tok.(xml.EndElement)
		if !ok || e.Name.Local != "Relationship" {
			return nil
		}
		start := relStart(raw, t.open)
		typ, target := attr(start, "Type"), attr(start, "Target")
		if attr(start, "TargetMode") != "External" {
			if strings.HasPrefix(target, "/") {
				target = strings.TrimPrefix(path.Clean(target), "/")
			} else {
				target = strings.TrimPrefix(path.Clean("/"+path.Join(dir, target)), "/")
			}
		}
		drop := removed[target]
		for _, s := range types {
			drop = drop || strings.HasSuffix(typ, s)
		}
		if drop {
			edits = append(edits, xmlEdit{start: t.open, end: t.end})
		}
		return nil
	})
	return edits, err
}

// relStart decodes the start tag at raw[off:].
func relStart(raw []byte, off int) xml.StartElement {
	d := xml.NewDecoder(bytes.NewReader(raw[off:]))
	d.Strict = false
	tok, err := d.Token()
	if err != nil {
		return xml.StartElement{}
	}
	s, _ := tok.(xml.StartElement)
	return s
}

// removeOverrides returns the edits of [Content_Types].xml that remove the overrides of the
// removed parts.
func removeOverrides(raw []byte, maxDepth int, removed map[string]bool) ([]xmlEdit, error) {
	var edits []xmlEdit
	err := walkRaw(raw, "[Content_Types].xml", maxDepth, func(t rawToken) error {
		e, ok := t.tok.(xml.EndElement)
		if !ok || e.Name.Local != "Override" {
			return nil
		}
		if removed[strings.TrimPrefix(attr(relStart(raw, t.open), "PartName"), "/")] {
			edits = append(edits, xmlEdit{start: t.open, end: t.end})
		}
		return nil
	})
	return edits, err
}

// clearProperties returns the edits of docProps/core.xml or app.xml that empty the personal
// and descriptive properties the reader reports, and the number of properties emptied.
func clearProperties(raw []byte, name string, maxDepth int) ([]xmlEdit, int, error) {
	fields := map[string]bool{"title": true, "subject": true, "creator": true, "lastModifiedBy": true,
		"keywords": true, "description": true, "category": true, "Company": true, "Manager": true,
		"Template": true, "Application": true, "HyperlinkBase": true}
	var edits []xmlEdit
	n := 0
	in := ""
	err := walkRaw(raw, name, maxDepth, func(t rawToken) error {
		switch tok := t.tok.(type) {
		case xml.StartElement:
			in = ""
			if fields[tok.Name.Local] {
				in = tok.Name.Local
			}
		case xml.CharData:
			if in != "" && strings.TrimSpace(string(tok)) != "" {
				edits = append(edits, xmlEdit{start: t.start, end: t.end})
				n++
			}
		case xml.EndElement:
			in = ""
		}
		return nil
	})
	return edits, n, err
}

// zipEntries is the new content of a package: entries replaced and entries removed.
type zipEntries struct {
	replaced map[string][]byte
	removed  map[string]bool
}

// rewriteZip writes the package src with the entries changed, every other entry copied as it
// was stored, in the original order.
func rewriteZip(src *zip.Reader, ch zipEntries) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range src.File {
		name := strings.TrimPrefix(path.Clean("/"+strings.ReplaceAll(f.Name, `\`, "/")), "/")
		if ch.removed[name] {
			continue
		}
		data, ok := ch.replaced[name]
		if !ok {
			if err := zw.Copy(f); err != nil {
				return nil, err
			}
			continue
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: f.Modified.UTC().Truncate(2 * time.Second)})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// dropChartData removes from each chart part of the package the reference to its embedded
// workbook (c:externalData), whose entry 清理 removed with the other embedded objects: a
// chart keeps its cached values and draws as before, with no reference left dangling.
func dropChartData(p *pkg, maxDepth int, ch zipEntries, entry func(string) ([]byte, error)) error {
	for _, n := range p.names {
		if path.Base(path.Dir(n)) != "charts" || !strings.HasSuffix(n, ".xml") {
			continue
		}
		raw, err := entry(n)
		if err != nil {
			return err
		}
		var edits []xmlEdit
		err = walkRaw(raw, n, maxDepth, func(t rawToken) error {
			if e, ok := t.tok.(xml.EndElement); ok && e.Name.Local == "externalData" {
				edits = append(edits, xmlEdit{start: t.open, end: t.end})
			}
			return nil
		})
		if err != nil {
			return err
		}
		if len(edits) > 0 {
			ch.replaced[n] = applyEdits(raw, edits)
		}
	}
	return nil
}
