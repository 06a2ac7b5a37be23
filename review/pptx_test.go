package review

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestReadPPTX(t *testing.T) {
	needOCR(t)
	t.Parallel()
	doc, found, err := NewReader().CheckFile(context.Background(), defaultRules(t), "testdata/slides.pptx")
	if err != nil {
		t.Fatal(err)
	}
	if doc.Format != FormatPPTX || doc.Pages != 2 {
		t.Errorf("got format %s pages %d, want pptx 2", doc.Format, doc.Pages)
	}
	want := []string{
		"id-card@演讲者备注 第1页 第1行",
		"mobile-phone@正文 第2页 第2行",
		"classification-mark@嵌入图片 image1.png › 正文（图像识别",
		"id-card@嵌入图片 image1.png › 正文（图像识别",
		"hidden-cells:第2张幻灯片处于隐藏状态",
	}
	var got []string
	for _, f := range found {
		switch {
		case f.Category == CatHiddenContent:
			got = append(got, f.Rule+":"+f.Context)
		case f.Category == CatIDCard || f.Category == CatMobilePhone || f.Category == CatClassificationMark:
			got = append(got, f.Rule+"@"+f.Where())
		}
	}
	if len(got) != len(want) {
		t.Fatalf("got %q,\nwant %q", got, want)
	}
	for i := range got {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("finding %d: got %q, want it to start %q", i, got[i], want[i])
		}
	}
}

// TestReadPPTXParts: slides in the presentation's order, whatever their files' numbers; notes
// on their slide's page; comments; a slide the presentation lists but the package lacks is a
// gap; what is no presentation is malformed.
func TestReadPPTXParts(t *testing.T) {
	t.Parallel()
	ns := `xmlns:a="a" xmlns:p="p" xmlns:r="r"`
	base := map[string]string{
		"ppt/presentation.xml":             `<p:presentation ` + ns + `><p:sldIdLst><p:sldId id="256" r:id="rId2"/><p:sldId id="257" r:id="rId1"/></p:sldIdLst></p:presentation>`,
		"ppt/_rels/presentation.xml.rels":  `<Relationships><Relationship Id="rId1" Type="x/slide" Target="slides/slide1.xml"/><Relationship Id="rId2" Type="x/slide" Target="/ppt/slides/slide2.xml"/></Relationships>`,
		"ppt/slides/slide1.xml":            `<p:sld ` + ns + `><a:p><a:r><a:t>第二张</a:t></a:r></a:p></p:sld>`,
		"ppt/slides/slide2.xml":            `<p:sld ` + ns + ` show="0"><a:p><a:r><a:t>第一</a:t></a:r><a:r><a:t>张</a:t></a:r></a:p><a:p><a:t>次行</a:t></a:p></p:sld>`,
		"ppt/slides/_rels/slide2.xml.rels": `<Relationships><Relationship Id="rId9" Type="x/notesSlide" Target="../notesSlides/notesSlide7.xml"/></Relationships>`,
		"ppt/notesSlides/notesSlide7.xml":  `<p:notes ` + ns + `><a:p><a:t>备注文字</a:t></a:p></p:notes>`,
		"ppt/comments/comment1.xml":        `<p:cmLst ` + ns + `><p:cm><p:text>批注一</p:text></p:cm><p:cm><p:text>批注二</p:text></p:cm></p:cmLst>`,
	}
	tests := []struct {
		name  string
		edit  map[string]string // entries replaced, "" removed
		parts []string          // kind:page:text
		gaps  int
		err   error
	}{
		{"order, notes, comments", nil, []string{"body:1:第一张\n次行", "notes:1:备注文字", "body:2:第二张", "comment:0:批注一\n批注二"}, 0, nil},
		{"a slide missing", map[string]string{"ppt/slides/slide1.xml": ""}, []string{"body:1:第一张\n次行", "notes:1:备注文字", "comment:0:批注一\n批注二"}, 1, nil},
		{"no presentation", map[string]string{"ppt/presentation.xml": ""}, nil, 0, ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{}
			for k, v := range base {
				files[k] = v
			}
			for k, v := range tt.edit {
				if v == "" {
					delete(files, k)
				} else {
					files[k] = v
				}
			}
			doc, err := NewReader().ReadBytes(context.Background(), "a.pptx", zipOf(t, files))
			if !errors.Is(err, tt.err) {
				t.Fatalf("got error %v, want %v", err, tt.err)
			}
			if err != nil {
				return
			}
			var got []string
			for _, p := range doc.Parts {
				got = append(got, string(p.Kind)+":"+string(rune('0'+p.Page))+":"+p.Text)
			}
			if !slices.Equal(got, tt.parts) {
				t.Errorf("got parts %q,\nwant %q", got, tt.parts)
			}
			if len(doc.Gaps) != tt.gaps {
				t.Errorf("got gaps %v, want %d", doc.Gaps, tt.gaps)
			}
			if len(doc.Hidden) != 1 {
				t.Errorf("got hidden %q, want slide 1 hidden", doc.Hidden)
			}
		})
	}
}

func FuzzReadPPTX(f *testing.F) {
	seedFixtures(f, "pptx")
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, "draft.pptx", data) })
}
