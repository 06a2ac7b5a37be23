package review

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestMarksThroughEveryFormat: every mark form and noise variant of marks.txt, as the same
// draft arrives in txt, docx (written by LibreOffice), and PDF (LibreOffice's own, and cairo's).
func TestMarksThroughEveryFormat(t *testing.T) {
	rs := defaultRules(t)
	want := map[Category][]string{
		CatClassificationMark: {"秘密★1年", "机密★2027年6月30日", "绝密★启用前", "秘密★1年", "机密★5年", "绝密★长期", "秘密★6个月", "秘密1年★"},
		CatInternalMarking:    {"内部资料", "内部资料注意保存"},
	}
	for _, file := range []string{"marks.txt", "marks.docx", "marks.pdf", "marks-lo.pdf"} {
		t.Run(file, func(t *testing.T) {
			fs := rs.Check(mustRead(t, filepath.Join("testdata", file)))
			for cat, variants := range want {
				got := matchesOf(fs, cat)
				for _, v := range variants {
					if !slices.Contains(got, v) {
						t.Errorf("%s %q not found; %s findings: %q", cat, v, cat, got)
					}
				}
			}
			if v := Decide(fs, nil); v != VerdictBlock {
				t.Errorf("verdict %s, want block", v)
			}
		})
	}
}

func TestMarkForms(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string // original text of each mark found
	}{
		{"保密期限", "秘密★1年", []string{"秘密★1年"}},
		{"period with a full stop", "机密★5年。", []string{"机密★5年"}},
		{"months", "秘密★6个月", []string{"秘密★6个月"}},
		{"long term", "绝密★长期", []string{"绝密★长期"}},
		{"解密时间", "机密★2027年6月30日解密", []string{"机密★2027年6月30日解密"}},
		{"解密条件", "绝密★启用前", []string{"绝密★启用前"}},
		{"star only", "秘密★", []string{"秘密★"}},
		{"PDF split", "秘密★\n1\n年", []string{"秘密★\n1\n年"}},
		{"PDF out of order", "秘密１年★", []string{"秘密１年★"}},
		{"spaced", "秘 密 ★ 1 年", []string{"秘 密 ★ 1 年"}},
		{"traditional", "絕密☆長期", []string{"絕密☆長期"}},
		{"traditional, star only", "機密★", []string{"機密★"}},
		{"traditional level and digits, no mark", "機密00", nil},
		{"full-width star", "机密＊3年", []string{"机密＊3年"}},
		{"bare level in the head", "000023\n秘 密\n特急\n关于某事的通知", []string{"秘 密"}},
		{"running text 保守秘密", "各单位要保守秘密，严守纪律。", nil},
		{"running text 国家秘密", "不得泄露国家秘密。", nil},
		{"running text 保密审查", "严格执行信息公开保密审查制度。", nil},
		{"level as a word in running text", "这份文件的秘密在于它的简洁。", nil},
	}
	// Marks are built in: a rule set without a single term finds them as well.
	ruleSets := []struct {
		name string
		rs   *RuleSet
	}{
		{"default rules", defaultRules(t)},
		{"no terms", NewRuleSet(nil, nil)},
	}
	for _, set := range ruleSets {
		for _, tt := range tests {
			t.Run(set.name+"/"+tt.name, func(t *testing.T) {
				var got []string
				for _, f := range set.rs.Check(textDoc(tt.text)) {
					if f.Category == CatClassificationMark {
						got = append(got, f.Match)
					}
				}
				if !slices.Equal(got, tt.want) {
					t.Errorf("marks %q, want %q", got, tt.want)
				}
			})
		}
	}
}

func TestBareLevelOnlyInHeadOrHeader(t *testing.T) {
	rs := defaultRules(t)
	body := strings.Repeat("正文一行。\n", 20) + "秘密\n"
	if got := matchesOf(rs.Check(textDoc(body)), CatClassificationMark); len(got) != 0 {
		t.Errorf("a bare level deep in the body is a mark: %q", got)
	}
	doc := &Document{Parts: []Part{{Kind: PartBody, Text: body}, {Kind: PartHeader, Text: "机密"}}}
	if got := matchesOf(rs.Check(doc), CatClassificationMark); !slices.Equal(got, []string{"机密"}) {
		t.Errorf("header marks %q, want [机密]", got)
	}
}
