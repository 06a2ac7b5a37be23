package review

import (
	"context"
	"errors"
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

// TestOrdinaryNoticesAreClean: published notices in ordinary government wording, with 保密审查,
// 除涉密信息外, 依法应当保密的外, 不涉及国家秘密, 保守秘密, （此件主动公开） and the office's own
// telephone, give no finding.
func TestOrdinaryNoticesAreClean(t *testing.T) {
	for _, path := range []string{noticeFixture, gongshiFixture} {
		t.Run(filepath.Base(path), func(t *testing.T) { assertClean(t, path) })
	}
}

// TestSeedIsNeverBlocked: the customer's own published document, where SHENDANG_SEED_DIR names it.
func TestSeedIsNeverBlocked(t *testing.T) {
	assertClean(t, seedPath(t))
}

func assertClean(t *testing.T, path string) {
	t.Helper()
	fs := defaultRules(t).Check(mustRead(t, path))
	for _, f := range fs {
		t.Errorf("finding in the published %s: %s %s %q (%s)", path, f.Severity, f.Category, f.Match, f.Context)
	}
	if v := Decide(fs, nil); v != VerdictClean {
		t.Errorf("%s: verdict %s, want clean", path, v)
	}
}

func TestAllowListSuppresses(t *testing.T) {
	terms := []Term{{Text: "涉密", Category: CatSensitiveTerm, Severity: Block, Rule: "t"}}
	allow := []Term{{Text: "除涉密信息外"}}
	rs := NewRuleSet(terms, allow)
	fs := rs.Check(textDoc("除涉密信息外，部门预决算应当公开。涉密文件不得公开。"))
	if got := matchesOf(fs, CatSensitiveTerm); !slices.Equal(got, []string{"涉密"}) || !strings.Contains(fs[0].Context, "涉密文件") {
		t.Errorf("findings %+v, want only the second 涉密", fs)
	}
	// An office's own published number, allowed, is not a finding.
	rs = NewRuleSet(nil, []Term{{Text: "13812345678"}})
	if fs := rs.Check(textDoc("监督电话：138 1234 5678")); len(fs) != 0 {
		t.Errorf("allowed number still found: %+v", fs)
	}
}

func TestFindingLocation(t *testing.T) {
	rs := defaultRules(t)
	doc := &Document{Parts: []Part{
		{Kind: PartBody, Page: 3, Text: "第一行\n第二行有内部资料字样，请注意"},
		{Kind: PartRevision, Label: "删除（李四）", Anchor: 7, Text: "机密★5年"},
	}}
	fs := rs.Check(doc)
	if len(fs) < 2 {
		t.Fatalf("findings %+v", fs)
	}
	f := fs[0]
	if f.Match != "内部资料" || f.Part != PartBody || f.Page != 3 || f.Line != 2 || f.Context != "第一行 第二行有内部资料字样，请注意" {
		t.Errorf("body finding %+v", f)
	}
	if f.Basis == "" || f.Rule != "internal-marking" || f.Severity != Block {
		t.Errorf("rule fields %+v", f)
	}
	if r := fs[1]; r.Part != PartRevision || r.Line != 7 || r.Category != CatClassificationMark {
		t.Errorf("revision finding %+v, want line 7 of the body", r)
	}
}

func TestHiddenContentAndImageOnly(t *testing.T) {
	doc := mustRead(t, filepath.Join("testdata", "full.docx"))
	rules := map[string]bool{}
	for _, f := range defaultRules(t).Check(doc) {
		if f.Category == CatHiddenContent {
			rules[f.Rule+":"+f.Match] = true
		}
	}
	for _, want := range []string{"hidden-comments:", "hidden-revisions:", "hidden-metadata:王五", "hidden-metadata:赵六"} {
		if !rules[want] {
			t.Errorf("no %s finding; got %v", want, rules)
		}
	}
	doc = mustRead(t, filepath.Join("testdata", "mixed.pdf"))
	var pages []int
	for _, f := range defaultRules(t).Check(doc) {
		if f.Category == CatImageOnly {
			pages = append(pages, f.Page)
		}
	}
	if !slices.Equal(pages, []int{2}) {
		t.Errorf("image-only findings on pages %v, want [2]", pages)
	}
}

func TestDecide(t *testing.T) {
	block := Finding{Severity: Block, Fingerprint: "b"}
	warn := Finding{Severity: Warn, Fingerprint: "w"}
	dismiss := Disposition{Kind: Dismissed, Reason: "本局公开电话"}
	confirm := Disposition{Kind: Confirmed}
	tests := []struct {
		name string
		fs   []Finding
		disp map[string]Disposition
		want Verdict
	}{
		{"nothing", nil, nil, VerdictClean},
		{"warn", []Finding{warn}, nil, VerdictWarn},
		{"block", []Finding{warn, block}, nil, VerdictBlock},
		{"block dismissed leaves warn", []Finding{warn, block}, map[string]Disposition{"b": dismiss}, VerdictWarn},
		{"all dismissed", []Finding{warn, block}, map[string]Disposition{"b": dismiss, "w": dismiss}, VerdictClean},
		{"confirmed block stays", []Finding{block}, map[string]Disposition{"b": confirm}, VerdictBlock},
		{"disposition of another finding", []Finding{block}, map[string]Disposition{"x": dismiss}, VerdictBlock},
	}
	for _, tt := range tests {
		if got := Decide(tt.fs, tt.disp); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}

// TestFingerprintsSurviveRevision: a revised draft with text added before a finding keeps the
// finding's fingerprint, so the reviewer's disposition carries over; a second occurrence differs.
func TestFingerprintsSurviveRevision(t *testing.T) {
	rs := defaultRules(t)
	v1 := rs.Check(textDoc("内部资料", "正文", "内部资料"))
	v2 := rs.Check(textDoc("新增的一段说明。", "内 部 资 料", "正文", "内部资料"))
	if len(v1) != 2 || len(v2) != 2 {
		t.Fatalf("findings %d and %d, want 2 and 2", len(v1), len(v2))
	}
	if v1[0].Fingerprint != v2[0].Fingerprint || v1[1].Fingerprint != v2[1].Fingerprint {
		t.Errorf("fingerprints changed: %s %s → %s %s", v1[0].Fingerprint, v1[1].Fingerprint, v2[0].Fingerprint, v2[1].Fingerprint)
	}
	if v1[0].Fingerprint == v1[1].Fingerprint {
		t.Error("two occurrences share a fingerprint")
	}
	disp := map[string]Disposition{v1[0].Fingerprint: {Kind: Dismissed, Reason: "r"}, v1[1].Fingerprint: {Kind: Dismissed, Reason: "r"}}
	if got := Decide(v2, disp); got != VerdictClean {
		t.Errorf("dispositions did not carry over: %s", got)
	}
}

func TestReadErrorVerdictAndDefaultListParses(t *testing.T) {
	rs := defaultRules(t)
	if len(rs.Terms) < 40 || len(rs.Allow) < 10 || len(rs.Version) != 12 {
		t.Errorf("%d terms, %d allowed, version %q", len(rs.Terms), len(rs.Allow), rs.Version)
	}
	for _, term := range rs.Terms {
		if term.Basis == "" || term.Rule == "" || !categories[term.Category] {
			t.Errorf("term %q from %s lacks a basis, rule or category", term.Text, term.Source)
		}
	}
	if _, err := Read(context.Background(), "testdata/broken.docx"); err == nil {
		t.Error("broken file read")
	}
}

func TestDispositionValidate(t *testing.T) {
	tests := []struct {
		d  Disposition
		ok bool
	}{
		{Disposition{Kind: Dismissed, Reason: "本局对外公开的监督电话"}, true},
		{Disposition{Kind: Confirmed}, true},
		{Disposition{Kind: Dismissed}, false},
		{Disposition{Kind: Dismissed, Reason: "  "}, false},
		{Disposition{Kind: "ignored", Reason: "x"}, false},
	}
	for _, tt := range tests {
		if err := tt.d.Validate(); (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrDisposition)) {
			t.Errorf("Validate(%+v) = %v, want ok=%v", tt.d, err, tt.ok)
		}
	}
}

func TestEveryNameHasALabel(t *testing.T) {
	for c := range categories {
		if c.Label() == "" {
			t.Errorf("category %s has no label", c)
		}
	}
	for _, v := range []Verdict{VerdictClean, VerdictWarn, VerdictBlock, VerdictError} {
		if v.Label() == "" {
			t.Errorf("verdict %s has no label", v)
		}
	}
	for _, k := range []PartKind{PartBody, PartHeader, PartFooter, PartFootnote, PartEndnote, PartComment, PartRevision, PartMetadata} {
		if k.Label() == "" {
			t.Errorf("part %s has no label", k)
		}
	}
}

// TestLegalEnumerationIsNotATradeSecret: the regulation's own list of what may not be published
// is ordinary wording, while a draft that says it contains a trade secret is still flagged.
func TestLegalEnumerationIsNotATradeSecret(t *testing.T) {
	rs := defaultRules(t)
	for _, text := range []string{"不涉及国家秘密、商业秘密和个人隐私的，按程序公开。", "涉及商业秘密、个人隐私的政府信息，不得公开。",
		"可能涉及商业秘密或者个人隐私的，应当征求第三方意见。"} {
		if got := matchesOf(rs.Check(textDoc(text)), CatSensitiveTerm); len(got) != 0 {
			t.Errorf("%s: findings %q, want none", text, got)
		}
	}
	if got := matchesOf(rs.Check(textDoc("附件二为投标人的商业秘密，请妥善保管。")), CatSensitiveTerm); !slices.Equal(got, []string{"商业秘密"}) {
		t.Errorf("a trade secret named as such: findings %q, want [商业秘密]", got)
	}
}

// TestWarnOnlyAllowHidesOnlyWarnTerms: an office's allow-list phrase hides the warn terms in it,
// never a mark, an identifier or a term that blocks.
func TestWarnOnlyAllowHidesOnlyWarnTerms(t *testing.T) {
	terms := []Term{{Text: "会议纪要", Category: CatSensitiveTerm, Severity: Warn, Rule: "t"},
		{Text: "内部资料", Category: CatInternalMarking, Severity: Block, Rule: "m"}}
	office := func(phrase string) *RuleSet {
		return NewRuleSet(terms, []Term{{Text: phrase, WarnOnly: true}})
	}
	tests := []struct {
		phrase, text string
		want         []Category
	}{
		{"会议纪要的格式", "按会议纪要的格式报送。", nil},
		{"本文件为内部资料", "本文件为内部资料。", []Category{CatInternalMarking}},
		{"秘密★1年", "秘密★1年\n正文。", []Category{CatClassificationMark}},
		{"电话13812345678", "电话13812345678", []Category{CatMobilePhone}},
	}
	for _, tt := range tests {
		var got []Category
		for _, f := range office(tt.phrase).Check(textDoc(tt.text)) {
			got = append(got, f.Category)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("allowing %q in %q: findings %v, want %v", tt.phrase, tt.text, got, tt.want)
		}
	}
	if office("甲").Version == NewRuleSet(terms, []Term{{Text: "甲"}}).Version {
		t.Error("a phrase that hides less gives the same rule version")
	}
}
