package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"unsafe"

	"fyne.io/fyne/v2/driver"
	"golang.org/x/sys/windows"
)

// platformDialog is Windows' common item dialog, modal to the 审档 window whose handle native
// (what the window's RunNative passes) gives.
func platformDialog(native any) nativeDialog {
	switch w := native.(type) {
	case driver.WindowsWindowContext:
		return itemDialog{owner: w.HWND}
	case *driver.WindowsWindowContext:
		return itemDialog{owner: w.HWND}
	}
	return nil
}

// itemDialog is Windows' common item dialog (IFileOpenDialog, IFileSaveDialog), called through
// COM without cgo. It speaks the language of Windows: on a Chinese Windows, Chinese.
type itemDialog struct {
	owner uintptr // the HWND the dialog is modal to
}

var _ nativeDialog = itemDialog{}

var (
	procCoCreateInstance            = windows.NewLazySystemDLL("ole32.dll").NewProc("CoCreateInstance")
	procSHCreateItemFromParsingName = windows.NewLazySystemDLL("shell32.dll").NewProc("SHCreateItemFromParsingName")

	clsidFileOpenDialog = windows.GUID{Data1: 0xDC1C5A9C, Data2: 0xE88A, Data3: 0x4DDE, Data4: [8]byte{0xA5, 0xA1, 0x60, 0xF8, 0x2A, 0x20, 0xAE, 0xF7}}
	clsidFileSaveDialog = windows.GUID{Data1: 0xC0B4E2F3, Data2: 0xBA21, Data3: 0x4773, Data4: [8]byte{0x8D, 0xBA, 0x33, 0x5E, 0xC9, 0x46, 0xEB, 0x8B}}
	iidFileOpenDialog   = windows.GUID{Data1: 0xD57C7288, Data2: 0xD4AD, Data3: 0x4768, Data4: [8]byte{0xBE, 0x02, 0x9D, 0x96, 0x95, 0x32, 0xD9, 0x60}}
	iidFileSaveDialog   = windows.GUID{Data1: 0x84BCCD23, Data2: 0x5FDE, Data3: 0x4CDB, Data4: [8]byte{0xAE, 0xA4, 0xAF, 0x64, 0xB8, 0x3D, 0x78, 0xAB}}
	iidShellItem        = windows.GUID{Data1: 0x43826D1E, Data2: 0xE718, Data3: 0x42EE, Data4: [8]byte{0xBC, 0x55, 0xA1, 0xE2, 0x61, 0xC3, 0x7B, 0xFE}}
)

// Places in the interfaces' method tables (shobjidl_core.h): IUnknown's three, IModalWindow's
// Show, then IFileDialog's in order; IFileOpenDialog's GetResults after them; IShellItem's and
// IShellItemArray's after IUnknown's.
const (
	methodRelease             = 2
	methodShow                = 3
	methodSetFileTypes        = 4
	methodSetFileTypeIndex    = 5
	methodSetOptions          = 9
	methodGetOptions          = 10
	methodSetDefaultFolder    = 11
	methodSetFolder           = 12
	methodSetFileName         = 15
	methodSetTitle            = 17
	methodGetResult           = 20
	methodSetDefaultExtension = 22
	methodGetResults          = 27 // IFileOpenDialog
	methodGetDisplayName      = 5  // IShellItem
	methodGetCount            = 7  // IShellItemArray
	methodGetItemAt           = 8  // IShellItemArray
)

const (
	clsctxInprocServer = 0x1
	sigdnFileSysPath   = 0x80058000
	errCancelled       = hresult(0x800704C7) // HRESULT_FROM_WIN32(ERROR_CANCELLED): the person cancelled
)

// hresult is a failed COM call's result.
type hresult uint32

func (h hresult) Error() string { return fmt.Sprintf("HRESULT 0x%08X", uint32(h)) }

// comObject is a COM interface: its first word points to the table of its methods.
type comObject struct {
	methods *[32]uintptr
}

