package review

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// fuzzReader keeps each input cheap: small unpacking budget, short timeout.
func fuzzReader() *Reader {
	r := NewReader()
	r.Limits.MaxUnzipped = 32 << 20
	r.Limits.Timeout = 5 * time.Second
	r.Limits.MaxOCRPages = 0 // scanned pages are a gap: Tesseract takes a second a page
	return r
}

// seedFixtures adds every fixture with the given extension to the corpus.
func seedFixtures(f *testing.F, ext string) {
	paths, err := filepath.Glob(filepath.Join("testdata", "*."+ext))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range paths {
		if filepath.Base(p) == "long.pdf" {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

// seedHostile adds to the corpus every hostile file of hostile_test.go with the given
// extension that is at most a megabyte, and the smaller variants of the larger ones.
func seedHostile(f *testing.F, ext string) {
	for _, hc := range hostileCases {
		if hc.build == nil || hc.big || filepath.Ext(hc.file) != "."+ext {
			continue
		}
		if data := hc.build(f); len(data) <= 1<<20 {
			f.Add(data)
		}
	}
	switch ext {
	case "docx":
		f.Add(zipBomb(f, 20<<20)) // past the 10 MiB grace, 159 times its packed size
	case "pdf":
		f.Add(pdfWith(marked, map[int]string{4: pdfStreamObj("/Filter /FlateDecode", zlibBomb("(a) Tj ", 80<<20))}, "")(f))
	}
}

// checkRead is the property every reader keeps: a document or a *ReadError, never a panic, and
// a document's parts lie on its pages.
func checkRead(t *testing.T, name string, data []byte) {
	doc, err := fuzzReader().ReadBytes(context.Background(), name, data)
	if err != nil {
		var re *ReadError
		if !errors.As(err, &re) {
			t.Fatalf("error %T %v, want *ReadError", err, err)
		}
		return
	}
	for _, p := range doc.Parts {
		if p.Embedded == "" && (p.Page < 0 || p.Page > doc.Pages) { // an embedded PDF's pages are its own
			t.Fatalf("part on page %d of %d", p.Page, doc.Pages)
		}
		if !utf8.ValidString(p.Text) && doc.Format == FormatTXT {
			t.Fatalf("invalid UTF-8 from a text file: %q", p.Text)
		}
	}
}

func FuzzReadTXT(f *testing.F) {
	seedFixtures(f, "txt")
	seedHostile(f, "txt")
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, "draft.txt", data) })
}

func FuzzReadDOCX(f *testing.F) {
	seedFixtures(f, "docx")
	seedHostile(f, "docx")
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, "draft.docx", data) })
}

func FuzzReadPDF(f *testing.F) {
	seedFixtures(f, "pdf")
	seedHostile(f, "pdf")
	f.Add(attachedPDF("list.txt", "身份证号 11010519491231002X", "/Names << /EmbeddedFiles 8 0 R >>", "<< /Kids [8 0 R] /Names [(a) << /EF << /F 7 0 R >> >>] >>"))
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, "draft.pdf", data) })
}

func FuzzReadOFD(f *testing.F) {
	seedFixtures(f, "ofd")
	seedHostile(f, "ofd")
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, "draft.ofd", data) })
}

func FuzzParseList(f *testing.F) {
	f.Add([]byte("内部资料\tblock\n# c\n@category internal_marking\n@basis x\n征求意见稿\n"))
	f.Add([]byte("\ufeffa\tstop\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		terms, err := ParseList("fuzz.txt", data)
		if err != nil {
			if !errors.Is(err, ErrRuleList) {
				t.Fatalf("error %v, want ErrRuleList", err)
			}
			return
		}
		for _, term := range terms {
			if term.Severity != Block && term.Severity != Warn || !categories[term.Category] || Normalize(term.Text).Text == "" {
				t.Fatalf("bad term %+v", term)
			}
		}
	})
}

// FuzzCheck: whatever the text, the check does not panic, and every finding's match is the
// original text at a place in its part, with its line in range.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{"秘 密★１年", "內部\n資料", "身份证11010519491231002x 手机+86 138-1234-5678", "绝密☆長期\n秘密",
		strings.Repeat("内部资料", 300), strings.Repeat("秘密★1年", 300), strings.Repeat("联系电话13812345678；", 100)} {
		f.Add(s)
	}
	rs := NewRuleSet([]Term{{Text: "内部资料", Category: CatInternalMarking, Severity: Block, Rule: "r"}}, []Term{{Text: "保密审查"}})
	f.Fuzz(func(t *testing.T, text string) {
		doc := textDoc(text)
		lines := strings.Count(text, "\n") + 1
		for _, fd := range rs.Check(doc) {
			if !strings.Contains(text, fd.Match) || fd.Match == "" {
				t.Fatalf("match %q is not in the text %q", fd.Match, text)
			}
			if fd.Line < 1 || fd.Line > lines {
				t.Fatalf("line %d of %d", fd.Line, lines)
			}
		}
	})
}

