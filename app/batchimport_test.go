package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"shendang.gov.cn/shendang/archive"
)

func TestBatchImport(t *testing.T) {
	store := memStore(t)
	if err := store.SetUp(archive.User{Name: "admin", FullName: "管理员", Roles: []archive.Role{archive.RoleAdmin}}, "admin-password",
		archive.Settings{FondsName: "厦门市司法局", FondsCode: "Z109", Divisions: []archive.Division{{Code: "BGS", Name: "办公室"}}}); err != nil {
		t.Fatal(err)
	}
	drafter := archive.User{Name: "drafter", FullName: "王五", Roles: []archive.Role{archive.RoleDrafter}, Division: "BGS"}
	head := archive.User{Name: "head", FullName: "李处长", Roles: []archive.Role{archive.RoleDivisionHead}, Division: "BGS"}
	for _, u := range []archive.User{drafter, head} {
		if err := store.CreateUser("admin", u, "password-1"); err != nil {
			t.Fatal(err)
		}
	}
	v := newTestReviewView(t)
	v.store, v.user = store, &drafter
	paths := []string{"../review/testdata/marks.docx", notice, "../review/testdata/broken.docx", "../review/testdata/mkfixtures.sh"}
	b := v.importBatch(paths)

	report := b.report.Text
	for _, want := range []string{"！ marks.docx：不得公开", "已提出，待初审", "✓ notice.txt：未发现问题（发现 0 项）",
		"✗ 无法读取文件“broken.docx”：文件已损坏", "✗ 无法读取文件“mkfixtures.sh”：不支持这种文件类型", "完成：4 个文件，新建待初审事项 2 项。"} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	if b.progress.Value != 4 || b.cancel.Text != "关闭" {
		t.Errorf("progress %v, button %q", b.progress.Value, b.cancel.Text)
	}
	items, total, err := store.Items(archive.Filter{State: archive.StatePreliminary}, 0, 10)
	if err != nil || total != 2 {
		t.Fatalf("%d items waiting for 初审, %v", total, err)
	}
	for _, it := range items {
		if it.Drafter != "drafter" || it.Division != "BGS" || it.Author != "厦门市司法局" {
			t.Errorf("imported item %+v", it)
		}
	}

	// The notice again: a document with a 文号 is not proposed twice by a batch.
	again := v.importBatch(paths[1:2])
	if got := again.report.Text; !strings.Contains(got, "完成：1 个文件，新建待初审事项 0 项。") || !strings.Contains(got, "未提出：文号“云司〔2026〕15号”已用于“") || !strings.Contains(got, "现处于初审环节），如确需再次提出，请单独导入") {
		t.Errorf("the batch imported again:\n%s", got)
	}
	if _, total, _ := store.Items(archive.Filter{}, 0, 10); total != 2 {
		t.Errorf("the batch imported again stored items: %d in all, want 2", total)
	}

	// Cancelled before it starts: every file is reported as cancelled, nothing is stored.
	c := newBatchImport(v, paths[:2])
	c.onCancel()
	c.run()
	c.finish()
	if strings.Count(c.report.Text, "已取消") != 2 {
		t.Errorf("cancelled batch:\n%s", c.report.Text)
	}
	if _, total, _ := store.Items(archive.Filter{}, 0, 10); total != 2 {
		t.Errorf("a cancelled batch stored items: %d", total)
	}

	// A reviewer who is not a drafter: checks only.
	office := archive.User{Name: "office", FullName: "张三", Roles: []archive.Role{archive.RoleOffice}}
	v.user = &office
	o := v.importBatch(paths[:1])
	if strings.Contains(o.report.Text, "已提出") || !strings.Contains(o.report.Text, "新建待初审事项 0 项") {
		t.Errorf("a non-drafter's batch:\n%s", o.report.Text)
	}
}

func TestImportFolder(t *testing.T) {
	v := newTestReviewView(t)
	dir := t.TempDir()
	if v.importFolder(dir) != nil {
		t.Error("an empty folder started a batch")
	}
	sub := filepath.Join(dir, "六月")
	for path, text := range map[string]string{
		filepath.Join(dir, "通知.txt"): "关于某事的通知\n", filepath.Join(sub, "请示.txt"): "本件为内部资料。\n", filepath.Join(dir, "说明.sh"): "echo",
	} {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b := v.importFolder(dir)
	if b == nil {
		t.Fatal("no batch for a folder of drafts")
	}
	if len(b.paths) != 2 || !strings.Contains(b.report.Text, "！ 请示.txt：不得公开") || !strings.Contains(b.report.Text, "✓ 通知.txt：未发现问题") {
		t.Errorf("folder batch of %v:\n%s", b.paths, b.report.Text)
	}
}
