package review

import (
	"slices"
	"strings"
	"testing"
)

// tsvLine is one word row of Tesseract's TSV: page, block, paragraph, line, confidence, text.
func tsvLine(page, block, par, line, conf, text string) string {
	return strings.Join([]string{"5", page, block, par, line, "1", "10", "10", "50", "50", conf, text}, "\t")
}

const tsvHeading = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"

func TestParseTSV(t *testing.T) {
	tests := []struct {
		name  string
		rows  []string
		texts []string // each page's text
		pages []int
		confs []int // each page's confidence
		words [][]WordBox
	}{
		{"Chinese words join, Latin ones are spaced, lines break",
			[]string{"1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t", tsvLine("1", "1", "1", "1", "90", "秘密"), tsvLine("1", "1", "1", "1", "30", "女]1年"),
				tsvLine("1", "1", "1", "2", "95", "phone"), tsvLine("1", "1", "1", "2", "85", "13905921234")},
			[]string{"秘密女]1年\nphone 13905921234"}, []int{1},
			[]int{(90*2 + 30*4 + 95*5 + 85*11) / 22},
			[][]WordBox{{{0, 90}, {6, 30}, {15, 95}, {21, 85}}}},
		{"a multi-page TIFF: one text per page", []string{tsvLine("1", "1", "1", "1", "80", "甲"), tsvLine("3", "1", "1", "1", "70", "乙")},
			[]string{"甲", "乙"}, []int{1, 3}, []int{80, 70}, [][]WordBox{{{0, 80}}, {{0, 70}}}},
		{"blank words, bad numbers and short rows are skipped",
			[]string{tsvLine("1", "1", "1", "1", "95", " "), tsvLine("x", "1", "1", "1", "95", "甲"), tsvLine("1", "1", "1", "1", "NaN", "乙"),
				tsvLine("1", "1", "1", "1", "-1", "丙"), "5\t1\t1", tsvLine("0", "1", "1", "1", "95", "丁"), tsvLine("1", "1", "1", "1", "150", "戊")},
			[]string{"戊"}, []int{1}, []int{100}, [][]WordBox{{{0, 100}}}},
		{"nothing recognised", []string{"1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t"}, nil, nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseTSV(strings.NewReader(tsvHeading + "\n" + strings.Join(tt.rows, "\n") + "\n"))
			var texts []string
			var pages, confs []int
			var words [][]WordBox
			for _, p := range got {
				texts, pages, confs, words = append(texts, p.text), append(pages, p.page), append(confs, p.rec.Confidence), append(words, p.rec.Words)
			}
			if !slices.Equal(texts, tt.texts) || !slices.Equal(pages, tt.pages) || !slices.Equal(confs, tt.confs) {
				t.Errorf("got texts %q pages %v confidences %v,\nwant %q %v %v", texts, pages, confs, tt.texts, tt.pages, tt.confs)
			}
			if !slices.EqualFunc(words, tt.words, slices.Equal) {
				t.Errorf("got words %v, want %v", words, tt.words)
			}
		})
	}
}

func TestConfidenceAt(t *testing.T) {
	r := Recognition{Confidence: 77, Words: []WordBox{{0, 90}, {6, 30}, {17, 95}}}
	tests := []struct {
		name string
		s, e int
		want int
	}{
		{"inside the first word", 0, 3, 90},
		{"across the first two", 3, 9, 30},
		{"the last word runs to the end", 20, 40, 95},
		{"all", 0, 40, 30},
	}
	for _, tt := range tests {
		if got := r.confidenceAt(tt.s, tt.e); got != tt.want {
			t.Errorf("%s: got %d, want %d", tt.name, got, tt.want)
		}
	}
	if got := (&Recognition{Confidence: 77}).confidenceAt(0, 3); got != 77 {
		t.Errorf("no words: got %d, want the page's 77", got)
	}
}

