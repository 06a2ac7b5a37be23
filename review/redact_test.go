package review

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"shendang.gov.cn/shendang/assets"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

// The identifiers the round trips mask: valid, so the check blocks each.
var redactValues = []string{"11010519491231002X", "440524188001010014", "13812345678", "4111111111111111"}

// redactedCopy checks the file at in, plans the masking of its identifiers with the
// reviewer's selections, and writes the copy; it returns the report, the copy's path and the
// plan.
func redactedCopy(t *testing.T, in string, sel func(*Document) []Selection) (*RedactReport, string, *Plan) {
	t.Helper()
	return redactedCopyWith(t, in, sel, DefaultClean())
}

// redactedCopyWith is redactedCopy with the given cleaning.
func redactedCopyWith(t *testing.T, in string, sel func(*Document) []Selection, clean CleanOptions) (*RedactReport, string, *Plan) {
	t.Helper()
	r := NewReader()
	doc, found, err := r.CheckFile(context.Background(), NewRuleSet(nil, nil), in)
	if err != nil {
		t.Fatal(err)
	}
	opt := PlanOptions{}
	if sel != nil {
		opt.Selections = sel(doc)
	}
	plan, err := PlanRedaction(doc, found, opt)
	if err != nil {
		t.Fatal(err)
	}
	ext := filepath.Ext(in)
	if f, err := formatOf(in); err == nil {
		ext = "." + string(CopyFormat(f)) // an OFD's copy is a PDF
	}
	out := filepath.Join(t.TempDir(), "脱敏稿"+ext)
	rep, err := r.Redact(context.Background(), in, plan, RedactOptions{Clean: clean, Paint: assets.UIFont(), Font: assets.FormFont()}, out)
	if err != nil {
		t.Fatal(err)
	}
	return rep, out, plan
}

// assertNoIdentifiers re-checks the copy: no ID, mobile or card finding of any severity.
func assertNoIdentifiers(t *testing.T, rep *RedactReport, out string) *Document {
	t.Helper()
	doc, found, err := NewReader().CheckFile(context.Background(), NewRuleSet(nil, nil), out)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range found {
		if f.Category == CatIDCard || f.Category == CatMobilePhone || f.Category == CatBankCard {
			t.Errorf("re-check of the copy: got %s %s at %s, want none", f.Rule, f.Severity, f.Where())
		}
	}
	if len(rep.Remaining) != 0 {
		t.Errorf("report: got remaining %v, want none", rep.Remaining)
	}
	return doc
}

// assertRestUnchanged compares the text of the copy at out with the original's part by part,
// the masked spans taken out of both: the copy was made without cleaning, so its parts are the
// original's.
func assertRestUnchanged(t *testing.T, in, out string, plan *Plan) {
	t.Helper()
	orig, copied := mustRead(t, in), mustRead(t, out)
	if len(orig.Parts) != len(copied.Parts) {
		t.Fatalf("parts: got %d, want %d", len(copied.Parts), len(orig.Parts))
	}
	for i := range orig.Parts {
		a, b := orig.Parts[i].Text, copied.Parts[i].Text
		if pp := plan.part(i); pp != nil {
			a, b = withoutSpans(a, *pp, false), withoutSpans(b, *pp, true)
		}
		if a != b {
			t.Errorf("part %d (%s): the rest of the text changed:\ngot  %q\nwant %q", i, orig.Parts[i].Kind, b, a)
		}
	}
}

// withoutSpans returns text with the spans of the plan's part removed, or, for the copy,
// with the masked texts removed at the same places.
func withoutSpans(text string, pp PartPlan, masked bool) string {
	var b strings.Builder
	at, shift := 0, 0
	for _, r := range pp.Replacements {
		s, e := r.Start, r.End
		if masked {
			s, e = r.Start+shift, r.Start+shift+len(r.Masked)
			shift += len(r.Masked) - (r.End - r.Start)
		}
		b.WriteString(text[at:s])
		at = e
	}
	b.WriteString(text[at:])
	return b.String()
}

