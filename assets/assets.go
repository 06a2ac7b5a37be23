// Package assets holds the files 审档 ships inside its binary: the CJK fonts used by the
// window and by generated PDFs, the application icon, the default secrecy-check term list,
// the 主动公开目录 category tree and the working-day calendar of public holidays.
//
// The package imports only embed. Every function returns the embedded bytes themselves,
// shared by all callers: a caller must not modify the slice it gets.
package assets

import "embed"

var (
	//go:embed fonts/NotoSansSC-Regular.otf
	uiFont []byte

	//go:embed fonts/NotoSerifSC-Regular.ttf
	formFont []byte

	//go:embed icon.png
	icon []byte

	//go:embed rules/default.txt
	defaultRules []byte

	//go:embed rules/allow.txt
	allowList []byte

	//go:embed categories.txt
	categories []byte

	//go:embed calendar/holidays.txt
	calendar []byte

	//go:embed samples
	samples embed.FS
)

// UIFontName is the file name of the face returned by UIFont.
const UIFontName = "NotoSansSC-Regular.otf"

// FormFontName is the file name of the face returned by FormFont.
const FormFontName = "NotoSerifSC-Regular.ttf"

// UIFont returns the sans-serif (黑体-style) OpenType face with CFF outlines used for every text
// style in the window: Noto Sans SC Regular (SIL OFL 1.1) subset to what GBK (code page 936)
// encodes — all of GB 2312, all 20,902 GBK hanzi, the marks official documents use (★, 〔〕,
// 《》) — plus Latin-1, general punctuation and full-width forms; fonts/README.md says how it is
// made and why its outlines are CFF.
func UIFont() []byte { return uiFont }

// FormFont returns the serif (宋体-style) TrueType face used on printed forms, TrueType because
// gofpdf embeds nothing else: Noto Serif SC Regular (SIL OFL 1.1), subset to the same
// characters as UIFont.
func FormFont() []byte { return formFont }

// Icon returns the 512×512 PNG application icon (a red official-seal motif).
func Icon() []byte { return icon }

// DefaultRules returns the default secrecy-check term list as UTF-8 text in the user
// keyword-list format: one term per line, '#' starts a comment, blank lines are ignored, and an
// optional tab-separated second column says "block" or "warn".
func DefaultRules() []byte { return defaultRules }

// AllowList returns the default allow-list in the same format: phrases of ordinary disclosure
// work (保密审查, 除涉密信息外) whose findings are suppressed.
func AllowList() []byte { return allowList }

// Categories returns the default 主动公开目录 category tree as UTF-8 text: one category per
// line, each level of nesting indented by two spaces, '#' starts a comment.
func Categories() []byte { return categories }

// Calendar returns the working-day calendar as UTF-8 text: for each year from 2016 whose
// State Council holiday notice (国务院办公厅关于××××年部分节假日安排的通知) it holds, a line
// "年度 YYYY <notice>", then one line per date, "2024-02-10 休 春节" for a day off and
// "2024-02-04 班 春节调休" for a weekend day worked; '#' starts a comment. Its header names the
// notices and the data it was checked against.
func Calendar() []byte { return calendar }

// Samples returns the sample drafts offered to a newcomer, by file name: an ordinary notice,
// and a request that must be blocked (a classification mark, an internal marking, a mobile
// number).
func Samples() map[string][]byte {
	out := map[string][]byte{}
	entries, _ := samples.ReadDir("samples")
	for _, e := range entries {
		data, err := samples.ReadFile("samples/" + e.Name())
		if err == nil {
			out[e.Name()] = data
		}
	}
	return out
}
