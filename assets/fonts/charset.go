//go:build ignore

// Charset prints, one hexadecimal code point a line, the characters the subset fonts keep:
// every character code page 936 (GBK) encodes, as golang.org/x/text decodes it, less control
// characters and the private-use area (GBK's user-defined rows, which no font can know), plus
// whole blocks a clerk types or pastes around them: Latin-1, general punctuation, CJK symbols
// and punctuation, and full-width forms. mksubset.sh runs it; assets_test.go checks the fonts
// against the same set.
package main

import (
	"bufio"
	"fmt"
	"os"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func main() {
	keep := map[rune]bool{}
	dec := simplifiedchinese.GBK.NewDecoder()
	add := func(b ...byte) {
		out, err := dec.Bytes(b)
		if err != nil {
			return
		}
		r, size := utf8.DecodeRune(out)
		if size == len(out) && r != utf8.RuneError {
			keep[r] = true
		}
	}
	for b := 0; b <= 0x80; b++ {
		add(byte(b))
	}
	for hi := 0x81; hi <= 0xFE; hi++ {
		for lo := 0x40; lo <= 0xFE; lo++ {
			if lo != 0x7F {
				add(byte(hi), byte(lo))
			}
		}
	}
	for _, block := range [][2]rune{{0x20, 0x7E}, {0xA0, 0xFF}, {0x2000, 0x206F}, {0x3000, 0x303F}, {0xFF00, 0xFFEF}} {
		for r := block[0]; r <= block[1]; r++ {
			keep[r] = true
		}
	}
	w := bufio.NewWriter(os.Stdout)
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if keep[r] && !unicode.IsControl(r) && !unicode.Is(unicode.Co, r) {
			fmt.Fprintf(w, "%X\n", r)
		}
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
