package review

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// The publishable copy (脱敏稿, 条例 Art. 37 部分公开): Redact writes a copy of a draft with the
// plan's replacements made and what the file hides (comments, tracked changes, hidden text
// and cells, document properties, embedded objects) cleaned out, in the draft's own format
// for txt, docx and xlsx. An OFD's copy is a PDF (ofdpdf.go): its values are removed from the
// OFD first (redactofd.go: only what its pages need is kept, whatever CleanOptions say), and the
// masked OFD is drawn into a PDF. PDF, doc, wps and image files are produced as PDF by RedactPDF.

// CleanOptions say what Redact cleans out besides the masked spans (清理). Each is on by
// default (DefaultClean).
type CleanOptions struct {
	Comments   bool // docx comments, xlsx cell comments
	Revisions  bool // docx tracked changes accepted: deletions gone, insertions kept
	Hidden     bool // docx hidden text (w:vanish); xlsx hidden sheets, the cells of hidden rows and columns
	Properties bool // document properties: author, last modified by, company, template, title…
	Embedded   bool // embedded objects (word/embeddings, xl/embeddings)
}

// DefaultClean returns CleanOptions with everything on.
func DefaultClean() CleanOptions {
	return CleanOptions{Comments: true, Revisions: true, Hidden: true, Properties: true, Embedded: true}
}

// CleanApplies returns the 清理 choices that apply to a draft of format f, each set where
// it does: a docx has all five, a spreadsheet all but tracked changes; a PDF, and a doc or wps
// made one, only Comments (its pages' annotations, RedactPDF's Clean); a txt, an OFD and an
// image none (an OFD's copy never carries what they would remove, see redactOFD).
func CleanApplies(f Format) CleanOptions {
	switch f {
	case FormatDOCX:
		return DefaultClean()
	case FormatXLSX, FormatXLS, FormatET, FormatODS:
		return CleanOptions{Comments: true, Hidden: true, Properties: true, Embedded: true}
	case FormatPDF, FormatDOC, FormatWPS:
		return CleanOptions{Comments: true}
	}
	return CleanOptions{}
}

// LeftOut reports whether part p of a draft of format f is not carried into its 脱敏稿 made
// with clean, so that a value planned in it goes with the part rather than being masked: an
// OFD's or a PDF's document information always, a part clean removes otherwise.
func LeftOut(f Format, p *Part, clean CleanOptions) bool {
	switch f {
	case FormatOFD, FormatPDF, FormatDOC, FormatWPS, FormatPNG, FormatJPEG, FormatTIFF, FormatBMP:
		if p.Kind == PartMetadata || p.Kind == PartForm && clean.Comments {
			return true
		}
	}
	return removedWith(p, clean)
}

// removedWith reports whether clean removes part p from an office file or a PDF.
func removedWith(p *Part, clean CleanOptions) bool {
	return p.Embedded != "" && clean.Embedded || p.Kind == PartComment && clean.Comments ||
		p.Kind == PartRevision && clean.Revisions || p.Kind == PartMetadata && clean.Properties
}

// RedactOptions are Redact's choices besides the plan.
type RedactOptions struct {
	Clean CleanOptions
	// Rules re-check the copy; nil checks identifiers only (NewRuleSet(nil, nil)).
	Rules *RuleSet
	// Paint is the OpenType face (assets.UIFont(), the window's) in which an OFD's scanned
	// page has the replacements painted where the values were painted out; without it the
	// values are painted out and nothing is drawn in their place.
	Paint []byte
	// Font is the TrueType face (assets.FormFont()) an OFD's copy, a PDF, has its text written
	// in; an OFD is not redacted without it.
	Font []byte
}

// CopyFormat returns the format of the 脱敏稿 of a draft of format f: a PDF for an OFD, a PDF,
// a doc, a wps and an image; an xlsx for the spreadsheets LibreOffice reads (xls, et, ods); the
// draft's own format otherwise.
func CopyFormat(f Format) Format {
	switch f {
	case FormatOFD, FormatPDF, FormatDOC, FormatWPS, FormatPNG, FormatJPEG, FormatTIFF, FormatBMP:
		return FormatPDF
	case FormatXLS, FormatET, FormatODS:
		return FormatXLSX
	}
	return f
}

