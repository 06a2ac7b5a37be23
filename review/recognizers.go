package review

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// recognised is one identifier found by a recogniser, as an original byte span.
type recognised struct {
	cat      Category
	severity Severity
	rule     string
	start    int
	end      int
}

// contextWindow is how many characters before a number are searched for context words.
const contextWindow = 20

var (
	idContext     = []string{"身份证", "公民身份号码", "证件号码", "身份号码"}
	bankContext   = []string{"开户行", "账号", "帐号", "卡号", "收款", "银行卡", "账户", "帐户"}
	mobileContext = []string{"手机", "联系电话", "联系方式", "电话"}
	passContext   = []string{"护照"}
)

var (
	mobileRe   = regexp.MustCompile(`(?:\+86|0086|86)?[ -]?1[3-9]\d(?:[ -]?\d{4}){2}`)
	cardRe     = regexp.MustCompile(`\d{4}(?:[ -]\d{4}){3}(?:[ -]\d{1,3})?|\d{16,19}`)
	emailRe    = regexp.MustCompile(`[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}`)
	passportRe = regexp.MustCompile(`[a-z]{1,2}\d{7,8}`)
)

// recognise runs the personal-identifier recognisers over a part (docs/domain.md §4). Text is folded
// but keeps its spaces; each candidate is validated, never matched inside a longer run of
// digits, and where two recognisers claim the same digits the stronger (ID) wins: the
// recognisers run strongest first, and a later one cannot claim what an earlier one holds.
func recognise(text string) []recognised {
	var c claims
	c.recognise(text)
	return c.out
}

// recognise runs the recognisers over text, claiming the findings (c.out) and the soundly
// masked identifiers (c.sound), which are not findings.
//
// A claims reused for another text keeps its buffers: a part with thousands of numbers
// normalises thousands of windows, and fresh buffers for each were half the garbage of a check.
func (c *claims) recognise(text string) {
	if c.n == nil {
		c.n = &Normalized{}
	}
	normalizeInto(c.n, text, true)
	c.claimed = slices.Grow(c.claimed[:0], len(text))[:len(text)]
	clear(c.claimed)
	c.out, c.sound = c.out[:0], c.sound[:0]
	t := c.n.Text
	runs := digitRuns(t)
	c.idCards(t, runs)
	c.groupedIDs(t, runs)
	c.masked(t)
	c.scientificIDs(t)
	for _, chunk := range numberChunks(t) {
		c.mobilePhones(t, chunk)
		c.bankCards(t, chunk)
	}
	c.emails(t)
	c.passports(t)
}

// claims collects what the recognisers find in one folded text: each identifier as its
// original bytes, which no later identifier may overlap.
type claims struct {
	n       *Normalized
	claimed []bool // the original bytes a recognised identifier covers
	out     []recognised
	sound   []recognised // soundly masked identifiers (已脱敏): claimed, not findings
}

// add records folded bytes [s, e) as an identifier unless an earlier one holds any of them.
func (c *claims) add(cat Category, sev Severity, rule string, s, e int) {
	os, oe := c.n.Span(s, e)
	if slices.Contains(c.claimed[os:oe], true) {
		return
	}
	for i := os; i < oe; i++ {
		c.claimed[i] = true
	}
	c.out = append(c.out, recognised{cat, sev, rule, os, oe})
}

// idCards finds, among the digit runs of t, 公民身份号码: 18 characters with a valid check character anywhere, 15 digits
// of a first-generation number only after an ID context word. An 18-digit number a spreadsheet
// rounded (roundedID) is a warning: probably an ID, never dropped.
func (c *claims) idCards(t string, runs [][2]int) {
	for _, m := range runs {
		run := t[m[0]:m[1]]
		if !isolated(t, m[0], m[1]) {
			continue
		}
		switch {
		case len(run) == 18 && validID(run):
			c.add(CatIDCard, Block, "id-card", m[0], m[1])
		case len(run) == 15 && !strings.HasSuffix(run, "x") && validLegacyID(run) && hasContext(t, m[0], idContext):
			c.add(CatIDCard, Block, "id-card-15", m[0], m[1])
		case roundedID(run):
			c.add(CatIDCard, Warn, "id-card-rounded", m[0], m[1])
		}
	}
}

// mobilePhones finds mobile numbers in a chunk of t: a block after a telephone context word,
// a warning without one.
func (c *claims) mobilePhones(t string, chunk [2]int) {
	for _, m := range mobileRe.FindAllStringIndex(t[chunk[0]:chunk[1]], -1) {
		s, e := chunk[0]+m[0], chunk[0]+m[1]
		for s < e && t[s] == ' ' {
			s++
		}
		if !isolated(t, s, e) || (s > 0 && t[s-1] == '+') {
			continue
		}
		sev := Warn
		if hasContext(t, s, mobileContext) {
			sev = Block
		}
		c.add(CatMobilePhone, sev, "mobile-phone", s, e)
	}
}

