package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"shendang.gov.cn/shendang/archive"
)

func TestDataBackupVerifyRestore(t *testing.T) {
	s := setUpStore(t, archive.Options{})
	v := newTestSettingsView(t, s, "admin", nil)
	p := v.data
	test.Tap(p.verify)
	if !strings.Contains(p.report.Text, "校验通过") || !strings.Contains(p.stage.Text, "校验完成") {
		t.Errorf("verify: %q / %q", p.stage.Text, p.report.Text)
	}
	backup := filepath.Join(t.TempDir(), "备份.zip")
	p.backupTo(backup)
	if info, err := os.Stat(backup); err != nil || info.Size() == 0 || !strings.Contains(p.stage.Text, "已备份到") {
		t.Fatalf("backup: %v, %q", err, p.stage.Text)
	}
	target := filepath.Join(t.TempDir(), "恢复")
	p.restoreTo(backup, target)
	if !strings.Contains(p.report.Text, "已恢复到") || !strings.Contains(p.report.Text, "校验通过") {
		t.Errorf("restore: %q", p.report.Text)
	}
	p.restoreTo(backup, target) // not empty now: refused, the restored store untouched
	if !strings.Contains(p.stage.Text, "恢复失败") {
		t.Errorf("restore over a store: %q", p.stage.Text)
	}
	p.showAudit()
	if !strings.Contains(p.audit.Text, "备份") || !strings.Contains(p.audit.Text, "管理员") {
		t.Errorf("audit log view:\n%s", p.audit.Text)
	}
}

func TestRestoreEncryptedBackupAsksPassphrase(t *testing.T) {
	t.Setenv(passphraseEnv, "")
	s := setUpStore(t, archive.Options{Passphrase: "本局口令-2016"})
	p := newTestSettingsView(t, s, "admin", nil).data
	backup := filepath.Join(t.TempDir(), "加密备份.zip")
	p.backupTo(backup)
	target := filepath.Join(t.TempDir(), "恢复")
	p.restoreTo(backup, target)
	if p.passphrase == nil || !strings.Contains(p.stage.Text, "需要口令") {
		t.Fatalf("an encrypted backup did not ask for its passphrase: %q", p.stage.Text)
	}
	p.restoreWith(backup, target, "错误口令")
	if !strings.Contains(p.stage.Text, "需要口令") {
		t.Errorf("wrong passphrase: %q", p.stage.Text)
	}
	p.restoreWith(backup, target, "本局口令-2016")
	if !strings.Contains(p.report.Text, "校验通过") {
		t.Errorf("restore with the passphrase: %q / %q", p.stage.Text, p.report.Text)
	}
}