// ErrRedactFormat is wrapped by Redact for a format it does not write: PDF, doc, wps and
// images are redacted to PDF (RedactPDF), spreadsheets other than xlsx not at all; and for an
// output whose name is not of the copy's format (an OFD's copy named .ofd: it is a PDF).
var ErrRedactFormat = errors.New("this format is not redacted in its own format")

// ErrSameFile is wrapped by Redact when the output would replace the input.
var ErrSameFile = errors.New("the output is the input file")

// RedactReport says what Redact did, never with the masked values' originals.
type RedactReport struct {
	Format Format `json:"format"`
	// Masked is every replacement made, in document order.
	Masked []PreviewItem `json:"masked"`
	// NotMasked is every planned replacement that could not be made in the file, with why.
	NotMasked []NotMasked `json:"not_masked,omitempty"`
	// Removed says what 清理 removed, in the reviewer's words: 批注 2 条, 修订 3 处 …
	Removed []string `json:"removed,omitempty"`
	// Notes say how the copy was made where that is more than masking, in the reviewer's
	// words: an OFD drawn as a PDF, and what of its pages could not be drawn.
	Notes []string `json:"notes,omitempty"`
	// Remaining is where the re-check of the copy still finds an ID, a mobile or a card
	// number that blocks publication; empty when the copy is clean of them.
	Remaining []PreviewItem `json:"remaining,omitempty"`
	// Verdict is the re-check's verdict on the copy, with every rule of RedactOptions.Rules.
	Verdict Verdict `json:"verdict"`
}

// NotMasked is a planned replacement Redact could not make, and why.
type NotMasked struct {
	Kind   string `json:"kind"`
	Where  string `json:"where"`
	Reason string `json:"reason"`
}

// redacted is what a format's writer returns: the new file and what it did.
type redacted struct {
	data      []byte
	masked    []PreviewItem
	notMasked []NotMasked
	removed   []string
	notes     []string
}

// Redact writes to out the publishable copy of the draft at in: the plan's replacements made
// (PlanRedaction, on the document Read gives for in) and what opts.Clean names cleaned out,
// in the draft's own format, everything else as it was. Every limit of the reader applies,
// and its time limit covers the whole. The copy is re-read and re-checked before it is
// written; the report says what remains. out is written through a temporary file in its
// folder and renamed into place, so a failure leaves nothing at out; in is never modified.
//
// Errors: a *ReadError of Read for in or for the copy; ErrRedactFormat for a format not
// written in its own format; ErrPlan when the plan does not fit the file (it changed since it
// was checked); ErrSameFile; the file system's errors writing out; the context's error.
func (r *Reader) Redact(ctx context.Context, in string, plan *Plan, opts RedactOptions, out string) (*RedactReport, error) {
	ctx, cancel := context.WithTimeout(ctx, r.Limits.Timeout)
	defer cancel()
	format, err := formatOf(in)
	if err != nil {
		return nil, &ReadError{Path: in, Err: err}
	}
	if format != FormatTXT && format != FormatDOCX && format != FormatXLSX && format != FormatOFD {
		return nil, fmt.Errorf("%s: %w: %s", filepath.Base(in), ErrRedactFormat, format)
	}
	if want := CopyFormat(format); !strings.EqualFold(filepath.Ext(out), "."+string(want)) {
		return nil, fmt.Errorf("%s: %w: the copy of a %s file is a %s file", filepath.Base(out), ErrRedactFormat, format, want)
	}
	if same(in, out) {
		return nil, fmt.Errorf("%s: %w", filepath.Base(out), ErrSameFile)
	}
	data, doc, err := r.readWhole(ctx, in)
	if err != nil {
		return nil, err
	}
	if plan == nil {
		plan = &Plan{}
	}
	if err := plan.fits(doc); err != nil {
		return nil, err
	}
	res, err := r.write(ctx, format, data, doc, plan, opts)
	if err != nil {
		return nil, &ReadError{Path: in, Err: err}
	}
	rep := &RedactReport{Format: CopyFormat(format), Masked: res.masked, NotMasked: res.notMasked, Removed: res.removed, Notes: res.notes}
	if err := r.recheck(ctx, out, res.data, opts.Rules, rep); err != nil {
		return nil, err
	}
	if err := writeAtomic(out, res.data); err != nil {
		return nil, err
	}
	return rep, nil
}

// same reports whether a and b name the same file.
func same(a, b string) bool {
	ia, err1 := os.Stat(a)
	ib, err2 := os.Stat(b)
	if err1 == nil && err2 == nil {
		return os.SameFile(ia, ib)
	}
	return filepath.Clean(a) == filepath.Clean(b)
}

