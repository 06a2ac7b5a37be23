package main

import (
	"errors"
	"syscall"
	"testing"

	"fyne.io/fyne/v2/driver"
	"golang.org/x/sys/windows"
)

// TestPlatformDialogWindows: the item dialog is modal to the window whose handle the window's
// RunNative gives, as a value or a pointer; any other context gives 审档's own chooser.
func TestPlatformDialogWindows(t *testing.T) {
	tests := []struct {
		name   string
		native any
		want   nativeDialog
	}{
		{"window context", driver.WindowsWindowContext{HWND: 0x1234}, itemDialog{owner: 0x1234}},
		{"pointer to one", &driver.WindowsWindowContext{HWND: 0x5678}, itemDialog{owner: 0x5678}},
		{"no context", nil, nil},
		{"another driver's", driver.UnknownContext{}, nil},
	}
	for _, tt := range tests {
		if got := platformDialog(tt.native); got != tt.want {
			t.Errorf("%s: got %#v, want %#v", tt.name, got, tt.want)
		}
	}
}

func TestHresultError(t *testing.T) {
	tests := []struct {
		h    hresult
		want string
	}{
		{errCancelled, "HRESULT 0x800704C7"},
		{hresult(0x80004005), "HRESULT 0x80004005"}, // E_FAIL
		{hresult(1), "HRESULT 0x00000001"},
	}
	for _, tt := range tests {
		if got := tt.h.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

// TestUTF16Specs: the file-type list reaches the dialog as UTF-16 strings, Chinese intact; a
// string Windows cannot take (with a NUL in it) is an error, not a truncated label.
func TestUTF16Specs(t *testing.T) {
	specs := itemDialogTypes(fileTypes(chooserRequest{mode: chooseFiles, exts: []string{".txt", ".docx"}}))
	got, err := utf16Specs(specs)
	if err != nil || len(got) != len(specs) {
		t.Fatalf("got %d specs, %v; want %d", len(got), err, len(specs))
	}
	for i, s := range got {
		if name, spec := windows.UTF16PtrToString(s.name), windows.UTF16PtrToString(s.spec); name != specs[i].name || spec != specs[i].spec {
			t.Errorf("spec %d: got %q %q, want %q %q", i, name, spec, specs[i].name, specs[i].spec)
		}
	}
	if _, err := utf16Specs([]filterSpec{{name: "TXT\x00 文件", spec: "*.txt"}}); !errors.Is(err, syscall.EINVAL) {
		t.Errorf("a NUL in a label: got %v, want EINVAL", err)
	}
}