// bankCards finds card numbers of 16–19 digits in a chunk of t: a block when the Luhn check
// passes after a bank context word or on a UnionPay number (62…), a warning for any other
// number after a bank context word.
func (c *claims) bankCards(t string, chunk [2]int) {
	for _, m := range cardRe.FindAllStringIndex(t[chunk[0]:chunk[1]], -1) {
		s, e := chunk[0]+m[0], chunk[0]+m[1]
		if !isolated(t, s, e) {
			continue
		}
		digits := onlyDigits(t[s:e])
		if len(digits) < 16 || len(digits) > 19 {
			continue
		}
		ctx := hasContext(t, s, bankContext)
		switch {
		case luhn(digits) && (ctx || strings.HasPrefix(digits, "62")):
			c.add(CatBankCard, Block, "bank-card", s, e)
		case ctx:
			c.add(CatBankCard, Warn, "bank-account", s, e)
		}
	}
}

// emails finds e-mail addresses near each @ of t.
func (c *claims) emails(t string) {
	for _, w := range windows(t, "@", 64) {
		for _, m := range emailRe.FindAllStringIndex(t[w[0]:w[1]], -1) {
			c.add(CatEmail, Warn, "email", w[0]+m[0], w[0]+m[1])
		}
	}
}

// passports finds passport numbers near each 护照 of t that follow the word itself.
func (c *claims) passports(t string) {
	for _, w := range windows(t, "护照", 60) {
		for _, m := range passportRe.FindAllStringIndex(t[w[0]:w[1]], -1) {
			s, e := w[0]+m[0], w[0]+m[1]
			if isolatedAlnum(t, s, e) && hasContext(t, s, passContext) {
				c.add(CatPassport, Block, "passport", s, e)
			}
		}
	}
}

// onlyDigits returns the ASCII digits of s.
func onlyDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// How many characters around a number or an @ the recognisers read: the context words they
// look for stand within contextWindow (20) characters before a number, a passport number's
// letters just before its digits; an e-mail address lies within 64 bytes of its @. The margins
// leave room for characters normalisation drops.
const (
	numberBefore = 32
	numberAfter  = 8
	emailAround  = 72
)

// recogniseAll runs the recognisers over the parts of text that can hold an identifier: every
// identifier has at least minDigits digits, or minMasked digits and mask characters, or an @,
// so only the runs of characters that normalise to digits, spaces, hyphens, plus signs and mask
// characters holding that many (the whole run: a number is never cut), and each @, are read,
// with their margins. Windows that overlap are merged, so no run is split between two. The cost
// follows the long numbers, not the text: dates and article numbers are passed over.
func recogniseAll(text string) []recognised { return recogniseFrom(text, candidates(text, nil)) }

// recogniseFrom is recogniseAll given the candidates of text, as candidates returns them.
func recogniseFrom(text string, cands []int32) []recognised {
	var out []recognised
	var c claims // one set of buffers for every window
	for _, w := range recogniserWindows(text, cands) {
		c.recognise(text[w[0]:w[1]])
		for _, r := range c.out {
			r.start, r.end = r.start+w[0], r.end+w[0]
			out = append(out, r)
		}
	}
	return out
}

// candidates appends to out the offset of every character of text a window can start at: an
// ASCII or full-width digit, @ or ＠, in order. They are the characters that normalise to a
// digit or @, which the check's fold pass (scanFolded) gathers as it goes.
func candidates(text string, out []int32) []int32 {
	for i := nextCandidate(text, 0); i < len(text); i = nextCandidate(text, i+1) {
		if isDigit(text[i]) || text[i] == '@' || fullWidthDigitAt(text, i) || fullWidthAtAt(text, i) {
			out = append(out, int32(i))
		}
	}
	return out
}

// recogniserWindows returns the merged windows recogniseAll reads, in order, from the
// candidates of text.
func recogniserWindows(text string, cands []int32) [][2]int {
	var ws windowList
	i := 0
	for _, c := range cands {
		if int(c) < i { // inside a number already read
			continue
		}
		switch i = int(c); {
		case isDigit(text[i]) && sciEnd(text, i) > i:
			e := sciEnd(text, i)
			ws.add(text, i, e, numberBefore, numberAfter)
			i = e
		case isDigit(text[i]), fullWidthDigitAt(text, i):
			s, e, digits, masks := numberRun(text, i)
			if digits >= minDigits || digits+masks >= minMasked {
				ws.add(text, s, e, numberBefore, numberAfter)
			}
			i = max(e, i+1)
		default: // @ or ＠
			_, size := utf8.DecodeRuneInString(text[i:])
			ws.add(text, i, i+size, emailAround, emailAround)
			i += size
		}
	}
	return ws
}

