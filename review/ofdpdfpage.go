package review

import (
	"encoding/xml"
	"io"
	"strings"
)

// ofdPageContent is what ofdToPDF draws of one page (or template page) of an OFD: its box, the
// templates it uses, and its objects in drawing order, those of PageBlocks and Layers among them.
type ofdPageContent struct {
	box       [4]float64
	hasBox    bool
	templates []ofdPageTemplate
	objects   []ofdObject
}

// ofdObject is a *ofdDrawText, *ofdDrawImage or *ofdDrawPath.
type ofdObject any

// ofdDrawText is a TextObject: where it is, its size, whether it is drawn, and its codes.
type ofdDrawText struct {
	boundary   [4]float64
	ctm        ofdMatrix
	size       float64
	invisible  bool // Fill="false": an invisible text layer (a scanned page's, redactofdscan.go)
	fill       ofdColor
	codes      []ofdTextCode
	hasCTM     bool
	boundaryOK bool
}

// ofdTextCode is one TextCode: its start and the offsets of its characters.
type ofdTextCode struct {
	x, y           float64
	deltaX, deltaY string
	text           strings.Builder
}

// ofdDrawImage is an ImageObject.
type ofdDrawImage struct {
	boundary [4]float64
	ctm      ofdMatrix
	hasCTM   bool
	resource string
}

// ofdDrawPath is a PathObject: its outline, and how it is stroked and filled.
type ofdDrawPath struct {
	boundary       [4]float64
	ctm            ofdMatrix
	hasCTM         bool
	data           strings.Builder
	lineWidth      float64
	stroke, fill   bool
	strokeC, fillC ofdColor
}

// readPage reads the page (or template page) at entry name.
func (d *ofdDrawer) readPage(name string) (*ofdPageContent, error) {
	pg := &ofdPageContent{}
	err := d.p.walkXML(name, d.r.Limits.MaxXMLDepth, func(w *xmlWalker) error { return d.pageObjects(w, pg) })
	return pg, err
}

// ofdPageReader is the state of reading one page's XML.
type ofdPageReader struct {
	d       *ofdDrawer
	pg      *ofdPageContent
	text    *ofdDrawText
	code    *ofdTextCode
	bare    bool // the text object was opened by a TextCode outside any TextObject
	path    *ofdDrawPath
	inData  bool
	inArea  bool
	inBox   bool
	boxText strings.Builder
}

// pageObjects reads the page's XML into pg.
func (d *ofdDrawer) pageObjects(w *xmlWalker, pg *ofdPageContent) error {
	pr := &ofdPageReader{d: d, pg: pg}
	for {
		tok, err := w.next()
		if err == io.EOF {
			pr.endText(true)
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			pr.start(t)
		case xml.EndElement:
			pr.end(t.Name.Local)
		case xml.CharData:
			pr.chars(t)
		}
	}
}

func (pr *ofdPageReader) start(t xml.StartElement) {
	switch t.Name.Local {
	case "Area":
		pr.inArea = true
	case "PhysicalBox":
		pr.inBox = pr.inArea && !pr.pg.hasBox
		pr.boxText.Reset()
	case "Template":
		pr.pg.templates = append(pr.pg.templates, ofdPageTemplate{id: attr(t, "TemplateID"), foreground: strings.EqualFold(attr(t, "ZOrder"), "Foreground")})
	default:
		pr.startObject(t)
	}
}

// startObject reads the start of an element of a page's content.
func (pr *ofdPageReader) startObject(t xml.StartElement) {
	switch t.Name.Local {
	case "TextObject":
		if pr.text == nil {
			pr.text = newOFDText(t)
		}
	case "TextCode":
		pr.startCode(t)
	case "ImageObject":
		img := &ofdDrawImage{resource: attr(t, "ResourceID")}
		img.boundary, _ = ofdBoundary(attr(t, "Boundary"))
		img.ctm, img.hasCTM = ofdMatrixOf(attr(t, "CTM"))
		pr.pg.objects = append(pr.pg.objects, img)
	case "PathObject":
		if pr.path == nil && pr.text == nil {
			pr.path = newOFDPath(t)
		}
	case "AbbreviatedData":
		pr.inData = pr.path != nil
	case "FillColor", "StrokeColor":
		pr.color(t)
	case "CompositeObject":
		pr.d.note("复合图元")
	case "AxialShd", "RadialShd", "GouraudShd", "LaGouraudShd", "Pattern":
		pr.d.note("渐变或图案填充")
	}
}

