package review

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Images pasted into a Word document or a workbook (word/media, xl/media): a scanned notice, a
// photographed list, a screenshot of a spreadsheet carry text that no XML part holds. They are
// read by OCR like an image file, after the checks an image file gets (its header, its pixels)
// and within the document's OCR budget (Limits.MaxOCRPages, counting each image as a page, and
// the time scanned pages get).

// Decorative images are not recognised: a rule, a border, a bullet, an icon. An image is
// decorative when its shorter side is under minTextSide pixels or it has fewer than
// minTextPixels pixels in all. The bound is low on purpose: Tesseract reads a screenshot's
// line of text far smaller than a scan's (measured with Noto Sans SC and chi_sim, psm 4: the
// line 身份证号 350203198506150011 set 10 pixels high in an image 163 × 16 reads exactly, set 8
// pixels high in 130 × 12 the ID still reads), so anything that could hold such a line is
// recognised; a logo of a few thousand pixels costs Tesseract a fifth of a second, and the
// number of images is bounded by Limits.MaxOCRPages.
const (
	minTextSide   = 10
	minTextPixels = 32 * 32
)

// mediaImage is one image of a package's media folder to recognise: its name in the folder
// and the temporary copy Tesseract reads.
type mediaImage struct {
	name, file string
}

// addMediaImages recognises the images under dir (word/media, xl/media) of the package and
// adds the text of each as a body part labelled 嵌入图片 and marked as recognised. Pixels past
// Limits.MaxImagePixels, images past the OCR budget, no Tesseract, an image Tesseract cannot
// read or reads with little confidence: each is a gap, for a person to look at the image.
// Only the unpacking budget spent, the time up or the caller cancelling end the reading of the
// file.
func (r *Reader) addMediaImages(ctx context.Context, p *pkg, doc *Document, dir string) error {
	names := mediaNames(p, dir)
	if len(names) == 0 {
		return nil
	}
	tmp, err := os.MkdirTemp("", "shendang-media-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var images []mediaImage
	for i, name := range names {
		img, err := r.mediaImage(p, doc, name, filepath.Join(tmp, strconv.Itoa(i)+path.Ext(name)))
		if err != nil {
			return err
		}
		if img.file != "" {
			images = append(images, img)
		}
	}
	if limit := max(0, r.Limits.MaxOCRPages-len(doc.Recognised)); len(images) > limit {
		doc.addGap(0, fmt.Sprintf("另有 %d 张嵌入图片未作文字识别（每个文件最多识别 %d 页或张），请人工查看：%s", len(images)-limit, r.Limits.MaxOCRPages, imageNames(images[limit:])))
		images = images[:limit]
	}
	if len(images) == 0 {
		return nil
	}
	files := make([]string, len(images))
	for i, img := range images {
		files[i] = img.file
	}
	results, err := r.recogniseImages(ctx, doc, files, fmt.Sprintf("本机没有找到文字识别程序（Tesseract 及其简体中文语言包），%d 张嵌入图片中的文字未作审查，请人工查看：%s", len(images), imageNames(images)))
	if err != nil {
		return err
	}
	for i, res := range results {
		doc.takeMediaImage(images[i].name, res)
	}
	return nil
}

// recogniseImages runs Tesseract on each image file (an image unpacked by unpackImage), in
// parallel within the time scanned pages get, and returns each one's result in order. With no
// Tesseract it adds the gap missing to doc and returns no results. Only the caller's context
// ending, or Tesseract's search failing otherwise, is an error.
func (r *Reader) recogniseImages(ctx context.Context, doc *Document, files []string, missing string) ([]pageResult, error) {
	tools, err := findTesseract(ctx, r.Tesseract)
	if errors.Is(err, ErrOCRMissing) {
		doc.addGap(0, missing)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	ocrCtx, cancel := context.WithDeadline(ctx, ocrDeadline(ctx, r.Limits.Timeout))
	defer cancel()
	results := inParallel(ocrCtx, len(files), func(ctx context.Context, i int) ([]ocrPage, error) {
		return tools.run(ctx, files[i], 0)
	})
	return results, ctx.Err()
}

// mediaNames returns the entries under dir, in the order of their numbers (image2.png before
// image10.png).
func mediaNames(p *pkg, dir string) []string {
	var names []string
	for _, n := range p.names {
		if strings.HasPrefix(n, dir+"/") && !strings.HasSuffix(n, "/") {
			names = append(names, n)
		}
	}
	sort.Slice(names, func(i, j int) bool { return naturalLess(path.Base(names[i]), path.Base(names[j])) })
	return names
}

// naturalLess orders names by their text before the first digit, then by the number there.
func naturalLess(a, b string) bool {
	pa, na := splitNumber(a)
	pb, nb := splitNumber(b)
	if pa != pb || na == nb {
		return a < b
	}
	return na < nb
}

// splitNumber returns the text of s before its first digit and the number the digits there
// make (-1 when there is none).
func splitNumber(s string) (string, int) {
	i := strings.IndexFunc(s, func(c rune) bool { return c >= '0' && c <= '9' })
	if i < 0 {
		return s, -1
	}
	j := i
	for j < len(s) && j-i < 9 && isDigit(s[j]) {
		j++
	}
	n, _ := strconv.Atoi(s[i:j])
	return s[:i], n
}

// mediaImage unpacks one media entry into file when it is an image to recognise; the returned
// image's file is "" when it is not: a format OCR does not read (EMF, WMF, SVG, GIF), a
// decorative image, or one with a gap. Only a fatal error of the reading is returned.
func (r *Reader) mediaImage(p *pkg, doc *Document, name, file string) (mediaImage, error) {
	base := path.Base(name)
	switch strings.ToLower(path.Ext(base)) {
	case ".png", ".jpg", ".jpeg", ".jpe", ".tif", ".tiff", ".bmp":
	default:
		return mediaImage{}, nil
	}
	ok, err := r.unpackImage(p, doc, name, file, "嵌入图片“"+base+"”", 0)
	if !ok || err != nil {
		return mediaImage{}, err
	}
	return mediaImage{name: base, file: file}, nil
}

// unpackImage copies the package entry name, an image, to file for OCR, after reading its
// header, and reports whether it is to be recognised: not when it is decorative, nor when it
// is a gap of page (0: the document's) — damaged, too large, or in a format Tesseract is not
// given — which names it by label (嵌入图片“image1.png”). Only a fatal error of the reading is
// returned: the unpacking budget spent, the time up, the caller cancelling.
func (r *Reader) unpackImage(p *pkg, doc *Document, name, file, label string, page int) (bool, error) {
	rc, err := p.open(name)
	if errors.Is(err, errNoEntry) {
		doc.addGap(page, label+"在文件中找不到，未作文字识别，请人工查看")
		return false, nil
	}
	if err != nil {
		return false, err // past the unpacking budget, or a ZIP bomb
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, r.Limits.MaxFileSize+1))
	switch {
	case err != nil && fatalRead(err):
		return false, err
	case err != nil:
		doc.addGap(page, label+"已损坏，未作文字识别，请人工查看")
		return false, nil
	case int64(len(data)) > r.Limits.MaxFileSize:
		doc.addGap(page, fmt.Sprintf("%s超过 %d 字节，未作文字识别，请人工查看", label, r.Limits.MaxFileSize))
		return false, nil
	}
	w, h, err := imageHeader(bytes.NewReader(data), r.Limits.MaxImagePixels)
	switch {
	case errors.Is(err, ErrTooLarge):
		doc.addGap(page, fmt.Sprintf("%s的像素过多（超过 %d 像素），未作文字识别，请人工查看", label, r.Limits.MaxImagePixels))
		return false, nil
	case err != nil:
		doc.addGap(page, label+"已损坏或格式无法识别，未作文字识别，请人工查看")
		return false, nil
	case decorative(w, h):
		return false, nil
	}
	return true, os.WriteFile(file, data, 0o600)
}

// decorative reports whether an image of w × h pixels is too small to hold text Tesseract
// could read: a logo, a rule, an icon.
func decorative(w, h int) bool {
	return min(w, h) < minTextSide || int64(w)*int64(h) < minTextPixels
}

// imageNames lists images' names for a gap: image3.png、image4.jpeg.
func imageNames(images []mediaImage) string {
	names := make([]string, len(images))
	for i, img := range images {
		names[i] = img.name
	}
	return strings.Join(names, "、")
}

// takeMediaImage records what OCR gave for the embedded image name: its text as a body part
// of its own, labelled 嵌入图片 and marked as recognised, each page of a TIFF a part; a failure,
// or text read with little confidence, is a gap. An image with no text (a photograph) adds
// nothing.
func (d *Document) takeMediaImage(name string, res pageResult) {
	switch {
	case errors.Is(res.err, errOCRTime):
		d.addGap(0, fmt.Sprintf("嵌入图片“%s”未在审查时限内完成文字识别，请人工查看", name))
		return
	case res.err != nil:
		d.addGap(0, fmt.Sprintf("嵌入图片“%s”未能识别（图像已损坏或识别程序出错），请人工查看", name))
		return
	}
	for _, p := range res.pages {
		rec := p.rec
		label := "嵌入图片 " + name
		if len(res.pages) > 1 {
			label += fmt.Sprintf(" 第%d页", p.page)
		}
		d.Parts = append(d.Parts, Part{Kind: PartBody, Label: label, Image: name, Text: p.text, OCR: &rec})
		if p.chars > 0 && rec.Confidence < lowConfidence {
			d.addGap(0, fmt.Sprintf("%s的图像识别置信度低（%d%%），识别结果不可靠，请人工查看", label, rec.Confidence))
		}
	}
}
