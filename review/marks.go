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
// is well inside it. Marks are matched only from each level word found, not over the whole text.
const markWindow = 64

// markSpans returns the classification marks in normalised text as original byte spans: a
// level with a star or a term (秘密★, 秘密1年, 秘密1年★), not a level alone (保守秘密).
func markSpans(n *Normalized) [][2]int {
	var spans [][2]int
	t := n.Text
	for off := 0; ; {
		i := strings.Index(t[off:], "密")
		if i < 0 {
			return spans
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
		end, star, term := matchMark(t[start:min(len(t), start+markWindow)])
		if !star && !term {
			continue
		}
		s, e := n.Span(start, start+end)
		spans = append(spans, [2]int{s, e})
		off = start + end
	}
}

// matchMark matches markRe at the start of w, which starts with a level word, as the regular
// expression would (leftmost-first, greedy): it returns the length of the match and whether it
// has a star and a term. Written out by hand because a draft can hold millions of marks.
func matchMark(w string) (end int, star, term bool) {
	end = len("秘密")
	if strings.HasPrefix(w[end:], "★") {
		end, star = end+len("★"), true
	}
	if n := markTerm(w[end:]); n > 0 {
		end, term = end+n, true
	}
	if strings.HasPrefix(w[end:], "★") {
		end, star = end+len("★"), true
	}
	return end, star, term
}

// markTerm returns the length of the 保密期限, 解密时间 or 解密条件 that w starts with, or 0: the
// alternatives of markRe's term in its order.
func markTerm(w string) int {
	for _, unit := range []string{"年", "个月", "天"} { // \d{1,3}(?:年|个月|天)
		if n := digitsThen(w, 3, unit); n > 0 {
			return n
		}
	}
	for _, word := range []string{"长期", "启用前", "公布前", "解密前"} {
		if strings.HasPrefix(w, word) {
			return len(word)
		}
	}
	return dateTerm(w)
}

// dateTerm returns the length of the 解密时间 w starts with, \d{4}年\d{1,2}月(?:\d{1,2}日)?(?:解密|前)?,
// or 0.
func dateTerm(w string) int {
	if digitsAt(w) != 4 || !strings.HasPrefix(w[4:], "年") {
		return 0
	}
	n := 4 + len("年")
	month := digitsThen(w[n:], 2, "月")
	if month == 0 {
		return 0
	}
	n += month
	n += digitsThen(w[n:], 2, "日")
	for _, word := range []string{"解密", "前"} {
		if strings.HasPrefix(w[n:], word) {
			return n + len(word)
		}
	}
	return n
}

// digitsThen returns the length of the one to most digits and the unit after them that w
// starts with, or 0. A regular expression's \d{1,most}unit can match only all the digits
// there are, as a digit is never the unit.
func digitsThen(w string, most int, unit string) int {
	d := digitsAt(w)
	if d < 1 || d > most || !strings.HasPrefix(w[d:], unit) {
		return 0
	}
	return d + len(unit)
}

// digitsAt returns how many ASCII digits w starts with.
func digitsAt(w string) int {
	i := 0
	for i < len(w) && isDigit(w[i]) {
		i++
	}
	return i
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
// non-empty lines when head is set, else on any line. A line with more than three characters
// that matching keeps cannot be one, and is passed over without being normalised.
func bareLevels(text string, head bool) [][2]int {
	spans, _ := bareLevelsUntil(text, head)
	return spans
}

// bareLevelsUntil is bareLevels, also saying whether it stopped past the head (head set and
// more than headLines non-empty lines in text): then a longer text that starts with this one
// has the same bare levels.
func bareLevelsUntil(text string, head bool) (spans [][2]int, past bool) {
	seen := 0
	for start := 0; start < len(text); {
		end := len(text)
		if i := strings.IndexByte(text[start:], '\n'); i >= 0 {
			end = start + i + 1
		}
		line := text[start:end]
		kept := keptRunes(line, 4)
		if kept > 0 {
			if seen++; head && seen > headLines {
				return spans, true
			}
		}
		if kept >= 2 && kept <= 3 {
			n := Normalize(line)
			switch strings.TrimSuffix(n.Text, "★") {
			case "绝密", "机密", "秘密":
				s, e := n.Span(0, len(n.Text))
				spans = append(spans, [2]int{start + s, start + e})
			}
		}
		start = end
	}
	return spans, false
}

// keptRunes counts the characters of s that normalisation keeps, up to limit.
func keptRunes(s string, limit int) int {
	n := 0
	t2s := tradToSimpTable()
	for _, r := range s {
		if foldRune(r, t2s) >= 0 {
			if n++; n >= limit {
				return n
			}
		}
	}
	return n
}
