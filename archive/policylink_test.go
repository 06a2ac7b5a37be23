package archive

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

func TestProposeLinkedPolicy(t *testing.T) {
	o := newOffice(t)
	// The policy: seedDraft, 成文 2016-09-30, the day before 国庆 2016's seven days.
	p := seedDraft
	p.DocDate = "2016-09-30"
	policy := o.propose(t, p)
	explainer := seedDraft
	explainer.Title, explainer.Category, explainer.DocDate = "《2016年政务公开工作实施方案》解读", "政策解读", "2016-10-08"
	linked := o.propose(t, func() Draft { d := explainer; d.Policy = &PolicyLink{ID: policy.ID}; return d }())

	tests := []struct {
		name    string
		draft   func(d Draft) Draft
		wantErr error
		due     string
	}{
		{"linked: the clock starts on the policy's 成文日期, whatever was typed", func(d Draft) Draft {
			d.PolicyDate, d.Policy = "2016-10-08", &PolicyLink{ID: policy.ID, DocDate: "2016-10-08"}
			return d
		}, nil, "2016-10-10"}, // from 09-30: 10-08 and 10-09 (the 调休 weekend), 10-10
		{"not linked: the date typed", func(d Draft) Draft { d.PolicyDate = "2016-10-10"; return d }, nil, "2016-10-13"},
		{"a link to no item", func(d Draft) Draft { d.Policy = &PolicyLink{ID: "nosuchitem"}; return d }, ErrNotFound, ""},
		{"a link with no id", func(d Draft) Draft { d.Policy = &PolicyLink{}; return d }, ErrInvalid, ""},
		{"a link to another 解读", func(d Draft) Draft { d.Policy = &PolicyLink{ID: linked.ID}; return d }, ErrInvalid, ""},
		{"a link on an item that is no 解读", func(d Draft) Draft {
			d.Category, d.Policy = "规范性文件", &PolicyLink{ID: policy.ID}
			return d
		}, ErrInvalid, ""},
	}
	for _, tt := range tests {
		it, err := o.Propose("drafter", tt.draft(explainer), SourceFile{Name: "解读.txt", Data: []byte("解读")}, "")
		if tt.wantErr != nil {
			wantErr(t, tt.name, err, tt.wantErr)
			continue
		}
		must(t, err)
		stored, err := o.Item(it.ID)
		must(t, err)
		if stored.Due != tt.due {
			t.Errorf("%s: got due %q (from %q), want %q", tt.name, stored.Due, stored.ClockStart(), tt.due)
		}
	}

	got, err := o.Item(linked.ID)
	must(t, err)
	want := PolicyLink{ID: policy.ID, Title: seedDraft.Title, DocNumber: seedDraft.DocNumber, DocDate: "2016-09-30"}
	if got.Policy == nil || *got.Policy != want || got.PolicyDate != "2016-09-30" {
		t.Errorf("the stored link: got %+v, PolicyDate %q; want %+v, 2016-09-30", got.Policy, got.PolicyDate, want)
	}
	if label := got.Policy.Label(); label != "《"+seedDraft.Title+"》（厦司〔2016〕59号，2016-09-30 成文）" {
		t.Errorf("Label: got %q", label)
	}
}

func TestPolicyCandidates(t *testing.T) {
	o := newOffice(t)
	g := seedDraft
	g.Title, g.DocNumber, g.Category = "关于公证员执业年度考核结果的公示", "厦司〔2016〕58号", "行政许可"
	gongshi := o.propose(t, g) // proposed first, listed after the policies
	policy := o.propose(t, seedDraft)
	d := seedDraft
	d.Title, d.Category, d.DocNumber = "政务公开实施方案解读", "政策解读", ""
	o.propose(t, d)
	other := seedDraft
	other.Title, other.DocNumber = "关于律师执业年度考核的通知", "厦司〔2016〕60号"
	notice := o.propose(t, other)
	tests := []struct {
		text string
		want []string
	}{
		{"", []string{policy.ID, notice.ID, gongshi.ID}},
		{"〔2016〕58号", []string{gongshi.ID}},
		{"实施方案", []string{policy.ID}}, // the 解读 matches too, but is no policy
		{"〔2016〕60号", []string{notice.ID}},
		{"没有这个题名", nil},
	}
	for _, tt := range tests {
		got, err := o.PolicyCandidates(tt.text, 10)
		must(t, err)
		var ids []string
		for _, it := range got {
			ids = append(ids, it.ID)
		}
		if !slices.Equal(ids, tt.want) {
			t.Errorf("PolicyCandidates(%q): got %v, want %v", tt.text, ids, tt.want)
		}
	}
}

func TestItemSheetNamesLinkedPolicy(t *testing.T) {
	o := newOffice(t)
	policy := o.propose(t, seedDraft)
	d := seedDraft
	d.Title, d.Category, d.DocNumber, d.Policy = "实施方案解读", "政策解读", "", &PolicyLink{ID: policy.ID}
	it := o.propose(t, d)
	var buf bytes.Buffer
	_, err := o.WriteItemSheet(&buf, it.ID)
	must(t, err)
	text := pdfText(t, buf.Bytes())
	for _, want := range []string{"所解读政策", "厦司〔2016〕59号，2016-06-29成文"} {
		if !strings.Contains(text, want) {
			t.Errorf("the sheet of a linked 解读: got %q, want %q in it", text, want)
		}
	}
}
