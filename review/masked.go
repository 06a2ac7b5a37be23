package review

import (
	"strings"
	"unicode/utf8"
)

// Masked identifiers (去标识化, DOMAIN §8): a list published with 350203********0011 or
// 138****1234 has hidden what identifies a person, and is not a leak. A mask is weak when what
// it leaves is enough: an ID whose 8 birth-date digits stay visible, an ID or card with a single
// digit hidden (its check digit gives it back), a mobile number with fewer than 4 hidden.

// isMask reports whether a folded character stands for a hidden digit: * and ＊ (folded to ★),
// x and X, ● and ×.
func isMask(f rune) bool { return f == '★' || f == 'x' || f == '●' || f == '×' }

// minPhoneMask is the fewest digits a mobile number's mask hides for it to count as masked:
// the four of the usual 138****1234.
const minPhoneMask = 4

// masked claims the masked identifiers of t: each maximal run of digits and mask characters
// that holds both, stands alone (no letter or digit around it) and has the length of an
// identifier. A sound mask is claimed with no finding, so no later recogniser reads its
// visible digits as a number; a weak one is a warning that says why.
func (c *claims) masked(t string) {
	for i := 0; i < len(t); {
		if !mayStartMask[t[i]] {
			i++ // any other byte, continuation bytes too
			continue
		}
		if r, size := utf8.DecodeRuneInString(t[i:]); !isDigit(t[i]) && !isMask(r) {
			i += size
			continue
		}
		s, e, pattern := maskRun(t, i)
		i = e
		if pattern == "" || !isolatedAlnum(t, s, e) {
			continue
		}
		if cat, rule, ok := c.classifyMask(t, s, pattern); ok {
			c.claimMask(cat, rule, s, e)
		}
	}
}

// mayStartMask marks the bytes a digit or a mask character starts with: the ASCII digits, x,
// and the first bytes of ★ and ● (0xE2) and × (0xC3).
var mayStartMask = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	t['x'], t[0xE2], t[0xC3] = true, true, true
	return t
}()

// maxMasked is the most characters a masked identifier has: a 19-digit card's.
const maxMasked = 19

// maskRun returns the run of digits and mask characters at t[i:] and, if it has the length of
// a masked identifier and holds both, its pattern: the digits, with '*' for each mask
// character, except that an x after 17 characters is an ID's check character, not a mask.
func maskRun(t string, i int) (start, end int, pattern string) {
	var buf [maxMasked + 1]byte
	n, digits, masks := 0, 0, 0
	for end = i; end < len(t); n++ {
		r, size := utf8.DecodeRuneInString(t[end:])
		c := byte('*')
		switch {
		case isDigit(t[end]):
			c = t[end]
			digits++
		case r == 'x' && n == 17:
			c = 'x'
		case isMask(r):
			masks++
		default:
			return i, end, maskPattern(buf[:min(n, len(buf))], digits, masks)
		}
		if n < len(buf) {
			buf[n] = c
		}
		end += size
	}
	return i, end, maskPattern(buf[:min(n, len(buf))], digits, masks)
}

// maskPattern returns the pattern of a run of digits and masks, or "" if it cannot be a
// masked identifier: no digit, no mask, or too long or short.
func maskPattern(p []byte, digits, masks int) string {
	if digits == 0 || masks == 0 || len(p) < minMasked || len(p) > maxMasked {
		return ""
	}
	return string(p)
}

// classifyMask returns the category of a masked identifier with the given pattern and the
// rule of its weakness, "" for a sound mask, and whether the pattern is a masked identifier.
func (c *claims) classifyMask(t string, s int, p string) (cat Category, rule string, ok bool) {
	hidden := strings.Count(p, "*")
	switch {
	case len(p) == 18 && maskedID(p):
		return CatIDCard, idMaskRule(p, hidden), true
	case len(p) == 11 && p[0] == '1' && (p[1] == '*' || p[1] >= '3'):
		if hidden < minPhoneMask {
			rule = "mobile-phone-mask-short"
		}
		return CatMobilePhone, rule, true
	case len(p) >= 16 && len(p) <= 19 && (p[0] != '*' || hidden >= 2): // ****…1234 keeps only the last four
		if hidden == 1 && (strings.HasPrefix(p, "62") || hasContext(t, s, bankContext)) {
			return CatBankCard, "bank-card-mask-one", true
		}
		return CatBankCard, "", hidden > 1
	}
	return "", "", false
}

// idMaskRule returns the weakness of a masked ID's pattern that hides the given number of
// digits: one hidden digit (the check gives it back), or a birth date left whole; "" for none.
func idMaskRule(p string, hidden int) string {
	switch {
	case hidden == 1:
		return "id-card-mask-one"
	case !strings.Contains(p[6:14], "*"):
		return "id-card-mask-birthdate"
	}
	return ""
}

// maskedID reports whether an 18-character pattern can be a masked 公民身份号码: what it shows of
// the first digit and the birth date is possible, and with one digit hidden, some digit makes
// the check character right.
func maskedID(p string) bool {
	if p[0] == '0' || p[0] == '7' {
		return false
	}
	if !strings.Contains(p[6:14], "*") && !realDate(p[6:14]) {
		return false
	}
	if strings.Count(p, "*") != 1 {
		return true
	}
	for d := byte('0'); d <= '9'; d++ {
		if validID(strings.Replace(p, "*", string(d), 1)) {
			return true
		}
	}
	return p[17] == '*' && validID(p[:17]+"x")
}

// claimMask claims the folded bytes [s, e) as a masked identifier: a warning when rule names a
// weakness, else a sound mask, which no finding reports.
func (c *claims) claimMask(cat Category, rule string, s, e int) {
	if rule != "" {
		c.add(cat, Warn, rule, s, e)
		return
	}
	n := len(c.out)
	c.add(cat, "", "", s, e)
	if len(c.out) > n {
		c.sound = append(c.sound, c.out[n])
		c.out = c.out[:n]
	}
}
