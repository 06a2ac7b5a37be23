package review

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ocrDPI is the resolution scanned PDF pages are rendered at for Tesseract: at 300 dpi 五号
// (10.5 pt) characters are about 44 pixels high, where Tesseract reads Chinese reliably; at
// 200 dpi (29 pixels) it starts to confuse characters (see ocr_test.go's measure).
const ocrDPI = 300

// lowConfidence is the mean word confidence under which a recognised page is called
// unreliable: the reviewer is told to read it rather than to check it.
const lowConfidence = 60

// ocrPSM is Tesseract's page segmentation mode: 4, a single column of text of varying sizes.
// The default, 3 (fully automatic layout), drops the lone 秘密★1年 line above a page of dense
// text as if it were a picture (measured on mkscans.sh bench's first page: mode 3 gives no
// mark, 4, 6 and 11 all give 秘密女]年), and a secrecy check needs every line more than it needs
// the columns in reading order. Mode 4 costs the same time as 3; 11 (sparse text) a fifth more.
const ocrPSM = "4"

// maxTSV bounds what Tesseract may print for one page: a dense A4 page gives about 100 KB.
const maxTSV = 16 << 20

// RecognisedPage says what OCR gave for one page that has no text layer.
type RecognisedPage struct {
	Page int
	// Chars is how many characters were recognised, white space apart; 0 means nothing was.
	Chars int
	// Confidence is the mean of the word boxes' confidences, 0–100.
	Confidence int
}

// ProgressFunc is told how many of the pages to recognise are done. It is called from the
// goroutines doing the work, so it must be safe for that.
type ProgressFunc func(done, total int)

type progressKey struct{}

// WithProgress returns a context whose reads report the progress of their long work — OCR of
// scanned pages — to f.
func WithProgress(ctx context.Context, f ProgressFunc) context.Context {
	return context.WithValue(ctx, progressKey{}, f)
}

// progressOf returns the context's ProgressFunc, or one that does nothing.
func progressOf(ctx context.Context) ProgressFunc {
	if f, ok := ctx.Value(progressKey{}).(ProgressFunc); ok && f != nil {
		return f
	}
	return func(int, int) {}
}

// tesseract runs Tesseract on the image file at path and returns the text of each of its pages
// that has any. dpi is the image's resolution when the file does not say it (0: Tesseract
// guesses). Tesseract runs one thread (OMP_THREAD_LIMIT=1): pages run in parallel instead, and
// its own threads only contend for the same cores (11.6 s against 1.9 s a page on two cores).
func (t ocrTools) run(ctx context.Context, path string, dpi int) ([]ocrPage, error) {
	out, err := t.tsv(ctx, path, dpi)
	if err != nil {
		return nil, err
	}
	return parseTSV(bytes.NewReader(out)), nil
}

// cappedBuffer keeps the first limit bytes written to it and notes that more came.
type cappedBuffer struct {
	bytes.Buffer
	limit int
	over  bool
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if room := b.limit - b.Len(); len(p) > room {
		b.over = true
		b.Buffer.Write(p[:max(0, room)])
		return len(p), nil
	}
	return b.Buffer.Write(p)
}

