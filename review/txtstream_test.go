package review

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

// straddleTerm is a term of streamRules that the check must find across a window's edge.
const straddleTerm = "跨界测试词组"

// streamRules is the shipped rule set with straddleTerm.
func streamRules(tb testing.TB) *RuleSet {
	tb.Helper()
	rs := defaultRules(tb)
	extra, err := ParseList("extra.txt", []byte(straddleTerm+"\tblock\n"))
	if err != nil {
		tb.Fatal(err)
	}
	return NewRuleSet(append(rs.Terms, extra...), rs.Allow)
}

// longText is ordinary notice text of about size bytes with each of the inserts placed across
// its offset (the middle of the insert at the offset, in the UTF-8 text).
func longText(tb testing.TB, size int, inserts map[int]string) string {
	tb.Helper()
	seed := string(mustReadFile(tb, noticeFixture))
	var b strings.Builder
	for _, at := range slices.Sorted(maps.Keys(inserts)) {
		s := inserts[at]
		fillTo(&b, seed, at-len(s)/2)
		b.WriteString(s)
	}
	fillTo(&b, seed, size)
	return b.String()
}

// fillTo writes lines of seed to b until it is n bytes long, the last padded with spaces.
func fillTo(b *strings.Builder, seed string, n int) {
	for b.Len() < n {
		chunk := seed[:min(len(seed), n-b.Len())]
		chunk = strings.ToValidUTF8(chunk, "") // never half a character
		if chunk == "" {
			b.WriteString(strings.Repeat(" ", n-b.Len()))
			return
		}
		b.WriteString(chunk)
	}
}

// encoded returns text in enc, with prefix (a byte-order mark) before it.
func encoded(tb testing.TB, enc encoding.Encoding, prefix, text string) []byte {
	tb.Helper()
	out, err := enc.NewEncoder().Bytes([]byte(text))
	if err != nil {
		tb.Fatal(err)
	}
	return append([]byte(prefix), out...)
}

// scanBoth returns what CheckFile and ScanFile make of the file at path: the findings, or the
// error's text.
func scanBoth(tb testing.TB, rs *RuleSet, path string) (whole, streamed string, found []Finding) {
	tb.Helper()
	r := NewReader()
	wdoc, want, werr := r.CheckFile(context.Background(), rs, path)
	sdoc, got, serr := r.ScanFile(context.Background(), rs, path)
	describe := func(doc *Document, fs []Finding, err error) string {
		if err != nil {
			return "error: " + err.Error()
		}
		return fmt.Sprintf("%s %s %+v %d findings: %+v", doc.Format, doc.Encoding, doc.Gaps, len(fs), fs)
	}
	return describe(wdoc, want, werr), describe(sdoc, got, serr), got
}

func TestScanFileAsCheckFile(t *testing.T) {
	rs := streamRules(t)
	id := "身份证号 11010519491231002X"
	straddling := map[int]string{
		pieceSize - 3:     straddleTerm, // a piece's edge
		2*pieceSize + 1:   id,           // a batch's edge on two processors: the window moves
		3 * pieceSize:     straddleTerm + id,
		3*pieceSize + 500: "机密★1年",
	}
	straddle := longText(t, 3*pieceSize+4096, straddling)
	many := map[int]string{}
	for at := 100; at < 3*pieceSize; at += 2000 { // past maxPerRule: a summary counts the rest
		many[at] = "\n" + id + "\n"
	}
	dir := t.TempDir()
	files := map[string][]byte{
		"straddle.txt":      []byte(straddle),
		"straddle-gb.txt":   encoded(t, simplifiedchinese.GB18030, "", straddle),
		"straddle-u16.txt":  encoded(t, xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), "\xFF\xFE", straddle),
		"straddle-bom.txt":  []byte("\uFEFF" + straddle),
		"head-mark.txt":     []byte("秘 密\n\n" + straddle),
		"head-too-long.txt": []byte(strings.ReplaceAll(straddle, "\n", " ") + "\n机密\n"),
		"many.txt":          []byte(longText(t, 3*pieceSize, many)),
		"lost.txt":          append(encoded(t, simplifiedchinese.GB18030, "", straddle), 0x81),
	}
	var paths []string
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	fixtures, err := filepath.Glob("testdata/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("SHENDANG_SEED_DIR"); dir != "" { // the customer's own document, where at hand
		fixtures = append(fixtures, filepath.Join(dir, "disclosure-plan-2016.txt"))
	}
	for _, path := range append(paths, fixtures...) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			whole, streamed, _ := scanBoth(t, rs, path)
			if streamed != whole {
				t.Errorf("ScanFile got\n%.2000s\nCheckFile (want)\n%.2000s", streamed, whole)
			}
			if strings.HasPrefix(streamed, "error") && !strings.HasPrefix(path, "testdata") {
				t.Errorf("got %.200s, want a check", streamed)
			}
		})
	}
}

