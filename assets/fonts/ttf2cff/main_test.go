package main

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"sync"
	"testing"

	gotext "github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// A TrueType face of the same make as the one mksubset.sh converts: the forms' face, which
// stays TrueType for gofpdf.
const sourceFont = "../NotoSerifSC-Regular.ttf"

var converted = sync.OnceValues(func() ([2][]byte, error) {
	ttf, err := os.ReadFile(sourceFont)
	if err != nil {
		return [2][]byte{}, err
	}
	otf, err := convert(ttf)
	return [2][]byte{ttf, otf}, err
})

func fonts(t *testing.T) (ttf, otf []byte) {
	t.Helper()
	if testing.Short() {
		t.Skip("converts a 22,000-glyph font")
	}
	both, err := converted()
	if err != nil {
		t.Fatalf("convert %s: %v", sourceFont, err)
	}
	return both[0], both[1]
}

func TestConvertedFontIsCFF(t *testing.T) {
	ttf, otf := fonts(t)
	if got := binary.BigEndian.Uint32(otf); got != 0x4F54544F {
		t.Errorf("sfnt version %#x, want OTTO", got)
	}
	in, err := readTables(ttf)
	if err != nil {
		t.Fatal(err)
	}
	out, err := readTables(otf)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]byte{}
	for _, tb := range out {
		got[tb.tag] = tb.data
	}
	for _, tb := range in {
		switch tb.tag {
		case "glyf", "loca":
			if got[tb.tag] != nil {
				t.Errorf("%q kept", tb.tag)
			}
		case "maxp", "head":
		default:
			if !bytes.Equal(got[tb.tag], tb.data) {
				t.Errorf("%q changed (%d bytes, was %d)", tb.tag, len(got[tb.tag]), len(tb.data))
			}
		}
	}
	if got["CFF "] == nil {
		t.Error("no CFF table")
	}
	if sum := checksum(otf); sum != 0xB1B0AFBA {
		t.Errorf("font checksum %#x, want 0xB1B0AFBA (head.checkSumAdjustment)", sum)
	}
}

// outline is a glyph's contours as points along each segment. A contour's closing lines are
// left out: TrueType data may close a contour twice, a charstring closes it once.
func outline(t *testing.T, f *sfnt.Font, gid sfnt.GlyphIndex) [][]point {
	t.Helper()
	var buf sfnt.Buffer
	segs, err := f.LoadGlyph(&buf, gid, fixed.I(1000), nil)
	if err != nil {
		t.Fatalf("glyph %d: %v", gid, err)
	}
	var contours [][]point
	var start, at fixed.Point26_6
	pt := func(x, y float64) point { return point{int(math.Round(x / 64)), int(math.Round(-y / 64))} }
	for i, s := range segs {
		last := len(contours) - 1
		switch s.Op {
		case sfnt.SegmentOpMoveTo:
			start, at = s.Args[0], s.Args[0]
			contours = append(contours, []point{pt(float64(at.X), float64(at.Y))})
			continue
		case sfnt.SegmentOpLineTo:
			closing := s.Args[0] == start && (i+1 == len(segs) || segs[i+1].Op == sfnt.SegmentOpMoveTo)
			if !closing {
				contours[last] = append(contours[last], pt(float64(s.Args[0].X), float64(s.Args[0].Y)))
			}
			at = s.Args[0]
			continue
		}
		// A curve: points at quarters of its parameter.
		p := []fixed.Point26_6{at}
		p = append(p, s.Args[:map[sfnt.SegmentOp]int{sfnt.SegmentOpQuadTo: 2, sfnt.SegmentOpCubeTo: 3}[s.Op]]...)
		for _, u := range []float64{0.25, 0.5, 0.75, 1} {
			x, y := bezier(p, u)
			contours[last] = append(contours[last], pt(x, y))
		}
		at = p[len(p)-1]
	}
	for i, c := range contours {
		for len(c) > 1 && c[len(c)-1] == c[0] {
			c = c[:len(c)-1]
		}
		contours[i] = c
	}
	return contours
}

