package review

import (
	"bufio"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Recognition says that a part's text was recognised from an image (OCR) rather than read from
// the file, and how sure the recogniser was of it.
type Recognition struct {
	// Confidence is the mean of the word boxes' confidences, 0–100, weighted by their characters.
	Confidence int
	// Words says where each recognised word starts in Part.Text, in order of offset, and the
	// recogniser's confidence in it.
	Words []WordBox
}

// WordBox is one word Tesseract recognised: where its text starts in the part and how sure
// Tesseract was of it, 0–100.
type WordBox struct {
	Offset     int
	Confidence int
}

// confidenceAt returns the lowest confidence of the words that [s, e) of the part's text
// overlaps, or the page's when no word does.
func (r *Recognition) confidenceAt(s, e int) int {
	lowest := -1
	for i, w := range r.Words {
		end := math.MaxInt
		if i+1 < len(r.Words) {
			end = r.Words[i+1].Offset
		}
		if w.Offset >= e {
			break
		}
		if end > s && (lowest < 0 || w.Confidence < lowest) {
			lowest = w.Confidence
		}
	}
	if lowest < 0 {
		return r.Confidence
	}
	return lowest
}

// ocrPage is the text Tesseract recognised on one page of an image.
type ocrPage struct {
	page  int // 1-based, as Tesseract numbers a TIFF's pages
	text  string
	rec   Recognition
	chars int // recognised characters, white space apart
}

// maxTSVLine bounds one line of Tesseract's TSV: a word box is a few dozen bytes and a word
// rarely passes a hundred characters.
const maxTSVLine = 64 << 10

// parseTSV reads Tesseract's TSV output (a heading, then one row per page, block, paragraph,
// line and word: level, page_num, block_num, par_num, line_num, word_num, left, top, width,
// height, conf, text) and returns the recognised text of each page that has any, one line of
// text per recognised line, with each word's confidence. Rows it cannot read are skipped: the
// output is Tesseract's, but a page whose words are lost still says that nothing was
// recognised rather than failing.
func parseTSV(r io.Reader) []ocrPage {
	var b pageBuilder
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxTSVLine)
	for sc.Scan() {
		if w, ok := tsvWord(sc.Text()); ok {
			b.add(w)
		}
	}
	b.flush()
	return b.pages
}

// tsvRow is one word of Tesseract's TSV.
type tsvRow struct {
	page int
	line string // block.paragraph.line: the words of a line share it
	conf int    // 0–100
	text string
}

// tsvWord reads a word row of the TSV; any other row, or a damaged one, is not ok.
func tsvWord(row string) (tsvRow, bool) {
	f := strings.Split(row, "\t")
	if len(f) < 12 || f[0] != "5" {
		return tsvRow{}, false // the heading, a page, block, paragraph or line row, or damage
	}
	page, err := strconv.Atoi(f[1])
	if err != nil || page < 1 {
		return tsvRow{}, false
	}
	word := strings.TrimSpace(strings.Join(f[11:], "\t"))
	conf, err := strconv.ParseFloat(f[10], 64)
	if word == "" || !utf8.ValidString(word) || err != nil || !(conf >= 0) {
		return tsvRow{}, false
	}
	return tsvRow{page: page, line: f[2] + "." + f[3] + "." + f[4], conf: int(math.Min(conf, 100)), text: word}, true
}

// pageBuilder gathers the words of the TSV into pages.
type pageBuilder struct {
	pages            []ocrPage
	cur              *ocrPage
	b                strings.Builder
	line             string
	weighted, weight int
}

// add appends a word to its page's text: on a new line when its line is new, after a space
// between Latin words.
func (pb *pageBuilder) add(w tsvRow) {
	if pb.cur != nil && pb.cur.page != w.page {
		pb.flush()
	}
	if pb.cur == nil {
		pb.cur = &ocrPage{page: w.page}
	}
	switch {
	case pb.b.Len() == 0:
	case w.line != pb.line:
		pb.b.WriteByte('\n')
	case spaced(pb.b.String(), w.text):
		pb.b.WriteByte(' ')
	}
	pb.line = w.line
	pb.cur.rec.Words = append(pb.cur.rec.Words, WordBox{Offset: pb.b.Len(), Confidence: w.conf})
	pb.b.WriteString(w.text)
	n := utf8.RuneCountInString(w.text)
	pb.weighted += w.conf * n
	pb.weight += n
}

// flush ends the page being built.
func (pb *pageBuilder) flush() {
	if pb.cur == nil {
		return
	}
	pb.cur.text = pb.b.String()
	if pb.weight > 0 {
		pb.cur.rec.Confidence = pb.weighted / pb.weight
	}
	pb.cur.chars = pb.weight
	pb.pages = append(pb.pages, *pb.cur)
	pb.cur, pb.line, pb.weighted, pb.weight = nil, "", 0, 0
	pb.b.Reset()
}

// spaced says whether a space goes between the text so far and the next word on its line:
// between Latin words and numbers, not between Chinese characters, which Tesseract hands over
// one or a few at a time.
func spaced(before, word string) bool {
	last, _ := utf8.DecodeLastRuneInString(before)
	first, _ := utf8.DecodeRuneInString(word)
	return !wide(last) && !wide(first)
}

// wide reports a Chinese character or a full-width sign, which is set without spaces.
func wide(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF) || r == '★' || r == '☆'
}
