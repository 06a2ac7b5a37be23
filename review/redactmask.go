package review

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Masking (脱敏, DOMAIN §8): a published list keeps what it needs of an identifier and hides the
// rest with *. How much is kept is a MaskProfile, one per kind of identifier; the office keeps
// its choice as text in its settings (MaskSet.String) and edits it there. Every profile
// accepted hides enough that the check reads its output as 已脱敏, never as a weak mask: at
// least two digits of an ID or a card (the check digit gives one back), some of an ID's birth
// date, four of a mobile number.

// MaskKind is what a profile masks: an identifier the recognisers find, or a name, an address
// or any other text a reviewer selects.
type MaskKind string

// The kinds of masked text; the first three are the recognisers' categories.
const (
	MaskIDCard  MaskKind = MaskKind(CatIDCard)
	MaskMobile  MaskKind = MaskKind(CatMobilePhone)
	MaskBank    MaskKind = MaskKind(CatBankCard)
	MaskName    MaskKind = "name"
	MaskAddress MaskKind = "address"
	MaskOther   MaskKind = "other" // any other text a reviewer selects: every character hidden
)

// Label returns the kind's Chinese name.
func (k MaskKind) Label() string {
	switch k {
	case MaskName:
		return "姓名"
	case MaskAddress:
		return "地址"
	case MaskOther:
		return "其他"
	}
	return Category(k).Label()
}

// MaskStyle is how a profile masks.
type MaskStyle string

// The styles. Keep and Remove apply to identifiers, Surname and Mou to names, Town to addresses,
// Stars to other text.
const (
	StyleKeep    MaskStyle = "keep"    // keep the first and last digits, * for the rest
	StyleRemove  MaskStyle = "remove"  // remove the identifier
	StyleSurname MaskStyle = "surname" // 陈*国: the surname and the last character
	StyleMou     MaskStyle = "mou"     // 陈某
	StyleTown    MaskStyle = "town"    // the address up to its 乡、镇 or 街道
	StyleStars   MaskStyle = "stars"   // every character but spaces hidden: ＊ for a wide one, * for others
)

// MaskProfile is how the text of one kind is masked. Its textual form, String and
// ParseMaskProfile, is kind:style, with the digits kept for keep: id_card:2+3, bank_card:0+4,
// id_card:remove, name:surname, address:town.
type MaskProfile struct {
	Kind        MaskKind
	Style       MaskStyle
	First, Last int // digits kept at the start and the end, for StyleKeep
}

// ErrMaskProfile is wrapped by every error of ParseMaskProfile, ParseMaskSet and Validate.
var ErrMaskProfile = errors.New("invalid mask profile")

// identifierLength is the number of digits of each identifier the profiles are validated for:
// an ID's 18, a mobile's 11, the shortest card's 16.
var identifierLength = map[MaskKind]int{MaskIDCard: 18, MaskMobile: 11, MaskBank: 16}

// String returns the profile's textual form.
func (p MaskProfile) String() string {
	if p.Style == StyleKeep {
		return fmt.Sprintf("%s:%d+%d", p.Kind, p.First, p.Last)
	}
	return string(p.Kind) + ":" + string(p.Style)
}

// Label returns the profile in the reviewer's words: 身份证号 保留前2位、后3位.
func (p MaskProfile) Label() string {
	switch p.Style {
	case StyleKeep:
		return fmt.Sprintf("%s 保留前%d位、后%d位", p.Kind.Label(), p.First, p.Last)
	case StyleRemove:
		return p.Kind.Label() + " 整体删除"
	case StyleSurname:
		return "姓名 保留姓（陈*国）"
	case StyleMou:
		return "姓名 保留姓（陈某）"
	case StyleStars:
		return "其他 全部遮盖（＊＊）"
	}
	return "地址 只保留到乡镇、街道"
}

