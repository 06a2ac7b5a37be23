package main

import (
	"bytes"
	"image"
	_ "image/jpeg" // the size of a JPEG scan
	_ "image/png"  // the size of a PNG scan
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
	_ "golang.org/x/image/bmp"  // the size of a BMP scan
	_ "golang.org/x/image/tiff" // the size of a TIFF scan

	"shendang.gov.cn/shendang/review"
)

// The text of a scan is what OCR read, and a name it misread (李芳 as "BF") can be neither
// seen nor selected in it. So for an image draft the 脱敏后通过 dialog shows the page beside
// the text, and a window where it can be read at any size; for any draft with recognised text
// it says that names must be checked against the original, and what to do when the text is
// wrong.

// scanWarning is what the dialog says above a draft's text when some of it was recognised.
const scanWarning = "这份文件的文字是从扫描图像识别的，可能有错：姓名等请对照原件核对。" +
	"识别错的内容在文字中选不到，也无法粘贴添加；遇到这种情况请退回，由拟稿处室遮盖后重新提交。"

// recognised reports whether any of doc's text was read by OCR.
func recognised(doc *review.Document) bool {
	for _, p := range doc.Parts {
		if p.OCR != nil {
			return true
		}
	}
	return false
}

// scanView is the page of an image draft beside its recognised text: the page fitted into
// the pane, and 放大查看原件… for a window where it is read at any size.
type scanView struct {
	win     fyne.Window // the window the zoomed page is shown over
	page    fyne.Resource
	size    fyne.Size // the image's size in pixels, or zero when it is not known
	content fyne.CanvasObject
	open    *widget.Button
	zoomed  *scanWindow // the window opened, or nil
}

// newScanView returns the view of the page image pg: an image file's (Page 0) or a scanned
// page's of a document.
func newScanView(pg review.ScanImage, win fyne.Window) *scanView {
	v := &scanView{win: win, page: fyne.NewStaticResource(pg.Name, pg.Data)}
	if c, _, err := image.DecodeConfig(bytes.NewReader(pg.Data)); err == nil {
		v.size = fyne.NewSize(float32(c.Width), float32(c.Height))
	}
	thumb := canvas.NewImageFromResource(v.page)
	thumb.FillMode = canvas.ImageFillContain
	thumb.ScaleMode = canvas.ImageScaleSmooth
	thumb.SetMinSize(fyne.NewSize(180, 240))
	v.open = widget.NewButton("放大查看原件…", v.onOpen)
	title := "原件："
	if pg.Page > 0 {
		title = "原件第 " + strconv.Itoa(pg.Page) + " 页（扫描页）："
	}
	v.content = container.NewBorder(widget.NewLabel(title), v.open, nil, nil, thumb)
	return v
}

// onOpen shows the page at any size in a dialog over the window: the 脱敏 dialog behind it is
// dimmed and waits until it is closed (a window of its own left it usable, and under a bare X
// server had no frame to move or close it by).
func (v *scanView) onOpen() {
	if v.zoomed != nil {
		return
	}
	v.zoomed = newScanWindow(v)
	v.zoomed.dlg.SetOnClosed(func() { v.zoomed = nil })
	showEscapable(v.win, v.zoomed.dlg)
}

// scanWindow shows the page at a zoom the reader chooses, scrolled.
type scanWindow struct {
	dlg     *dialog.CustomDialog
	img     *canvas.Image
	zoom    float32 // the image's width in the window over its width in pixels
	in, out *widget.Button
	close   *widget.Button
	label   *widget.Label
}

// zoomSteps are the zooms offered, from the smallest.
var zoomSteps = []float32{0.25, 0.35, 0.5, 0.7, 1, 1.4, 2}

// newScanWindow returns the window of v's page, at a zoom that fits its width to the window.
func newScanWindow(v *scanView) *scanWindow {
	w := &scanWindow{zoom: 1}
	w.img = canvas.NewImageFromResource(v.page)
	w.img.FillMode = canvas.ImageFillContain
	w.img.ScaleMode = canvas.ImageScaleSmooth
	pixels := v.size
	if pixels.IsZero() {
		pixels = fyne.NewSize(1240, 1754) // an A4 page at 150 dpi
	}
	w.zoom = zoomSteps[0]
	for _, z := range zoomSteps {
		if pixels.Width*z <= 860 {
			w.zoom = z
		}
	}
	w.label = widget.NewLabel("")
	w.in = widget.NewButton("放大", func() { w.step(1, pixels) })
	w.out = widget.NewButton("缩小", func() { w.step(-1, pixels) })
	w.step(0, pixels)
	bar := container.NewHBox(w.out, w.in, w.label)
	w.dlg = dialog.NewCustomWithoutButtons("原件图像（对照核对姓名）", container.NewBorder(bar, nil, nil, nil, container.NewScroll(w.img)), v.win)
	w.close = widget.NewButton("关闭", w.dlg.Hide)
	w.dlg.SetButtons([]fyne.CanvasObject{w.close})
	size := v.win.Canvas().Size()
	w.dlg.Resize(fyne.NewSize(min(900, size.Width-20), min(700, size.Height-20)))
	return w
}

// step zooms delta steps in (or out, negative) and shows the page at that size.
func (w *scanWindow) step(delta int, pixels fyne.Size) {
	k := 0
	for i, z := range zoomSteps {
		if z <= w.zoom {
			k = i
		}
	}
	k = max(0, min(len(zoomSteps)-1, k+delta))
	w.zoom = zoomSteps[k]
	w.img.SetMinSize(fyne.NewSize(pixels.Width*w.zoom, pixels.Height*w.zoom))
	w.label.SetText(zoomLabel(w.zoom))
	enable(w.in, k < len(zoomSteps)-1)
	enable(w.out, k > 0)
}

// zoomLabel says the zoom as a percentage: 70%.
func zoomLabel(z float32) string {
	return "原图的 " + strconv.Itoa(int(z*100+0.5)) + "%"
}
