package review

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// PDFTarget is one thing to remove from a PDF: the exact text as the check found it on a page
// (Finding.Match, Finding.Page) and what the published copy shows instead.
type PDFTarget struct {
	Page        int
	Text        string
	Replacement string
	// Occurrence masks only the n-th occurrence of Text on the page, counted from 1 in the
	// page's reading order; 0 masks every occurrence.
	Occurrence int
}

// PDFOptions says how RedactPDF works.
type PDFOptions struct {
	// Clean removes, besides the targets, every page's annotations (comments, links, form
	// fields and their values). Document information, XMP metadata, embedded files, the
	// outline and the structure tree are never carried into the copy, Clean or not: any of
	// them may hold the values removed from the pages.
	Clean bool
	// Font is the TrueType font the replacements and the invisible text layer of a rasterised
	// page are written in (assets.FormFont()); without it nothing can be rasterised.
	Font []byte
	// Paint is the OpenType face the replacements are painted into a page's pixels in
	// (assets.UIFont(), the face of the window); Font when empty.
	Paint []byte
	// Reader gives the limits, the time limit included, and the programs (LibreOffice,
	// Tesseract, pdftoppm); nil is NewReader().
	Reader *Reader
}

// PDFReport says what RedactPDF did.
type PDFReport struct {
	// Converted is the format the input was converted to PDF from (doc, wps), or "".
	Converted Format
	// Pages are the pages that were changed, in order; the others were copied as they were.
	Pages []PDFPageReport
	// Removed says in Chinese what Clean and the copy left out of the file.
	Removed []string
}

// PDFPageReport says what was done to one page.
type PDFPageReport struct {
	Page int
	// Masked is how many occurrences of targets were removed from the page.
	Masked int
	// Rasterised says the page was replaced by its image with the targets painted out;
	// Reason says why, in Chinese.
	Rasterised bool
	Reason     string
	// TextLayer says the rest of the page's text was kept as an invisible text layer, so it
	// can still be searched and copied; OCR that this text (and where the targets were) came
	// from recognising the page's image.
	TextLayer bool
	OCR       bool
}

// Errors RedactPDF returns besides the Reader's (ErrUnsupported, ErrTooLarge, ErrMalformed,
// ErrEncrypted, ErrConverterMissing, ErrNotRegular, ErrTimeout), wrapped in a *RedactError.
var (
	// ErrRedactTools: poppler's pdftotext and pdftoppm, or qpdf, are not installed.
	ErrRedactTools = errors.New("redacting a PDF needs poppler (pdftotext, pdftoppm) and qpdf")
	// ErrTargetNotFound: a target's text is not on its page, neither in the text nor in what
	// OCR reads of the page's image.
	ErrTargetNotFound = errors.New("target text not found on its page")
	// ErrTargetRemains: after redaction the output's text still holds a target.
	ErrTargetRemains = errors.New("target text still in the output")
	// ErrBadTarget: a target names no page, a page past the end, or no text.
	ErrBadTarget = errors.New("bad redaction target")
)

// RedactError is the error of redacting one file: which file, in Chinese what went wrong, and
// the cause.
type RedactError struct {
	Path string
	Zh   string
	Err  error
}

func (e *RedactError) Error() string {
	return fmt.Sprintf("%s：%s（%v）", filepath.Base(e.Path), e.Zh, e.Err)
}

func (e *RedactError) Unwrap() error { return e.Err }

