package archive

import (
	"path/filepath"
	"testing"
)

// TestRestoresBackupsOfFormat1 restores backups written by 审档 before backups became
// engine-neutral (testdata/backup/v1-*.zip: Badger's own backup stream in store.bak, made by
// commit 580218d's Backup from an office with two filed items and one at 保密审查).
func TestRestoresBackupsOfFormat1(t *testing.T) {
	tests := []struct {
		file, passphrase string
	}{
		{"v1-plain.zip", ""},
		{"v1-encrypted.zip", "备份口令 fixture"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "restored")
			rep, err := Restore(t.Context(), filepath.Join("testdata", "backup", tt.file), dir, tt.passphrase)
			must(t, err)
			if !rep.OK() {
				t.Errorf("got problems %+v, want a clean store", rep.Problems)
			}
			s, err := Open(dir, Options{Passphrase: tt.passphrase})
			must(t, err)
			defer s.Close()
			items, n, err := s.Items(Filter{}, 0, 10)
			must(t, err)
			filed := 0
			for _, it := range items {
				if it.Filing != nil {
					filed++
				}
			}
			if n != 3 || filed != 2 {
				t.Errorf("got %d items, %d filed; want 3, 2 filed", n, filed)
			}
			if got, err := s.ItemByCode("Z109-WS·2016-Y-BGS-0002"); err != nil || got.Title != "关于测试备份格式的通知" {
				t.Errorf("got %v, %v; want the second filed item", got, err)
			}
			last, err := s.LastAudit()
			must(t, err)
			if last.Action != ActionRestore {
				t.Errorf("got last audit action %q, want %q", last.Action, ActionRestore)
			}
			if _, err := s.Authenticate("archivist", "password-1"); err != nil {
				t.Errorf("got %v, want the restored archivist to log in", err)
			}
		})
	}
}