// Weak returns why the profile, though accepted, protects less than the default, in Chinese,
// or "": an ID that keeps its first six and last four digits hides exactly the birth date,
// which a list with a 出生日期 or 年龄 column gives back.
func (p MaskProfile) Weak() string {
	if p.Kind == MaskIDCard && p.Style == StyleKeep && p.First >= 6 && p.Last >= 4 {
		return "只隐藏了出生日期，名单中如有出生日期或年龄，号码即可复原"
	}
	return ""
}

// Validate reports whether the profile may be used: a style its kind has, and, for keep, what
// it hides is enough for the check to read the output as masked — at least two digits (the
// check digit gives one back), part of an ID's birth date, four of a mobile number.
func (p MaskProfile) Validate() error {
	n, identifier := identifierLength[p.Kind]
	switch {
	case identifier && p.Style == StyleRemove,
		p.Kind == MaskName && (p.Style == StyleSurname || p.Style == StyleMou),
		p.Kind == MaskAddress && p.Style == StyleTown,
		p.Kind == MaskOther && p.Style == StyleStars:
		return nil
	case !identifier || p.Style != StyleKeep:
		return fmt.Errorf("%w: %s：不支持这种脱敏方式", ErrMaskProfile, p)
	}
	if why := p.keepProblem(n); why != "" {
		return fmt.Errorf("%w: %s：%s", ErrMaskProfile, p, why)
	}
	return nil
}

// keepProblem says why keeping p.First and p.Last of an identifier of n digits hides too
// little, or "".
func (p MaskProfile) keepProblem(n int) string {
	hidden := n - p.First - p.Last
	switch {
	case p.First < 0 || p.Last < 0:
		return "保留的位数不能为负"
	case hidden < 2:
		return "至少要隐藏两位，只隐藏一位可由校验位推算出来"
	case p.Kind == MaskMobile && hidden < minPhoneMask:
		return "手机号至少要隐藏四位"
	case p.Kind == MaskIDCard && (p.First >= 14 || p.Last >= 12):
		return "出生日期必须至少隐藏一位"
	}
	return ""
}

// ParseMaskProfile reads a profile's textual form and validates it.
func ParseMaskProfile(s string) (MaskProfile, error) {
	kind, style, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok {
		return MaskProfile{}, fmt.Errorf("%w: “%s”应写作 类别:方式，如 id_card:2+3", ErrMaskProfile, s)
	}
	p := MaskProfile{Kind: MaskKind(strings.TrimSpace(kind)), Style: MaskStyle(strings.TrimSpace(style))}
	if first, last, ok := strings.Cut(string(p.Style), "+"); ok {
		a, err1 := strconv.Atoi(first)
		b, err2 := strconv.Atoi(last)
		if err1 != nil || err2 != nil {
			return MaskProfile{}, fmt.Errorf("%w: “%s”的保留位数应写作 前+后，如 2+3", ErrMaskProfile, s)
		}
		p.Style, p.First, p.Last = StyleKeep, a, b
	}
	return p, p.Validate()
}

// MaskSet is the profiles in use, one per kind. Its textual form is the profiles' joined by
// commas; a kind it does not name keeps its default.
type MaskSet map[MaskKind]MaskProfile

// DefaultMasks returns the shipped profiles: IDs 2+3 (35*************123, one city's published
// rule), mobiles 3+4 (138****1234), cards the last 4, names 陈*国, addresses to 乡镇/街道,
// other text a reviewer selects hidden whole.
func DefaultMasks() MaskSet {
	return MaskSet{
		MaskIDCard:  {Kind: MaskIDCard, Style: StyleKeep, First: 2, Last: 3},
		MaskMobile:  {Kind: MaskMobile, Style: StyleKeep, First: 3, Last: 4},
		MaskBank:    {Kind: MaskBank, Style: StyleKeep, First: 0, Last: 4},
		MaskName:    {Kind: MaskName, Style: StyleSurname},
		MaskAddress: {Kind: MaskAddress, Style: StyleTown},
		MaskOther:   {Kind: MaskOther, Style: StyleStars},
	}
}