// sciEnd returns the end of the number in scientific notation with an exponent of 17 that
// starts at text[i] (1.10105E+17, 1.10105195907213E+017), or i when there is none: an 18-digit
// ID as a spreadsheet shows it, which scientificIDs reads.
func sciEnd(text string, i int) int {
	j := i + 1
	if j+1 >= len(text) || text[j] != '.' || !isDigit(text[j+1]) {
		return i
	}
	for j++; j < len(text) && isDigit(text[j]); j++ {
	}
	exp := text[j:min(len(text), j+5)]
	switch {
	case strings.HasPrefix(exp, "E+17") || strings.HasPrefix(exp, "e+17"):
		return j + 4
	case strings.HasPrefix(exp, "E+017") || strings.HasPrefix(exp, "e+017"):
		return j + 5
	}
	return i
}

// windowList is a list of windows in order, those that overlap merged.
type windowList [][2]int

// add adds the window from before characters before s to after characters after e.
func (ws *windowList) add(text string, s, e, before, after int) {
	s, e = runesBack(text, s, before), runesForward(text, e, after)
	if n := len(*ws); n > 0 && s <= (*ws)[n-1][1] {
		(*ws)[n-1][1] = max((*ws)[n-1][1], e) // overlapping: one window
		return
	}
	*ws = append(*ws, [2]int{s, e})
}

// fullWidthDigitAt reports whether text[i:] starts with a full-width digit (U+FF10–FF19);
// fullWidthAtAt, with ＠ (U+FF20).
func fullWidthDigitAt(text string, i int) bool {
	return i+2 < len(text) && text[i] == 0xEF && text[i+1] == 0xBC && text[i+2] >= 0x90 && text[i+2] <= 0x99
}

func fullWidthAtAt(text string, i int) bool {
	return i+2 < len(text) && text[i] == 0xEF && text[i+1] == 0xBC && text[i+2] == 0xA0
}

// nextCandidate returns the offset of the first byte from i on that can start a candidate, or
// the length of text.
func nextCandidate(text string, i int) int {
	for i < len(text) && !candidateByte[text[i]] {
		i++
	}
	return i
}

// candidateByte marks the bytes that can start a candidate: ASCII digits and @, and 0xEF, the
// first byte of the full-width digits and ＠.
var candidateByte = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	t['@'], t[0xEF] = true, true
	return t
}()

// minDigits is the fewest digits an identifier has: a passport number's seven; minMasked, the
// fewest characters a masked identifier has: a mobile number's eleven.
const (
	minDigits = 7
	minMasked = 11
)

// numberRun returns the run around the digit at i of characters that normalise to digits,
// spaces, '-', '+' or a mask character (x, ★, ●, ×), or to nothing, and how many digits and
// mask characters it holds.
func numberRun(text string, i int) (start, end, digits, masks int) {
	t2s := tradToSimpTable()
	count := func(k numberKind) {
		switch k {
		case digitChar:
			digits++
		case maskChar:
			masks++
		}
	}
	for start = i; start > 0; {
		r, size := utf8.DecodeLastRuneInString(text[:start])
		k := numberClass(r, t2s)
		if k == notNumber {
			break
		}
		count(k)
		start -= size
	}
	for end = i; end < len(text); {
		r, size := utf8.DecodeRuneInString(text[end:])
		k := numberClass(r, t2s)
		if k == notNumber {
			break
		}
		count(k)
		end += size
	}
	return start, end, digits, masks
}

// numberKind is what a character is to numberRun.
type numberKind int

const (
	notNumber numberKind = iota
	digitChar
	maskChar
	numberOther // a space, '-', '+', or a character normalisation drops
)

// numberClass returns what r is to numberRun once folded.
func numberClass(r rune, t2s []rune) numberKind {
	f := r
	if r >= utf8.RuneSelf || !isDigit(byte(r)) {
		f = foldRune(r, t2s)
	}
	switch {
	case '0' <= f && f <= '9':
		return digitChar
	case isMask(f):
		return maskChar
	case f < 0 || f == '-' || f == '+':
		return numberOther
	}
	return notNumber
}

// runesBack returns the offset n characters before i; runesForward, n characters after.
func runesBack(text string, i, n int) int {
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(text[:i])
		i -= size
	}
	return i
}

