package review

import (
	"regexp"
	"sort"
	"strings"
)

// markRe finds a classification mark (GB/T 9704-2012 §7.2.3) in normalised text: a level, then
// a term in one of the three forms — 保密期限 (1年, 6个月, 长期), 解密时间 (2027年6月30日), 解密条件
// (启用前, 公布前) — with the star before or after it, as PDFs deliver it out of order (秘密1年★).
// A level with a star and no term (秘密★, the term split off elsewhere) is also a mark. A level
// with neither (保守秘密, 国家秘密) is running text and does not match.
var markRe = regexp.MustCompile(`(?:绝密|机密|秘密)(★?)(\d{1,3}(?:年|个月|天)|长期|启用前|公布前|解密前|\d{4}年\d{1,2}月(?:\d{1,2}日)?(?:解密|前)?)?(★?)`)

// markWindow bounds the normalised text a mark can span: the longest form, 绝密★2027年12月31日解密★,
// is well inside it. The pattern runs only from each level word found, not over the whole text.
const markWindow = 64

// findMarks returns the classification marks in a part as original byte spans.
func findMarks(p *Part, n *Normalized, head bool) [][2]int {
	var spans [][2]int
	t := n.Text
	for off := 0; ; {
		i := strings.Index(t[off:], "密")
		if i < 0 {
			break
		}
		i += off
		off = i + len("密")
		if i < len("秘") {
			continue
		}
		switch t[i-len("秘") : i] {
		case "绝", "机", "秘":
		default:
			continue
		}
		start := i - len("秘")
		m := markRe.FindStringSubmatchIndex(t[start:min(len(t), start+markWindow)])
		if m == nil || m[0] != 0 {
			continue
		}
		star := m[3] > m[2] || m[7] > m[6]
		term := m[5] > m[4]
		if !star && !term {
			continue
		}
		s, e := n.Span(start, start+m[1])
		spans = append(spans, [2]int{s, e})
		off = start + m[1]
	}
	if head || p.Kind == PartHeader || p.Kind == PartFooter {
		spans = append(spans, bareLevels(p.Text, head)...)
	}
	return mergeSpans(spans)
}

// mergeSpans joins overlapping spans, so one mark found two ways is reported once, whole.
func mergeSpans(spans [][2]int) [][2]int {
	sort.Slice(spans, func(i, j int) bool { return spans[i][0] < spans[j][0] })
	var out [][2]int
	for _, s := range spans {
		if n := len(out); n > 0 && s[0] < out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], s[1])
			continue
		}
		out = append(out, s)
	}
	return out
}

// headLines is how many non-empty lines count as the document head (版头), where a bare level
// on a line of its own is a mark.
const headLines = 10

// bareLevels finds a level standing alone on a line (秘 密, 機密), within the first headLines
// non-empty lines when head is set, else on any line.
func bareLevels(text string, head bool) [][2]int {
	var spans [][2]int
	seen, off := 0, 0
	for _, line := range strings.SplitAfter(text, "\n") {
		start := off
		off += len(line)
		n := Normalize(line)
		if n.Text == "" {
			continue
		}
		if seen++; head && seen > headLines {
			break
		}
		switch strings.TrimSuffix(n.Text, "★") {
		case "绝密", "机密", "秘密":
			s, e := n.Span(0, len(n.Text))
			spans = append(spans, [2]int{start + s, start + e})
		}
	}
	return spans
}
