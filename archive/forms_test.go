package archive

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"shendang.gov.cn/shendang/review"
)

var update = flag.Bool("update", false, "rewrite the golden PDFs in testdata/forms")

// longTitle is 50 characters: it wraps on every form.
const longTitle = "厦门市司法局关于印发2016年政务公开工作实施方案及主要任务分解表并请局机关各处室认真组织实施的通知"

// formsOffice files three items into one box; the first has the long title, its secrecy check
// has a dismissed finding, and its archivist's name has a rare character (䶮) and a note one
// outside the font's plane (𠀀).
func formsOffice(t testing.TB) (*office, string) {
	o := newOffice(t)
	must(t, o.CreateUser("admin", User{Name: "yan", FullName: "刘䶮", Roles: []Role{RoleArchivist}}, "password-1"))
	var first string
	for i := range 3 {
		d := seedDraft
		if i == 0 {
			d.Title = longTitle
		} else {
			d.Title, d.DocNumber = fmt.Sprintf("关于律师事务所年度检查考核结果的公告（第%d批）", i), fmt.Sprintf("厦司〔2016〕%d号", 70+i)
		}
		it, err := o.Propose("drafter", d, SourceFile{Name: "公告.txt", Data: []byte("内部资料\n" + d.Title)}, "建议主动公开")
		must(t, err)
		must(t, o.Decide("head", it.ID, Review{Approve: true, Opinion: "同意"}))
		chk, err := o.CheckItem(t.Context(), it.ID)
		must(t, err)
		disp := map[string]review.Disposition{}
		for _, f := range chk.Findings {
			disp[f.Fingerprint] = review.Disposition{Kind: review.Dismissed, Reason: "模板遗留页眉"}
		}
		must(t, o.Decide("office", it.ID, Review{Approve: true, Dispositions: disp}))
		must(t, o.Decide("leader", it.ID, Review{Approve: true, Opinion: "同意公开"}))
		must(t, o.Publish("office", it.ID, Publication{Channels: []string{"门户网站"}, Date: "2016-07-01", URL: "http://sfj.xm.gov.cn/x.htm"}))
		_, err = o.FileItem("yan", it.ID, FilingRequest{Year: 2016, Pages: 4})
		must(t, err)
		if i == 0 {
			first = it.ID
			must(t, o.AddNote("yan", it.ID, "原件附件名含“𠀀”字"))
		}
	}
	_, err := o.MakeBox("yan", Box{Year: 2016, Retention: Permanent, Division: "BGS", First: 1, Last: 3, Spine: 30})
	must(t, err)
	return o, first
}

// renderForms returns every form of formsOffice by golden-file name.
func renderForms(t *testing.T) (map[string][]byte, []rune) {
	o, first := formsOffice(t)
	out := map[string][]byte{}
	var buf bytes.Buffer
	replaced, err := o.WriteItemSheet(&buf, first)
	must(t, err)
	out["item-sheet.pdf"] = append([]byte(nil), buf.Bytes()...)
	for _, f := range []BoxForm{FormCatalogue, FormRemarks, FormCover, FormSpine, FormVolume} {
		buf.Reset()
		_, err := o.WriteBoxForm(&buf, f, 2016, Permanent, "BGS", 1)
		must(t, err)
		out[string(f)+".pdf"] = append([]byte(nil), buf.Bytes()...)
	}
	return out, replaced
}

func TestFormsGolden(t *testing.T) {
	forms, replaced := renderForms(t)
	again, _ := renderForms(t)
	for name, data := range forms {
		if !bytes.Equal(data, again[name]) {
			t.Errorf("%s: two renderings differ; output must be reproducible", name)
		}
		path := filepath.Join("testdata", "forms", name)
		if *update {
			must(t, os.WriteFile(path, data, 0o644))
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./archive -run TestFormsGolden -update)", err)
		}
		if !bytes.Equal(data, want) {
			_ = os.MkdirAll(filepath.Join("testdata", "failed"), 0o755)
			_ = os.WriteFile(filepath.Join("testdata", "failed", name), data, 0o644)
			t.Errorf("%s differs from its golden file; the new one is in testdata/failed (look at it with pdftoppm, then -update)", name)
		}
	}
	if string(replaced) != "𠀀" {
		t.Errorf("the sheet reports %q replaced, want 𠀀", string(replaced))
	}
}

// pdfText extracts a PDF's text with poppler's pdftotext, with white space removed: gofpdf's
// output is read by an independent reader (ledongthuc/pdf cannot read it).
func pdfText(t *testing.T, data []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext not found; make test installs poppler-utils")
		}
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	cmd := exec.Command("pdftotext", "-q", "-", "-")
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	must(t, err)
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, string(out))
}

func TestFormsTextRoundTrip(t *testing.T) {
	o, first := formsOffice(t)
	it, _ := o.Item(first)
	forms, _ := renderForms(t)
	rules, err := o.RuleSet()
	must(t, err)
	want := map[string][]string{
		"item-sheet.pdf": {"政务信息公开保密审查及归档单", longTitle, "厦司〔2016〕59号", "厦门市司法局", "办公室（BGS）", "2016-06-29",
			"主动公开", "门户网站", "XM00103-0200-2016-00059", "Z109-WS·2016-Y-BGS-0001", "Z109", "0001", "永久",
			"王五（拟稿人）", "李处长（处室负责人）", "公开办张三（公开办）", "陈局长（分管领导）", "刘䶮（档案员）", "同意公开",
			"规则版本" + rules.Version, "内部标识", "误报", "模板遗留页眉", it.Current().SHA256, it.Current().SM3,
			"原件附件名含“〓”字", "U+20000"},
		"catalogue.pdf": {"归档文件目录", "全宗名称：厦门市司法局", "序号", "档号", "文号", "责任者", "题名", "日期", "密级", "页数", "备注",
			longTitle, "Z109-WS·2016-Y-BGS-0003", "厦司〔2016〕72号", "20160629", "第1页共1页"},
		"remarks.pdf": {"备考表", "盒内文件情况说明", "3件", "件号0001—0003", "共12页", "整理人", "整理日期", "检查人", "检查日期"},
		"cover.pdf":   {"全宗名称", "厦门市司法局"},
		"spine.pdf":   {"全宗号", "Z109", "年度", "2016", "保管期限", "永久", "起止件号", "0001-0003", "盒号", "机构", "办公室"},
		"volume.pdf":  {"全宗名称", "归档文件目录", "政务信息公开保密审查及归档单", "备考表", longTitle},
	}
	for name, values := range want {
		text := pdfText(t, forms[name])
		for _, v := range values {
			if !strings.Contains(text, strings.ReplaceAll(v, " ", "")) {
				t.Errorf("%s: pdftotext does not find %q", name, v)
			}
		}
	}
}
