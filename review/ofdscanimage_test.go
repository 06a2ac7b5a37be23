package review

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestOFDScanImages: the scanned pages of an OFD give their images, the pages with text none;
// a file that is not an OFD package is ErrMalformed.
func TestOFDScanImages(t *testing.T) {
	tests := []struct {
		file  string
		pages []int // the pages with an image, in order
		names []string
		err   error
	}{
		{"redact-ids.ofd", []int{2}, []string{"scan_21.tif"}, nil},
		{"sample.ofd", nil, nil, nil},
		{"redact-ids-lo.pdf", nil, nil, ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			got, err := NewReader().OFDScanImages(context.Background(), data)
			if !errors.Is(err, tt.err) {
				t.Fatalf("got error %v, want %v", err, tt.err)
			}
			if len(got) != len(tt.pages) {
				t.Fatalf("got %d images, want pages %v", len(got), tt.pages)
			}
			for i, img := range got {
				if img.Page != tt.pages[i] || img.Name != tt.names[i] || len(img.Data) == 0 {
					t.Errorf("image %d: got page %d %q (%d bytes), want page %d %q", i, img.Page, img.Name, len(img.Data), tt.pages[i], tt.names[i])
				}
			}
		})
	}
}

// FuzzOFDScanImages: whatever the package, OFDScanImages never panics, and an image it
// returns is on a page and has data.
func FuzzOFDScanImages(f *testing.F) {
	seedFixtures(f, "ofd")
	seedHostile(f, "ofd")
	f.Fuzz(func(t *testing.T, data []byte) {
		imgs, err := NewReader().OFDScanImages(context.Background(), data)
		if err != nil {
			return
		}
		for _, img := range imgs {
			if img.Page < 1 || len(img.Data) == 0 {
				t.Fatalf("got image %q on page %d with %d bytes", img.Name, img.Page, len(img.Data))
			}
		}
	})
}