// FuzzMatchMark: the hand-written mark matcher agrees with markRe, the regular expression it
// replaces, on whatever follows a level word.
func FuzzMatchMark(f *testing.F) {
	for _, s := range []string{"★1年", "1年★", "★2027年6月30日解密★", "★长期", "启用前", "12个月", "2027年12月", "123年",
		"1234年5月6日前", "★", "", "2027年1月1", "99天★"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, rest string) {
		for _, level := range []string{"绝密", "机密", "秘密"} {
			w := level + rest
			w = w[:min(len(w), markWindow)]
			end, star, term := matchMark(w)
			m := markRe.FindStringSubmatchIndex(w)
			if m == nil || m[0] != 0 {
				t.Fatalf("markRe does not match %q at its start", w)
			}
			wantStar, wantTerm := m[3] > m[2] || m[7] > m[6], m[5] > m[4]
			if end != m[1] || star != wantStar || term != wantTerm {
				t.Fatalf("matchMark(%q) = %d %v %v, markRe gives %d %v %v", w, end, star, term, m[1], wantStar, wantTerm)
			}
		}
	})
}

// FuzzScanFolded: the check's single pass — folding and matching at once, marks matched from
// the level characters it saw — finds exactly what normalising the whole text and then
// matching it finds.
func FuzzScanFolded(f *testing.F) {
	for _, s := range []string{"內部\n資料 保密审查", "秘 密★１年 機密★2027年6月30日解密", "绝密绝密★秘密1年★", "ａｂ内部资料注意保存",
		strings.Repeat("内部资料", 50), "\u200b秘\u3000密*长期", "电话 0592-5071234，＠１３８a@b"} {
		f.Add(s)
	}
	rs := NewRuleSet([]Term{{Text: "内部资料"}, {Text: "内部资料注意保存"}, {Text: "部资"}, {Text: "ab"}},
		[]Term{{Text: "保密审查"}, {Text: "资料注意"}})
	f.Fuzz(func(t *testing.T, text string) {
		var sc pieceScratch
		rs.scanFolded(text, &sc)
		n := Normalize(text)
		var want [][3]int
		for _, m := range rs.both.findRaw(n.Text, nil) {
			s, e := n.Span(m.Start, m.End)
			want = append(want, [3]int{m.Pattern, s, e})
		}
		if got, want := sc.candidates, candidates(text, nil); !slices.Equal(got, want) {
			t.Fatalf("%q: the fold pass gathers candidates %v, want %v", text, got, want)
		}
		var got [][3]int
		for _, m := range sc.raw {
			got = append(got, [3]int{int(m.pattern), int(m.start), int(m.end)})
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%q: matches %v, want %v", text, got, want)
		}
		if got, want := rs.marksAt(text, &sc), markSpans(n); !slices.Equal(got, want) {
			t.Fatalf("%q: marks %v, want %v", text, got, want)
		}
	})
}

// FuzzRecogniseAll: reading only the windows around long numbers and @ finds what reading the
// whole text finds.
func FuzzRecogniseAll(f *testing.F) {
	for _, s := range []string{"身份证11010519491231002x 手机+86 138-1234-5678", "联系电话：13812345678；邮箱 a.b@example.gov.cn",
		"护照号码E12345678", "开户行账号 6222 0212 3456 7890 128", "2026年3月1日第12条", "卡号：621700 1234567890123",
		"李四,1.10105E+17,男", "1.10105195907213E+017\n110105195907213000", "１．１０１０５Ｅ＋１７", "2.1.10105E+17"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got, want := recogniseAll(text), recognise(text)
		order := func(a, b recognised) int { return a.start - b.start }
		slices.SortStableFunc(got, order)
		slices.SortStableFunc(want, order)
		if !slices.Equal(got, want) {
			t.Fatalf("%q: windows find %v, the whole text %v", text, got, want)
		}
	})
}

func FuzzNormalize(f *testing.F) {
	f.Add("秘 密★１年\u200b內部")
	f.Fuzz(func(t *testing.T, text string) {
		n := Normalize(text)
		if !utf8.ValidString(n.Text) || len(n.Start) != len(n.Text) {
			t.Fatalf("normalised %q: %d offsets", n.Text, len(n.Start))
		}
		for i := range n.Text {
			if s, e := n.Span(i, i+1); s < 0 || e > len(text) || s >= e {
				t.Fatalf("byte %d maps to [%d,%d) of %d", i, s, e, len(text))
			}
		}
	})
}
