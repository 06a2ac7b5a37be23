package review

import (
	"context"
	"regexp"
	"slices"
)

// ocrMarkRe finds a classification mark in text Tesseract recognised, where the star and the
// digits are often misread: ★ as 女 or 太, 1 as ] or l, with spaces strewn between. A level,
// then at most one character in the star's place that is not a comma or full stop, then a
// 保密期限 or 解密条件: the term keeps it as strict as the file's own marks (保守秘密 alone, or
// 秘密，1年后, is not a mark).
var ocrMarkRe = regexp.MustCompile(`(?:绝|机|秘)\s?密\s?[^\s，。、；：,.;:]?\s?(?:[0-9０-９\]\[|lIi!丨]{1,3}\s?(?:年|个月|天)|长期|启用前|公布前|解密前)`)

// scanRecognised checks a part whose text OCR gave, as scanPart does, and adds the marks only
// ocrMarkRe finds there. Each finding says it is recognised text, with the confidence of the
// words it spans.
func (rs *RuleSet) scanRecognised(ctx context.Context, c *collector, pi int, p *Part, head bool) error {
	var hits []hit
	if err := rs.scanPart(ctx, p, head, func(h []hit) { hits = append(hits, h...) }); err != nil {
		return err
	}
	first := len(c.out)
	c.take(pi, p, withOCRMarks(p.Text, hits))
	locateLines(p, c.out[first:])
	for i := range c.out[first:] {
		f := &c.out[first+i]
		f.OCR, f.Confidence = true, p.OCR.confidenceAt(f.Offset, f.Offset+len(f.Match))
	}
	return nil
}

// withOCRMarks adds to hits, which are in order of their starts, the marks ocrMarkRe finds in
// text that no hit overlaps, and returns them all in order.
func withOCRMarks(text string, hits []hit) []hit {
	for _, m := range ocrMarkRe.FindAllStringIndex(text, -1) {
		overlaps := false
		for _, h := range hits {
			if int(h.start) < m[1] && m[0] < int(h.end) {
				overlaps = true
				break
			}
		}
		if !overlaps {
			hits = append(hits, hit{int32(m[0]), int32(m[1]), markInfo})
		}
	}
	slices.SortStableFunc(hits, func(a, b hit) int { return int(a.start - b.start) })
	return hits
}
