package main

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// These helpers find what a person finds on screen: a button by its label, a check by its
// text, the message a dialog shows. They walk what is drawn, top dialog first, as the eye does.

// visible returns every object drawn under o, depth first, skipping hidden ones.
func visible(o fyne.CanvasObject, out []fyne.CanvasObject) []fyne.CanvasObject {
	if o == nil || !o.Visible() {
		return out
	}
	out = append(out, o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			out = visible(c, out)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			out = visible(c, out)
		}
	}
	return out
}

// onScreen is what the person sees: the top dialog when one is open, else the window.
func onScreen(c fyne.Canvas) fyne.CanvasObject {
	if top := c.Overlays().Top(); top != nil {
		return top
	}
	return c.Content()
}

// asButton is o as the button a person presses: a button, or a message box's default button.
func asButton(o fyne.CanvasObject) (*widget.Button, bool) {
	switch b := o.(type) {
	case *widget.Button:
		return b, true
	case *defaultButton:
		return &b.Button, true
	}
	return nil, false
}

// button finds the enabled or disabled button labelled label on screen, or fails.
func button(t *testing.T, c fyne.Canvas, label string) *widget.Button {
	t.Helper()
	var labels []string
	for _, o := range visible(onScreen(c), nil) {
		if b, ok := asButton(o); ok {
			if b.Text == label {
				return b
			}
			labels = append(labels, b.Text)
		}
	}
	t.Fatalf("no button %q on screen; there are %q", label, labels)
	return nil
}

// formEntry finds the entry of the form field labelled label on screen, or fails.
func formEntry(t *testing.T, c fyne.Canvas, label string) *widget.Entry {
	t.Helper()
	for _, o := range visible(onScreen(c), nil) {
		if f, ok := o.(*widget.Form); ok {
			for _, it := range f.Items {
				if e, ok := it.Widget.(*widget.Entry); ok && it.Text == label {
					return e
				}
			}
		}
	}
	t.Fatalf("no form field %q on screen: %s", label, shown(c))
	return nil
}

// tapButton taps the button labelled label on screen; it must be enabled.
func tapButton(t *testing.T, c fyne.Canvas, label string) {
	t.Helper()
	b := button(t, c, label)
	if b.Disabled() {
		t.Fatalf("button %q is disabled", label)
	}
	test.Tap(b)
}

// tapCheck ticks or unticks the check box with the text, inside o.
func tapCheck(t *testing.T, o fyne.CanvasObject, text string) {
	t.Helper()
	for _, x := range visible(o, nil) {
		if ch, ok := x.(*widget.Check); ok && ch.Text == text {
			test.Tap(ch)
			return
		}
	}
	t.Fatalf("no check box %q", text)
}

// pick chooses option in a picker, as a click on it and on the option would.
func pick(t *testing.T, s *widget.Select, option string) {
	t.Helper()
	if !slices.Contains(s.Options, option) {
		t.Fatalf("picker has no %q: %q", option, s.Options)
	}
	test.Tap(s) // opens the pop-up the person picks from
	s.SetSelected(option)
	for _, o := range fyne.CurrentApp().Driver().AllWindows() {
		if top := o.Canvas().Overlays().Top(); top != nil {
			o.Canvas().Overlays().Remove(top)
		}
	}
}

// shown is the text drawn on screen, top dialog first, one string per piece of text.
func shown(c fyne.Canvas) string {
	var texts []string
	for _, o := range visible(onScreen(c), nil) {
		switch x := o.(type) {
		case *widget.Label:
			texts = append(texts, x.Text)
		case *widget.Button:
			texts = append(texts, x.Text)
		case *defaultButton:
			texts = append(texts, x.Text)
		case *canvas.Text:
			texts = append(texts, x.Text)
		}
	}
	return strings.Join(texts, "\n")
}

// dismissDialog closes the top dialog by its button labelled label.
func dismissDialog(t *testing.T, c fyne.Canvas, label string) {
	t.Helper()
	if c.Overlays().Top() == nil {
		t.Fatalf("no dialog open to close with %q", label)
	}
	tapButton(t, c, label)
}

// pressShortcut presses a keyboard shortcut on the canvas, as the window does when no focused
// widget takes it. Fyne's test canvas keeps its shortcut handler in the software canvas it
// embeds, which the test package does not expose: it is reached through that embedded field.
func pressShortcut(t *testing.T, c fyne.Canvas, s fyne.Shortcut) {
	t.Helper()
	sc, ok := c.(fyne.Shortcutable)
	if !ok {
		v := reflect.ValueOf(c)
		if v.Kind() == reflect.Pointer && v.Elem().Kind() == reflect.Struct && v.Elem().NumField() > 0 {
			sc, ok = v.Elem().Field(0).Interface().(fyne.Shortcutable)
		}
	}
	if !ok {
		t.Fatal("the test canvas takes no shortcuts")
	}
	sc.TypedShortcut(s)
}

// englishRe finds words of Latin letters and digits in rendered text; one with a digit in it
// is a code (Z109, a rule version), not English.
var englishRe = regexp.MustCompile(`[A-Za-z0-9]*[A-Za-z]{2,}[A-Za-z0-9]*`)

// markupTextRe finds the text drawn in a markup rendering.
var markupTextRe = regexp.MustCompile(`>([^<>]+)</text>`)

// latinAllowed are the Latin words a Chinese screen legitimately shows: file types, hash and
// key names, the web.
var latinAllowed = map[string]bool{"txt": true, "docx": true, "pdf": true, "ofd": true, "doc": true, "wps": true, "zip": true, "xlsx": true, "xls": true, "log": true, "et": true, "ods": true,
	"pptx": true, "png": true, "jpg": true, "jpeg": true, "tif": true, "tiff": true, "bmp": true,
	"SHA": true, "SM": true, "Ctrl": true, "Shift": true, "Enter": true, "http": true, "https": true, "www": true, "WS": true,
	"KB": true, "MB": true, "UTF": true, "GBK": true, "LibreOffice": true, "htm": true, "html": true, "gov": true, "cn": true, "IP": true}

// assertNoEnglish fails when the canvas shows a Latin word that is neither allowed above nor
// one of the data's own (codes, names, file names given in extra).
func assertNoEnglish(t *testing.T, where string, c fyne.Canvas, extra ...string) {
	t.Helper()
	allowed := func(w string) bool {
		if latinAllowed[w] {
			return true
		}
		for _, e := range extra {
			if strings.Contains(e, w) {
				return true
			}
		}
		return false
	}
	for _, m := range markupTextRe.FindAllStringSubmatch(test.RenderToMarkup(c), -1) {
		for _, w := range englishRe.FindAllString(m[1], -1) {
			if !allowed(w) && !strings.ContainsAny(w, "0123456789") {
				t.Errorf("%s: English on screen: %q in %q", where, w, m[1])
			}
		}
	}
}

// containsText reports whether s holds sub.
func containsText(s, sub string) bool { return strings.Contains(s, sub) }