// RedactPDF writes to out a copy of the PDF (or .doc/.wps, converted by LibreOffice) at in from
// which every target is gone: each page that holds a target is rendered to an image, the
// targets' boxes are painted out of the pixels, the replacement is written over each, and the
// rest of the page's text is written again as an invisible text layer; the other pages are
// copied as they are (qpdf). A scanned page, or a page whose font cannot be read as text, is
// located by OCR. An image file (png, jpg, tif, bmp) becomes a PDF of one page, its own pixels
// with the targets painted out (redactimage.go). The output is checked with pdftotext before
// it is kept.
//
// The input is never modified; out is written through a temporary file in its folder and a
// rename, and does not exist after a failure. Every error is a *RedactError naming the file,
// with a Chinese message, wrapping ErrBadTarget, ErrTargetNotFound, ErrTargetRemains,
// ErrRedactTools, one of the Reader's errors (an OFD file is ErrUnsupported: Reader.Redact
// masks it in the OFD and draws that as its PDF 脱敏稿), the context's error, or the file system's.
func RedactPDF(ctx context.Context, in, out string, targets []PDFTarget, opt PDFOptions) (PDFReport, error) {
	r := opt.Reader
	if r == nil {
		r = NewReader()
	}
	ctx, cancel := context.WithTimeout(ctx, r.Limits.Timeout)
	defer cancel()
	job := &redactJob{in: in, out: out, opt: opt, reader: r}
	rep, err := job.run(ctx, targets)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil {
			err = fmt.Errorf("%w: more than %v", ErrTimeout, r.Limits.Timeout)
		}
		return PDFReport{}, &RedactError{Path: in, Zh: redactZh(err), Err: err}
	}
	return rep, nil
}

// redactZh returns the Chinese message for a redaction error.
func redactZh(err error) string {
	var zh *zhError
	switch {
	case errors.As(err, &zh):
		return zh.zh
	case errors.Is(err, ErrUnsupported):
		return "这种文件不能生成脱敏 PDF（只支持 PDF、扫描 PDF、doc、wps 和 png、jpg、tif、bmp 图像）"
	case errors.Is(err, ErrTooLarge):
		return "文件太大，超过了审查的限度"
	case errors.Is(err, ErrEncrypted):
		return "文件有打开密码，无法脱敏"
	case errors.Is(err, ErrConverterMissing):
		return "本机没有 LibreOffice，无法把 doc/wps 文件转为 PDF"
	case errors.Is(err, ErrRedactTools), errors.Is(err, ErrOCRMissing):
		return "本机缺少脱敏所需的程序（poppler 的 pdftotext、pdftoppm 和 qpdf；扫描页还需 Tesseract 简体中文）"
	case errors.Is(err, ErrTimeout):
		return "脱敏超过了时限，未生成文件"
	case errors.Is(err, context.Canceled):
		return "脱敏已取消，未生成文件"
	case errors.Is(err, ErrNotRegular):
		return "这不是一个普通文件"
	case errors.Is(err, os.ErrNotExist):
		return "文件不存在"
	}
	return "文件已损坏或无法处理，未生成脱敏文件"
}

// zhError is an error with its own Chinese message.
type zhError struct {
	zh  string
	err error
}

func (e *zhError) Error() string { return e.err.Error() }
func (e *zhError) Unwrap() error { return e.err }

// redactJob is one RedactPDF call.
type redactJob struct {
	in, out string
	opt     PDFOptions
	reader  *Reader
	tools   *pdfTools
	tmp     string
	pdf     string // the PDF worked on: in, or its conversion
	// ocrPages counts the pages recognised, within Limits.MaxOCRPages.
	ocrPages int
	report   PDFReport
	// kept is, by page, how many occurrences of a text targeted at one occurrence stay on it
	// (by the text folded as verify compares it).
	kept map[int]map[string]int
}

func (j *redactJob) run(ctx context.Context, targets []PDFTarget) (PDFReport, error) {
	f, _, err := j.reader.open(j.in)
	if err != nil {
		return PDFReport{}, err
	}
	f.Close()
	format, err := formatOf(j.in)
	if err != nil {
		return PDFReport{}, err
	}
	if format == FormatOFD {
		return PDFReport{}, &zhError{"OFD 文件的脱敏稿不在这里生成：先在 OFD 中遮盖号码，再转为 PDF",
			fmt.Errorf("%w: an OFD is masked in the OFD and then drawn as a PDF (Reader.Redact)", ErrUnsupported)}
	}
	if format != FormatPDF && format != FormatDOC && format != FormatWPS && !imageFormat(format) {
		return PDFReport{}, fmt.Errorf("%w: %s cannot be redacted as PDF", ErrUnsupported, format)
	}
	if len(j.opt.Font) == 0 {
		return PDFReport{}, errors.New("PDFOptions.Font is empty")
	}
	// gofpdf writes into the font it is given while it subsets it: the caller's bytes (often
	// the one embedded font of the program) are not handed to it.
	j.opt.Font = bytes.Clone(j.opt.Font)
	if j.tools, err = findPDFTools(j.reader); err != nil {
		return PDFReport{}, err
	}
	if j.tmp, err = os.MkdirTemp("", "shendang-redact-*"); err != nil {
		return PDFReport{}, err
	}
	defer os.RemoveAll(j.tmp)
	if imageFormat(format) {
		return j.redactImage(ctx, format, targets)
	}
	j.pdf = j.in
	if format != FormatPDF {
		if j.pdf, err = j.convert(ctx, format); err != nil {
			return PDFReport{}, err
		}
		j.report.Converted = format
	}
	return j.redact(ctx, targets)
}

