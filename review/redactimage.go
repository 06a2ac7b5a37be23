package review

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/image/bmp"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/tiff"
)

// An image file (a scan or a photograph of a list, .png .jpg .tif .bmp) has no text but what
// OCR reads, so its 脱敏稿 is made as a scanned PDF page's is, from the file's own pixels: the
// image is recognised as the check recognised it (the same Tesseract call, so the targets are
// the text found there), the targets' characters are located from the word boxes and the ink,
// painted out of the image, and the image, at its own resolution and in its own colours,
// becomes the one page of a PDF with the recognised text of the rest as an invisible layer.

// a4Width and a4Height are an A4 page in points: an image's page is the image fitted into A4
// in its own orientation (a 300 dpi scan of an A4 sheet comes out exactly A4).
const a4Width, a4Height = 595.28, 841.89

// imageFormat says whether RedactPDF takes format as an image file.
func imageFormat(format Format) bool {
	switch format {
	case FormatPNG, FormatJPEG, FormatTIFF, FormatBMP:
		return true
	}
	return false
}

// redactImage writes the PDF 脱敏稿 of the image file j.in: one page, the image with the
// targets painted out. A TIFF of several pages is refused (only its first page could be
// decoded), as is a target that OCR does not find on the image.
func (j *redactJob) redactImage(ctx context.Context, format Format, targets []PDFTarget) (PDFReport, error) {
	data, img, err := j.decodeImage()
	if err != nil {
		return PDFReport{}, err
	}
	byPage, err := groupTargets(targets, 1)
	if err != nil {
		return PDFReport{}, err
	}
	ocr, err := findTesseract(ctx, j.reader.Tesseract)
	if err != nil {
		return PDFReport{}, err
	}
	file := filepath.Join(j.tmp, "draft."+string(format))
	if err := os.WriteFile(file, data, 0o600); err != nil {
		return PDFReport{}, err
	}
	tsv, err := ocr.tsv(ctx, file, 0)
	if err != nil {
		return PDFReport{}, malformed("%v", err)
	}
	if pages := tsvPages(tsv); pages > 1 {
		return PDFReport{}, &zhError{fmt.Sprintf("这个 TIFF 文件有 %d 页：多页图像还不能生成脱敏稿，请把各页分开或扫描为 PDF 后再脱敏", pages),
			fmt.Errorf("%w: a TIFF of %d pages", ErrUnsupported, pages)}
	}
	p := imagePage(img, parseTSVWords(bytes.NewReader(tsv)))
	if missing := p.place(byPage[1]); len(missing) > 0 {
		return PDFReport{}, notFound(1, missing, p)
	}
	raster := newRasterDoc(j.opt.Font, j.opt.Paint)
	p.measureSpans(img, float64(img.Bounds().Dx())/p.words.width)
	painted := paintOver(img, p.pageBoxes(), float64(img.Bounds().Dx())/p.words.width)
	if err := raster.addPageAs(p, painted, format == FormatJPEG); err != nil {
		return PDFReport{}, err
	}
	rasterPath := filepath.Join(j.tmp, "raster.pdf")
	if err := raster.write(rasterPath); err != nil {
		return PDFReport{}, err
	}
	rep := pageReport(p)
	rep.Reason = "图像文件：按文字识别找到的位置在原图像上涂去后转为 PDF 的一页，其余文字以识别结果作隐形文字层"
	j.report.Pages = append(j.report.Pages, rep)
	j.report.Converted = format
	j.report.Removed = append(j.report.Removed, "图像文件的元数据（拍摄设备、时间、位置等）未带入脱敏文件")
	j.keep(p)
	if err := j.tools.verify(ctx, rasterPath, targets, j.kept); err != nil {
		return PDFReport{}, err
	}
	return j.report, writeAtomically(rasterPath, j.out)
}

// decodeImage reads the image file within the limits (its size, its pixels) and decodes it.
func (j *redactJob) decodeImage() ([]byte, image.Image, error) {
	f, size, err := j.reader.open(j.in)
	if err != nil {
		return nil, nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, size))
	f.Close()
	if err != nil {
		return nil, nil, err
	}
	img, err := decodeImage(data, j.reader.Limits.MaxImagePixels)
	return data, img, err
}

// imagePage is the page plan of an image whose words OCR boxed in pixels: the page is the
// image fitted into A4, and each word's characters are placed by the image's ink. The image's
// bounds start at 0, 0, as every decoder of the standard library and x/image makes them.
func imagePage(img image.Image, words []pageWord) *plannedPage {
	w, h := float64(img.Bounds().Dx()), float64(img.Bounds().Dy())
	scale := min(a4Width/w, a4Height/h) // points per pixel
	if w > h {
		scale = min(a4Height/w, a4Width/h)
	}
	p := &plannedPage{n: 1, words: pageWords{width: w * scale, height: h * scale}, ocr: true, scanned: true}
	p.glyphs = inkGlyphs(img, clipOverlaps(words), scale)
	return p
}

