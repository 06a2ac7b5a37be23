package review

import (
	"context"
	"fmt"
	"image"
	_ "image/jpeg" // decoders of the image headers imageHeader reads
	_ "image/png"
	"io"
	"os"
	"path/filepath"

	_ "golang.org/x/image/bmp"
	_ "golang.org/x/image/tiff"
)

// imageHeader reads an image file's header — no pixels — and returns its width and height.
// A file that is no PNG, JPEG, TIFF or BMP, or whose header is damaged, is ErrMalformed; one of
// more than maxPixels pixels is ErrTooLarge, before anything decodes it: a 30,000 × 30,000
// image needs 900 MB as a grey bitmap and several copies of that inside Tesseract.
func imageHeader(r io.Reader, maxPixels int64) (w, h int, err error) {
	cfg, kind, err := image.DecodeConfig(r)
	if err != nil {
		return 0, 0, malformed("not a PNG, JPEG, TIFF or BMP image: %v", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return 0, 0, malformed("the %s image is %d × %d pixels", kind, cfg.Width, cfg.Height)
	}
	if int64(cfg.Width)*int64(cfg.Height) > maxPixels {
		return 0, 0, fmt.Errorf("%w: the image is %d × %d pixels, the limit is %d pixels", ErrTooLarge, cfg.Width, cfg.Height, maxPixels)
	}
	return cfg.Width, cfg.Height, nil
}

// readImage reads an image file — a scan or a photograph of a document — by OCR: every page
// (a TIFF can hold several) is an image-only page whose recognised text is its body part.
// Tesseract missing is ErrOCRMissing: an image has no text but what OCR gives.
func (r *Reader) readImage(ctx context.Context, format Format, src *source) (*Document, error) {
	if _, _, err := imageHeader(io.NewSectionReader(src, 0, src.size), r.Limits.MaxImagePixels); err != nil {
		return nil, err
	}
	tools, err := findTesseract(ctx, r.Tesseract)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "shendang-ocr-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	in := filepath.Join(tmp, "draft."+string(format))
	if err := copyTo(in, io.NewSectionReader(src, 0, src.size)); err != nil {
		return nil, err
	}
	results := inParallel(ctx, 1, func(ctx context.Context, _ int) ([]ocrPage, error) {
		return tools.run(ctx, in, 0)
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if results[0].err != nil {
		return nil, malformed("%v", results[0].err)
	}
	doc := &Document{Format: format, Pages: 1}
	for _, p := range results[0].pages {
		doc.Pages = max(doc.Pages, p.page)
	}
	for n := 1; n <= doc.Pages; n++ {
		doc.ImageOnlyPages = append(doc.ImageOnlyPages, n)
		var pages []ocrPage
		for _, p := range results[0].pages {
			if p.page == n {
				pages = append(pages, p)
			}
		}
		doc.takeRecognised(n, pageResult{pages: pages})
	}
	return doc, nil
}
