package review

import (
	"errors"
	"path/filepath"
	"slices"
	"testing"
)

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

// TestAnnualReportWording: the 政府信息公开工作年度报告 every office publishes counts its
// requests answered 不予公开 — table 三's row （三）不予公开 and 不予公开3件 in the text are a
// result, not this document's attribute; （此件不予公开） still blocks, and 不予公开 elsewhere
// still asks the reviewer.
func TestAnnualReportWording(t *testing.T) {
	rs := defaultRules(t)
	for _, tt := range []struct {
		text string
		want []string
	}{
		{"（三）不予公开", nil},
		{"本年度予以公开12件，不予公开3件，无法提供1件。", nil},
		{"其中不予公开10件。", nil},
		{"（此件不予公开）", []string{"此件不予公开"}},
		{"本方案不予公开，仅供领导参阅。", []string{"不予公开"}},
	} {
		if got := matchesOf(rs.Check(textDoc(tt.text)), CatInternalMarking); !slices.Equal(got, tt.want) {
			t.Errorf("%s: findings %q, want %q", tt.text, got, tt.want)
		}
	}
}
