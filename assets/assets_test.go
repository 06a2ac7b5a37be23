package assets_test

import (
	"bytes"
	"encoding/binary"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/encoding/simplifiedchinese"

	"shendang.gov.cn/shendang/assets"
)

// gbkHanzi returns every hanzi GBK encodes, and the subset that GB 2312 level 1 and 2 holds.
func gbkHanzi(t *testing.T) (gbk, gb2312 []rune) {
	t.Helper()
	dec := simplifiedchinese.GBK.NewDecoder()
	for hi := 0x81; hi <= 0xFE; hi++ {
		for lo := 0x40; lo <= 0xFE; lo++ {
			if lo == 0x7F {
				continue
			}
			out, err := dec.Bytes([]byte{byte(hi), byte(lo)})
			if err != nil {
				continue
			}
			r, _ := utf8.DecodeRune(out)
			if r < 0x4E00 || r > 0x9FFF {
				continue
			}
			gbk = append(gbk, r)
			if hi >= 0xB0 && hi <= 0xF7 && lo >= 0xA1 {
				gb2312 = append(gb2312, r)
			}
		}
	}
	return gbk, gb2312
}

func TestFontsCoverGBK(t *testing.T) {
	gbk, gb2312 := gbkHanzi(t)
	if len(gb2312) != 6763 || len(gbk) != 20902 {
		t.Fatalf("decoder gave %d GB 2312 and %d GBK hanzi, want 6763 and 20902", len(gb2312), len(gbk))
	}
	// Punctuation and marks that official documents and the forms use.
	extra := []rune("，。、：；？！“”‘’《》（）〔〕【】—…★☆·０１２３ABCabc0123-")
	faces := []struct {
		name string
		data []byte
	}{
		{assets.UIFontName, assets.UIFont()},
		{assets.FormFontName, assets.FormFont()},
	}
	for _, face := range faces {
		t.Run(face.name, func(t *testing.T) {
			if v := binary.BigEndian.Uint32(face.data); v != 0x00010000 {
				t.Fatalf("sfnt version %#x, want 0x00010000 (TrueType outlines; gofpdf and Fyne need them)", v)
			}
			f, err := sfnt.Parse(face.data)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			var buf sfnt.Buffer
			var missing []rune
			for _, r := range append(append([]rune{}, gbk...), extra...) {
				if idx, err := f.GlyphIndex(&buf, r); err != nil || idx == 0 {
					missing = append(missing, r)
				}
			}
			if len(missing) > 0 {
				n := min(len(missing), 20)
				t.Errorf("%d characters have no glyph, first %d: %q", len(missing), n, string(missing[:n]))
			}
		})
	}
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
	// The top level of DOMAIN.md §6's typical municipal tree.
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
	for name, data := range map[string][]byte{"rules/default.txt": assets.DefaultRules(), "rules/allow.txt": assets.AllowList(), "categories.txt": assets.Categories()} {
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
