package review

import (
	"fmt"
	"html"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// A scanned page of an OFD is its image and nothing else, and a reader of the copy would have
// to recognise it again to see its text — the replacements painted in it as OCR reads them,
// and the values' lines guessed again. So the copy's scanned page carries, above the image, the
// text the check recognised with the replacements made, as an invisible layer: one TextObject
// a line (Fill="false", drawn by no reader), at the line's place on the image. The check of the
// copy then reads the page's text from the layer, as a PDF scan's copy is read, and the 审核 sees
// the masked text. A name OCR misread stays misread in the layer: the record says that names on
// scans were checked against the image (the 脱敏后通过 dialog shows it beside the text).

var (
	maxUnitRE    = regexp.MustCompile(`(<(?:[\w.-]+:)?MaxUnitID>)\s*(\d+)\s*(</)`)
	fontIDRE     = regexp.MustCompile(`<(?:[\w.-]+:)?Font\b[^>]*?\sID="(\d+)"`)
	resStartRE   = regexp.MustCompile(`<((?:[\w.-]+:)?)Res\b[^>]*>`)
	contentEndRE = regexp.MustCompile(`</((?:[\w.-]+:)?)Content>`)
	boundaryRE   = regexp.MustCompile(`^\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*$`)
)

// maxUnitID returns the MaxUnitID of a Document.xml, or 0.
func maxUnitID(doc []byte) int {
	m := maxUnitRE.FindSubmatch(doc)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(string(m[2]))
	return n
}

// raiseUnits writes the MaxUnitID the text layers raised into the document root.
func (w *ofdWriter) raiseUnits() {
	doc := w.ch.replaced[w.root]
	if doc == nil || w.units == maxUnitID(doc) {
		return
	}
	w.ch.replaced[w.root] = maxUnitRE.ReplaceAll(doc, []byte("${1}"+strconv.Itoa(w.units)+"${3}"))
}

// nextID returns a new object ID of the document.
func (w *ofdWriter) nextID() int {
	w.units++
	return w.units
}

// textLayer adds lines, the text layer of the image id on the page at entry name, to the page's
// content, over the image's boundary. A page whose image has no boundary, or no lines, is left.
func (w *ofdWriter) textLayer(name, id string, lines []layerLine) error {
	if len(lines) == 0 {
		return nil
	}
	raw := w.ch.replaced[name]
	if raw == nil {
		var err error
		if raw, err = w.entry(name); err != nil {
			return err
		}
	}
	x, y, bw, bh, ok := imageBoundary(string(raw), id)
	ends := contentEndRE.FindAllSubmatchIndex(raw, -1)
	if !ok || len(ends) == 0 {
		return nil
	}
	font, err := w.layerFont()
	if err != nil {
		return err
	}
	end := ends[len(ends)-1]
	prefix := string(raw[end[2]:end[3]])
	var b strings.Builder
	fmt.Fprintf(&b, "<%sLayer ID=\"%d\">", prefix, w.nextID())
	for _, l := range lines {
		h := max((l.y1-l.y0)*bh, 0.5)
		size := h / 0.85
		fmt.Fprintf(&b, "<%[1]sTextObject ID=\"%[2]d\" Boundary=\"%.2[3]f %.2[4]f %.2[5]f %.2[6]f\" Font=\"%[7]s\" Size=\"%.2[8]f\" Fill=\"false\">"+
			"<%[1]sTextCode X=\"0\" Y=\"%.2[9]f\">%[10]s</%[1]sTextCode></%[1]sTextObject>",
			prefix, w.nextID(), x+l.x0*bw, y+l.y1*bh-size, max((l.x1-l.x0)*bw, 1), size*1.2, font, size, size, html.EscapeString(l.text))
	}
	fmt.Fprintf(&b, "</%sLayer>", prefix)
	out := make([]byte, 0, len(raw)+b.Len())
	out = append(append(append(out, raw[:end[0]]...), b.String()...), raw[end[0]:]...)
	w.ch.replaced[name] = out
	return nil
}

// imageBoundary returns the Boundary of the page's ImageObject of resource id.
func imageBoundary(page, id string) (x, y, w, h float64, ok bool) {
	re := regexp.MustCompile(`<(?:[\w.-]+:)?ImageObject\b[^>]*>`)
	for _, tag := range re.FindAllString(page, -1) {
		if !strings.Contains(tag, `ResourceID="`+id+`"`) {
			continue
		}
		i := strings.Index(tag, `Boundary="`)
		if i < 0 {
			return 0, 0, 0, 0, false
		}
		rest := tag[i+len(`Boundary="`):]
		m := boundaryRE.FindStringSubmatch(rest[:max(strings.IndexByte(rest, '"'), 0)])
		if m == nil {
			return 0, 0, 0, 0, false
		}
		v := make([]float64, 4)
		for k := range v {
			v[k], _ = strconv.ParseFloat(m[k+1], 64)
		}
		return v[0], v[1], v[2], v[3], v[2] > 0 && v[3] > 0
	}
	return 0, 0, 0, 0, false
}

// layerFont returns the ID of a font the document's resources declare, adding one (宋体, the
// reader's own) to the first resource file kept when they declare none.
func (w *ofdWriter) layerFont() (string, error) {
	var first string
	for _, name := range w.p.names {
		if !w.keep[name] || !strings.HasSuffix(name, ".xml") || name == w.root || name == "OFD.xml" {
			continue
		}
		raw := w.ch.replaced[name]
		if raw == nil {
			var err error
			if raw, err = w.entry(name); err != nil {
				return "", err
			}
		}
		if m := fontIDRE.FindSubmatch(raw); m != nil {
			return string(m[1]), nil
		}
		if first == "" && resStartRE.Match(raw) && path.Base(path.Dir(name)) == path.Base(path.Dir(w.root)) {
			first = name
		}
	}
	if first == "" {
		return "0", nil
	}
	raw := w.ch.replaced[first]
	if raw == nil {
		raw, _ = w.entry(first)
	}
	m := resStartRE.FindSubmatchIndex(raw)
	id := strconv.Itoa(w.nextID())
	prefix := string(raw[m[2]:m[3]])
	fonts := fmt.Sprintf("<%[1]sFonts><%[1]sFont ID=\"%[2]s\" FontName=\"宋体\" FamilyName=\"宋体\"/></%[1]sFonts>", prefix, id)
	out := append(append(append([]byte{}, raw[:m[1]]...), fonts...), raw[m[1]:]...)
	w.ch.replaced[first] = out
	return id, nil
}