func runesForward(text string, i, n int) int {
	for ; n > 0 && i < len(text); n-- {
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
	return i
}

// digitRuns returns the maximal runs of ASCII digits, each with a trailing x if one follows.
func digitRuns(t string) [][2]int {
	var out [][2]int
	for i := 0; i < len(t); {
		if !isDigit(t[i]) {
			i++
			continue
		}
		j := i
		for j < len(t) && isDigit(t[j]) {
			j++
		}
		if j < len(t) && t[j] == 'x' {
			j++
		}
		out = append(out, [2]int{i, j})
		i = j
	}
	return out
}

// numberChunks returns the spans that can hold a phone or card number: runs of digits, spaces
// and hyphens, with an optional leading plus, holding at least 11 digits. The number patterns
// run only inside them, so the cost of recognition follows the digits, not the text.
func numberChunks(t string) [][2]int {
	var out [][2]int
	for i := 0; i < len(t); {
		if !isDigit(t[i]) && t[i] != '+' {
			i++
			continue
		}
		j, digits := i, 0
		if t[j] == '+' {
			j++
		}
		for j < len(t) && (isDigit(t[j]) || t[j] == ' ' || t[j] == '-') {
			if isDigit(t[j]) {
				digits++
			}
			j++
		}
		if digits >= 11 {
			out = append(out, [2]int{i, j})
		}
		i = max(j, i+1)
	}
	return out
}

// windows returns the spans of up to radius bytes around each occurrence of sep, merged
// where they overlap and cut at rune boundaries.
func windows(t, sep string, radius int) [][2]int {
	var out [][2]int
	for off := 0; ; {
		i := strings.Index(t[off:], sep)
		if i < 0 {
			return out
		}
		i += off
		s, e := max(0, i-radius), min(len(t), i+len(sep)+radius)
		for s > 0 && !utf8.RuneStart(t[s]) {
			s--
		}
		for e < len(t) && !utf8.RuneStart(t[e]) {
			e++
		}
		if n := len(out); n > 0 && s <= out[n-1][1] {
			out[n-1][1] = e
		} else {
			out = append(out, [2]int{s, e})
		}
		off = i + len(sep)
	}
}

// isolated reports whether t[s:e] has no digit immediately before or after it.
func isolated(t string, s, e int) bool {
	return (s == 0 || !isDigit(t[s-1])) && (e == len(t) || !isDigit(t[e]))
}

// isolatedAlnum reports whether t[s:e] has no ASCII letter or digit immediately around it.
func isolatedAlnum(t string, s, e int) bool {
	alnum := func(c byte) bool { return isDigit(c) || ('a' <= c && c <= 'z') }
	return (s == 0 || !alnum(t[s-1])) && (e == len(t) || !alnum(t[e]))
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// hasContext reports whether one of words occurs in the contextWindow characters before s.
func hasContext(t string, s int, words []string) bool {
	from := s
	for k := 0; k < contextWindow && from > 0; k++ {
		_, size := utf8.DecodeLastRuneInString(t[:from])
		from -= size
	}
	before := t[from:s]
	for _, w := range words {
		if strings.Contains(before, w) {
			return true
		}
	}
	return false
}

// idWeights are the GB 11643-1999 weights of positions 1..17.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// validID checks an 18-character 公民身份号码 (lower-case x already folded): a plausible first
// digit (1–6; 8 for HK/Macau/Taiwan residence permits; 9 for the 2023 foreign permanent-resident
// ID), a real calendar date, and the check character "10X98765432"[Σ aᵢWᵢ mod 11].
func validID(s string) bool {
	if len(s) != 18 || s[0] == '0' || s[0] == '7' {
		return false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		if !isDigit(s[i]) {
			return false
		}
		sum += int(s[i]-'0') * idWeights[i]
	}
	if "10x98765432"[sum%11] != s[17] {
		return false
	}
	return realDate(s[6:14])
}

// validLegacyID checks a 15-digit first-generation number: area code and a 19YYMMDD birth date.
func validLegacyID(s string) bool {
	return s[0] >= '1' && s[0] <= '6' && realDate("19"+s[6:12])
}

// realDate reports whether YYYYMMDD is a calendar date between 1800 and today.
func realDate(s string) bool {
	d, err := time.Parse("20060102", s)
	return err == nil && d.Year() >= 1800 && d.Before(time.Now())
}

// luhn reports whether a digit string passes the Luhn check.
func luhn(digits string) bool {
	sum := 0
	for i := 0; i < len(digits); i++ {
		d := int(digits[len(digits)-1-i] - '0')
		if i%2 == 1 {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}