// recognisePDF recognises the text of the PDF's pages that have images and no text layer, in
// parallel up to the processors, within Limits.MaxOCRPages: each page is rendered with
// poppler's pdftoppm and read by Tesseract. A recognised page's text becomes that page's body
// part, marked with its Recognition; every page tried is in doc.Recognised. What stops the
// recognition is a gap, said once: Tesseract or pdftoppm missing, pages past the limit, a
// page that could not be rendered or read. Only the context's end is an error.
func (r *Reader) recognisePDF(ctx context.Context, src *source, doc *Document, sizes map[int][2]float64) error {
	pages := doc.ImageOnlyPages
	if limit := max(0, r.Limits.MaxOCRPages); len(pages) > limit {
		doc.addGap(pages[limit], fmt.Sprintf("第%d页起的 %d 个扫描页未作文字识别（每个文件最多识别 %d 页），请人工阅读", pages[limit], len(pages)-limit, limit))
		pages = pages[:limit]
	}
	if len(pages) == 0 {
		return nil
	}
	tools, pdftoppm, err := r.pdfOCRTools(ctx)
	if err != nil {
		if errors.Is(err, ErrOCRMissing) {
			doc.addGap(0, "本机没有找到文字识别程序（Tesseract 及其简体中文语言包、poppler 的 pdftoppm），扫描页未作文字识别，请人工阅读；安装后重新审查即可识别")
			return nil
		}
		return err
	}
	tmp, err := os.MkdirTemp("", "shendang-ocr-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	in := filepath.Join(tmp, "draft.pdf")
	if err := copyTo(in, io.NewSectionReader(src, 0, src.size)); err != nil {
		return err
	}
	ocrCtx, cancel := context.WithDeadline(ctx, ocrDeadline(ctx, r.Limits.Timeout))
	defer cancel()
	results := inParallel(ocrCtx, len(pages), func(ctx context.Context, i int) ([]ocrPage, error) {
		return tools.pdfPage(ctx, pdftoppm, in, tmp, pages[i], sizes[pages[i]])
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	for i, res := range results {
		doc.takeRecognised(pages[i], res)
	}
	return nil
}

// errOCRTime is the result of a page whose recognition the time limit stopped or never began.
var errOCRTime = errors.New("未在审查时限内完成")

// ocrDeadline is when the recognition of a PDF's scanned pages must stop, so that the pages
// already recognised and the file's own text are still checked within the reader's time
// limit: a tenth of the limit (at least five seconds) before the context's deadline. A dense A4
// page takes Tesseract about 11 s of one processor.
func ocrDeadline(ctx context.Context, limit time.Duration) time.Time {
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(limit)
	}
	return deadline.Add(-max(limit/10, 5*time.Second))
}

// pdfOCRTools finds Tesseract and pdftoppm.
func (r *Reader) pdfOCRTools(ctx context.Context) (ocrTools, string, error) {
	tools, err := findTesseract(ctx, r.Tesseract)
	if err != nil {
		return ocrTools{}, "", err
	}
	pdftoppm, err := findPoppler(r.Pdftoppm, "pdftoppm")
	return tools, pdftoppm, err
}

// pageResult is what became of one page's recognition: its text, or why there is none.
type pageResult struct {
	pages []ocrPage
	err   error
}

// inParallel runs work for 0…n-1 on up to as many goroutines as there are processors, and
// returns each one's result in order, with progress reported to the context's ProgressFunc.
// A work's error is its result; when the context ends the rest are not begun, and each
// unfinished result is errOCRTime.
func inParallel(ctx context.Context, n int, work func(context.Context, int) ([]ocrPage, error)) []pageResult {
	progress := progressOf(ctx)
	progress(0, n)
	results := make([]pageResult, n)
	for i := range results {
		results[i].err = errOCRTime
	}
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for range max(1, min(runtime.NumCPU(), n)) {
		wg.Go(func() {
			for i := range next {
				pages, err := work(ctx, i)
				if err != nil && ctx.Err() != nil {
					err = errOCRTime // killed by the time limit, not failed
				}
				results[i] = pageResult{pages, err}
				mu.Lock()
				done++
				progress(done, n)
				mu.Unlock()
			}
		})
	}
feed:
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	return results
}

// pdfPage renders page n of the PDF at in (size: its media box in points, or zero when
// unknown) into dir with pdftoppm, in grey, and recognises it. The image is removed at once:
// a page at 300 dpi is about 9 MB.
func (t ocrTools) pdfPage(ctx context.Context, pdftoppm, in, dir string, n int, size [2]float64) ([]ocrPage, error) {
	dpi := pageDPI(size)
	root := filepath.Join(dir, "page"+strconv.Itoa(n))
	args := []string{"-gray", "-f", strconv.Itoa(n), "-l", strconv.Itoa(n), "-singlefile"}
	if dpi > 0 {
		args = append(args, "-r", strconv.Itoa(dpi))
	} else {
		args = append(args, "-scale-to", strconv.Itoa(maxOCRSide))
	}
	cmd := exec.CommandContext(ctx, pdftoppm, append(args, in, root)...)
	out, err := cmd.CombinedOutput()
	defer os.Remove(root + ".pgm")
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err != nil {
		return nil, fmt.Errorf("pdftoppm: %v: %s", err, strings.TrimSpace(string(out)))
	}
	return t.run(ctx, root+".pgm", max(dpi, 0))
}

// maxOCRSide is the longest side in pixels a page of unknown size is rendered to: an A4 page's
// at 300 dpi. maxOCRPixels bounds a page's pixels whatever its size: a little more than an A3
// page's at 300 dpi.
const (
	maxOCRSide   = 3508
	maxOCRPixels = 5000 * 3600
)

// pageDPI returns the resolution a page of size points is rendered at: ocrDPI, less for a page
// so large that it would pass maxOCRPixels, or 0 when the size is unknown or absurd.
func pageDPI(size [2]float64) int {
	w, h := size[0], size[1]
	if !(w >= 1 && h >= 1) || w > 1e6 || h > 1e6 {
		return 0
	}
	dpi := ocrDPI
	if px := w * h / (72 * 72) * ocrDPI * ocrDPI; px > maxOCRPixels {
		dpi = int(ocrDPI * math.Sqrt(maxOCRPixels/px))
	}
	return max(dpi, 1)
}

// takeRecognised records what OCR gave for image-only page n: the text becomes the page's own
// (empty) body part, or a part of its own for an image file's further pages; a failure is a
// gap of the page.
func (d *Document) takeRecognised(n int, res pageResult) {
	switch {
	case errors.Is(res.err, errOCRTime):
		d.addGap(n, fmt.Sprintf("第%d页（扫描件）未在审查时限内完成文字识别，请人工阅读", n))
		return
	case res.err != nil:
		d.addGap(n, fmt.Sprintf("第%d页（扫描件）的图像未能识别（页面已损坏或识别程序出错），请人工阅读", n))
		return
	}
	rp := RecognisedPage{Page: n}
	for _, p := range res.pages {
		rp.Chars += p.chars
		rp.Confidence = p.rec.Confidence // a PDF page's image has one page
		rec := p.rec
		d.setPageText(n, p.text, &rec)
	}
	d.Recognised = append(d.Recognised, rp)
}

// setPageText puts recognised text into page n's body part, the first one with no text, or a
// new part after the page's own text (a page number, a stamp over the scan) when it has some.
func (d *Document) setPageText(n int, text string, rec *Recognition) {
	at := len(d.Parts)
	for i := range d.Parts {
		p := &d.Parts[i]
		if p.Kind != PartBody || p.Page != n || p.Embedded != "" || p.OCR != nil {
			continue
		}
		if strings.TrimSpace(p.Text) == "" {
			p.Text, p.OCR, p.Label = text, rec, "图像识别"
			return
		}
		at = i + 1
	}
	d.Parts = slices.Insert(d.Parts, at, Part{Kind: PartBody, Page: n, Label: "图像识别", Text: text, OCR: rec})
}

// recognised returns what OCR gave for page n, if it was tried.
func (d *Document) recognised(n int) (RecognisedPage, bool) {
	for _, rp := range d.Recognised {
		if rp.Page == n {
			return rp, true
		}
	}
	return RecognisedPage{}, false
}
