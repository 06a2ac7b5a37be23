package review

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode"
)

func TestPlanRedaction(t *testing.T) {
	doc := &Document{Format: FormatTXT, Parts: []Part{
		{Kind: PartBody, Text: "名单\n陈建国 11010519491231002X 13812345678\n福建省永安市燕西街道解放路12号"},
		{Kind: PartHeader, Text: "联系人：李四 13812345678"},
	}}
	found := NewRuleSet(nil, nil).Check(doc)
	line := doc.Parts[0].Text
	name := strings.Index(line, "陈建国")
	addr := strings.Index(line, "福建省")
	tests := []struct {
		name string
		opt  PlanOptions
		want []string // kind|where|masked
	}{
		{"findings", PlanOptions{}, []string{
			"身份证号|正文 第2行|11*************02X", "手机号|正文 第2行|138****5678", "手机号|页眉 第1行|138****5678"}},
		{"mobiles only", PlanOptions{Categories: []Category{CatMobilePhone}}, []string{
			"手机号|正文 第2行|138****5678", "手机号|页眉 第1行|138****5678"}},
		{"confirmed only", PlanOptions{Fingerprints: []string{found[0].Fingerprint}}, []string{"身份证号|正文 第2行|11*************02X"}},
		{"selections", PlanOptions{Categories: []Category{}, Selections: []Selection{
			{Part: 0, Start: addr, End: len(line), Kind: MaskAddress}, {Part: 0, Start: name, End: name + len("陈建国"), Kind: MaskName}}},
			[]string{"姓名|正文 第2行|陈*国", "地址|正文 第3行|福建省永安市燕西街道***"}},
		{"a name selected with the ID beside it keeps neither", PlanOptions{Categories: []Category{CatIDCard}, Selections: []Selection{
			{Part: 0, Start: name, End: name + len("陈建国 1101"), Kind: MaskName}}},
			[]string{"姓名|正文 第2行|陈*国", "身份证号|正文 第2行|11*************02X"}},
		{"a selection across two numbers masks what lies between", PlanOptions{Selections: []Selection{
			{Part: 0, Start: name, End: len(line), Kind: MaskOther}}},
			[]string{"其他|正文 第2行|＊＊＊", "身份证号|正文 第2行|11*************02X", "手机号|正文 第2行|138****5678",
				"其他|正文 第3行|＊＊＊＊＊＊＊＊＊＊＊＊＊**＊", "手机号|页眉 第1行|138****5678"}},
		{"overlapping selections merged as the stronger", PlanOptions{Categories: []Category{}, Selections: []Selection{
			{Part: 0, Start: name, End: name + 6, Kind: MaskName}, {Part: 0, Start: name + 3, End: name + 9, Kind: MaskOther}}},
			[]string{"其他|正文 第2行|＊＊＊"}},
		{"adjacent merged", PlanOptions{Categories: []Category{}, Selections: []Selection{
			{Part: 0, Start: name + 3, End: name + 9, Kind: MaskName}, {Part: 0, Start: name, End: name + 3, Kind: MaskName}}},
			[]string{"姓名|正文 第2行|陈*国"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, err := PlanRedaction(doc, found, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range plan.Preview() {
				got = append(got, p.Kind+"|"+p.Where+"|"+p.Masked)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if err := plan.fits(doc); err != nil {
				t.Errorf("fits: got %v, want nil", err)
			}
		})
	}
}

func TestPlanRedactionRefuses(t *testing.T) {
	doc := &Document{Parts: []Part{{Kind: PartBody, Text: "陈建国"}}}
	for _, s := range []Selection{
		{Part: 1, Start: 0, End: 3, Kind: MaskName},
		{Part: 0, Start: 0, End: 10, Kind: MaskName},
		{Part: 0, Start: 1, End: 3, Kind: MaskName}, // inside a character
		{Part: 0, Start: 3, End: 3, Kind: MaskName},
		{Part: 0, Start: 0, End: 3, Kind: "passport"},
	} {
		if _, err := PlanRedaction(doc, nil, PlanOptions{Selections: []Selection{s}}); !errors.Is(err, ErrPlan) {
			t.Errorf("%+v: got %v, want ErrPlan", s, err)
		}
	}
}

func TestDistribute(t *testing.T) {
	// 陈建国 in three runs; an ID across two runs and a tab; a name across two cells.
	text := "陈建国\t1101051949\t1231002X\n李四"
	segs := []segment{{0, 3}, {3, 6}, {6, 9}, {10, 20}, {21, 29}, {30, 33}, {33, 36}}
	tests := []struct {
		name string
		reps []Replacement
		want []string
	}{
		{"same length across runs", []Replacement{{Start: 0, End: 9, Masked: "陈*国"}}, []string{"陈", "*", "国", "1101051949", "1231002X", "李", "四"}},
		{"ID across a tab", []Replacement{{Start: 10, End: 29, Masked: "11********\t*****02X"}}, []string{"陈", "建", "国", "11********", "*****02X", "李", "四"}},
		{"shorter goes to the first run", []Replacement{{Start: 30, End: 36, Masked: "（删）"}}, []string{"陈", "建", "国", "1101051949", "1231002X", "（删）", ""}},
		{"removed", []Replacement{{Start: 3, End: 9, Masked: ""}}, []string{"陈", "", "", "1101051949", "1231002X", "李", "四"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i := range tt.reps {
				tt.reps[i].Original = text[tt.reps[i].Start:tt.reps[i].End]
			}
			got, _ := distribute(text, segs, tt.reps)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// FuzzPlanRedaction plans overlapping selections over a text held in segments, as runs of a
// Word document or cells of a worksheet are, and writes them there: the plan's spans are in
// order, apart and cover every selection; the segments joined again read as the planned text
// wherever the spans keep clear of what lies between segments.
func FuzzPlanRedaction(f *testing.F) {
	f.Add("陈建国 11010519491231002X 13812345678", []byte{0, 3, 3, 9, 12, 30}, []byte{3, 7, 9})
	f.Add("李四\n王五\n440524188001010014", []byte{0, 6, 1, 2, 5, 20}, []byte{6, 13})
	f.Fuzz(func(t *testing.T, text string, spans, cuts []byte) {
		if !utf8ValidString(text) || len(text) == 0 || len(text) > 4096 {
			return
		}
		doc := &Document{Parts: []Part{{Kind: PartBody, Text: text}}}
		var sel []Selection
		kinds := []MaskKind{MaskName, MaskAddress, MaskIDCard, MaskMobile, MaskBank, MaskOther}
		for i := 0; i+1 < len(spans); i += 2 {
			s, e := int(spans[i])%len(text), int(spans[i+1])%(len(text)+1)
			for s > 0 && !boundary(text, s) {
				s--
			}
			for e < len(text) && !boundary(text, e) {
				e++
			}
			if s < e {
				sel = append(sel, Selection{Part: 0, Start: s, End: e, Kind: kinds[i/2%len(kinds)]})
			}
		}
		plan, err := PlanRedaction(doc, NewRuleSet(nil, nil).Check(doc), PlanOptions{Selections: sel})
		if err != nil {
			t.Fatal(err)
		}
		if err := plan.fits(doc); err != nil {
			t.Fatal(err)
		}
		if len(plan.Parts) == 0 {
			return
		}
		reps := plan.Parts[0].Replacements
		for _, s := range sel {
			for i, r := range text[s.Start:s.End] {
				at := s.Start + i
				if !unicode.IsSpace(r) && !slices.ContainsFunc(reps, func(r Replacement) bool { return r.Start <= at && at < r.End }) {
					t.Fatalf("byte %d of selection %d–%d not covered by %v", at, s.Start, s.End, reps)
				}
			}
		}
		for i := 1; i < len(reps); i++ {
			if reps[i].Start < reps[i-1].End {
				t.Fatalf("replacements overlap: %v", reps)
			}
		}
		segs, gaps := cutSegments(text, cuts)
		got, _ := distribute(text, segs, reps)
		clear := !slices.ContainsFunc(reps, func(r Replacement) bool {
			return slices.ContainsFunc(gaps, func(g int) bool { return r.Start <= g && g < r.End })
		})
		if joined := joinSegments(text, segs, got); clear && joined != plan.Parts[0].applyText(text) {
			t.Fatalf("got %q, want %q", joined, plan.Parts[0].applyText(text))
		}
	})
}

// cutSegments cuts text into segments at the character boundaries cuts name; a cut on a
// newline leaves the newline between segments, as a paragraph's end is in a Word document.
func cutSegments(text string, cuts []byte) ([]segment, []int) {
	var segs []segment
	var gaps []int
	at := 0
	for _, c := range cuts {
		e := at + int(c)%8 + 1
		for e < len(text) && !boundary(text, e) {
			e++
		}
		if e >= len(text) {
			break
		}
		segs = append(segs, segment{at, e})
		at = e
		if text[e] == '\n' {
			gaps = append(gaps, e)
			at++
		}
	}
	if at < len(text) {
		segs = append(segs, segment{at, len(text)})
	}
	return segs, gaps
}

// joinSegments writes the segments' new texts with what lies between them.
func joinSegments(text string, segs []segment, got []string) string {
	var b strings.Builder
	at := 0
	for i, s := range segs {
		b.WriteString(text[at:s.start])
		b.WriteString(got[i])
		at = s.end
	}
	b.WriteString(text[at:])
	return b.String()
}

func utf8ValidString(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }
