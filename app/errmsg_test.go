package main

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"shendang.gov.cn/shendang/archive"
)

func TestUserMessage(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, ""},
		{"store in use, wrapped", fmt.Errorf("open store %q: %w", "/d", archive.ErrStoreInUse), "另一个审档窗口"},
		{"incompatible store", fmt.Errorf("x: %w", archive.ErrIncompatibleStore), "不兼容的审档版本"},
		{"anything else keeps its detail", errors.New("disk full"), "操作未能完成：disk full"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := userMessage(tt.err)
			if !strings.Contains(got, tt.want) || (tt.want == "" && got != "") {
				t.Errorf("got %q, want it to contain %q", got, tt.want)
			}
		})
	}
}
