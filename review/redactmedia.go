package review

import (
	"context"
	"fmt"
	"path"
)

// A picture pasted into a Word document or a workbook (word/media, xl/media) whose recognised
// text holds an identifier is masked in place: the check's OCR is done again on the picture,
// the identifiers' characters are painted out of its pixels, and the picture, encoded again in
// its own format, replaces the old one in the package; the document's layout is untouched. A
// picture in which OCR cannot find every value this time is replaced whole by a white picture
// of its size, and the report says so: the copy never keeps a value the check found.

// Masked, in the report, of a value painted out of a picture, and of one whose picture was
// replaced by a blank.
const (
	maskedInPicture = "（在图片中涂去）"
	pictureBlanked  = "（整张图片换成空白）"
)

// maskMedia masks the plan's replacements in the recognised text of the pictures under
// dir/media (word, xl). A picture the package lacks, or that cannot be decoded, is left as it
// is and its replacements are not handled (notMasked lists them). Only the context's end is
// an error.
func (w *docxWriter) maskMedia(ctx context.Context, dir string) error {
	var names []string
	byName := map[string][]PartPlan{}
	for _, pp := range w.plan.Parts {
		p := w.doc.Parts[pp.Index]
		if p.Image == "" || p.Embedded != "" || len(pp.Replacements) == 0 {
			continue
		}
		if _, ok := byName[p.Image]; !ok {
			names = append(names, p.Image)
		}
		byName[p.Image] = append(byName[p.Image], pp)
	}
	for _, name := range names {
		if _, err := w.maskPicture(ctx, dir+"/media/"+name, "嵌入图片 "+name, byName[name]); err != nil {
			return err
		}
	}
	return nil
}

// maskPicture masks the replacements of plans in the picture at entry, called label in the
// report, and returns the text OCR read on it with the replacements made, a line each (none
// when the picture was blanked or left).
func (w *docxWriter) maskPicture(ctx context.Context, entry, label string, plans []PartPlan) ([]layerLine, error) {
	data, err := w.entry(entry)
	if err != nil {
		return nil, ctx.Err() // missing or over the budget: left for notMasked
	}
	var targets []PDFTarget
	for _, pp := range plans {
		for _, r := range pp.Replacements {
			targets = append(targets, PDFTarget{Text: r.Original, Replacement: r.Masked})
		}
	}
	ext := path.Ext(entry)
	painted, err := w.r.paintImage(ctx, data, ext, targets, w.paint)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	how := maskedInPicture
	lines := painted.lines
	if err == nil && len(painted.missing) == 0 {
		w.ch.replaced[entry] = painted.data
	} else {
		blank, berr := w.r.blankImage(data, ext)
		if berr != nil {
			return nil, nil // not an image we can write: left for notMasked
		}
		lines = nil
		w.ch.replaced[entry] = blank
		how = pictureBlanked
		w.res.removed = append(w.res.removed, fmt.Sprintf("%s中的号码未能在图上逐字找到，整张图片已换成同样大小的空白图片", label))
	}
	for _, pp := range plans {
		if w.handled[pp.Index] {
			continue // another picture of the same page
		}
		w.handled[pp.Index] = true
		for _, r := range pp.Replacements {
			m := how
			if how == maskedInPicture && w.paint != nil {
				m = r.Masked // painted in the value's place
			}
			w.res.masked = append(w.res.masked, PreviewItem{Kind: r.Kind.Label(), Where: r.Where, Masked: m})
		}
	}
	return lines, nil
}
