package main

import (
	"strings"
	"testing"

	"shendang.gov.cn/shendang/assets"
)

func TestReviewViewNoticeAndBrokenFile(t *testing.T) {
	v := newTestReviewView(t)
	v.loadAndWait(t, notice)
	if len(v.found) != 0 || !strings.Contains(v.verdict.Text, "未发现问题") {
		t.Errorf("notice: %d findings, verdict %q", len(v.found), v.verdict.Text)
	}
	v.loadAndWait(t, "../review/testdata/broken.docx")
	if v.doc != nil {
		t.Error("a broken file was shown as a document")
	}
	if !strings.Contains(v.file.Text, "尚未导入") {
		t.Errorf("file label %q after a broken file", v.file.Text)
	}
}

func TestBundledSamples(t *testing.T) {
	v := newTestReviewView(t)
	for name, data := range assets.Samples() {
		v.doc = nil
		v.loadBytes(name, data)
		want := "未发现问题"
		if strings.Contains(name, "密级") {
			want = "不得公开"
		}
		if v.doc == nil || !strings.Contains(v.verdict.Text, want) {
			t.Errorf("%s: verdict %q, want %s", name, v.verdict.Text, want)
		}
	}
}
