package review

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// readTXT decodes a plain-text draft. Detection: a byte-order mark (UTF-8, UTF-16 LE/BE), else
// valid UTF-8, else whichever of GB18030 (a superset of GBK and GB 2312), UTF-16LE and UTF-16BE
// reads as Chinese: UTF-16 without a mark, all hanzi, is also valid GB18030, but as GB18030 it
// reads as rare characters and stray letters, never as the common hanzi of real prose. Anything
// that decodes to many replacement or control characters is ErrEncoding rather than mojibake.
//
// The file is decoded as it is read, into the one string the document keeps: a text costs
// its own size in memory, once. Bytes that decode to nothing are a gap of the document.
func readTXT(src *source) (*Document, error) {
	text, enc, lost, err := decodeText(src)
	if err != nil {
		return nil, err
	}
	doc := &Document{Format: FormatTXT, Encoding: enc, Parts: []Part{{Kind: PartBody, Text: text}}}
	if lost > 0 {
		doc.addGap(0, fmt.Sprintf("文本中有 %d 处字节无法按 %s 解码，这些字符未能读取", lost, enc))
	}
	return doc, nil
}

// sampleSize is how much of the start of a file decides its encoding.
const sampleSize = 64 << 10

// decodeText returns the text of src, its encoding's name, and how many characters could not be
// decoded.
func decodeText(src *source) (text, enc string, lost int, err error) {
	head := make([]byte, min(src.size, sampleSize))
	if _, err := src.ReadAt(head, 0); err != nil && err != io.EOF {
		return "", "", 0, err
	}
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		text, ok, _, err := readUTF8(src.section(3, src.size-3))
		if err != nil {
			return "", "", 0, err
		}
		if !ok {
			return "", "", 0, fmt.Errorf("%w: starts with a UTF-8 mark but is not valid UTF-8", ErrEncoding)
		}
		return finish(text, "UTF-8")
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		cand := utf16LE
		if head[0] == 0xFE {
			cand = utf16BE
		}
		if src.size%2 != 0 {
			return "", "", 0, fmt.Errorf("%w: %s with an odd number of bytes", ErrEncoding, cand.name)
		}
		return decodeAs(src, 2, cand)
	}
	text, ok, bad, err := readUTF8(src.section(0, src.size))
	if err != nil {
		return "", "", 0, err
	}
	if ok {
		if bad > tolerated(len(text)) {
			if cand, found := guessEncoding(head, src.size, true); found {
				return decodeAs(src, 0, cand)
			}
			return "", "", 0, fmt.Errorf("%w: %d control characters, this is not a text file", ErrEncoding, bad)
		}
		return text, "UTF-8", 0, nil
	}
	cand, found := guessEncoding(head, src.size, false)
	if !found {
		return "", "", 0, fmt.Errorf("%w: neither UTF-8, UTF-16, nor GBK/GB18030", ErrEncoding)
	}
	return decodeAs(src, 0, cand)
}

// candidate is an encoding a text file without a byte-order mark may be in.
type candidate struct {
	name string
	enc  encoding.Encoding
	wide bool // two bytes a unit: only for files of even length
}

var (
	gb18030  = candidate{"GB18030", simplifiedchinese.GB18030, false}
	utf16LE  = candidate{"UTF-16LE", xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), true}
	utf16BE  = candidate{"UTF-16BE", xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM), true}
	noMarkUp = []candidate{gb18030, utf16LE, utf16BE}
)

// guessEncoding decides, from the start of a file of size bytes, which candidate it is in: of
// those that decode the sample cleanly, the one whose characters are most plausibly Chinese
// prose (GB18030 on a tie). wideOnly limits the guess to UTF-16, for a file that is valid UTF-8
// but for its control characters, as UTF-16 of ASCII text is: every other byte zero.
func guessEncoding(head []byte, size int64, wideOnly bool) (candidate, bool) {
	var best candidate
	bestScore := -1.0
	for _, c := range noMarkUp {
		if (c.wide && size%2 != 0) || (wideOnly && !c.wide) {
			continue
		}
		sample := head
		if c.wide {
			sample = head[:len(head)&^1]
		}
		out, err := c.enc.NewDecoder().Bytes(sample)
		if err != nil {
			continue
		}
		text := string(out)
		if bad := badRunes(text); bad > tolerated(utf8.RuneCountInString(text)) {
			continue
		}
		if s := plausibility(text); s > bestScore {
			best, bestScore = c, s
		}
	}
	return best, bestScore >= minPlausibility
}

