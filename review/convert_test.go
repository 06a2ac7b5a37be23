package review

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func TestConvertLeavesNoTempFiles(t *testing.T) {
	needSoffice(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	mustRead(t, filepath.Join("testdata", "full.doc"))
	left, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) > 0 {
		t.Errorf("left behind in TMPDIR: %v", left)
	}
}

// TestReadConvertedOddTempDir converts a .doc in a temporary folder whose name has a space, a
// '#' and Chinese, as a Windows user's profile folder can: LibreOffice must get its profile
// folder as a proper file: URL.
func TestReadConvertedOddTempDir(t *testing.T) {
	needSoffice(t)
	tmp := filepath.Join(t.TempDir(), "张三 的#临时文件")
	if err := os.Mkdir(tmp, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TMPDIR", tmp)
	doc, err := Read(context.Background(), "testdata/full.doc")
	if err != nil {
		t.Fatalf("got %v, want the document", err)
	}
	if got, want := doc.Format, FormatDOC; got != want {
		t.Errorf("got format %s, want %s", got, want)
	}
	if got := len(doc.Parts); got == 0 {
		t.Errorf("got %d parts, want the converted text", got)
	}
}
