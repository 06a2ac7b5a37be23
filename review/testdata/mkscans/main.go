// Command mkscans draws the OCR fixtures of review/testdata: pages of Chinese text set in the
// bundled Noto Sans SC at the sizes a 公文 uses (三号 16 pt, 小四 12 pt, 五号 10.5 pt), as a
// scanner at 300 dpi would give them, in black and white. Run from review/testdata:
//
//	go run ./mkscans && img2pdf … (mkscans.sh does both)
//
// It writes scan-mark.png (a document head with 秘密★1年, an ID and a mobile number),
// scan-plain.jpg (ordinary wording that must stay quiet), scan-id.tif (a list row with an ID)
// and blank.png (a white page). The pages are a strip of an A4 page, to keep the files and the
// tests small.
package main

import (
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"log"
	"os"
	"path/filepath"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/tiff"
)

const dpi = 300

// line is one line of text on a page: its size in points and its height from the top in mm.
type line struct {
	pt   float64
	mm   float64
	text string
}

func main() {
	data, err := os.ReadFile("../../assets/fonts/NotoSansSC-Regular.otf")
	if err != nil {
		log.Fatal(err)
	}
	f, err := opentype.Parse(data)
	if err != nil {
		log.Fatal(err)
	}
	bench := flag.String("bench", "", "write 20 full A4 pages of 小四 text into this folder instead, for the OCR benchmark")
	media := flag.String("media", "", "write the images mkmedia.sh pastes into office files into this folder instead")
	flag.Parse()
	if *media != "" {
		mediaImages(f, *media)
		return
	}
	if *bench != "" {
		benchPages(f, *bench)
		return
	}
	write("scan-mark.png", page(f, []line{
		{16, 15, "秘密★1年"},
		{16, 30, "厦门市某局关于做好政务公开工作的通知"},
		{12, 45, "各科室：现将有关事项通知如下，请认真贯彻执行。"},
		{12, 55, "联系人：张三，手机 13905921234。"},
		{10.5, 65, "身份证号 350203198506150011"},
	}))
	write("scan-plain.jpg", page(f, []line{
		{16, 15, "厦门市某局政务公开工作要点"},
		{12, 30, "各单位要做好保密审查工作，依法保守秘密。"},
		{12, 40, "除涉密信息外，部门预决算应当公开。"},
		{10.5, 50, "本通知自印发之日起施行。"},
	}))
	write("scan-id.tif", page(f, []line{
		{12, 15, "补贴发放名单"},
		{10.5, 25, "序号 1 姓名 李四 身份证号 11010519491231002X"},
	}))
	write("blank.png", page(f, nil))
}

// mediaImages writes into dir the images mkmedia.sh pastes into a Word document and a
// workbook: media-id.png, a screenshot of two lines of a list (秘密★1年, an ID) in 24-pixel
// text, as a screen shows it; media-rule.png, a rule 600 × 4 pixels that the reader skips as
// decorative; media-photo.png, 200 × 150 pixels of grey with no text.
func mediaImages(f *opentype.Font, dir string) {
	write(filepath.Join(dir, "media-id.png"), screenshot(f, 24, []string{"秘密★1年 厦门市某局关于补贴发放的通知", "补贴名单 李四 身份证号 11010519491231002X"}))
	rule := image.NewPaletted(image.Rect(0, 0, 600, 4), color.Palette{color.White, color.Black})
	for i := range rule.Pix {
		rule.Pix[i] = 1
	}
	write(filepath.Join(dir, "media-rule.png"), rule)
	photo := image.NewPaletted(image.Rect(0, 0, 200, 150), color.Palette{color.White, color.Gray{0x80}})
	for i := range photo.Pix {
		photo.Pix[i] = uint8(i / 7 % 2)
	}
	write(filepath.Join(dir, "media-photo.png"), photo)
}