// bezier evaluates the Bézier curve with control points p at u (de Casteljau).
func bezier(p []fixed.Point26_6, u float64) (float64, float64) {
	xs, ys := make([]float64, len(p)), make([]float64, len(p))
	for i, q := range p {
		xs[i], ys[i] = float64(q.X), float64(q.Y)
	}
	for n := len(p) - 1; n > 0; n-- {
		for i := range n {
			xs[i] += (xs[i+1] - xs[i]) * u
			ys[i] += (ys[i+1] - ys[i]) * u
		}
	}
	return xs[0], ys[0]
}

// TestOutlinesTraceTheTrueTypeOnes reads every glyph of both fonts with x/image's sfnt, a reader
// independent of the converter's output format, and compares the curves point by point.
func TestOutlinesTraceTheTrueTypeOnes(t *testing.T) {
	ttf, otf := fonts(t)
	tf, err := sfnt.Parse(ttf)
	if err != nil {
		t.Fatal(err)
	}
	of, err := sfnt.Parse(otf)
	if err != nil {
		t.Fatalf("x/image/font/sfnt cannot read the converted font: %v", err)
	}
	if tf.NumGlyphs() != of.NumGlyphs() {
		t.Fatalf("%d glyphs, want %d", of.NumGlyphs(), tf.NumGlyphs())
	}
	const tolerance = 2 // font units: half a unit of rounding at each of a curve's points
	bad := 0
	for gid := 0; gid < tf.NumGlyphs(); gid += glyphStep {
		want, got := outline(t, tf, sfnt.GlyphIndex(gid)), outline(t, of, sfnt.GlyphIndex(gid))
		if !sameOutline(got, want, tolerance) {
			if bad++; bad <= 5 {
				t.Errorf("glyph %d: outline differs\n got %v\nwant %v", gid, got, want)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d glyphs differ", bad, tf.NumGlyphs())
	}
}

func sameOutline(a, b [][]point, tolerance int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if abs(a[i][j].x-b[i][j].x) > tolerance || abs(a[i][j].y-b[i][j].y) > tolerance {
				return false
			}
		}
	}
	return true
}

func abs(v int) int { return max(v, -v) }

// TestGoTextReadsTheConvertedFont loads the font as Fyne does and checks that it gives the same
// glyphs, advances and line metrics as the TrueType one, with cubic outlines.
func TestGoTextReadsTheConvertedFont(t *testing.T) {
	ttf, otf := fonts(t)
	tf, err := gotext.ParseTTF(bytes.NewReader(ttf))
	if err != nil {
		t.Fatal(err)
	}
	of, err := gotext.ParseTTF(bytes.NewReader(otf))
	if err != nil {
		t.Fatalf("go-text cannot read the converted font: %v", err)
	}
	got, _ := of.FontHExtents()
	want, _ := tf.FontHExtents()
	if got != want {
		t.Errorf("line metrics %+v, want %+v", got, want)
	}
	for _, r := range "审档秘密★〔〕《》，。Ag0龘" {
		tg, tok := tf.NominalGlyph(r)
		og, ook := of.NominalGlyph(r)
		if !tok || !ook || tg != og {
			t.Errorf("%q: glyph %d (%v), want %d (%v)", r, og, ook, tg, tok)
			continue
		}
		if got, want := of.HorizontalAdvance(og), tf.HorizontalAdvance(tg); got != want {
			t.Errorf("%q: advance %v, want %v", r, got, want)
		}
		o, ok := of.GlyphData(og).(gotext.GlyphOutline)
		if !ok || len(o.Segments) == 0 {
			t.Errorf("%q: no outline (%T)", r, of.GlyphData(og))
		}
	}
}