// minPlausibility is the share of common characters below which a decoding is mojibake.
const minPlausibility = 0.5

// decodeAs decodes src from offset skip in cand's encoding, refusing a result with many
// undecodable characters.
func decodeAs(src *source, skip int64, cand candidate) (string, string, int, error) {
	var b strings.Builder
	b.Grow(int(src.size-skip) + int(src.size-skip)/2) // GBK hanzi: 2 bytes → 3 in UTF-8
	r := transform.NewReader(src.section(skip, src.size-skip), cand.enc.NewDecoder())
	if _, err := io.Copy(&b, r); err != nil {
		if src.ctx.Err() != nil {
			return "", "", 0, src.ctx.Err()
		}
		return "", "", 0, fmt.Errorf("%w: %s: %v", ErrEncoding, cand.name, err)
	}
	text := b.String()
	if bad := badRunes(text); bad > tolerated(utf8.RuneCountInString(text)) {
		return "", "", 0, fmt.Errorf("%w: %s with %d undecodable characters", ErrEncoding, cand.name, bad)
	}
	return finish(text, cand.name)
}

// finish counts the replacement characters of a decoded text: what could not be decoded.
func finish(text, enc string) (string, string, int, error) {
	return text, enc, strings.Count(text, string(utf8.RuneError)), nil
}

// readUTF8 reads r into a string, checking that it is UTF-8 and counting its bad characters
// (badRunes). The first probeSize bytes are read and checked alone, so that a file in another
// encoding is given up after them (ok false) without reading further; the rest is read
// straight into the string's memory, then checked a slice per processor at once.
func readUTF8(r *io.SectionReader) (text string, ok bool, bad int, err error) {
	buf := make([]byte, r.Size())
	probe, err := fill(r, buf[:min(len(buf), probeSize)])
	if err != nil {
		return "", false, 0, err
	}
	end := lastRuneStart(buf[:probe])
	if !utf8.Valid(buf[:end]) {
		return "", false, 0, nil
	}
	bad = badRunes(buf[:end])
	if probe == probeSize {
		n, err := fill(r, buf[probe:])
		if err != nil {
			return "", false, 0, err
		}
		probe += n
	}
	buf = buf[:probe] // less if the file was cut short while it was read
	rest, restBad := checkUTF8(buf[end:], max(1, min(runtime.GOMAXPROCS(0), len(buf)/(4<<20))))
	if !rest {
		return "", false, 0, nil
	}
	if len(buf) == 0 {
		return "", true, 0, nil
	}
	// buf is never written again: the string shares its memory rather than copy it.
	return unsafe.String(&buf[0], len(buf)), true, bad + restBad, nil
}

// fill reads into b until it is full or r ends, returning how much it read.
func fill(r io.Reader, b []byte) (int, error) {
	n, err := io.ReadFull(r, b)
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		err = nil
	}
	return n, err
}

// probeSize is how much of a text readUTF8 checks before reading the rest.
const probeSize = 1 << 20

// checkUTF8 reports whether b is UTF-8 and counts its bad characters, a slice of it for each
// of workers goroutines. Each slice starts at the start of a character, so neither answer depends on where
// b was cut: a character's bytes are all in one slice, and a slice that had to start on a
// continuation byte (four in a row) is as invalid as the whole.
func checkUTF8(b []byte, workers int) (valid bool, bad int) {
	workers = max(1, min(workers, len(b)))
	bounds := make([]int, workers+1)
	for i := 1; i < workers; i++ {
		at := max(len(b)*i/workers, bounds[i-1])
		for j := 0; j < utf8.UTFMax-1 && at < len(b) && !utf8.RuneStart(b[at]); j++ {
			at++
		}
		bounds[i] = at
	}
	bounds[workers] = len(b)
	oks := make([]bool, workers)
	bads := make([]int, workers)
	var wg sync.WaitGroup
	for i := range workers {
		wg.Go(func() {
			part := b[bounds[i]:bounds[i+1]]
			if oks[i] = utf8.Valid(part); oks[i] {
				bads[i] = badRunes(part)
			}
		})
	}
	wg.Wait()
	for i := range workers {
		if !oks[i] {
			return false, 0
		}
		bad += bads[i]
	}
	return true, bad
}