// redact plans every page with targets, rasterises them, assembles the copy, checks it and
// moves it into place.
func (j *redactJob) redact(ctx context.Context, targets []PDFTarget) (PDFReport, error) {
	pages, err := j.tools.pageCount(ctx, j.pdf)
	if err != nil {
		return PDFReport{}, err
	}
	byPage, err := groupTargets(targets, pages)
	if err != nil {
		return PDFReport{}, err
	}
	raster := newRasterDoc(j.opt.Font, j.opt.Paint)
	var order []int
	for n := 1; n <= pages; n++ {
		if len(byPage[n]) > 0 {
			order = append(order, n)
		}
	}
	replaced := map[int]int{}
	for _, n := range order {
		if err := ctx.Err(); err != nil {
			return PDFReport{}, err
		}
		p, img, err := j.planPage(ctx, n, byPage[n])
		if err != nil {
			return PDFReport{}, err
		}
		p.measureSpans(img, float64(img.Bounds().Dx())/p.words.width)
		if err := raster.addPage(p, paintOver(img, p.pageBoxes(), float64(img.Bounds().Dx())/p.words.width)); err != nil {
			return PDFReport{}, fmt.Errorf("page %d: %w", n, err)
		}
		replaced[n] = raster.count
		j.keep(p)
		j.report.Pages = append(j.report.Pages, pageReport(p))
	}
	rasterPath := filepath.Join(j.tmp, "raster.pdf")
	if len(order) > 0 {
		if err := raster.write(rasterPath); err != nil {
			return PDFReport{}, err
		}
	}
	assembled := filepath.Join(j.tmp, "assembled.pdf")
	if err := j.tools.assemble(ctx, j.pdf, rasterPath, pages, replaced, assembled); err != nil {
		return PDFReport{}, err
	}
	j.report.Removed = append(j.report.Removed, "文档属性（标题、作者等）、XMP 元数据、附件、书签和结构树未带入脱敏文件")
	if j.opt.Clean {
		if assembled, err = j.clean(ctx, assembled); err != nil {
			return PDFReport{}, err
		}
	}
	if err := j.tools.verify(ctx, assembled, targets, j.kept); err != nil {
		return PDFReport{}, err
	}
	return j.report, writeAtomically(assembled, j.out)
}

// groupTargets checks the targets and groups them by page.
func groupTargets(targets []PDFTarget, pages int) (map[int][]PDFTarget, error) {
	by := map[int][]PDFTarget{}
	for _, t := range targets {
		if t.Page < 1 || t.Page > pages {
			return nil, &zhError{fmt.Sprintf("要遮盖的文字标明在第%d页，但文件只有 %d 页", t.Page, pages),
				fmt.Errorf("%w: page %d of %d", ErrBadTarget, t.Page, pages)}
		}
		if strings.TrimSpace(t.Text) == "" {
			return nil, &zhError{fmt.Sprintf("第%d页有一处要遮盖的文字是空的", t.Page), fmt.Errorf("%w: empty text", ErrBadTarget)}
		}
		by[t.Page] = append(by[t.Page], t)
	}
	return by, nil
}

