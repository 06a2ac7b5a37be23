package assets_test

import (
	"bytes"
	"encoding/binary"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/encoding/simplifiedchinese"

	"shendang.gov.cn/shendang/assets"
)

// cp936 returns every character code page 936 (GBK) encodes, as golang.org/x/text decodes it,
// less control characters and the private-use area (GBK's user-defined rows), with the hanzi
// among them and the GB 2312 level 1 and 2 hanzi counted apart. assets/fonts/charset.go, which
// mksubset.sh subsets the fonts to, lists the same characters.
func cp936(t *testing.T) (all []rune, hanzi, gb2312 int) {
	t.Helper()
	dec := simplifiedchinese.GBK.NewDecoder()
	seen := map[rune]bool{}
	add := func(b ...byte) (rune, bool) {
		out, err := dec.Bytes(b)
		if err != nil {
			return 0, false
		}
		r, size := utf8.DecodeRune(out)
		if size != len(out) || r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Co, r) || seen[r] {
			return 0, false
		}
		seen[r] = true
		all = append(all, r)
		return r, true
	}
	for b := 0; b <= 0x80; b++ {
		add(byte(b))
	}
	for hi := 0x81; hi <= 0xFE; hi++ {
		for lo := 0x40; lo <= 0xFE; lo++ {
			if lo == 0x7F {
				continue
			}
			if r, ok := add(byte(hi), byte(lo)); ok && r >= 0x4E00 && r <= 0x9FFF {
				hanzi++
				if hi >= 0xB0 && hi <= 0xF7 && lo >= 0xA1 {
					gb2312++
				}
			}
		}
	}
	return all, hanzi, gb2312
}

func TestFontsCoverCP936(t *testing.T) {
	chars, hanzi, gb2312 := cp936(t)
	if gb2312 != 6763 || hanzi != 20902 {
		t.Fatalf("decoder gave %d GB 2312 and %d GBK hanzi, want 6763 and 20902", gb2312, hanzi)
	}
	// Beyond GBK: what official documents, names and the forms use.
	chars = append(chars, []rune("★☆〓〔〕《》①⑩ⅰ㈠é¼\u00a0\u2002\u2003\u2011\u3000")...)
	// The upstream faces have no glyph for ≒ (U+2252, GBK A892): the one character of GBK
	// that the fonts cannot show.
	chars = slices.DeleteFunc(chars, func(r rune) bool { return r == '≒' })
	for _, face := range faces {
		t.Run(face.name, func(t *testing.T) {
			f, err := sfnt.Parse(face.data)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			var buf sfnt.Buffer
			var missing []rune
			for _, r := range chars {
				if idx, err := f.GlyphIndex(&buf, r); err != nil || idx == 0 {
					missing = append(missing, r)
				}
			}
			if len(missing) > 0 {
				n := min(len(missing), 40)
				t.Errorf("%d of %d characters have no glyph, first %d: %q", len(missing), len(chars), n, string(missing[:n]))
			}
		})
	}
}

// faces are the two embedded faces and what each must be: the window's has CFF outlines, which
// go-text decodes only when a glyph is drawn; the forms' has TrueType outlines, the only kind
// gofpdf embeds.
var faces = []struct {
	name    string
	data    []byte
	version uint32 // sfnt version
	tables  []string
}{
	{assets.UIFontName, assets.UIFont(), 0x4F54544F /* OTTO */, []string{"CFF ", "cmap", "hmtx", "name", "OS/2", "post"}},
	{assets.FormFontName, assets.FormFont(), 0x00010000, []string{"glyf", "loca", "cmap", "hmtx", "name", "OS/2", "post"}},
}

// TestFontsAreSubset checks that the embedded faces are mksubset.sh's output, not the upstream
// fonts: every parse of the UI face costs memory in proportion to its glyphs.
func TestFontsAreSubset(t *testing.T) {
	for _, face := range faces {
		t.Run(face.name, func(t *testing.T) {
			if got := binary.BigEndian.Uint32(face.data); got != face.version {
				t.Errorf("sfnt version %#x, want %#x", got, face.version)
			}
			f, err := sfnt.Parse(face.data)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			if got, limit := f.NumGlyphs(), 23000; got > limit {
				t.Errorf("%d glyphs, want at most %d (the upstream face has about 30,900)", got, limit)
			}
			for _, tag := range []string{"fpgm", "prep", "cvt ", "vhea", "vmtx"} {
				if hasTable(face.data, tag) {
					t.Errorf("has a %q table, which mksubset.sh drops", tag)
				}
			}
			for _, tag := range face.tables {
				if !hasTable(face.data, tag) {
					t.Errorf("no %q table", tag)
				}
			}
		})
	}
}

// hasTable reports whether the sfnt font data lists a table with the tag.
func hasTable(data []byte, tag string) bool {
	if len(data) < 12 {
		return false
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	for i := range n {
		rec := data[12+16*i:]
		if len(rec) >= 16 && string(rec[:4]) == tag {
			return true
		}
	}
	return false
}

func TestFontLicencesShipped(t *testing.T) {
	for _, name := range []string{"NotoSansSC-OFL.txt", "NotoSerifSC-OFL.txt", "README.md"} {
		if _, err := os.Stat(filepath.Join("fonts", name)); err != nil {
			t.Errorf("licence file: %v", err)
		}
	}
}

func TestIcon(t *testing.T) {
	img, err := png.Decode(bytes.NewReader(assets.Icon()))
	if err != nil {
		t.Fatalf("decode icon: %v", err)
	}
	if got := img.Bounds().Size(); got.X != 512 || got.Y != 512 {
		t.Errorf("icon is %v, want 512×512", got)
	}
}

func TestCategories(t *testing.T) {
	// The top level of a typical municipal 主动公开目录 (docs/domain.md §5).
	want := []string{"机构职能", "政策法规", "政策解读", "规划计划", "财政预决算", "权责清单", "行政许可",
		"行政处罚", "公共服务", "人事信息", "重大决策", "回应关切", "突发事件", "重点领域"}
	var top []string
	for i, line := range strings.Split(string(assets.Categories()), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name := strings.TrimLeft(line, " ")
		indent := len(line) - len(name)
		if indent%2 != 0 || name == "" || strings.ContainsAny(name, "\t#") {
			t.Errorf("line %d %q: want two spaces per level, then a name", i+1, line)
		}
		if indent == 0 {
			top = append(top, name)
		}
	}
	if strings.Join(top, ",") != strings.Join(want, ",") {
		t.Errorf("top level\n got %v\nwant %v", top, want)
	}
}

func TestTextFilesAreUTF8(t *testing.T) {
	for name, data := range map[string][]byte{"rules/default.txt": assets.DefaultRules(), "rules/allow.txt": assets.AllowList(), "categories.txt": assets.Categories(), "calendar/holidays.txt": assets.Calendar()} {
		if len(data) == 0 || !utf8.Valid(data) {
			t.Errorf("%s: empty or not UTF-8", name)
		}
	}
}

func TestSamples(t *testing.T) {
	got := assets.Samples()
	if len(got) != 2 {
		t.Fatalf("%d samples, want 2", len(got))
	}
	for name, data := range got {
		if !strings.HasSuffix(name, ".txt") || !utf8.Valid(data) || len(data) == 0 {
			t.Errorf("sample %s: want non-empty UTF-8 text", name)
		}
	}
}