// TestScanFileStraddling holds the check to what straddles the edges of pieces and windows:
// a term across a piece's edge, an ID number across the edge of a batch, each found whole,
// on the line it is on, in every encoding.
func TestScanFileStraddling(t *testing.T) {
	rs := streamRules(t)
	id := "11010519491231002X"
	text := longText(t, 3*pieceSize, map[int]string{pieceSize: straddleTerm, 2 * pieceSize: id})
	wantLine := func(s string) int { return strings.Count(text[:strings.Index(text, s)], "\n") + 1 }
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"utf8.txt", []byte(text)},
		{"gb18030.txt", encoded(t, simplifiedchinese.GB18030, "", text)},
		{"utf16be.txt", encoded(t, xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM), "\xFE\xFF", text)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.name)
			if err := os.WriteFile(path, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			_, found, err := NewReader().ScanFile(context.Background(), rs, path)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []struct{ rule, match string }{{straddleTerm, straddleTerm}, {"id-card", id}} {
				got := ""
				for _, f := range found {
					if f.Match == want.match {
						got = fmt.Sprintf("%s %s line %d", f.Rule, f.Match, f.Line)
					}
				}
				rule := want.rule
				if rule == straddleTerm {
					rule = rs.Terms[len(rs.Terms)-1].Rule
				}
				if w := fmt.Sprintf("%s %s line %d", rule, want.match, wantLine(want.match)); got != w {
					t.Errorf("got %q, want %q", got, w)
				}
			}
		})
	}
}

// FuzzScanFileAsCheckFile holds the streamed check to the whole one on any bytes, placed across
// the edge of the first piece of a longer text. The pieces are cut small, so that the text is
// many of them and the window moves many times.
func FuzzScanFileAsCheckFile(f *testing.F) {
	defer func(size int) { pieceSize = size }(pieceSize)
	pieceSize = 2048
	for _, s := range []string{straddleTerm, "身份证号 11010519491231002X", "机密★1年", "\xff\xfe", "秘\n密"} {
		f.Add([]byte(s))
	}
	rs := streamRules(f)
	seed := string(mustReadFile(f, noticeFixture))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		var b strings.Builder
		fillTo(&b, seed, pieceSize-len(data)/2)
		b.Write(data)
		fillTo(&b, seed, b.Len()+8*pieceSize)
		path := filepath.Join(dir, "draft.txt")
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		if whole, streamed, _ := scanBoth(t, rs, path); streamed != whole {
			t.Errorf("ScanFile got\n%.2000s\nCheckFile (want)\n%.2000s", streamed, whole)
		}
	})
}

// TestScanFileLimits holds ScanFile to the reader's limits: a file past MaxFileSize is refused
// before a byte of it is read, as Read refuses it.
func TestScanFileLimits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.txt")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(2 << 30); err != nil { // sparse: 2 GiB of nothing on disk
		t.Fatal(err)
	}
	f.Close()
	_, found, err := NewReader().ScanFile(context.Background(), streamRules(t), path)
	if got, want := err, ErrTooLarge; !errors.Is(got, want) || found != nil {
		t.Errorf("got %v and %d findings, want %v", got, len(found), want)
	}
}
