package review

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// An 18-digit ID typed into a number cell is shown by Excel and LibreOffice in scientific
// notation (1.10105E+17 in a column of the default width, up to 1.10105195907213E+17 in a wide
// one), and a list saved as CSV and pasted into a document keeps that text. What it shows is
// the ID's first digits: the area, and as much of the birth date as fits. Such a number is a
// probable ID (a warning), as a number rounded by the same float is (roundedID).

// sciRe finds a number in scientific notation, folded: a digit, a point, the mantissa's other
// digits, and a positive exponent of two digits (three as LibreOffice writes them, 1.1E+017).
var sciRe = regexp.MustCompile(`\d\.\d{1,16}e\+0?\d\d`)

// scientificIDs finds, in t, numbers in scientific notation that stand for 18 digits (an
// exponent of 17) whose digits begin as an ID does: a province's area code, then as much of a
// real birth date as the mantissa shows. A spreadsheet cell's number followed, on the next
// line, by a stored value that is found as an ID is left to that value, which has more of the
// digits; one whose stored value is only the digits shown (110105000000000000: a CSV's text
// opened as a number) is found here.
func (c *claims) scientificIDs(t string) {
	if !strings.Contains(t, "e+") {
		return
	}
	for _, m := range sciRe.FindAllStringIndex(t, -1) {
		s, e := m[0], m[1]
		if !isolatedAlnum(t, s, e) || (s > 0 && t[s-1] == '.') || (e < len(t) && t[e] == '.') || storedBelow(t, e) {
			continue
		}
		// Only a number written in ASCII, as spreadsheets write it: the windows of recogniseAll
		// look for no other (a folded span as long as its original is ASCII).
		if os, oe := c.n.Span(s, e); oe-os == e-s && sciIDShape(t[s:e]) {
			c.add(CatIDCard, Warn, "id-card-scientific", s, e)
		}
	}
}

// sciIDShape reports whether a folded number in scientific notation (1.10105e+17) stands for 18
// digits that begin as an ID does.
func sciIDShape(num string) bool {
	mant, exp, ok := strings.Cut(num, "e+")
	if n, err := strconv.Atoi(exp); !ok || err != nil || n != 17 {
		return false
	}
	digits := mant[:1] + mant[2:]
	return len(digits) >= 2 && provinces[int(digits[0]-'0')*10+int(digits[1]-'0')] &&
		len(digits) <= 18 && datePrefix(digits[min(6, len(digits)):min(14, len(digits))])
}

// storedBelow reports whether the line after offset e of t is an 18-digit run that is found
// as an ID of its own (validID, roundedID): the stored value of a number cell, which the
// workbook reader writes below the number as shown, with more of its digits.
func storedBelow(t string, e int) bool {
	if e+19 > len(t) || t[e] != '\n' || (e+19 < len(t) && isDigit(t[e+19])) {
		return false
	}
	run := t[e+1 : e+19]
	for i := 0; i < len(run); i++ {
		if !isDigit(run[i]) {
			return false
		}
	}
	return validID(run) || roundedID(run)
}

// datePrefix reports whether p, at most 8 digits, is the beginning of a real birth date
// (YYYYMMDD, from 1800 to today); "" is.
func datePrefix(p string) bool {
	if len(p) >= 8 {
		return realDate(p[:8])
	}
	for y := 1800; y <= time.Now().Year(); y++ {
		ys := strconv.Itoa(y)
		if len(p) <= 4 {
			if strings.HasPrefix(ys, p) {
				return true
			}
			continue
		}
		if ys != p[:4] {
			continue
		}
		for m := 1; m <= 12; m++ {
			ms := ys + twoDigits(m)
			if !strings.HasPrefix(ms, p[:min(6, len(p))]) {
				continue
			}
			if len(p) <= 6 {
				return true
			}
			for d := 1; d <= 31; d++ {
				if date := ms + twoDigits(d); strings.HasPrefix(date, p) && realDate(date) {
					return true
				}
			}
		}
	}
	return false
}

func twoDigits(n int) string {
	return string([]byte{byte('0' + n/10), byte('0' + n%10)})
}
