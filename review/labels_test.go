package review

import "testing"

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
