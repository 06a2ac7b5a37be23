package review

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strings"
	"testing"
)

// bboxSeeds are answers of pdftotext -bbox, as poppler 22 prints them, and damaged ones.
var bboxSeeds = []string{
	`<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><head><title></title><meta name="Producer" content="x"/></head><body><doc>
  <page width="595.303937" height="841.889764">
    <word xMin="71.000000" yMin="94.000764" xMax="251.000000" yMax="109.600764">经审核，申请人陈建国（身份证号</word>
    <word xMin="253.400000" yMin="94.000764" xMax="517.200000" yMax="109.600764">350203198506150011）符合条件</word>
    <word xMin="10" yMin="10" xMax="20" yMax="20">&amp;&lt;</word>
  </page>
</doc></body></html>`,
	`<doc><page width="100" height="100"><word xMin="1" yMin="1" xMax="0" yMax="2">inverted</word><word xMin="NaN" yMin="1" xMax="2" yMax="2">nan</word><word xMin="1" yMin="1" xMax="2" yMax="2">  </word></page><page width="1" height="1"><word xMin="0" yMin="0" xMax="1" yMax="1">second</word></page></doc>`,
	`<doc><page width="0" height="100"></page></doc>`,
	`<doc><word xMin="1" yMin="1" xMax="2" yMax="2">no page</word></doc>`,
	`<doc><page width="10" height="10"><word xMin="1" yMin="1" xMax="2" yMax="2"><b>nested</b></word>`,
	"",
}

func TestParseBBox(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []string // the words' text, in order
		wantErr bool
	}{
		{"poppler's answer", bboxSeeds[0], []string{"经审核，申请人陈建国（身份证号", "350203198506150011）符合条件", "&<"}, false},
		{"absurd boxes and blank words left out, second page ignored", bboxSeeds[1], nil, false},
		{"page of no width", bboxSeeds[2], nil, true},
		{"no page", bboxSeeds[3], nil, true},
		{"empty", "", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pw, err := parseBBox(strings.NewReader(tt.in))
			if (err != nil) != tt.wantErr {
				t.Fatalf("got error %v, want error %v", err, tt.wantErr)
			}
			var got []string
			for _, w := range pw.words {
				got = append(got, w.text)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got words %q, want %q", got, tt.want)
			}
		})
	}
}

func FuzzParseBBox(f *testing.F) {
	for _, s := range bboxSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		pw, err := parseBBox(strings.NewReader(in))
		if err != nil {
			return
		}
		if !(pw.width > 0 && pw.height > 0) {
			t.Errorf("got page %v × %v without an error", pw.width, pw.height)
		}
		for _, w := range pw.words {
			if !w.box.valid() || strings.TrimSpace(w.text) == "" {
				t.Errorf("got word %q %+v", w.text, w.box)
			}
		}
	})
}

// tsvWordSeeds are rows of Tesseract's TSV, as 5.3 prints them, and damaged ones.
var tsvWordSeeds = []string{
	"level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n" +
		"1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t\n" +
		"5\t1\t1\t1\t1\t1\t1069\t397\t502\t47\t91.5\t350203198506150011)\n" +
		"5\t1\t1\t1\t2\t1\t509\t474\t514\t40\t88\t11010519491231002X。\n",
	"5\t1\t1\t1\t1\t1\t-5\t0\t10\t10\t90\tneg\n5\t1\t1\t1\t1\t1\t1\t2\t3\t4\t90\t \n5\t1\t1\t1\t1\t1\tx\t2\t3\t4\t90\tbad\n5\t1\t1\t1\t1\t1\t1\t2\t3\t4\t90\ta\tb\n",
	"5\t1\t1",
}

func TestParseTSVWords(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"Tesseract's answer", tsvWordSeeds[0], "[350203198506150011)@{1069 397 1571 444} 11010519491231002X。@{509 474 1023 514}]"},
		{"negative, blank and damaged rows left out; a tab in the text kept", tsvWordSeeds[1], "[a\tb@{1 2 4 6}]"},
		{"short row", tsvWordSeeds[2], "[]"},
	}
	for _, tt := range tests {
		var got []string
		for _, w := range parseTSVWords(strings.NewReader(tt.in)) {
			got = append(got, fmt.Sprintf("%s@%v", w.text, w.box))
		}
		if s := "[" + strings.Join(got, " ") + "]"; s != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, s, tt.want)
		}
	}
}

