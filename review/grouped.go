package review

// Identifiers written out by hand: an ID number in digit groups (350203 19850615 0011), and an
// ID a spreadsheet rounded (110105195907210491 kept as 110105195907210500). Full-width digits
// and ideographic spaces need nothing here: normalizeKeepSpace folds them to ASCII digits and
// spaces, and every span maps back to the original characters.

// idGroupings are the ways an 18-character 公民身份号码 is written in groups: area, birth date,
// sequence and check (6-8-4), or area and the rest in fours (6-4-4-4).
var idGroupings = [][]int{{6, 8, 4}, {6, 4, 4, 4}}

// maxSeparator is the most bytes of white space and hyphen between two groups of one number.
const maxSeparator = 3

// groupedIDs finds 公民身份号码 written in groups: a run of six digits (of runs, t's digit runs), then the groups of one of
// idGroupings, each after one and the same separator, whose 18 characters pass validID. Numbers
// grouped otherwise (dates, amounts or counts in a row of a table) are never joined, and an
// 8-digit middle group must be a birth date, so a row of figures is not taken for an ID.
func (c *claims) groupedIDs(t string, runs [][2]int) {
	for _, m := range runs {
		if m[1]-m[0] != 6 {
			continue
		}
		for _, g := range idGroupings {
			if end, id, ok := groupsAt(t, m[0], g); ok && validID(id) {
				c.add(CatIDCard, Block, "id-card", m[0], end)
				break
			}
		}
	}
}

// groupsAt reads at t[i:] groups of exactly the given lengths of digits (the last may end in the
// check character x instead of its last digit), joined by one and the same separator. It returns
// the end of the last group and the characters of the groups run together.
func groupsAt(t string, i int, lengths []int) (end int, chars string, ok bool) {
	var buf [24]byte
	out := buf[:0]
	sep := ""
	for k, n := range lengths {
		if k > 0 {
			s := separatorAt(t, i)
			if s == "" || (k > 1 && s != sep) {
				return 0, "", false
			}
			sep, i = s, i+len(s)
		}
		d := digitsAt(t[i:])
		last := k == len(lengths)-1
		switch {
		case d == n && !(i+d < len(t) && t[i+d] == 'x'):
		case last && d == n-1 && i+d < len(t) && t[i+d] == 'x':
			d++
		default:
			return 0, "", false
		}
		out = append(out, t[i:i+d]...)
		i += d
	}
	return i, string(out), true
}

// separatorAt returns the separator between two digit groups at t[i:]: one to maxSeparator
// spaces and hyphens with at most one hyphen, or "".
func separatorAt(t string, i int) string {
	j, hyphens := i, 0
	for j < len(t) && j-i < maxSeparator && (t[j] == ' ' || t[j] == '-') {
		if t[j] == '-' {
			hyphens++
		}
		j++
	}
	if hyphens > 1 || (j < len(t) && (t[j] == ' ' || t[j] == '-')) {
		return ""
	}
	return t[i:j]
}

// provinces are the first two digits of the area codes of GB/T 2260 (the provinces, autonomous
// regions and municipalities), with 71 (台湾) and 81–83 (港澳台居民居住证).
var provinces = func() (p [100]bool) {
	for _, code := range []int{11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
		50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83} {
		p[code] = true
	}
	return p
}()

// roundedID reports whether an 18-digit run that fails the check is an ID rounded by a
// spreadsheet: a float keeps 15 to 16 significant digits, so the last two or three come back as
// zeros (110105195907210491 → 110105195907210500). Its area must be a province's and its birth
// date real: the part of the number rounding leaves.
func roundedID(s string) bool {
	if len(s) != 18 || s[16:] != "00" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return provinces[int(s[0]-'0')*10+int(s[1]-'0')] && realDate(s[6:14])
}
