package review

import "unicode/utf8"

// segment is a piece of a part's text that the file holds as one unit: the text of one w:t
// run of a Word document, one cell of a worksheet. Between segments lie the characters the
// reader adds (a paragraph's line break, a tab): they are in no segment.
type segment struct{ start, end int } // bytes of the part's text

// distribute returns the new text of each segment once the replacements are made, and whether
// it changed. A span that crosses segments (a number across two runs, a selection across
// cells) is masked in each: when the mask has as many characters as the original, character
// by character, so each keeps its run's formatting; otherwise the whole mask goes where the
// span's first character in a segment was, and the rest of the span is removed from the
// others. Segments are in order and do not overlap, nor do the replacements.
func distribute(text string, segs []segment, reps []Replacement) (out []string, changed []bool) {
	out, changed = make([]string, len(segs)), make([]bool, len(segs))
	masked := make([][]rune, len(reps))
	same := make([]bool, len(reps))
	for i, r := range reps {
		masked[i] = []rune(r.Masked)
		same[i] = len(masked[i]) == utf8.RuneCountInString(text[r.Start:r.End])
	}
	emitted := make([]bool, len(reps))
	k := 0 // the first replacement that may still cover a segment's character
	for si, s := range segs {
		if s.start < 0 || s.end > len(text) || s.start > s.end {
			continue
		}
		for k < len(reps) && reps[k].End <= s.start {
			k++
		}
		if k == len(reps) || reps[k].Start >= s.end {
			out[si] = text[s.start:s.end]
			continue
		}
		out[si], changed[si] = maskSegment(text, s, reps[k:], masked[k:], same[k:], emitted[k:]), true
	}
	return out, changed
}

// maskSegment returns the text of segment s with the replacements that cover it made.
func maskSegment(text string, s segment, reps []Replacement, masked [][]rune, same, emitted []bool) string {
	b := make([]byte, 0, s.end-s.start)
	j := 0
	for i := s.start; i < s.end; {
		r, size := utf8.DecodeRuneInString(text[i:])
		for j < len(reps) && reps[j].End <= i {
			j++
		}
		switch {
		case j == len(reps) || reps[j].Start > i:
			b = utf8.AppendRune(b, r)
		case same[j]:
			b = utf8.AppendRune(b, masked[j][utf8.RuneCountInString(text[reps[j].Start:i])])
		case !emitted[j]:
			b = append(b, reps[j].Masked...)
			emitted[j] = true
		}
		i += size
	}
	return string(b)
}
