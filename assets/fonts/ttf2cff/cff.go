package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Type 2 charstring operators (Adobe Technical Note #5177) and the argument stack's depth.
const (
	opVMoveTo   = 4
	opRLineTo   = 5
	opHLineTo   = 6
	opVLineTo   = 7
	opRRCurveTo = 8
	opEndChar   = 14
	opRMoveTo   = 21
	opHMoveTo   = 22
	opVVCurveTo = 26
	opHHCurveTo = 27
	opVHCurveTo = 30
	opHVCurveTo = 31
	maxStack    = 48
)

// point is a position in font units.
type point struct{ x, y int }

// charstrings returns every glyph of f as a Type 2 charstring, outlines only: no width (hmtx
// holds the advances) and no hints. Quadratic segments become the cubic curves that trace them
// exactly; points are rounded to whole font units, so a contour moves by half a unit at most.
func charstrings(f *sfnt.Font, upem int) ([][]byte, error) {
	var buf sfnt.Buffer
	out := make([][]byte, f.NumGlyphs())
	for gid := range out {
		// At one pixel per font unit the 26.6 coordinates are font units times 64; sfnt's y
		// axis points down.
		segs, err := f.LoadGlyph(&buf, sfnt.GlyphIndex(gid), fixed.I(upem), nil)
		if err != nil && !errors.Is(err, sfnt.ErrNotFound) {
			return nil, fmt.Errorf("glyph %d: %w", gid, err)
		}
		out[gid] = encodeGlyph(segs)
	}
	return out, nil
}

func unit(p fixed.Point26_6) point {
	return point{int(math.Round(float64(p.X) / 64)), -int(math.Round(float64(p.Y) / 64))}
}

// encodeGlyph writes the segments of one glyph as a charstring.
func encodeGlyph(segs sfnt.Segments) []byte {
	var cs charstring
	var start fixed.Point26_6 // the contour's first point, in sfnt's exact coordinates
	var at fixed.Point26_6
	for i, s := range segs {
		switch s.Op {
		case sfnt.SegmentOpMoveTo:
			start, at = s.Args[0], s.Args[0]
			cs.moveTo(unit(at))
		case sfnt.SegmentOpLineTo:
			closing := s.Args[0] == start && (i+1 == len(segs) || segs[i+1].Op == sfnt.SegmentOpMoveTo)
			if !closing { // a charstring closes every contour itself
				cs.lineTo(unit(s.Args[0]))
			}
			at = s.Args[0]
		case sfnt.SegmentOpQuadTo:
			// The cubic with control points two thirds of the way to the quadratic one.
			q, end := s.Args[0], s.Args[1]
			c1 := fixed.Point26_6{X: at.X + (q.X-at.X)*2/3, Y: at.Y + (q.Y-at.Y)*2/3}
			c2 := fixed.Point26_6{X: end.X + (q.X-end.X)*2/3, Y: end.Y + (q.Y-end.Y)*2/3}
			cs.curveTo(unit(c1), unit(c2), unit(end))
			at = end
		case sfnt.SegmentOpCubeTo:
			cs.curveTo(unit(s.Args[0]), unit(s.Args[1]), unit(s.Args[2]))
			at = s.Args[2]
		}
	}
	return cs.end()
}

// charstring builds one glyph's program. Lines and curves along or leaving the axes take the
// shorter operators (hlineto, hvcurveto, …) and runs of segments share one operator, as far as
// the argument stack allows.
type charstring struct {
	out  bytes.Buffer
	pen  point
	args []int
	op   byte // the operator args are waiting for, or 0
	// nextH says, in a run of hlineto/vlineto or hvcurveto/vhcurveto, whose segments alternate
	// between starting horizontally and vertically, whether the next one starts horizontally.
	nextH bool
}

func (c *charstring) delta(p point) (int, int) {
	dx, dy := p.x-c.pen.x, p.y-c.pen.y
	c.pen = p
	return dx, dy
}

// push adds the arguments of one segment drawn with op, flushing first when op changes or the
// stack would overflow.
func (c *charstring) push(op byte, args ...int) {
	if c.op != op || len(c.args)+len(args) > maxStack {
		c.flush()
	}
	c.op = op
	c.args = append(c.args, args...)
}

// pushAlternating adds one segment to a run of hOp/vOp, whose segments alternate between
// starting horizontally and vertically, when the run expects this one; else it starts a run.
func (c *charstring) pushAlternating(hOp, vOp byte, horizontal bool, args ...int) {
	if (c.op != hOp && c.op != vOp) || c.nextH != horizontal || len(c.args)+len(args) > maxStack {
		c.flush()
		c.op = vOp
		if horizontal {
			c.op = hOp
		}
	}
	c.args = append(c.args, args...)
	c.nextH = !horizontal
}

func (c *charstring) flush() {
	if c.op == 0 {
		return
	}
	for _, a := range c.args {
		writeNumber(&c.out, a)
	}
	c.out.WriteByte(c.op)
	c.op, c.args = 0, c.args[:0]
}

func (c *charstring) moveTo(p point) {
	c.flush()
	switch dx, dy := c.delta(p); {
	case dy == 0:
		c.push(opHMoveTo, dx)
	case dx == 0:
		c.push(opVMoveTo, dy)
	default:
		c.push(opRMoveTo, dx, dy)
	}
	c.flush()
}

func (c *charstring) lineTo(p point) {
	switch dx, dy := c.delta(p); {
	case dx != 0 && dy == 0:
		c.pushAlternating(opHLineTo, opVLineTo, true, dx)
	case dx == 0 && dy != 0:
		c.pushAlternating(opHLineTo, opVLineTo, false, dy)
	default:
		c.push(opRLineTo, dx, dy)
	}
}

func (c *charstring) curveTo(c1, c2, end point) {
	dx1, dy1 := c.delta(c1)
	dx2, dy2 := c.delta(c2)
	dx3, dy3 := c.delta(end)
	switch {
	case dy1 == 0 && dx3 == 0: // leaves horizontally, arrives vertically
		c.pushAlternating(opHVCurveTo, opVHCurveTo, true, dx1, dx2, dy2, dy3)
	case dx1 == 0 && dy3 == 0: // leaves vertically, arrives horizontally
		c.pushAlternating(opHVCurveTo, opVHCurveTo, false, dy1, dx2, dy2, dx3)
	case dy1 == 0 && dy3 == 0:
		c.push(opHHCurveTo, dx1, dx2, dy2, dx3)
	case dx1 == 0 && dx3 == 0:
		c.push(opVVCurveTo, dy1, dx2, dy2, dy3)
	default:
		c.push(opRRCurveTo, dx1, dy1, dx2, dy2, dx3, dy3)
	}
}

func (c *charstring) end() []byte {
	c.flush()
	c.out.WriteByte(opEndChar)
	return c.out.Bytes()
}

// writeNumber writes an integer operand of a charstring (5177 §3.2).
func writeNumber(w *bytes.Buffer, v int) {
	switch {
	case v >= -107 && v <= 107:
		w.WriteByte(byte(v + 139))
	case v >= 108 && v <= 1131:
		v -= 108
		w.WriteByte(byte(v>>8 + 247))
		w.WriteByte(byte(v))
	case v >= -1131 && v <= -108:
		v = -v - 108
		w.WriteByte(byte(v>>8 + 251))
		w.WriteByte(byte(v))
	default:
		w.WriteByte(28)
		_ = binary.Write(w, binary.BigEndian, int16(v))
	}
}

// ---- The CFF table (Adobe Technical Note #5176) ----

// Top and Font DICT operators; two-byte ones are escaped with 12.
const (
	dictCharset     = 15
	dictCharStrings = 17
	dictPrivate     = 18
	dictDefaultW    = 20
	dictROS         = 12<<8 | 30
	dictCIDCount    = 12<<8 | 34
	dictFDArray     = 12<<8 | 36
	dictFDSelect    = 12<<8 | 37
	stdStrings      = 391 // the first SID after the standard strings
)

// dict writes DICT data; every number takes the five-byte form, so that the size of a DICT
// holding offsets is known before the offsets are.
type dict struct{ bytes.Buffer }

func (d *dict) op(op int, args ...int32) {
	for _, a := range args {
		d.WriteByte(29)
		_ = binary.Write(d, binary.BigEndian, a)
	}
	if op > 0xff {
		d.WriteByte(12)
	}
	d.WriteByte(byte(op))
}

// index writes a CFF INDEX of the items.
func index(items [][]byte) []byte {
	var b bytes.Buffer
	_ = binary.Write(&b, binary.BigEndian, uint16(len(items)))
	if len(items) == 0 {
		return b.Bytes()
	}
	b.WriteByte(4) // offSize
	off := uint32(1)
	_ = binary.Write(&b, binary.BigEndian, off)
	for _, it := range items {
		off += uint32(len(it))
		_ = binary.Write(&b, binary.BigEndian, off)
	}
	for _, it := range items {
		b.Write(it)
	}
	return b.Bytes()
}

// cffTable builds a CID-keyed CFF table (registry Adobe, ordering Identity) whose glyph i is
// CID i, with one Font DICT and no subroutines. Its FontMatrix is the default one, for 1000
// units per em.
func cffTable(name string, glyphs [][]byte) []byte {
	n := len(glyphs)
	strs := index([][]byte{[]byte("Adobe"), []byte("Identity")})
	var charset bytes.Buffer // format 2: one range, glyphs 1… are CIDs 1…
	charset.WriteByte(2)
	_ = binary.Write(&charset, binary.BigEndian, [2]uint16{1, uint16(n - 2)})
	var fdSelect bytes.Buffer // format 3: one range, every glyph in Font DICT 0
	fdSelect.WriteByte(3)
	_ = binary.Write(&fdSelect, binary.BigEndian, uint16(1))
	_ = binary.Write(&fdSelect, binary.BigEndian, uint16(0))
	fdSelect.WriteByte(0)
	_ = binary.Write(&fdSelect, binary.BigEndian, uint16(n))
	charStrings := index(glyphs)
	var private dict
	private.op(dictDefaultW, 0)

	// The Top DICT's size does not depend on the offsets it holds.
	top := func(charsetOff, fdSelectOff, charStringsOff, fdArrayOff int32) []byte {
		var d dict
		d.op(dictROS, stdStrings, stdStrings+1, 0)
		d.op(dictCIDCount, int32(n))
		d.op(dictCharset, charsetOff)
		d.op(dictFDSelect, fdSelectOff)
		d.op(dictCharStrings, charStringsOff)
		d.op(dictFDArray, fdArrayOff)
		return d.Bytes()
	}
	header := []byte{1, 0, 4, 4}
	names := index([][]byte{[]byte(name)})
	globalSubrs := index(nil)
	topSize := len(index([][]byte{top(0, 0, 0, 0)}))
	charsetOff := len(header) + len(names) + topSize + len(strs) + len(globalSubrs)
	fdSelectOff := charsetOff + charset.Len()
	charStringsOff := fdSelectOff + fdSelect.Len()
	fdArrayOff := charStringsOff + len(charStrings)
	fontDict := func(privateOff int32) []byte {
		var d dict
		d.op(dictPrivate, int32(private.Len()), privateOff)
		return d.Bytes()
	}
	fdArraySize := len(index([][]byte{fontDict(0)}))
	privateOff := fdArrayOff + fdArraySize

	var out bytes.Buffer
	out.Write(header)
	out.Write(names)
	out.Write(index([][]byte{top(int32(charsetOff), int32(fdSelectOff), int32(charStringsOff), int32(fdArrayOff))}))
	out.Write(strs)
	out.Write(globalSubrs)
	out.Write(charset.Bytes())
	out.Write(fdSelect.Bytes())
	out.Write(charStrings)
	out.Write(index([][]byte{fontDict(int32(privateOff))}))
	out.Write(private.Bytes())
	return out.Bytes()
}

// postScriptName returns the font's PostScript name (name ID 6).
func postScriptName(f *sfnt.Font) string {
	var buf sfnt.Buffer
	name, err := f.Name(&buf, sfnt.NameIDPostScript)
	if err != nil || name == "" {
		return "Font"
	}
	return name
}
