package archive

import (
	"errors"
	"fmt"
	"testing"

	"shendang.gov.cn/shendang/review"
)

func TestCheckItemVerdicts(t *testing.T) {
	o := newOffice(t)
	tests := []struct {
		name string
		text string
		want review.Verdict
	}{
		{"clean", "各处室：现将方案印发给你们，请认真贯彻执行。", review.VerdictClean},
		{"a draft for comment", "本方案为征求意见稿。", review.VerdictWarn},
		{"a classification mark", "秘密★1年\n本方案为征求意见稿。", review.VerdictBlock},
	}
	for _, tt := range tests {
		d := seedDraft
		d.Title = "关于" + tt.name + "的方案"
		it, err := o.Propose("drafter", d, SourceFile{Name: "方案.txt", Data: []byte(d.Title + "\n" + tt.text)}, "")
		must(t, err)
		chk, err := o.CheckItem(t.Context(), it.ID)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if got := chk.Verdict(nil); got != tt.want {
			t.Errorf("%s: got %s, want %s (findings %+v)", tt.name, got, tt.want, chk.Findings)
		}
		again, err := o.CheckItem(t.Context(), it.ID)
		must(t, err)
		if again.Document != chk.Document || again.SHA256 != it.Current().SHA256 {
			t.Errorf("%s: got the document read again, want the kept check", tt.name)
		}
		for _, f := range chk.Findings {
			if !chk.has(f.Fingerprint) {
				t.Errorf("%s: has(%s): got false, want true", tt.name, f.Fingerprint)
			}
		}
	}
	if _, err := o.CheckItem(t.Context(), "no-such-item"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown item: got %v, want %v", err, ErrNotFound)
	}
}

func TestCheckCacheKeepsTheLast(t *testing.T) {
	var c checkCache
	key := func(i int) checkKey { return checkKey{sha: fmt.Sprint(i), name: "a.txt", rules: "v1"} }
	for i := range checksKept + 2 {
		c.put(key(i), &checked{})
	}
	tests := []struct {
		i    int
		kept bool
	}{
		{0, false},
		{1, false},
		{2, true},
		{checksKept + 1, true},
	}
	for _, tt := range tests {
		if got := c.get(key(tt.i)) != nil; got != tt.kept {
			t.Errorf("check %d: got kept=%v, want %v", tt.i, got, tt.kept)
		}
	}
}