// screenshot draws lines of text px pixels high, with a margin of one line height, as a
// screen capture holds them (72 dpi: a point is a pixel).
func screenshot(f *opentype.Font, px float64, lines []string) *image.Paletted {
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: px, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		log.Fatal(err)
	}
	w := 0
	for _, l := range lines {
		w = max(w, font.MeasureString(face, l).Ceil())
	}
	step := int(px * 1.6)
	img := image.NewPaletted(image.Rect(0, 0, w+int(px)*2, step*(len(lines)+1)), color.Palette{color.White, color.Black})
	for i, l := range lines {
		d := font.Drawer{Dst: img, Src: image.Black, Face: face, Dot: fixed.P(int(px), step*(i+1))}
		d.DrawString(l)
	}
	return img
}

// benchText is a paragraph of ordinary government wording, repeated down a benchmark page.
var benchText = []string{
	"为进一步做好政务公开工作，根据有关规定，结合本局实际，现就有关事项通知如下。",
	"各科室要高度重视，明确专人负责，按照公开的内容、时限和程序，及时准确发布信息。",
	"对拟公开的政府信息，应当依法依规进行保密审查，未经审查的不得公开。",
	"除涉密信息外，部门预决算、重大建设项目和公共资源配置信息应当主动公开。",
	"公开的信息涉及个人隐私的，应当作去标识化处理，联系电话 0592-1234567。",
}

// benchPages writes 20 A4 pages, each 40 lines of 小四 text, the first under 秘密★1年, as
// bench-01.png … bench-20.png into dir.
func benchPages(f *opentype.Font, dir string) {
	for n := 1; n <= 20; n++ {
		var lines []line
		if n == 1 {
			lines = append(lines, line{16, 20, "秘密★1年"})
		}
		for i := range 40 {
			lines = append(lines, line{12, 35 + float64(i)*6, benchText[(n+i)%len(benchText)]})
		}
		img := page(f, lines)
		full := image.NewPaletted(image.Rect(0, 0, 2480, 3508), img.Palette) // A4 at 300 dpi
		for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
			copy(full.Pix[y*full.Stride:], img.Pix[y*img.Stride:y*img.Stride+img.Rect.Dx()])
		}
		write(filepath.Join(dir, fmt.Sprintf("bench-%02d.png", n)), full)
	}
}

// page draws lines on a white page 150 mm wide, 25 mm from the left edge, 10 mm below the
// last line (99 mm high when blank).
func page(f *opentype.Font, lines []line) *image.Paletted {
	height := 99.0
	if len(lines) > 0 {
		height = lines[len(lines)-1].mm + 10
	}
	px := func(mm float64) int { return int(mm / 25.4 * dpi) }
	img := image.NewPaletted(image.Rect(0, 0, px(150), px(height)), color.Palette{color.White, color.Black})
	for _, l := range lines {
		face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: l.pt, DPI: dpi, Hinting: font.HintingNone})
		if err != nil {
			log.Fatal(err)
		}
		d := font.Drawer{Dst: img, Src: image.Black, Face: face, Dot: fixed.P(px(25), px(l.mm))}
		d.DrawString(l.text)
	}
	return img
}

// write encodes img by the name's extension.
func write(name string, img *image.Paletted) {
	out, err := os.Create(name)
	if err != nil {
		log.Fatal(err)
	}
	switch filepath.Ext(name)[1:] {
	case "png":
		err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(out, img)
	case "jpg":
		err = jpeg.Encode(out, toGray(img), &jpeg.Options{Quality: 50})
	case "tif":
		err = tiff.Encode(out, img, &tiff.Options{Compression: tiff.Deflate})
	}
	if err != nil {
		log.Fatal(err)
	}
	if err := out.Close(); err != nil {
		log.Fatal(err)
	}
}

// toGray is img in 8-bit grey, as a JPEG holds it.
func toGray(img *image.Paletted) *image.Gray {
	g := image.NewGray(img.Bounds())
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
		for x := img.Rect.Min.X; x < img.Rect.Max.X; x++ {
			g.Set(x, y, img.At(x, y))
		}
	}
	return g
}
