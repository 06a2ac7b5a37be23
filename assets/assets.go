// Package assets holds the files 审档 ships inside its binary: the CJK fonts used by the
// window and by generated PDFs, the application icon, the default secrecy-check term list
// and the 主动公开目录 category tree.
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
