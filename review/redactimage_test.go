package review

import (
	"context"
	"errors"
	"image"
	"image/color"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"shendang.gov.cn/shendang/assets"
)

func TestRedactImage(t *testing.T) {
	needRedactTools(t)
	needOCR(t)
	if testing.Short() {
		t.Skip("-short: OCR of an image takes seconds")
	}
	tests := []struct {
		name, file string
		lossless   bool // the page's image is the input's pixels, but for the painted ones
	}{
		{"scan saved as PNG", "redact-ids-scan.png", true},
		{"photo as JPEG, coloured paper", "redact-ids-photo.jpg", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := filepath.Join("testdata", tt.file)
			before := fileHash(t, in)
			out := filepath.Join(t.TempDir(), "脱敏稿.pdf")
			rep, err := RedactPDF(context.Background(), in, out, idTargets, PDFOptions{Font: assets.FormFont(), Paint: assets.UIFont(), Clean: true})
			if err != nil {
				t.Fatalf("RedactPDF: %v", err)
			}
			if got := fileHash(t, in); got != before {
				t.Errorf("input changed: got hash %x, want %x", got, before)
			}
			if len(rep.Pages) != 1 {
				t.Fatalf("got %d pages in the report, want 1: %+v", len(rep.Pages), rep.Pages)
			}
			if p := rep.Pages[0]; p.Page != 1 || p.Masked != 4 || !p.Rasterised || !p.TextLayer || !p.OCR || !strings.Contains(p.Reason, "图像文件") {
				t.Errorf("got page report %+v, want page 1, 4 masked, rasterised, OCR-located, with a text layer", p)
			}
			if rep.Converted == "" {
				t.Errorf("got Converted %q, want the image's format", rep.Converted)
			}
			assertGone(t, out, idTargets)
			if info, err := exec.Command("pdfinfo", out).Output(); err != nil || strings.Contains(string(info), "Producer") {
				t.Errorf("the copy names a producer (%v): %s", err, info)
			}
			src := decodeFile(t, in)
			page := pageImage(t, out)
			if got, want := page.Bounds().Size(), src.Bounds().Size(); got != want {
				t.Fatalf("got the page's image %v pixels, want the input's %v", got, want)
			}
			if tt.lossless {
				assertOnlyWhitened(t, src, page)
				assertOnTheLines(t, src, page)
			}
			text := pdftotext(t, out)
			for _, kept := range []string{"王小明", "补贴"} {
				if !strings.Contains(foldText(text), foldText(kept)) {
					t.Errorf("the output's text lacks %q: %q", kept, text)
				}
			}
		})
	}
}

// assertOnTheLines checks that each replacement painted stands where its value stood, no
// taller and no lower: on each line, over the columns the redaction changed that have ink
// before and after, the median top row of the new ink is the old's, within 2 pixels, and its
// bottom not below the old's (a walker saw them painted in a serif face, larger and lower than the line).
func assertOnTheLines(t *testing.T, src, got image.Image) {
	t.Helper()
	dark := func(img image.Image, x, y int) bool {
		return color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y < 0x60
	}
	extent := func(img image.Image, x, y0, y1 int) (top, bottom int) {
		top, bottom = -1, -1
		for y := y0; y <= y1; y++ {
			if dark(img, x, y) {
				if top < 0 {
					top = y
				}
				bottom = y
			}
		}
		return top, bottom
	}
	b := src.Bounds()
	checked := 0
	for _, line := range inkBands(src) {
		y0, y1 := max(b.Min.Y, line[0]-20), min(b.Max.Y-1, line[1]+20)
		var sTops, sBots, gTops, gBots []int
		for x := b.Min.X; x < b.Max.X; x++ {
			changed := false
			for y := line[0]; y <= line[1] && !changed; y++ {
				changed = src.At(x, y) != got.At(x, y)
			}
			st, sb := extent(src, x, y0, y1)
			gt, gb := extent(got, x, y0, y1)
			if changed && st >= 0 && gt >= 0 {
				sTops, sBots, gTops, gBots = append(sTops, st), append(sBots, sb), append(gTops, gt), append(gBots, gb)
			}
		}
		if len(sTops) == 0 {
			continue
		}
		checked++
		med := func(v []int) int { slices.Sort(v); return v[len(v)/2] }
		// Most of the columns are the asterisks', which hang from the digits' height: their
		// bottoms say nothing, their tops that the characters are the digits' size on the
		// digits' line.
		if st, sb, gt, gb := med(sTops), med(sBots), med(gTops), med(gBots); abs(gt-st) > 2 || gb > sb+2 {
			t.Errorf("the line at rows %v: the replacement's ink spans rows %d–%d (medians), want its top at the value's top %d (±2) and its bottom not below %d", line, gt, gb, st, sb)
		}
	}
	if checked == 0 {
		t.Errorf("no line has a replacement painted")
	}
}