// ShippedIDProfiles returns the ID profiles offered besides the default, in the order shown:
// 2+3 (the default), 6+4 (weak: see Weak), 3+4, and removal.
func ShippedIDProfiles() []MaskProfile {
	return []MaskProfile{
		{Kind: MaskIDCard, Style: StyleKeep, First: 2, Last: 3},
		{Kind: MaskIDCard, Style: StyleKeep, First: 6, Last: 4},
		{Kind: MaskIDCard, Style: StyleKeep, First: 3, Last: 4},
		{Kind: MaskIDCard, Style: StyleRemove},
	}
}

// String returns the set's textual form, in a fixed order.
func (s MaskSet) String() string {
	var out []string
	for _, k := range []MaskKind{MaskIDCard, MaskMobile, MaskBank, MaskName, MaskAddress, MaskOther} {
		if p, ok := s[k]; ok {
			out = append(out, p.String())
		}
	}
	return strings.Join(out, ",")
}

// ParseMaskSet reads a set's textual form over the defaults: "id_card:6+4" changes IDs only.
// Each profile is validated; a kind named twice is an error.
func ParseMaskSet(text string) (MaskSet, error) {
	set := DefaultMasks()
	seen := map[MaskKind]bool{}
	for _, item := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == '，' || r == '\n' || r == ';' }) {
		if strings.TrimSpace(item) == "" {
			continue
		}
		p, err := ParseMaskProfile(item)
		if err != nil {
			return nil, err
		}
		if seen[p.Kind] {
			return nil, fmt.Errorf("%w: %s 出现了两次", ErrMaskProfile, p.Kind.Label())
		}
		seen[p.Kind] = true
		set[p.Kind] = p
	}
	return set, nil
}

// Validate validates every profile of the set and that each is filed under its own kind.
func (s MaskSet) Validate() error {
	for k, p := range s {
		if p.Kind != k {
			return fmt.Errorf("%w: %s 的方式写在了 %s 下", ErrMaskProfile, p.Kind.Label(), k.Label())
		}
		if err := p.Validate(); err != nil {
			return err
		}
	}
	return nil
}

// Mask returns text masked by the profile of its kind. For identifiers the digits (and an
// ID's X) are counted and the others, spaces or hyphens within the match, kept; a hidden
// full-width digit becomes ＊, any other *. A text with fewer digits than the profile keeps
// plus two is masked whole but for its first and last kept in proportion, so no mask ever
// hides fewer than two.
func (p MaskProfile) Mask(text string) string {
	switch p.Style {
	case StyleRemove:
		return ""
	case StyleSurname, StyleMou:
		return maskName(text, p.Style)
	case StyleTown:
		return maskAddress(text)
	case StyleStars:
		return maskStars(text)
	}
	return maskDigits(text, p.First, p.Last)
}

// maskDigits keeps the first and last digits of text and masks the others.
func maskDigits(text string, first, last int) string {
	n := 0
	for _, r := range text {
		if isMaskable(r) {
			n++
		}
	}
	for n-first-last < 2 && first+last > 0 { // a short match: keep less
		if first >= last {
			first--
		} else {
			last--
		}
	}
	var b strings.Builder
	b.Grow(len(text))
	i := 0
	for _, r := range text {
		if !isMaskable(r) {
			b.WriteRune(r)
			continue
		}
		switch {
		case i < first || i >= n-last:
			b.WriteRune(r)
		case r >= '０' && r <= '９' || r == 'Ｘ' || r == 'ｘ' || r == '＊':
			b.WriteRune('＊')
		default:
			b.WriteByte('*')
		}
		i++
	}
	return b.String()
}

