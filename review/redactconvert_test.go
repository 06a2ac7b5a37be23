package review

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// TestRedactableCopy: a spreadsheet LibreOffice reads (xls, et, ods) is redacted through the
// xlsx LibreOffice makes of it, and the plan made on the check fits that copy: the 脱敏稿 is an
// xlsx with none of the identifiers left. Formats Redact does not write are refused.
func TestRedactableCopy(t *testing.T) {
	needSoffice(t)
	ctx := context.Background()
	originals := []string{"350203198506150492", "110105195907211232", "13812345678"}
	for _, file := range []string{"book.xls"} { // et and ods go the same way, through LibreOffice
		t.Run(file, func(t *testing.T) {
			r := NewReader()
			in := filepath.Join("testdata", file)
			doc, found, err := r.CheckFile(ctx, defaultRules(t), in)
			if err != nil {
				t.Fatal(err)
			}
			plan, err := PlanRedaction(doc, found, PlanOptions{})
			if err != nil || plan.Count() == 0 {
				t.Fatalf("plan of %d replacements, %v", plan.Count(), err)
			}
			dir := t.TempDir()
			copyPath, err := r.RedactableCopy(ctx, in, dir)
			if err != nil || filepath.Ext(copyPath) != ".xlsx" {
				t.Fatalf("copy %q, %v", copyPath, err)
			}
			out := filepath.Join(dir, "脱敏稿.xlsx")
			rep, err := r.Redact(ctx, copyPath, plan, RedactOptions{Clean: DefaultClean(), Rules: defaultRules(t)}, out)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Remaining) > 0 || len(rep.NotMasked) > 0 {
				t.Errorf("remaining %+v, not masked %+v", rep.Remaining, rep.NotMasked)
			}
			again := mustRead(t, out)
			for _, p := range again.Parts {
				for _, o := range originals {
					if strings.Contains(p.Text, o) {
						t.Errorf("the 脱敏稿's %s %q still holds %s", p.Kind, p.Label, o)
					}
				}
			}
		})
	}
	for _, file := range []string{"x.pdf", "x.doc", "x.png"} {
		_, err := NewReader().RedactableCopy(ctx, file, t.TempDir())
		if !errors.Is(err, ErrRedactFormat) {
			t.Errorf("%s: got %v, want ErrRedactFormat", file, err)
		}
	}
	if got, err := NewReader().RedactableCopy(ctx, "testdata/book.xlsx", t.TempDir()); err != nil || got != "testdata/book.xlsx" {
		t.Errorf("an xlsx: got %q, %v; want itself", got, err)
	}
}