// clipOverlaps ends each word's box where the next word on its line begins. Tesseract
// sometimes boxes a word far past its last character, over the words after it (measured on
// redact-ids-scan.png: "350203198506150011)" boxed 1,095 pixels wide, over the 符合条件，联系人林美
// that follow it); the ink in such a box would be shared out among the word's characters and
// the mask painted over its neighbours.
func clipOverlaps(words []pageWord) []pageWord {
	for i := 0; i+1 < len(words); i++ {
		a, b := &words[i].box, words[i+1].box
		sameLine := a.y0 < b.y1 && b.y0 < a.y1
		if sameLine && b.x0 > a.x0 && b.x0 < a.x1 {
			a.x1 = b.x0
		}
	}
	return words
}

// tsvPages returns how many pages Tesseract's TSV has: its rows of level 1, one a page, with
// text or without.
func tsvPages(tsv []byte) int {
	n := 0
	for line := range bytes.Lines(tsv) {
		if bytes.HasPrefix(line, []byte("1\t")) {
			n++
		}
	}
	return n
}

// paintedImage is an image with texts painted out of its pixels, encoded again.
type paintedImage struct {
	data    []byte
	missing []string // the texts OCR did not find on the image
	// lines are the text OCR read on the image, a line each, with the replacements made:
	// the text layer of a scanned page.
	lines []layerLine
}

// layerLine is a line of an image's text layer and its box, in fractions of the image's width
// and height from its top left.
type layerLine struct {
	text           string
	x0, y0, x1, y1 float64
}

// paintImage recognises the image data (a file of type ext: .png, .jpg, .tif, .bmp) as the
// check recognises a pasted picture, paints every occurrence of each target's text out of
// its pixels in white, paints the target's replacement in its place in face (nil: none), and
// encodes the image again in its own format. Texts not found are listed, the others painted
// all the same. Errors: the image's (ErrMalformed, ErrTooLarge), Tesseract's (ErrOCRMissing),
// the font's, the context's.
func (r *Reader) paintImage(ctx context.Context, data []byte, ext string, targets []PDFTarget, face *opentype.Font) (paintedImage, error) {
	img, err := decodeImage(data, r.Limits.MaxImagePixels)
	if err != nil {
		return paintedImage{}, err
	}
	ocr, err := findTesseract(ctx, r.Tesseract)
	if err != nil {
		return paintedImage{}, err
	}
	tmp, err := os.MkdirTemp("", "shendang-paint-*")
	if err != nil {
		return paintedImage{}, err
	}
	defer os.RemoveAll(tmp)
	file := filepath.Join(tmp, "image"+ext)
	if err := os.WriteFile(file, data, 0o600); err != nil {
		return paintedImage{}, err
	}
	tsv, err := ocr.tsv(ctx, file, 0)
	if err != nil {
		return paintedImage{}, malformed("%v", err)
	}
	p := imagePage(img, parseTSVWords(bytes.NewReader(tsv)))
	var res paintedImage
	for _, t := range targets {
		t.Page = 1
		if missing := p.place([]PDFTarget{t}); len(missing) > 0 {
			res.missing = append(res.missing, t.Text)
		}
	}
	p.measureSpans(img, float64(img.Bounds().Dx())/p.words.width)
	painted := paintOver(img, p.pageBoxes(), float64(img.Bounds().Dx())/p.words.width)
	if face != nil {
		if err := paintReplacements(face, p, painted); err != nil {
			return paintedImage{}, err
		}
	}
	p.layerRuns(func(run []glyph) {
		b := run[0].box
		for _, g := range run[1:] {
			b = b.union(g.box)
		}
		w, h := p.words.width, p.words.height
		res.lines = append(res.lines, layerLine{runText(p, run), b.x0 / w, b.y0 / h, b.x1 / w, b.y1 / h})
	})
	res.data, err = encodeImage(painted, ext)
	return res, err
}

// blankImage returns a white image of the size of the image data, in the format of ext: the
// placeholder of a picture whose text could not be located.
func (r *Reader) blankImage(data []byte, ext string) ([]byte, error) {
	w, h, err := imageHeader(bytes.NewReader(data), r.Limits.MaxImagePixels)
	if err != nil {
		return nil, err
	}
	img := image.NewGray(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	return encodeImage(img, ext)
}

// decodeImage decodes image data after reading its header within maxPixels. A decoder's panic
// on a damaged file is ErrMalformed.
func decodeImage(data []byte, maxPixels int64) (img image.Image, err error) {
	if _, _, err := imageHeader(bytes.NewReader(data), maxPixels); err != nil {
		return nil, err
	}
	defer func() {
		if p := recover(); p != nil {
			img, err = nil, malformed("decoding the image: %v", p)
		}
	}()
	img, _, err = image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, malformed("decoding the image: %v", err)
	}
	return img, nil
}

// encodeImage encodes img in the format of the file extension ext.
func encodeImage(img image.Image, ext string) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	switch strings.ToLower(ext) {
	case ".jpg", ".jpeg", ".jpe":
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: jpegQuality})
	case ".tif", ".tiff":
		err = tiff.Encode(&buf, img, &tiff.Options{Compression: tiff.Deflate})
	case ".bmp":
		err = bmp.Encode(&buf, img)
	default:
		err = png.Encode(&buf, img)
	}
	return buf.Bytes(), err
}