// readWhole reads the file at path within the limits, its bytes and its document.
func (r *Reader) readWhole(ctx context.Context, path string) ([]byte, *Document, error) {
	f, size, err := r.open(path)
	if err != nil {
		return nil, nil, &ReadError{Path: path, Err: err}
	}
	data, err := io.ReadAll(io.LimitReader(f, size))
	f.Close()
	if err != nil {
		return nil, nil, &ReadError{Path: path, Err: err}
	}
	doc, err := r.ReadBytes(ctx, path, data)
	if err != nil {
		return nil, nil, err
	}
	return data, doc, nil
}

// write makes the copy in the format's own writer. A panic in a writer, on a file no test
// foresaw, is ErrMalformed: a bad file is never a crash.
func (r *Reader) write(ctx context.Context, format Format, data []byte, doc *Document, plan *Plan, opts RedactOptions) (res *redacted, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, malformed("writing the copy: %v", p)
		}
	}()
	switch format {
	case FormatTXT:
		return redactTXT(data, doc, plan)
	case FormatDOCX:
		return r.redactDOCX(ctx, data, doc, plan, opts.Clean)
	case FormatOFD:
		return r.redactOFDToPDF(ctx, data, doc, plan, opts)
	}
	return r.redactXLSX(ctx, data, doc, plan, opts.Clean)
}

// recheck reads the copy back as the file out will be and checks it, filling the report's
// verdict and what remains.
func (r *Reader) recheck(ctx context.Context, out string, data []byte, rules *RuleSet, rep *RedactReport) error {
	if rules == nil {
		rules = NewRuleSet(nil, nil)
	}
	_, found, err := r.CheckBytes(ctx, rules, out, data)
	if err != nil {
		return fmt.Errorf("re-reading the copy: %w", err)
	}
	rep.Verdict = Decide(found, nil)
	for _, f := range found {
		if f.Severity == Block && (f.Category == CatIDCard || f.Category == CatMobilePhone || f.Category == CatBankCard) {
			rep.Remaining = append(rep.Remaining, PreviewItem{Kind: f.Category.Label(), Where: f.Where()})
		}
	}
	return nil
}

// writeAtomic writes data to a temporary file in path's folder and renames it to path: a
// failure leaves no file at path, and a reader of path never sees half of it.
func writeAtomic(path string, data []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".shendang-redact-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// cleanedSummary says what 清理 removed, in the reviewer's words, from the counts the reader
// made and the writer's own.
func cleanedSummary(doc *Document, clean CleanOptions, hiddenRuns, props, embedded int) []string {
	var out []string
	add := func(on bool, n int, format string, a ...any) {
		if on && n > 0 {
			out = append(out, fmt.Sprintf(format, a...))
		}
	}
	add(clean.Comments, doc.Comments, "批注 %d 条已删除", doc.Comments)
	add(clean.Revisions, doc.Insertions+doc.Deletions, "修订已全部接受（插入 %d 处、删除 %d 处）", doc.Insertions, doc.Deletions)
	add(clean.Hidden, hiddenRuns, "隐藏文字 %d 处已删除", hiddenRuns)
	add(clean.Properties, props, "文档属性 %d 项已清除", props)
	add(clean.Embedded, embedded, "嵌入对象 %d 个已删除", embedded)
	return out
}

// notMasked lists the planned replacements of the parts a writer did not handle, less those
// whose part 清理 removed (a comment, a tracked deletion, a property, an embedded object).
func notMasked(doc *Document, plan *Plan, clean CleanOptions, handled map[int]bool) []NotMasked {
	var out []NotMasked
	for _, pp := range plan.Parts {
		if handled[pp.Index] {
			continue
		}
		p := doc.Parts[pp.Index]
		reason := "这一部分的文字无法在原格式中改写"
		switch {
		case removedWith(&p, clean):
			continue // removed with its part
		case p.Embedded != "":
			reason = "嵌入对象中的内容未处理，请选择删除嵌入对象"
		case p.Kind == PartRevision:
			reason = "修订中删除的文字未处理，请选择接受修订"
		case p.Kind == PartMetadata:
			reason = "文档属性未处理，请选择清除文档属性"
		}
		for _, r := range pp.Replacements {
			out = append(out, NotMasked{Kind: r.Kind.Label(), Where: r.Where, Reason: reason})
		}
	}
	return out
}