// assertOnlyWhitened checks that every pixel the redaction changed is now white, or ink of a
// replacement painted where white was painted (a whitened pixel near it), and that they are
// few: the rest of the image is as it was.
func assertOnlyWhitened(t *testing.T, src, got image.Image) {
	t.Helper()
	b := src.Bounds()
	grey := func(img image.Image, x, y int) uint8 { return color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y }
	whitened := func(x, y int) bool {
		return image.Pt(x, y).In(b) && grey(got, x, y) == 255 && grey(src, x, y) != 255
	}
	nearWhitened := func(x, y int) bool {
		for dy := -inkReach; dy <= inkReach; dy++ {
			for dx := -inkReach; dx <= inkReach; dx++ {
				if whitened(x+dx, y+dy) {
					return true
				}
			}
		}
		return false
	}
	changed := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			s, g := grey(src, x, y), grey(got, x, y)
			if s == g {
				continue
			}
			changed++
			if g != 255 && !nearWhitened(x, y) {
				t.Fatalf("pixel %d,%d: got grey %d, want it unchanged (%d), painted white, or a replacement's ink", x, y, g, s)
			}
		}
	}
	if total := b.Dx() * b.Dy(); changed == 0 || changed > total/50 {
		t.Errorf("got %d of %d pixels changed, want some and under 2 %%", changed, total)
	}
}

// inkReach is how far, in pixels, a replacement's ink may lie from a pixel painted white: a
// replacement's characters are spread over the box of the value, not on its characters' ink;
// about a character's width at the sizes of a 300 dpi scan.
const inkReach = 30

// pageImage returns the image of the PDF's first page, as pdfimages extracts it.
func pageImage(t *testing.T, pdf string) image.Image {
	t.Helper()
	root := filepath.Join(t.TempDir(), "img")
	if err := exec.Command("pdfimages", "-png", "-f", "1", "-l", "1", pdf, root).Run(); err != nil {
		t.Fatalf("pdfimages: %v", err)
	}
	return decodeFile(t, root+"-000.png")
}

func decodeFile(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	return img
}

func TestRedactImageErrors(t *testing.T) {
	needRedactTools(t)
	needOCR(t)
	tests := []struct {
		name, in string
		targets  []PDFTarget
		want     error
	}{
		{"target on page 2 of an image", "redact-ids-scan.png", []PDFTarget{{Page: 2, Text: "350203198506150011", Replacement: "35*"}}, ErrBadTarget},
		{"text not on the image", "redact-ids-scan.png", []PDFTarget{{Page: 1, Text: "13800138000", Replacement: "138****8000"}}, ErrTargetNotFound},
		{"not an image", "blank.png.txt", nil, ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := filepath.Join("testdata", tt.in)
			if tt.in == "blank.png.txt" {
				in = filepath.Join(t.TempDir(), "broken.png")
				if err := os.WriteFile(in, []byte("\x89PNG\r\n\x1a\nnot really"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			out := filepath.Join(t.TempDir(), "out.pdf")
			_, err := RedactPDF(context.Background(), in, out, tt.targets, PDFOptions{Font: assets.FormFont()})
			if !errors.Is(err, tt.want) {
				t.Fatalf("got error %v, want %v", err, tt.want)
			}
			var re *RedactError
			if !errors.As(err, &re) || re.Zh == "" {
				t.Errorf("got %T %v, want a *RedactError with a Chinese message", err, err)
			}
			if _, serr := os.Stat(out); !os.IsNotExist(serr) {
				t.Errorf("got output after a failure (stat: %v), want none", serr)
			}
		})
	}
}

func TestClipOverlaps(t *testing.T) {
	tests := []struct {
		name       string
		words      []pageWord
		wantRights []float64
	}{
		{"box past the next word on its line", []pageWord{{"3502", pdfBox{10, 0, 200, 10}}, {"符合", pdfBox{60, 0, 80, 10}}}, []float64{60, 80}},
		{"next word on another line", []pageWord{{"3502", pdfBox{10, 0, 200, 10}}, {"符合", pdfBox{60, 20, 80, 30}}}, []float64{200, 80}},
		{"next word before it (a new column)", []pageWord{{"3502", pdfBox{100, 0, 200, 10}}, {"符合", pdfBox{10, 0, 30, 10}}}, []float64{200, 30}},
		{"no overlap", []pageWord{{"35", pdfBox{10, 0, 50, 10}}, {"02", pdfBox{60, 0, 80, 10}}}, []float64{50, 80}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := clipOverlaps(tt.words)
			for i, w := range got {
				if w.box.x1 != tt.wantRights[i] {
					t.Errorf("word %d: got right edge %v, want %v", i, w.box.x1, tt.wantRights[i])
				}
			}
		})
	}
}