// isMaskable reports whether r is a character of an identifier that a mask counts: a digit,
// ASCII or full-width, an ID's check character X, or a mask character already there (a weak
// mask masked again counts its stars as digits).
func isMaskable(r rune) bool {
	switch r {
	case 'X', 'x', 'Ｘ', 'ｘ', '*', '＊', '×', '●':
		return true
	}
	return r >= '0' && r <= '9' || r >= '０' && r <= '９'
}

// maskName keeps a name's surname: 陈*国 (the last character kept from three on), 陈* for two
// characters, or 陈某. Spaces around the name are kept.
func maskName(text string, style MaskStyle) string {
	trimmed := strings.TrimSpace(text)
	lead := text[:strings.Index(text, trimmed)]
	tail := text[len(lead)+len(trimmed):]
	runes := []rune(trimmed)
	if len(runes) == 0 {
		return text
	}
	surname := 1
	if len(runes) >= 4 && compoundSurname(string(runes[:2])) {
		surname = 2
	}
	var b strings.Builder
	b.WriteString(lead)
	b.WriteString(string(runes[:min(surname, len(runes))]))
	switch {
	case style == StyleMou:
		b.WriteString("某")
	case len(runes)-surname >= 2:
		b.WriteString(strings.Repeat("*", len(runes)-surname-1))
		b.WriteRune(runes[len(runes)-1])
	default:
		b.WriteString(strings.Repeat("*", max(1, len(runes)-surname)))
	}
	b.WriteString(tail)
	return b.String()
}

// compoundSurname reports whether s is one of the common two-character surnames.
func compoundSurname(s string) bool {
	switch s {
	case "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "夏侯", "令狐", "司徒", "宇文", "端木", "申屠":
		return true
	}
	return false
}

// townEnds are the words an address is cut after, the last found winning: 街道 before 道.
var townEnds = []string{"街道办事处", "街道", "镇", "乡"}

// maskAddress cuts an address after its 乡、镇 or 街道 (the last of them), the rest replaced by
// ***; an address without one keeps its first two characters.
func maskAddress(text string) string {
	cut := -1
	for _, w := range townEnds {
		if i := strings.LastIndex(text, w); i >= 0 && i+len(w) > cut {
			cut = i + len(w)
		}
	}
	if cut < 0 {
		cut = 0
		for k := 0; k < 2 && cut < len(text); k++ {
			_, size := utf8.DecodeRuneInString(text[cut:])
			cut += size
		}
	}
	if cut >= len(text) {
		return text
	}
	return text[:cut] + "***"
}

// maskStars hides every character of text but its spaces and line ends, one for one, so that a
// span across runs or cells is masked in each with its own formatting: ＊ for a wide character
// (Chinese, full-width), * for any other.
func maskStars(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	for _, r := range text {
		switch {
		case unicode.IsSpace(r):
			b.WriteRune(r)
		case r >= 0x2E80:
			b.WriteRune('＊')
		default:
			b.WriteByte('*')
		}
	}
	return b.String()
}

// MaskIdentifiers returns text with every 身份证号, 手机号 and 银行卡号 the check finds in it
// replaced as masks says (nil: DefaultMasks), and how many were replaced: a line that leaves
// the file, such as a title taken from a document's properties for the 提出 form, must not
// carry what the file's 脱敏稿 masks.
func MaskIdentifiers(text string, masks MaskSet) (string, int) {
	doc := &Document{Parts: []Part{{Kind: PartBody, Text: text}}}
	rules := NewRuleSet(nil, nil)
	plan, err := PlanRedaction(doc, rules.Check(doc), PlanOptions{Masks: masks, Rules: rules})
	if err != nil || len(plan.Parts) == 0 {
		return text, 0
	}
	reps := plan.Parts[0].Replacements
	var b strings.Builder
	at := 0
	for _, r := range reps {
		b.WriteString(text[at:r.Start])
		b.WriteString(r.Masked)
		at = r.End
	}
	b.WriteString(text[at:])
	return b.String(), len(reps)
}