func pageReport(p *plannedPage) PDFPageReport {
	rep := PDFPageReport{Page: p.n, Masked: len(p.spans), Rasterised: true, OCR: p.ocr}
	for i := range p.glyphs {
		rep.TextLayer = rep.TextLayer || !p.masked(i)
	}
	switch {
	case p.scanned:
		rep.Reason = "扫描页：在页面图像上涂去识别出的位置后重新编码，其余文字以识别结果作隐形文字层"
	case p.ocr:
		rep.Reason = "页面字体没有可读的文字编码，按图像识别定位；页面转为图像，原文字内容全部删除"
	default:
		rep.Reason = "页面转为图像，被遮盖的文字已从页面内容中删除；其余文字保留为隐形文字层，可检索和复制"
	}
	return rep
}

// planPage finds the page's targets in its text or, failing that, in what OCR reads of its
// image, and returns the plan and the page's image to paint.
func (j *redactJob) planPage(ctx context.Context, n int, targets []PDFTarget) (*plannedPage, image.Image, error) {
	words, err := j.tools.bbox(ctx, j.pdf, n)
	if err != nil {
		return nil, nil, err
	}
	p := &plannedPage{n: n, words: words, scanned: len(words.words) == 0}
	p.glyphs = pageGlyphs(words.words, contentLefts(ctx, j.pdf, n, words, j.reader.Limits))
	if missing := p.place(targets); len(missing) == 0 {
		img, err := j.tools.renderPage(ctx, j.pdf, j.tmp, n, redactDPI, false)
		if err != nil {
			return nil, nil, err
		}
		p.refineByInk(img, float64(img.Bounds().Dx())/words.width)
		return p, img, nil
	}
	if j.ocrPages >= j.reader.Limits.MaxOCRPages {
		if j.reader.Limits.MaxOCRPages > 0 {
			return nil, nil, &zhError{fmt.Sprintf("第%d页须作文字识别才能找到要遮盖的文字，但已超过每个文件最多识别 %d 页的限度，未生成脱敏文件", n, j.reader.Limits.MaxOCRPages),
				fmt.Errorf("%w: page %d needs OCR past Limits.MaxOCRPages (%d)", ErrTooLarge, n, j.reader.Limits.MaxOCRPages)}
		}
		return nil, nil, notFound(n, targets, p)
	}
	j.ocrPages++
	ocr, err := findTesseract(ctx, j.reader.Tesseract)
	if err != nil {
		return nil, nil, err
	}
	img, err := j.tools.renderPage(ctx, j.pdf, j.tmp, n, ocrDPI, true)
	if err != nil {
		return nil, nil, err
	}
	ocrWords, err := j.tools.recognise(ctx, ocr, img, j.tmp, n)
	if err != nil {
		return nil, nil, err
	}
	p.words.words, p.ocr, p.spans = nil, true, nil
	p.glyphs = inkGlyphs(img, ocrWords, words.width/float64(img.Bounds().Dx()))
	if missing := p.place(targets); len(missing) > 0 {
		return nil, nil, notFound(n, missing, p)
	}
	return p, img, nil
}

// place finds each target among the page's glyphs, every occurrence of it or the one it
// names, and returns the targets not found.
func (p *plannedPage) place(targets []PDFTarget) (missing []PDFTarget) {
	p.kept = map[string]int{}
	one := map[string]map[int]bool{} // the occurrences masked of a text targeted one at a time
	for _, t := range targets {
		spans := findSpans(p.glyphs, t.Text)
		if len(spans) == 0 || t.Occurrence > len(spans) {
			missing = append(missing, t)
			continue
		}
		if t.Occurrence > 0 {
			key := foldText(t.Text)
			if one[key] == nil {
				one[key] = map[int]bool{}
			}
			one[key][t.Occurrence] = true
			p.kept[key] = len(spans) - len(one[key])
			spans = spans[t.Occurrence-1 : t.Occurrence]
		}
		for _, s := range spans {
			if !p.masked(s[0]) {
				p.spans = append(p.spans, plannedSpan{s: s[0], e: s[1], replacement: t.Replacement})
			}
		}
	}
	return missing
}

// keep notes how many occurrences of the texts targeted one at a time stay on page p.
func (j *redactJob) keep(p *plannedPage) {
	if j.kept == nil {
		j.kept = map[int]map[string]int{}
	}
	j.kept[p.n] = p.kept
}