// lastRuneStart returns the offset of the start of an incomplete rune at the end of s, or
// len(s): where a chunk read so far can be checked up to.
func lastRuneStart(s []byte) int {
	for i := len(s) - 1; i >= 0 && i >= len(s)-utf8.UTFMax; i-- {
		if utf8.RuneStart(s[i]) {
			if utf8.FullRune(s[i:]) {
				return len(s)
			}
			return i
		}
	}
	return len(s)
}

// badRunes counts replacement characters and control characters other than tab, line feed,
// carriage return and form feed: a text file has almost none. It looks at bytes, not runes:
// C0 controls and DEL are single bytes, C1 controls are C2 80–C2 9F, U+FFFD is EF BF BD. A
// table marks the bytes that may start one, so most bytes cost one lookup.
func badRunes[T string | []byte](s T) int {
	n := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; badStart[c] {
		case 0:
		case 1:
			n++
		case 2:
			if i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x9F {
				n++
			}
		case 3:
			if i+2 < len(s) && s[i+1] == 0xBF && s[i+2] == 0xBD {
				n++
			}
		}
	}
	return n
}

// badStart classes the bytes for badRunes: 1 a control character, 2 the lead byte of a C1
// control, 3 the lead byte of U+FFFD, 0 anything else.
var badStart = func() (t [256]byte) {
	for c := 0; c < 0x20; c++ {
		t[c] = 1
	}
	t['\t'], t['\n'], t['\r'], t['\f'] = 0, 0, 0, 0
	t[0x7F], t[0xC2], t[0xEF] = 1, 2, 3
	return t
}()

// tolerated is how many bad characters a text of n characters may have: one in a thousand,
// and at least two, for a stray byte in an otherwise good file.
func tolerated(n int) int { return max(2, n/1000) }

// plausibility is the share of a text's non-ASCII characters that are common in Chinese prose:
// the 3,755 hanzi of GB 2312 level 1 (traditional forms folded to simplified first), CJK and
// full-width punctuation, and general punctuation. Real text scores near 1, mojibake far
// lower; a text with no non-ASCII character scores 1.
func plausibility(text string) float64 {
	common, total := 0, 0
	levelOne := gb2312LevelOne()
	t2s := tradToSimpTable()
	for _, r := range text {
		if r < utf8.RuneSelf {
			continue
		}
		total++
		if r >= t2sFirst && r <= t2sLast && t2s[r-t2sFirst] != 0 {
			r = t2s[r-t2sFirst]
		}
		switch {
		case r >= 0x4E00 && r <= 0x9FFF:
			if levelOne[r-0x4E00] {
				common++
			}
		case r >= 0x3000 && r <= 0x303F, r >= 0xFF01 && r <= 0xFF5E, r >= 0x2010 && r <= 0x2027, r == 0xB7:
			common++
		}
	}
	if total == 0 {
		return 1
	}
	return float64(common) / float64(total)
}

var (
	levelOneOnce sync.Once
	levelOne     []bool
)

// gb2312LevelOne returns, for each rune from U+4E00 to U+9FFF, whether it is one of the
// common hanzi of GB 2312 level 1 (rows 16–55, bytes B0A1–D7F9), decoded once from GBK.
func gb2312LevelOne() []bool {
	levelOneOnce.Do(func() {
		levelOne = make([]bool, 0x9FFF-0x4E00+1)
		var pairs []byte
		for hi := 0xB0; hi <= 0xD7; hi++ {
			for lo := 0xA1; lo <= 0xFE; lo++ {
				pairs = append(pairs, byte(hi), byte(lo))
			}
		}
		out, err := simplifiedchinese.GBK.NewDecoder().Bytes(pairs)
		if err != nil {
			panic("GBK decoder: " + err.Error()) // fixed input: a build defect
		}
		for _, r := range string(out) {
			if r >= 0x4E00 && r <= 0x9FFF {
				levelOne[r-0x4E00] = true
			}
		}
	})
	return levelOne
}