func TestRedactTXT(t *testing.T) {
	text := "补贴发放名单\r\n张三 身份证号：11010519491231002X 电话：13812345678\r\n李四 440524188001010014，银行卡号：4111111111111111\r\n完。\r\n"
	gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(text))
	utf16, _ := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewEncoder().Bytes([]byte(text))
	tests := []struct {
		name, encoding string
		data           []byte
	}{
		{"UTF-8", "UTF-8", []byte(text)},
		{"UTF-8 with BOM", "UTF-8", append([]byte{0xEF, 0xBB, 0xBF}, text...)},
		{"GBK", "GB18030", gbk},
		{"UTF-16LE with BOM", "UTF-16LE", utf16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := filepath.Join(t.TempDir(), "名单.txt")
			if err := os.WriteFile(in, tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			rep, out, plan := redactedCopy(t, in, nil)
			if got, want := len(rep.Masked), len(redactValues); got != want {
				t.Errorf("masked: got %d, want %d", got, want)
			}
			doc := assertNoIdentifiers(t, rep, out)
			if doc.Encoding != tt.encoding {
				t.Errorf("encoding: got %s, want %s", doc.Encoding, tt.encoding)
			}
			got, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.data) {
				t.Errorf("length: got %d bytes, want %d (a digit for a star)", len(got), len(tt.data))
			}
			for _, v := range redactValues {
				if strings.Contains(doc.Parts[0].Text, v) {
					t.Errorf("the copy still holds %s", v)
				}
			}
			orig := mustRead(t, in).Parts[0].Text
			if a, b := withoutSpans(orig, plan.Parts[0], false), withoutSpans(doc.Parts[0].Text, plan.Parts[0], true); a != b {
				t.Errorf("the rest of the text changed:\ngot  %q\nwant %q", b, a)
			}
			if in2, _ := os.ReadFile(in); !bytes.Equal(in2, tt.data) {
				t.Errorf("the input was modified")
			}
		})
	}
}

func TestRedactRefuses(t *testing.T) {
	dir := t.TempDir()
	txt := filepath.Join(dir, "a.txt")
	if err := os.WriteFile(txt, []byte("电话：13812345678\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(dir, "a.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stale := &Plan{Parts: []PartPlan{{Index: 0, Replacements: []Replacement{{Start: 0, End: 3, Original: "手机"}}}}}
	tests := []struct {
		name, in, out string
		plan          *Plan
		want          error
	}{
		{"same file", txt, txt, nil, ErrSameFile},
		{"pdf", pdf, filepath.Join(dir, "b.pdf"), nil, ErrRedactFormat},
		{"stale plan", txt, filepath.Join(dir, "b.txt"), stale, ErrPlan},
		{"missing input", filepath.Join(dir, "none.txt"), filepath.Join(dir, "c.txt"), nil, os.ErrNotExist},
		{"no such folder", txt, filepath.Join(dir, "none", "d.txt"), nil, os.ErrNotExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewReader().Redact(context.Background(), tt.in, tt.plan, RedactOptions{}, tt.out)
			if !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
			if tt.out != tt.in {
				if _, err := os.Stat(tt.out); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("got a file at %s (%v), want none", tt.out, err)
				}
			}
		})
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".shendang-redact-*"))
	if len(left) != 0 {
		t.Errorf("temporary files left: got %v, want none", left)
	}
}

// TestRedactSeed makes the publishable copy of the customer's own published plan: it holds no
// personal identifier, so the copy is the file byte for byte.
func TestRedactSeed(t *testing.T) {
	in := seedPath(t)
	rep, out, plan := redactedCopy(t, in, nil)
	assertNoIdentifiers(t, rep, out)
	a, _ := os.ReadFile(in)
	b, _ := os.ReadFile(out)
	if plan.Count() == 0 && !bytes.Equal(a, b) {
		t.Errorf("got a copy of %d bytes that differs, want the file as it was (%d bytes)", len(b), len(a))
	}
	if plan.Count() > 0 {
		assertRestUnchanged(t, in, out, plan)
	}
}

// TestLeftOut: which parts a 脱敏稿 does not carry, by format and 清理.
func TestLeftOut(t *testing.T) {
	meta, comment, body := &Part{Kind: PartMetadata}, &Part{Kind: PartComment}, &Part{Kind: PartBody}
	form, embedded := &Part{Kind: PartForm}, &Part{Kind: PartBody, Embedded: "oleObject1.docx"}
	tests := []struct {
		name  string
		f     Format
		p     *Part
		clean CleanOptions
		want  bool
	}{
		{"OFD document information", FormatOFD, meta, CleanOptions{}, true},
		{"OFD body", FormatOFD, body, DefaultClean(), false},
		{"PDF document information, no 清理", FormatPDF, meta, CleanOptions{}, true},
		{"PDF form field, annotations removed", FormatPDF, form, CleanOptions{Comments: true}, true},
		{"PDF form field, annotations kept", FormatPDF, form, CleanOptions{}, false},
		{"image's metadata", FormatPNG, meta, CleanOptions{}, true},
		{"docx properties kept", FormatDOCX, meta, CleanOptions{}, false},
		{"docx properties cleared", FormatDOCX, meta, CleanOptions{Properties: true}, true},
		{"docx comment removed", FormatDOCX, comment, CleanOptions{Comments: true}, true},
		{"xlsx embedded object removed", FormatXLSX, embedded, CleanOptions{Embedded: true}, true},
		{"txt body", FormatTXT, body, DefaultClean(), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LeftOut(tt.f, tt.p, tt.clean); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
