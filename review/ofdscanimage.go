package review

import (
	"bytes"
	"context"
	"errors"
	"path"
	"strings"
)

// ScanImage is the image of a scanned page of a document: what a reviewer compares the
// page's recognised text with.
type ScanImage struct {
	Page int
	Name string // the image's name in the package (scan_21.tif)
	Data []byte
}

// OFDScanImages returns the images of the scanned (image-only) pages of the OFD document data,
// the first image of each page, in page order, within the reader's limits. A page whose image
// the resources do not name or the package lacks is left out. Errors: the package's
// (ErrMalformed, ErrTooLarge), the context's.
func (r *Reader) OFDScanImages(ctx context.Context, data []byte) ([]ScanImage, error) {
	src := &source{r: bytes.NewReader(data), size: int64(len(data)), ctx: ctx}
	p, err := openPackage(ctx, src, r.Limits)
	if err != nil {
		return nil, err
	}
	root, err := r.readOFDEntry(p, &Document{})
	if err != nil || root == "" {
		return nil, malformed("OFD.xml names no DocRoot: %v", err)
	}
	root = ofdPath("", root)
	pages, _, err := r.readOFDPageList(p, root)
	if err != nil {
		return nil, err
	}
	media, err := r.ofdMedia(p, root)
	if err != nil {
		return nil, err
	}
	var out []ScanImage
	for i, pg := range pages {
		text, images, _, err := r.readOFDPage(p, ofdPath(path.Dir(root), pg.loc))
		if err != nil {
			return nil, pageError(i+1, pg.loc, err)
		}
		if strings.TrimSpace(text) != "" || len(images) == 0 {
			continue
		}
		name, ok := media[images[0]]
		if !ok {
			continue
		}
		img, err := r.entryBytes(p, name)
		if errors.Is(err, errNoEntry) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, ScanImage{Page: i + 1, Name: path.Base(name), Data: img})
	}
	return out, nil
}
