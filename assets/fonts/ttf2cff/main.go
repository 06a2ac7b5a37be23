// Command ttf2cff rewrites a TrueType font with CFF outlines: `ttf2cff IN.ttf OUT.otf`.
//
// assets/fonts/mksubset.sh runs it on the window's face. Fyne reads fonts with
// go-text/typesetting, which decodes every TrueType outline when it loads a font but keeps CFF
// charstrings as they are and decodes a glyph when it is drawn; Fyne loads the face once per
// text style. A CFF face is therefore a face whose glyphs are loaded lazily.
//
// Every other table is copied unchanged, and the glyph order with it. Quadratic curves become
// the cubic curves that trace them exactly, with points rounded to whole font units (half a
// unit at most, 1/2000 em); hints are not carried over (the input has none).
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: ttf2cff IN.ttf OUT.otf")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "ttf2cff:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	ttf, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	otf, err := convert(ttf)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	return os.WriteFile(out, otf, 0o644)
}