// call calls the method at place m with o and args, and returns the failure it reports.
//
//go:uintptrescapes
func (o *comObject) call(m int, args ...uintptr) error {
	r, _, _ := syscall.SyscallN(o.methods[m], append([]uintptr{uintptr(unsafe.Pointer(o))}, args...)...)
	if int32(r) < 0 {
		return hresult(r)
	}
	return nil
}

func (o *comObject) release() { _ = o.call(methodRelease) }

// pick shows the dialog on a thread of its own, as COM's single-threaded apartment requires.
// ctx is not used: the dialog is modal to the window, and only the person closes it.
func (d itemDialog) pick(_ context.Context, q nativeQuestion) ([]string, error) {
	type answer struct {
		paths []string
		err   error
	}
	done := make(chan answer, 1)
	go func() {
		// Never unlocked: the thread ends with this goroutine, and its COM state with it.
		runtime.LockOSThread()
		paths, err := d.show(q)
		done <- answer{paths, err}
	}()
	a := <-done
	return a.paths, a.err
}

func (d itemDialog) show(q nativeQuestion) ([]string, error) {
	if err := windows.CoInitializeEx(0, windows.COINIT_APARTMENTTHREADED|windows.COINIT_DISABLE_OLE1DDE); err != nil && err != syscall.Errno(windows.S_FALSE) {
		return nil, fmt.Errorf("CoInitializeEx: %w", err)
	}
	defer windows.CoUninitialize()
	clsid, iid := &clsidFileOpenDialog, &iidFileOpenDialog
	if q.mode == chooseSave {
		clsid, iid = &clsidFileSaveDialog, &iidFileSaveDialog
	}
	var dlg *comObject
	r, _, _ := procCoCreateInstance.Call(uintptr(unsafe.Pointer(clsid)), 0, clsctxInprocServer,
		uintptr(unsafe.Pointer(iid)), uintptr(unsafe.Pointer(&dlg)))
	if int32(r) < 0 {
		return nil, fmt.Errorf("CoCreateInstance: %w", hresult(r))
	}
	defer dlg.release()
	keep, err := setUpItemDialog(dlg, q)
	if err != nil {
		return nil, err
	}
	err = dlg.call(methodShow, d.owner)
	runtime.KeepAlive(keep)
	switch {
	case errors.Is(err, errCancelled):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("IFileDialog.Show: %w", err)
	case q.mode == chooseFiles || q.mode == chooseFile:
		return openResults(dlg)
	}
	var item *comObject
	if err := dlg.call(methodGetResult, uintptr(unsafe.Pointer(&item))); err != nil {
		return nil, fmt.Errorf("IFileDialog.GetResult: %w", err)
	}
	defer item.release()
	path, err := itemPath(item)
	if err != nil {
		return nil, err
	}
	return []string{path}, nil
}

// setUpItemDialog asks q in dlg: options, title, file types, start folder, proposed name. It
// returns what must stay alive until the dialog has been shown.
func setUpItemDialog(dlg *comObject, q nativeQuestion) (keep any, err error) {
	var opts uint32
	if err := dlg.call(methodGetOptions, uintptr(unsafe.Pointer(&opts))); err != nil {
		return nil, fmt.Errorf("IFileDialog.GetOptions: %w", err)
	}
	if err := dlg.call(methodSetOptions, uintptr(opts|itemDialogOptions(q.mode))); err != nil {
		return nil, fmt.Errorf("IFileDialog.SetOptions: %w", err)
	}
	if err := setText(dlg, methodSetTitle, q.title); err != nil {
		return nil, fmt.Errorf("IFileDialog.SetTitle: %w", err)
	}
	specs, err := utf16Specs(itemDialogTypes(q.types))
	if err != nil {
		return nil, err
	}
	if len(specs) > 0 {
		if err := dlg.call(methodSetFileTypes, uintptr(len(specs)), uintptr(unsafe.Pointer(&specs[0]))); err != nil {
			return nil, fmt.Errorf("IFileDialog.SetFileTypes: %w", err)
		}
		_ = dlg.call(methodSetFileTypeIndex, 1) // one-based: the request's own types
	}
	if folder, err := shellItem(q.dir); err == nil {
		// The remembered folder is where the dialog opens; a default only where Windows
		// remembers none of its own for 审档.
		m := methodSetDefaultFolder
		if q.remembered {
			m = methodSetFolder
		}
		_ = dlg.call(m, uintptr(unsafe.Pointer(folder)))
		folder.release()
	}
	if q.mode == chooseSave {
		if err := setText(dlg, methodSetFileName, q.name); err != nil {
			return nil, fmt.Errorf("IFileDialog.SetFileName: %w", err)
		}
		if ext := strings.TrimPrefix(filepath.Ext(q.name), "."); ext != "" {
			_ = setText(dlg, methodSetDefaultExtension, ext)
		}
	}
	return specs, nil
}

