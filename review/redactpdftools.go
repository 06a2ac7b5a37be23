package review

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// convert converts the .doc or .wps file being redacted to PDF with LibreOffice, in the job's
// temporary folder, and returns the PDF's path.
func (j *redactJob) convert(ctx context.Context, format Format) (string, error) {
	soffice, err := hostSofficeSearch().find(j.reader.Soffice)
	if err != nil {
		return "", err
	}
	in := filepath.Join(j.tmp, "draft."+string(format))
	src, err := os.Open(j.in)
	if err != nil {
		return "", err
	}
	err = copyTo(in, src)
	src.Close()
	if err != nil {
		return "", err
	}
	cmd := exec.CommandContext(ctx, soffice, "--headless", "--norestore", "--nolockcheck",
		"-env:UserInstallation="+fileURL(filepath.ToSlash(filepath.Join(j.tmp, "profile"))),
		"--convert-to", "pdf:writer_pdf_Export", "--outdir", filepath.Join(j.tmp, "out"), in)
	cmd.Env = append(os.Environ(), "HOME="+j.tmp)
	if conf, err := j.fontConfig(); err == nil {
		cmd.Env = append(cmd.Env, "FONTCONFIG_FILE="+conf)
	}
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		return "", ctx.Err()
	}
	converted := filepath.Join(j.tmp, "out", "draft.pdf")
	if _, serr := os.Stat(converted); err != nil || serr != nil {
		return "", malformed("LibreOffice could not convert it: %s", strings.TrimSpace(string(out)))
	}
	return converted, nil
}

// fontConfig writes a fontconfig file that adds the bundled font to the system's, so that
// LibreOffice draws a draft whose fonts this machine lacks with a Chinese font rather than
// with empty boxes (the page image is what is published). Only LibreOffice built on
// fontconfig (Linux, the BSDs) reads it; elsewhere the system's fonts are used.
func (j *redactJob) fontConfig() (string, error) {
	dir := filepath.Join(j.tmp, "fonts")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "shendang.ttf"), j.opt.Font, 0o600); err != nil {
		return "", err
	}
	conf := filepath.Join(j.tmp, "fonts.conf")
	body := `<?xml version="1.0"?>
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>` + xmlEscape(dir) + `</dir>
  <cachedir>` + xmlEscape(filepath.Join(j.tmp, "fc-cache")) + `</cachedir>
</fontconfig>
`
	return conf, os.WriteFile(conf, []byte(body), 0o600)
}

func xmlEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// assemble writes to out the pages of the PDF at in, page n replaced by page replaced[n] of the
// PDF at raster, with qpdf. The copy is built from an empty PDF: only the pages and what they
// use are copied, nothing of the document's own (its information, metadata, attachments,
// outline, structure tree, form), and no object of a replaced page.
func (t *pdfTools) assemble(ctx context.Context, in, raster string, pages int, replaced map[int]int, out string) error {
	args := []string{"--empty", "--deterministic-id", "--pages"}
	for n := 1; n <= pages; {
		if k, ok := replaced[n]; ok {
			args = append(args, raster, strconv.Itoa(k))
			n++
			continue
		}
		end := n
		for end+1 <= pages && replaced[end+1] == 0 {
			end++
		}
		args = append(args, in, strconv.Itoa(n)+"-"+strconv.Itoa(end))
		n = end + 1
	}
	_, err := t.run(ctx, t.qpdf, append(args, "--", out)...)
	return err
}

// clean removes every page's annotations and the document's interactive form (qpdf carries
// form fields along with their pages) from the PDF at path with pdfcpu, then rewrites it with
// qpdf, which leaves out the objects nothing refers to any more; it returns the new file.
func (j *redactJob) clean(ctx context.Context, path string) (string, error) {
	stripped := filepath.Join(j.tmp, "stripped.pdf")
	removed, err := removeAnnotations(path, stripped)
	if err != nil || !removed {
		return path, err
	}
	out := filepath.Join(j.tmp, "clean.pdf")
	if _, err := j.tools.run(ctx, j.tools.qpdf, "--deterministic-id", stripped, out); err != nil {
		return "", err
	}
	j.report.Removed = append(j.report.Removed, "页面上的批注、链接和表单域（连同其填写内容）已删除")
	return out, nil
}