func notFound(n int, missing []PDFTarget, p *plannedPage) error {
	return &zhError{fmt.Sprintf("第%d页找不到要遮盖的文字（%d 处），未生成脱敏文件", n, len(missing)),
		fmt.Errorf("%w: page %d, %d of them (%d characters read on the page)", ErrTargetNotFound, n, len(missing), len(p.glyphs))}
}

// writeAtomically copies the finished file at from to path through a temporary file in path's
// folder, synced, then renamed over path.
func writeAtomically(from, path string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	_, err = io.Copy(tmp, src)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// pdfTools are the programs a PDF is redacted with.
type pdfTools struct {
	pdftotext, pdftoppm, qpdf string
}

// findPDFTools finds poppler's pdftotext and pdftoppm (the Reader's Pdftoppm names the latter,
// the former is looked for beside it first) and qpdf.
func findPDFTools(r *Reader) (*pdfTools, error) {
	ppm, err := findPoppler(r.Pdftoppm, "pdftoppm")
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrRedactTools, err)
	}
	text, err := findPoppler("", "pdftotext")
	if beside := filepath.Join(filepath.Dir(ppm), "pdftotext"+filepath.Ext(ppm)); r.Pdftoppm != "" {
		if _, serr := os.Stat(beside); serr == nil {
			text, err = beside, nil
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrRedactTools, err)
	}
	s := hostSofficeSearch()
	qpdf, err := s.findProgram("", []string{"qpdf"}, qpdfCandidates(s.goos), ErrRedactTools)
	if err != nil {
		return nil, err
	}
	return &pdfTools{pdftotext: text, pdftoppm: ppm, qpdf: qpdf}, nil
}

// qpdfCandidates returns where qpdf installs itself when it is not on PATH.
func qpdfCandidates(goos string) []string {
	switch goos {
	case "windows":
		return []string{`C:\Program Files\qpdf*\bin\qpdf.exe`}
	case "darwin":
		return []string{"/opt/homebrew/bin/qpdf", "/usr/local/bin/qpdf", "/opt/local/bin/qpdf"}
	}
	return []string{"/usr/bin/qpdf", "/usr/local/bin/qpdf"}
}

// maxToolOutput bounds what a program may print: pdftotext's text of a whole long document.
const maxToolOutput = 64 << 20

// run runs a program and returns what it printed; its failure is an error with its complaint.
// qpdf's exit status 3 (warnings, output written) is success.
func (t *pdfTools) run(ctx context.Context, prog string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, prog, args...)
	out, stderr := &cappedBuffer{limit: maxToolOutput}, &cappedBuffer{limit: 4096}
	cmd.Stdout, cmd.Stderr = out, stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	var exit *exec.ExitError
	if prog == t.qpdf && errors.As(err, &exit) && exit.ExitCode() == 3 {
		err = nil
	}
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if strings.Contains(strings.ToLower(msg), "password") {
			return nil, fmt.Errorf("%w: %s", ErrEncrypted, msg)
		}
		return nil, malformed("%s: %v: %s", filepath.Base(prog), err, msg)
	}
	if out.over {
		return nil, fmt.Errorf("%w: %s printed more than %d bytes", ErrTooLarge, filepath.Base(prog), maxToolOutput)
	}
	return out.Bytes(), nil
}

// pageCount asks qpdf how many pages the PDF has.
func (t *pdfTools) pageCount(ctx context.Context, path string) (int, error) {
	out, err := t.run(ctx, t.qpdf, "--show-npages", path)
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil || n < 1 {
		return 0, malformed("qpdf --show-npages: %q", out)
	}
	return n, nil
}

// bbox returns the words of page n with their boxes, from pdftotext -bbox.
func (t *pdfTools) bbox(ctx context.Context, path string, n int) (pageWords, error) {
	page := strconv.Itoa(n)
	out, err := t.run(ctx, t.pdftotext, "-bbox", "-enc", "UTF-8", "-f", page, "-l", page, path, "-")
	if err != nil {
		return pageWords{}, err
	}
	// A font with no Unicode map gives control characters, which XML does not allow.
	out = bytes.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' {
			return -1
		}
		return r
	}, out)
	pw, err := parseBBox(bytes.NewReader(out))
	if err != nil {
		return pageWords{}, malformed("page %d: %v", n, err)
	}
	return pw, nil
}