// startCode starts a TextCode, in the open TextObject or, outside one, in a text object of
// its own (the reader reads such a code's text too, so it is drawn).
func (pr *ofdPageReader) startCode(t xml.StartElement) {
	if pr.text == nil {
		pr.text = &ofdDrawText{ctm: ofdIdentity, size: ofdDefaultSize}
		pr.bare = true
	}
	if pr.code != nil {
		return // a TextCode inside a TextCode: its text is the outer one's, as the reader reads it
	}
	c := &ofdTextCode{x: ofdFloat(attr(t, "X")), y: ofdFloat(attr(t, "Y")), deltaX: attr(t, "DeltaX"), deltaY: attr(t, "DeltaY")}
	pr.code = c
}

// color reads a FillColor or StrokeColor of the open object.
func (pr *ofdPageReader) color(t xml.StartElement) {
	c, ok := ofdColorOf(t)
	if !ok {
		pr.d.note("非 RGB 颜色（按黑色画出）")
	}
	switch {
	case pr.text != nil && t.Name.Local == "FillColor":
		pr.text.fill = c
	case pr.path != nil && t.Name.Local == "FillColor":
		pr.path.fillC = c
	case pr.path != nil:
		pr.path.strokeC = c
	}
}

func (pr *ofdPageReader) end(local string) {
	switch local {
	case "Area":
		pr.inArea = false
	case "PhysicalBox":
		if pr.inBox {
			pr.pg.box, pr.pg.hasBox = ofdBoxOf(pr.boxText.String())
		}
		pr.inBox = false
	case "TextCode":
		if pr.code != nil && pr.text != nil {
			pr.text.codes = append(pr.text.codes, *pr.code)
		}
		pr.code = nil
		if pr.bare {
			pr.endText(true)
		}
	case "TextObject":
		pr.endText(false)
	case "AbbreviatedData":
		pr.inData = false
	case "PathObject":
		if pr.path != nil {
			pr.pg.objects = append(pr.pg.objects, pr.path)
			pr.path = nil
		}
	}
}

// endText closes the open text object (a bare TextCode's only when bare is set).
func (pr *ofdPageReader) endText(bare bool) {
	if pr.text == nil || pr.bare != bare {
		return
	}
	if pr.code != nil { // the XML ended inside a TextCode
		pr.text.codes = append(pr.text.codes, *pr.code)
		pr.code = nil
	}
	pr.pg.objects = append(pr.pg.objects, pr.text)
	pr.text, pr.bare = nil, false
}

func (pr *ofdPageReader) chars(t xml.CharData) {
	switch {
	case pr.code != nil:
		pr.code.text.Write(t)
	case pr.inData:
		if pr.path.data.Len() < 1<<20 {
			pr.path.data.Write(t)
		}
	case pr.inBox:
		pr.boxText.Write(t)
	}
}

// ofdDefaultSize is the font size, in millimetres, of text that gives none (10.5 pt, 五号).
const ofdDefaultSize = 3.7

// newOFDText starts a TextObject from its element.
func newOFDText(t xml.StartElement) *ofdDrawText {
	o := &ofdDrawText{size: ofdDefaultSize}
	o.boundary, o.boundaryOK = ofdBoundary(attr(t, "Boundary"))
	o.ctm, o.hasCTM = ofdMatrixOf(attr(t, "CTM"))
	if s := ofdFloat(attr(t, "Size")); s > 0 {
		o.size = min(s, 500)
	}
	o.invisible = attr(t, "Fill") == "false"
	return o
}

// newOFDPath starts a PathObject from its element: stroked unless Stroke="false", filled
// only with Fill="true".
func newOFDPath(t xml.StartElement) *ofdDrawPath {
	o := &ofdDrawPath{lineWidth: 0.353, stroke: attr(t, "Stroke") != "false", fill: attr(t, "Fill") == "true"}
	o.boundary, _ = ofdBoundary(attr(t, "Boundary"))
	o.ctm, o.hasCTM = ofdMatrixOf(attr(t, "CTM"))
	if w := ofdFloat(attr(t, "LineWidth")); w > 0 {
		o.lineWidth = min(w, 100)
	}
	return o
}

// ofdBoundary reads an object's Boundary "x y w h".
func ofdBoundary(s string) ([4]float64, bool) {
	v := ofdNumbers(s)
	if len(v) != 4 {
		return [4]float64{}, false
	}
	for _, x := range v {
		if x < -1e5 || x > 1e5 {
			return [4]float64{}, false
		}
	}
	return [4]float64{v[0], v[1], v[2], v[3]}, true
}

// ofdFloat reads one number, 0 when it does not read.
func ofdFloat(s string) float64 {
	v := ofdNumbers(s)
	if len(v) == 0 || v[0] < -1e5 || v[0] > 1e5 {
		return 0
	}
	return v[0]
}
