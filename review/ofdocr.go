package review

import (
	"context"
	"encoding/xml"
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

// An OFD made from a scanner has pages whose only content is an ImageObject: the page's image
// is a file of the package (Res/image_13.jpg), named by a MultiMedia resource of the document
// (PublicRes.xml, DocumentRes.xml). Such a page is recognised by giving that file to Tesseract
// as an image file is given, with no rendering: the scan is the page.

// ofdScanJob is one image of an image-only page to recognise.
type ofdScanJob struct {
	page int
	file string
}

// recogniseOFD recognises the images of the image-only pages of an OFD document (scans: page
// → the ResourceIDs of its ImageObjects), within Limits.MaxOCRPages (each image counts as a
// page) and the time scanned pages get, adding each page's text as recognised, as
// recognisePDF does. An image the resources do not name, or that cannot be read, is a gap of
// its page; so are the pages past the limit, and Tesseract missing is one gap of the document.
// Only the unpacking budget spent, the time up or the caller cancelling are errors.
func (r *Reader) recogniseOFD(ctx context.Context, p *pkg, doc *Document, root string, scans map[int][]string) error {
	if len(scans) == 0 {
		return nil
	}
	media, err := r.ofdMedia(p, root)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "shendang-ofd-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	jobs, err := r.ofdScanJobs(p, doc, scans, media, tmp)
	if err != nil || len(jobs) == 0 {
		return err
	}
	files := make([]string, len(jobs))
	for i, job := range jobs {
		files[i] = job.file
	}
	results, err := r.recogniseImages(ctx, doc, files, "本机没有找到文字识别程序（Tesseract 及其简体中文语言包），扫描页未作文字识别，请人工阅读；安装后重新审查即可识别")
	if err != nil || results == nil {
		return err
	}
	byPage := map[int]*pageResult{}
	var order []int
	for i, job := range jobs {
		res, ok := byPage[job.page]
		if !ok {
			res = &pageResult{}
			byPage[job.page] = res
			order = append(order, job.page)
		}
		if results[i].err != nil && res.err == nil {
			res.err = results[i].err
		}
		res.pages = append(res.pages, results[i].pages...)
	}
	for _, n := range order {
		doc.takeRecognised(n, *byPage[n])
	}
	return nil
}

// ofdScanJobs unpacks the images of the image-only pages into dir, in page order, up to
// Limits.MaxOCRPages images; the pages past it are a gap.
func (r *Reader) ofdScanJobs(p *pkg, doc *Document, scans map[int][]string, media map[string]string, dir string) ([]ofdScanJob, error) {
	pages := make([]int, 0, len(scans))
	for n := range scans {
		pages = append(pages, n)
	}
	sort.Ints(pages)
	limit := max(0, r.Limits.MaxOCRPages)
	var jobs []ofdScanJob
	for k, n := range pages {
		if len(jobs)+len(scans[n]) > limit {
			doc.addGap(n, fmt.Sprintf("第%d页起的 %d 个扫描页未作文字识别（每个文件最多识别 %d 页），请人工阅读", n, len(pages)-k, limit))
			break
		}
		for _, id := range scans[n] {
			label := fmt.Sprintf("第%d页的图像（资源 %s）", n, id)
			name, ok := media[id]
			if !ok {
				doc.addGap(n, label+"在文件的资源中找不到，未作文字识别，请人工阅读")
				continue
			}
			file := filepath.Join(dir, strconv.Itoa(len(jobs))+path.Ext(name))
			if ok, err := r.unpackImage(p, doc, name, file, label, n); err != nil {
				return nil, err
			} else if ok {
				jobs = append(jobs, ofdScanJob{page: n, file: file})
			}
		}
	}
	return jobs, nil
}

// ofdMedia returns the package entry of each image the document's resources name, by
// resource ID: the MultiMedia of the PublicRes and DocumentRes files Document.xml lists. A
// resource file that is missing names nothing; one that is damaged is ErrMalformed.
func (r *Reader) ofdMedia(p *pkg, root string) (map[string]string, error) {
	var resFiles []string
	err := p.walkXML(root, r.Limits.MaxXMLDepth, func(w *xmlWalker) (err error) {
		resFiles, err = ofdResFiles(w)
		return err
	})
	if err != nil {
		return nil, err
	}
	media := map[string]string{}
	for _, loc := range resFiles {
		name := ofdPath(path.Dir(root), loc)
		err := p.walkXML(name, r.Limits.MaxXMLDepth, func(w *xmlWalker) error { return ofdMultiMedia(w, path.Dir(name), media) })
		if err != nil && !errors.Is(err, errNoEntry) {
			return nil, err
		}
	}
	return media, nil
}

// ofdResFiles returns the locations of the resource files a Document.xml lists.
func ofdResFiles(w *xmlWalker) ([]string, error) {
	var locs []string
	var in string
	for {
		tok, err := w.next()
		if err == io.EOF {
			return locs, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "PublicRes" || t.Name.Local == "DocumentRes" {
				in = t.Name.Local
			}
		case xml.EndElement:
			in = ""
		case xml.CharData:
			if loc := strings.TrimSpace(string(t)); in != "" && loc != "" {
				locs = append(locs, loc)
			}
		}
	}
}

// ofdMultiMedia reads a resource file in dir and adds to media the package entry of each
// image it names: MediaFile under the file's BaseLoc, by the MultiMedia's ID.
func ofdMultiMedia(w *xmlWalker, dir string, media map[string]string) error {
	base, id, inFile := dir, "", false
	for {
		tok, err := w.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "Res":
				if loc := attr(t, "BaseLoc"); loc != "" {
					base = ofdPath(dir, loc)
				}
			case "MultiMedia":
				id = attr(t, "ID")
			case "MediaFile":
				inFile = true
			}
		case xml.EndElement:
			inFile = inFile && t.Name.Local != "MediaFile"
		case xml.CharData:
			if loc := strings.TrimSpace(string(t)); inFile && id != "" && loc != "" {
				media[id] = ofdPath(base, loc)
			}
		}
	}
}
