package archive

import (
	"errors"
	"strings"
	"testing"
)

func TestDamageErrors(t *testing.T) {
	engine := errors.New("checksum mismatch")
	tests := []struct {
		name        string
		err         *DamageError
		wantKind    string
		wantKey     string
		wantMessage string
		wantError   string
		wantEngine  bool
	}{
		{"named file", damagedFile("000001.sst", engine), KindStoreDamaged, "000001.sst",
			"数据库文件 000001.sst 已损坏，无法可靠读取。", "store damaged: 000001.sst: checksum mismatch", true},
		{"unnamed file", damagedFile("", nil), KindStoreDamaged, "",
			"数据库文件已损坏，无法可靠读取。", "store damaged: ", false},
		{"key file", damagedKey("KEYREGISTRY", engine), KindKeyDamaged, "KEYREGISTRY",
			"数据库的密钥文件 KEYREGISTRY 已损坏。", "store damaged: KEYREGISTRY: checksum mismatch", true},
		{"rolled back", rolledBack(5, 7), KindStoreRolledBack, anchorName,
			"数据库缺少最近的 3 项操作（审计日志第 5–7 条及其写入的记录）：数据库文件已损坏，或被换成了较早的副本。",
			"store damaged: " + anchorName, false},
	}
	for _, tt := range tests {
		p := tt.err.Problem
		if p.Kind != tt.wantKind || p.Key != tt.wantKey || p.String() != tt.wantMessage {
			t.Errorf("%s: got %s %q %q, want %s %q %q", tt.name, p.Kind, p.Key, p.String(), tt.wantKind, tt.wantKey, tt.wantMessage)
		}
		if p.Advice == "" {
			t.Errorf("%s: got no advice, want what to do", tt.name)
		}
		if got := tt.err.Error(); got != tt.wantError {
			t.Errorf("%s: Error() got %q, want %q", tt.name, got, tt.wantError)
		}
		if !errors.Is(tt.err, ErrDamaged) {
			t.Errorf("%s: got errors.Is(err, ErrDamaged) false, want true", tt.name)
		}
		if got := errors.Is(tt.err, engine); got != tt.wantEngine {
			t.Errorf("%s: errors.Is(err, engine error) got %v, want %v", tt.name, got, tt.wantEngine)
		}
	}
	if a := rolledBack(5, 7).Problem.Advice; !strings.Contains(a, anchorName) {
		t.Errorf("rolled back advice: got %q, want it to name %s", a, anchorName)
	}
}
