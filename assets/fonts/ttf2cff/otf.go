package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"

	"golang.org/x/image/font/sfnt"
)

// table is one table of an sfnt font.
type table struct {
	tag  string
	data []byte
}

// readTables returns the tables of a single (not collection) sfnt font.
func readTables(font []byte) ([]table, error) {
	if len(font) < 12 {
		return nil, errors.New("not an sfnt font: too short")
	}
	n := int(binary.BigEndian.Uint16(font[4:]))
	if len(font) < 12+16*n {
		return nil, errors.New("not an sfnt font: table directory cut short")
	}
	out := make([]table, 0, n)
	for i := range n {
		rec := font[12+16*i:]
		off, length := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		if uint64(off)+uint64(length) > uint64(len(font)) {
			return nil, fmt.Errorf("table %q lies beyond the end of the file", rec[:4])
		}
		out = append(out, table{string(rec[:4]), font[off : off+length]})
	}
	return out, nil
}

// convert returns the TrueType font ttf as an OpenType font with CFF outlines: the same tables
// and glyph order, with 'CFF ' in place of 'glyf' and 'loca' and a version 0.5 'maxp'.
func convert(ttf []byte) ([]byte, error) {
	if len(ttf) < 4 || binary.BigEndian.Uint32(ttf) != 0x00010000 {
		return nil, errors.New("not a TrueType font (sfnt version 0x00010000)")
	}
	f, err := sfnt.Parse(ttf)
	if err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	if f.NumGlyphs() < 2 {
		return nil, fmt.Errorf("%d glyphs: a font needs .notdef and one more", f.NumGlyphs())
	}
	if upem := f.UnitsPerEm(); upem != 1000 {
		return nil, fmt.Errorf("%d units per em: only 1000, CFF's default FontMatrix, is supported", upem)
	}
	glyphs, err := charstrings(f, 1000)
	if err != nil {
		return nil, err
	}
	tables, err := readTables(ttf)
	if err != nil {
		return nil, err
	}
	var out []table
	for _, t := range tables {
		switch t.tag {
		case "glyf", "loca":
			continue
		case "maxp":
			maxp := make([]byte, 6)
			binary.BigEndian.PutUint32(maxp, 0x00005000)
			binary.BigEndian.PutUint16(maxp[4:], uint16(f.NumGlyphs()))
			t.data = maxp
		case "head":
			t.data = bytes.Clone(t.data)
		}
		out = append(out, t)
	}
	out = append(out, table{"CFF ", cffTable(postScriptName(f), glyphs)})
	return writeFont(0x4F54544F /* OTTO */, out), nil
}

// writeFont assembles an sfnt font from its tables, with their checksums and the head table's
// checkSumAdjustment set.
func writeFont(version uint32, tables []table) []byte {
	sort.Slice(tables, func(i, j int) bool { return tables[i].tag < tables[j].tag })
	n := len(tables)
	entrySelector := 0
	for 1<<(entrySelector+1) <= n {
		entrySelector++
	}
	searchRange := 16 << entrySelector
	var b bytes.Buffer
	_ = binary.Write(&b, binary.BigEndian, version)
	_ = binary.Write(&b, binary.BigEndian, [4]uint16{uint16(n), uint16(searchRange), uint16(entrySelector), uint16(n*16 - searchRange)})
	off := 12 + 16*n
	headAt := -1
	for _, t := range tables {
		if t.tag == "head" && len(t.data) >= 12 {
			binary.BigEndian.PutUint32(t.data[8:], 0) // checkSumAdjustment is summed as zero
			headAt = off
		}
		b.WriteString(t.tag)
		_ = binary.Write(&b, binary.BigEndian, [3]uint32{checksum(t.data), uint32(off), uint32(len(t.data))})
		off += (len(t.data) + 3) &^ 3
	}
	for _, t := range tables {
		b.Write(t.data)
		b.Write(make([]byte, (4-len(t.data)%4)%4))
	}
	font := b.Bytes()
	if headAt >= 0 {
		binary.BigEndian.PutUint32(font[headAt+8:], 0xB1B0AFBA-checksum(font))
	}
	return font
}

// checksum is the sfnt table checksum: the sum of the data as big-endian uint32s, zero-padded.
func checksum(data []byte) uint32 {
	var sum uint32
	for i := 0; i < len(data); i += 4 {
		var w [4]byte
		copy(w[:], data[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
