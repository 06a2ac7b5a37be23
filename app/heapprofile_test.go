package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestHeapProfile(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, path string
		wantErr    bool
	}{
		{"a file", filepath.Join(dir, "heap.prof"), false},
		{"a folder that does not exist", filepath.Join(dir, "missing", "heap.prof"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := heapProfile(tt.path)
			if (err != nil) != tt.wantErr {
				t.Fatalf("heapProfile(%q) = %v, want error %v", tt.path, err, tt.wantErr)
			}
			if tt.wantErr {
				return
			}
			data, err := os.ReadFile(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			// pprof's format is a gzipped protocol buffer.
			if got := data[:min(2, len(data))]; !bytes.Equal(got, []byte{0x1f, 0x8b}) {
				t.Errorf("profile starts %x, want the gzip magic 1f8b", got)
			}
		})
	}
}