// removeAnnotations writes the PDF at in to out without its pages' annotations and its
// interactive form, and says whether there was any to remove. pdfcpu reads the file without
// validating it: qpdf has already rewritten it, and pdfcpu refuses common form fields (no
// /DA) that every reader accepts.
func removeAnnotations(in, out string) (removed bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			removed, err = false, malformed("remove annotations: %v", r)
		}
	}()
	f, err := os.Open(in)
	if err != nil {
		return false, err
	}
	defer f.Close()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	pc, err := api.ReadContext(f, conf)
	if err != nil {
		return false, malformed("remove annotations: %v", err)
	}
	root, err := pc.Catalog()
	if err == nil {
		err = pc.EnsurePageCount()
	}
	if err != nil {
		return false, malformed("remove annotations: %v", err)
	}
	removed = root.Delete("AcroForm") != nil
	for n := 1; n <= pc.PageCount; n++ {
		d, _, _, err := pc.PageDict(n, false)
		if err != nil {
			return false, malformed("remove annotations: page %d: %v", n, err)
		}
		removed = d.Delete("Annots") != nil || removed
	}
	if !removed {
		return false, nil
	}
	var buf bytes.Buffer
	if err := api.WriteContext(pc, &buf); err != nil {
		return false, malformed("remove annotations: %v", err)
	}
	return true, os.WriteFile(out, buf.Bytes(), 0o600)
}

// verify reads the text of every page that held a target with pdftotext and fails with
// ErrTargetRemains when a target's text is still there, or, for a target at one occurrence,
// there more often than kept says (by page, by the text folded) it stays.
func (t *pdfTools) verify(ctx context.Context, path string, targets []PDFTarget, kept map[int]map[string]int) error {
	texts := map[int]string{}
	for _, tg := range targets {
		text, ok := texts[tg.Page]
		if !ok {
			page := strconv.Itoa(tg.Page)
			out, err := t.run(ctx, t.pdftotext, "-enc", "UTF-8", "-f", page, "-l", page, path, "-")
			if err != nil {
				return err
			}
			text = foldText(string(out))
			texts[tg.Page] = text
		}
		want := foldText(tg.Text)
		if tg.Occurrence > 0 && strings.Count(text, want) <= kept[tg.Page][want] || tg.Occurrence == 0 && !strings.Contains(text, want) {
			continue
		}
		return &zhError{fmt.Sprintf("第%d页脱敏后仍能读出要遮盖的文字，未生成脱敏文件", tg.Page),
			fmt.Errorf("%w: page %d", ErrTargetRemains, tg.Page)}
	}
	return nil
}

// foldText drops white space and folds each character as findSpans compares them.
func foldText(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(" \t\r\n\f\v\u3000\u00a0", r) {
			return -1
		}
		return pdfFoldRune(r)
	}, s)
}

// recognise runs Tesseract on the page image and returns its words, boxed in pixels.
func (t *pdfTools) recognise(ctx context.Context, ocr ocrTools, img image.Image, dir string, n int) ([]pageWord, error) {
	path := filepath.Join(dir, "ocr"+strconv.Itoa(n)+".png")
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		return nil, err
	}
	defer os.Remove(path)
	out, err := ocr.tsv(ctx, path, ocrDPI)
	if err != nil {
		return nil, err
	}
	return parseTSVWords(bytes.NewReader(out)), nil
}

// tsv runs Tesseract on the image file at path and returns its TSV (word boxes in pixels).
// dpi is the image's resolution when the file does not say it (0: Tesseract's own guess, as
// the check's reading of an image file has it).
func (t ocrTools) tsv(ctx context.Context, path string, dpi int) ([]byte, error) {
	args := []string{path, "stdout", "-l", t.languages, "--psm", ocrPSM}
	if dpi > 0 {
		args = append(args, "--dpi", strconv.Itoa(dpi))
	}
	cmd := exec.CommandContext(ctx, t.tesseract, append(args, "tsv")...)
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	out, stderr := &cappedBuffer{limit: maxTSV}, &cappedBuffer{limit: 4096}
	cmd.Stdout, cmd.Stderr = out, stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err != nil {
		return nil, fmt.Errorf("tesseract: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	if out.over {
		return nil, errors.New("tesseract printed too much for one page")
	}
	return out.Bytes(), nil
}