// endpoints is a glyph's contours as the end points of their segments, from go-text (in font
// units, y up) or from x/image (26.6 at 1000 ppem, y down); a contour's closing lines are left out.
func endpoints(segs []gotext.Segment, xsegs sfnt.Segments) [][]point {
	var contours [][]point
	add := func(move bool, p point) {
		if move {
			contours = append(contours, nil)
		}
		contours[len(contours)-1] = append(contours[len(contours)-1], p)
	}
	for _, s := range segs {
		args := s.ArgsSlice()
		end := args[len(args)-1]
		add(s.Op == ot.SegmentOpMoveTo, point{int(math.Round(float64(end.X))), int(math.Round(float64(end.Y)))})
	}
	for _, s := range xsegs {
		n := map[sfnt.SegmentOp]int{sfnt.SegmentOpMoveTo: 1, sfnt.SegmentOpLineTo: 1, sfnt.SegmentOpQuadTo: 2, sfnt.SegmentOpCubeTo: 3}[s.Op]
		end := s.Args[n-1]
		add(s.Op == sfnt.SegmentOpMoveTo, point{int(math.Round(float64(end.X) / 64)), int(math.Round(-float64(end.Y) / 64))})
	}
	for i, c := range contours {
		for len(c) > 1 && c[len(c)-1] == c[0] {
			c = c[:len(c)-1]
		}
		contours[i] = c
	}
	return contours
}

// TestGoTextAgreesWithXImage decodes glyphs of the converted font with go-text, which Fyne draws
// with, and with x/image, which TestOutlinesTraceTheTrueTypeOnes compares with the TrueType
// outlines: the two must read the same charstrings the same way.
func TestGoTextAgreesWithXImage(t *testing.T) {
	_, otf := fonts(t)
	gf, err := gotext.ParseTTF(bytes.NewReader(otf))
	if err != nil {
		t.Fatal(err)
	}
	xf, err := sfnt.Parse(otf)
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	for gid := 0; gid < xf.NumGlyphs(); gid += 7 {
		o, _ := gf.GlyphData(gotext.GID(gid)).(gotext.GlyphOutline)
		xs, err := xf.LoadGlyph(&buf, sfnt.GlyphIndex(gid), fixed.I(1000), nil)
		if err != nil {
			t.Fatalf("glyph %d: %v", gid, err)
		}
		got, want := endpoints(o.Segments, nil), endpoints(nil, xs)
		if !sameOutline(got, want, 0) {
			t.Errorf("glyph %d: go-text reads\n %v\nx/image reads\n %v", gid, got, want)
		}
	}
}

func TestConvertRefuses(t *testing.T) {
	ttf, _ := fonts(t)
	otfFile := filepath.Join(t.TempDir(), "x.otf")
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"not a font", []byte("PK\x03\x04 a zip, not a font")},
		{"truncated", ttf[:200]},
		{"already CFF", append([]byte("OTTO"), ttf[4:]...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := convert(tt.data); err == nil {
				t.Error("converted; want an error")
			}
		})
	}
	if err := run("no-such-file.ttf", otfFile); err == nil {
		t.Error("run on a missing file: no error")
	}
}

func TestWriteNumber(t *testing.T) {
	tests := []struct {
		v    int
		want []byte
	}{
		{0, []byte{139}}, {107, []byte{246}}, {-107, []byte{32}},
		{108, []byte{247, 0}}, {1131, []byte{250, 255}},
		{-108, []byte{251, 0}}, {-1131, []byte{254, 255}},
		{1132, []byte{28, 0x04, 0x6c}}, {-32768, []byte{28, 0x80, 0x00}},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		writeNumber(&b, tt.v)
		if got := b.Bytes(); !bytes.Equal(got, tt.want) {
			t.Errorf("writeNumber(%d) = %v, want %v", tt.v, got, tt.want)
		}
	}
}

func FuzzConvert(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0, 1, 0, 0, 0, 1, 0, 16, 0, 0, 0, 0, 'g', 'l', 'y', 'f', 0, 0, 0, 0, 0, 0, 0, 28, 0, 0, 0, 4, 1, 2, 3, 4})
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = convert(data) // a bad font is an error, never a panic
		_, _ = readTables(data)
	})
}