// comdlgFilterSpec is COMDLG_FILTERSPEC.
type comdlgFilterSpec struct {
	name, spec *uint16
}

func utf16Specs(specs []filterSpec) ([]comdlgFilterSpec, error) {
	out := make([]comdlgFilterSpec, len(specs))
	for i, s := range specs {
		var err error
		if out[i].name, err = windows.UTF16PtrFromString(s.name); err != nil {
			return nil, err
		}
		if out[i].spec, err = windows.UTF16PtrFromString(s.spec); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// setText calls o's method m with s as its one string argument.
func setText(o *comObject, m int, s string) error {
	p, err := windows.UTF16PtrFromString(s)
	if err != nil {
		return err
	}
	return o.call(m, uintptr(unsafe.Pointer(p)))
}

// shellItem is the folder at path as the shell names it; the caller releases it.
func shellItem(path string) (*comObject, error) {
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return nil, err
	}
	var item *comObject
	r, _, _ := procSHCreateItemFromParsingName.Call(uintptr(unsafe.Pointer(p)), 0,
		uintptr(unsafe.Pointer(&iidShellItem)), uintptr(unsafe.Pointer(&item)))
	if int32(r) < 0 {
		return nil, fmt.Errorf("SHCreateItemFromParsingName %q: %w", path, hresult(r))
	}
	return item, nil
}

// openResults are the paths of the files an open dialog returned.
func openResults(dlg *comObject) ([]string, error) {
	var items *comObject
	if err := dlg.call(methodGetResults, uintptr(unsafe.Pointer(&items))); err != nil {
		return nil, fmt.Errorf("IFileOpenDialog.GetResults: %w", err)
	}
	defer items.release()
	var n uint32
	if err := items.call(methodGetCount, uintptr(unsafe.Pointer(&n))); err != nil {
		return nil, fmt.Errorf("IShellItemArray.GetCount: %w", err)
	}
	var paths []string
	for i := range n {
		var item *comObject
		if err := items.call(methodGetItemAt, uintptr(i), uintptr(unsafe.Pointer(&item))); err != nil {
			return nil, fmt.Errorf("IShellItemArray.GetItemAt: %w", err)
		}
		path, err := itemPath(item)
		item.release()
		if err != nil {
			return nil, err
		}
		paths = append(paths, path)
	}
	if len(paths) == 0 {
		return nil, errors.New("IFileOpenDialog returned no file")
	}
	return paths, nil
}

// itemPath is the file-system path of a shell item.
func itemPath(item *comObject) (string, error) {
	var s *uint16
	if err := item.call(methodGetDisplayName, sigdnFileSysPath, uintptr(unsafe.Pointer(&s))); err != nil {
		return "", fmt.Errorf("IShellItem.GetDisplayName: %w", err)
	}
	defer windows.CoTaskMemFree(unsafe.Pointer(s))
	return windows.UTF16PtrToString(s), nil
}