func TestParseLanguages(t *testing.T) {
	tests := []struct {
		name, out, want string
	}{
		{"Debian with chi_sim", "List of available languages in \"/usr/share/tesseract-ocr/5/tessdata/\" (3):\nchi_sim\neng\nosd\n", "chi_sim+eng"},
		{"Windows line ends", "List of available languages (2):\r\nchi_sim\r\neng\r\n", "chi_sim+eng"},
		{"chi_sim alone", "List of available languages (1):\nchi_sim\n", "chi_sim"},
		{"only traditional and vertical", "List of available languages (3):\nchi_tra\nchi_sim_vert\neng\n", ""},
		{"nothing", "", ""},
	}
	for _, tt := range tests {
		if got := parseLanguages(tt.out); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestOCRCandidates(t *testing.T) {
	windows := map[string]string{"ProgramFiles": `C:\Program Files`, "ProgramFiles(x86)": `C:\Program Files (x86)`, "LOCALAPPDATA": `C:\Users\张三\AppData\Local\`}
	tests := []struct {
		name      string
		goos      string
		env       map[string]string
		tesseract []string
		pdftoppm  []string
	}{
		{"windows: UB-Mannheim for all users and for one, poppler-windows", "windows", windows,
			[]string{`C:\Program Files\Tesseract-OCR\tesseract.exe`, `C:\Program Files (x86)\Tesseract-OCR\tesseract.exe`, `C:\Users\张三\AppData\Local\Programs\Tesseract-OCR\tesseract.exe`},
			[]string{`C:\Program Files\poppler*\Library\bin\pdftoppm.exe`, `C:\Program Files\poppler*\bin\pdftoppm.exe`,
				`C:\Program Files (x86)\poppler*\Library\bin\pdftoppm.exe`, `C:\Program Files (x86)\poppler*\bin\pdftoppm.exe`}},
		{"windows without the variables", "windows", nil,
			[]string{`C:\Program Files\Tesseract-OCR\tesseract.exe`, `C:\Program Files (x86)\Tesseract-OCR\tesseract.exe`},
			[]string{`C:\Program Files\poppler*\Library\bin\pdftoppm.exe`, `C:\Program Files\poppler*\bin\pdftoppm.exe`,
				`C:\Program Files (x86)\poppler*\Library\bin\pdftoppm.exe`, `C:\Program Files (x86)\poppler*\bin\pdftoppm.exe`}},
		{"macOS: Homebrew on both processors, MacPorts", "darwin", nil,
			[]string{"/opt/homebrew/bin/tesseract", "/usr/local/bin/tesseract", "/opt/local/bin/tesseract"},
			[]string{"/opt/homebrew/bin/pdftoppm", "/usr/local/bin/pdftoppm", "/opt/local/bin/pdftoppm"}},
		{"linux", "linux", nil, []string{"/usr/bin/tesseract", "/usr/local/bin/tesseract"}, []string{"/usr/bin/pdftoppm", "/usr/local/bin/pdftoppm"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tesseractCandidates(tt.goos, env(tt.env)); !slices.Equal(got, tt.tesseract) {
				t.Errorf("tesseract: got %q,\nwant %q", got, tt.tesseract)
			}
			if got := popplerCandidates(tt.goos, env(tt.env), "pdftoppm"); !slices.Equal(got, tt.pdftoppm) {
				t.Errorf("pdftoppm: got %q,\nwant %q", got, tt.pdftoppm)
			}
		})
	}
}

func TestPageDPI(t *testing.T) {
	tests := []struct {
		name string
		size [2]float64
		want int
	}{
		{"A4", [2]float64{595, 842}, 300},
		{"A3 is the largest at 300 dpi", [2]float64{842, 1191}, 300},
		{"A0 is rendered to A3's pixels", [2]float64{2384, 3370}, 107},
		{"200 inches square", [2]float64{14400, 14400}, 21},
		{"unknown", [2]float64{}, 0},
		{"negative", [2]float64{-5, 842}, 0},
		{"absurd", [2]float64{1e9, 1e9}, 0},
	}
	for _, tt := range tests {
		if got := pageDPI(tt.size); got != tt.want {
			t.Errorf("%s: got %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestOCRMarks(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"秘密女]1年\n厦门市", []string{"秘密女]1年"}},
		{"秘密太] 年", []string{"秘密太] 年"}},
		{"机 密★5年", []string{"机 密★5年"}},
		{"绝密*启用前", []string{"绝密*启用前"}},
		{"秘密l个月", []string{"秘密l个月"}},
		{"依法保守秘密。", nil},
		{"国家秘密，1年内", nil},
		{"涉及秘密。2年", nil},
		{"秘密文件", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, h := range withOCRMarks(tt.text, nil) {
			got = append(got, tt.text[h.start:h.end])
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: got %q, want %q", tt.text, got, tt.want)
		}
	}
	// A hit already there is kept, and no mark is added over it.
	hits := withOCRMarks("秘密★1年", []hit{{0, int32(len("秘密★1年")), markInfo}})
	if len(hits) != 1 {
		t.Errorf("got %d hits over a found mark, want 1", len(hits))
	}
}

func FuzzParseTSV(f *testing.F) {
	f.Add(tsvHeading + "\n" + tsvLine("1", "1", "1", "1", "90", "秘密") + "\n" + tsvLine("1", "1", "1", "2", "80", "13905921234"))
	f.Add("5\t1\t1\t1\t1\t1\t0\t0\t0\t0\t1e400\t\xff")
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range parseTSV(strings.NewReader(s)) {
			if p.page < 1 || p.rec.Confidence < 0 || p.rec.Confidence > 100 {
				t.Fatalf("page %d confidence %d", p.page, p.rec.Confidence)
			}
			last := -1
			for _, w := range p.rec.Words {
				if w.Offset <= last || w.Offset >= len(p.text) || w.Confidence < 0 || w.Confidence > 100 {
					t.Fatalf("word %+v after %d in %q", w, last, p.text)
				}
				last = w.Offset
			}
		}
	})
}

func FuzzImageHeader(f *testing.F) {
	for _, name := range []string{"scan-mark.png", "scan-id.tif", "blank.png"} {
		f.Add(mustReadFile(f, "testdata/"+name))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		w, h, err := imageHeader(strings.NewReader(string(data)), 1<<20)
		if err == nil && (w <= 0 || h <= 0 || int64(w)*int64(h) > 1<<20) {
			t.Fatalf("accepted %d × %d", w, h)
		}
	})
}
