//go:build !linux

package pgtest

import (
	"os"
	"testing"
)

func TestAliveAndProcAttr(t *testing.T) {
	tests := []int{os.Getpid(), 1 << 30}
	for _, pid := range tests {
		if !alive(pid) {
			t.Errorf("alive(%d): got false, want true (no portable check)", pid)
		}
	}
	if attr, err := procAttr(t.TempDir()); attr != nil || err != nil {
		t.Errorf("procAttr: got %+v, %v, want nil, nil", attr, err)
	}
}