func FuzzParseTSVWords(f *testing.F) {
	for _, s := range tsvWordSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, w := range parseTSVWords(strings.NewReader(in)) {
			if !w.box.valid() || w.box.x0 < 0 || w.text == "" {
				t.Errorf("got word %q %+v", w.text, w.box)
			}
		}
	})
}

// lineGlyphs lays text out on one line as pageGlyphs would from a single word box of 12 pt.
func lineGlyphs(text string) []glyph {
	w := 0.0
	for _, r := range text {
		w += emWidth(r) * 12
	}
	return pageGlyphs([]pageWord{{text, pdfBox{0, 0, w, 15.6}}}, nil)
}

func TestFindSpans(t *testing.T) {
	tests := []struct {
		name, page, target string
		want               string
	}{
		{"once", "身份证号350203198506150011）", "350203198506150011", "[[4 22]]"},
		{"check digit x in either case", "号11010519491231002x。", "11010519491231002X", "[[1 19]]"},
		{"full-width digits", "号１３８１２３４５６７８", "13812345678", "[[1 12]]"},
		{"spaces in the target", "138 1234 5678", "13812345678", "[[0 11]]"},
		{"twice, not overlapping", "aaaa", "aa", "[[0 2] [2 4]]"},
		{"absent", "身份证号", "3502", "[]"},
		{"blank target", "abc", "  ", "[]"},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(findSpans(lineGlyphs(tt.page), tt.target)); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, got, tt.want)
		}
	}
}

// TestPageGlyphsWiden: a font whose widths are all 0 makes poppler box each character as a
// word of no width; each glyph is widened to its kind's em width, or to the next glyph.
func TestPageGlyphsWiden(t *testing.T) {
	words := []pageWord{
		{"号", pdfBox{100, 0, 100, 15.6}},
		{"3", pdfBox{114.4, 0, 114.4, 15.6}},
		{"5", pdfBox{121.05, 0, 121.05, 15.6}},
		{"下", pdfBox{50, 30, 50, 45.6}}, // the next line: not a neighbour
	}
	gs := pageGlyphs(words, nil)
	want := [][2]float64{{100, 112}, {114.4, 121.05}, {121.05, 127.77}, {50, 62}}
	for i, g := range gs {
		if math.Abs(g.box.x0-want[i][0]) > 0.01 || math.Abs(g.box.x1-want[i][1]) > 0.01 {
			t.Errorf("glyph %c: got %.2f–%.2f, want %.2f–%.2f", g.r, g.box.x0, g.box.x1, want[i][0], want[i][1])
		}
	}
}

func TestShareRuns(t *testing.T) {
	tests := []struct {
		name  string
		runs  [][2]float64
		runes string
		want  string
	}{
		{"one run each", [][2]float64{{0, 20}, {28, 48}, {56, 76}}, "123", "[[0 20] [28 48] [56 76]]"},
		// 份 is two runs (亻 and 分); the digit after it one.
		{"a CJK character in two runs", [][2]float64{{0, 15}, {18, 45}, {55, 75}}, "份3", "[[0 45] [55 75]]"},
		// Tesseract read "2X" but boxed "2X。": the last run goes to X, never left out.
		{"ink the text does not account for", [][2]float64{{0, 20}, {28, 48}, {52, 60}}, "2X", "[[0 20] [28 60]]"},
		{"fewer runs than characters", [][2]float64{{0, 50}}, "12", "[]"},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(shareRuns(tt.runs, []rune(tt.runes))); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, got, tt.want)
		}
	}
}

// TestPaintOver: the box is painted white with a pixel's margin, and ink crossing its edge
// is followed to where it ends; ink beyond a gap is left.
func TestPaintOver(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 40, 10))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for y := 2; y < 8; y++ {
		for _, x := range []int{5, 6, 7, 8, 9, 10, 11, 12, 20, 21} { // a glyph across the box's right edge, and one beyond a gap
			img.SetGray(x, y, color.Gray{0})
		}
	}
	out := paintOver(img, unlimited(pdfBox{3, 0, 8, 10}), 1)
	for x := 0; x < 40; x++ {
		got := color.GrayModel.Convert(out.At(x, 5)).(color.Gray).Y < inkThreshold
		want := x == 20 || x == 21
		if got != want {
			t.Errorf("pixel %d: got ink %v, want %v", x, got, want)
		}
	}
}
