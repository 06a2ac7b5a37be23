package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"unsafe"
)

// dropPages takes the whole pages of b out of the process's resident set, when b lies in a
// mapping of a file (the program file, for bytes the binary embeds): the next read of them
// faults them back in from the file, unchanged, so b must be bytes nobody writes. It refuses
// anonymous memory, where dropping a page would make it read as zeros, and does nothing for a
// b shorter than a page. It returns how many bytes it dropped.
func dropPages(b []byte) (int, error) {
	off, n := wholePages(b, os.Getpagesize())
	if n == 0 {
		return 0, nil
	}
	start := uintptr(unsafe.Pointer(unsafe.SliceData(b))) + uintptr(off)
	file, err := fileBacked(start, start+uintptr(n))
	if err != nil {
		return 0, err
	}
	if !file {
		return 0, fmt.Errorf("drop pages at %#x: not a file mapping", start)
	}
	if err := syscall.Madvise(b[off:off+n], syscall.MADV_DONTNEED); err != nil {
		return 0, fmt.Errorf("drop pages at %#x: %w", start, err)
	}
	return n, nil
}

// wholePages returns where the first whole page of b starts, as an offset in b, and how many
// bytes of whole pages b holds from there.
func wholePages(b []byte, page int) (off, n int) {
	addr := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	first := (addr + uintptr(page) - 1) &^ (uintptr(page) - 1)
	end := (addr + uintptr(len(b))) &^ (uintptr(page) - 1)
	if len(b) == 0 || end <= first {
		return 0, 0
	}
	return int(first - addr), int(end - first)
}

// fileBacked tells whether the addresses [start, end) lie in one mapping of a file, from
// /proc/self/maps (a line "start-end perms offset dev inode path"; inode 0 is anonymous memory).
func fileBacked(start, end uintptr) (bool, error) {
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return false, fmt.Errorf("mappings: %w", err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		fields := strings.Fields(s.Text())
		if len(fields) < 5 {
			continue
		}
		lo, hi, ok := strings.Cut(fields[0], "-")
		if !ok {
			continue
		}
		from, err1 := strconv.ParseUint(lo, 16, 64)
		to, err2 := strconv.ParseUint(hi, 16, 64)
		if err1 != nil || err2 != nil || uint64(start) < from || uint64(start) >= to {
			continue
		}
		return uint64(end) <= to && fields[4] != "0", nil
	}
	if err := s.Err(); err != nil {
		return false, fmt.Errorf("mappings: %w", err)
	}
	return false, nil
}

// madvPageout is Linux's MADV_PAGEOUT (5.4 and later), which the syscall package lacks: reclaim
// the pages now. It only advises, so it never changes what memory reads, whatever the range
// holds by the time the call is made; a kernel without it answers EINVAL.
const madvPageout = 21

// pageOutFiles asks the system to reclaim the resident pages of every mapping of a file in dir
// whose name ends in one of suffixes, and returns the bytes of mappings it advised. Badger maps
// its tables: a scan of the whole store (the archive index of 100,000 items) leaves them
// resident, though the window reads them again only for an item it opens. Unlike dropPages it
// may name memory it does not own, so it uses the advice that cannot change contents: a mapping
// unmapped and reused before the advice arrives is at worst paged out.
func pageOutFiles(dir string, suffixes ...string) (int, error) {
	ranges, err := fileMappings(dir, suffixes)
	if err != nil {
		return 0, err
	}
	advised := 0
	for _, r := range ranges {
		if _, _, e := syscall.Syscall(syscall.SYS_MADVISE, r[0], r[1]-r[0], madvPageout); e != 0 {
			if e == syscall.ENOMEM { // unmapped since maps was read
				continue
			}
			return advised, fmt.Errorf("page out %s: %w", dir, e)
		}
		advised += int(r[1] - r[0])
	}
	return advised, nil
}

// dropProgramPages takes the program file's read-only mappings (its code, read-only data and
// the runtime's function tables) out of the resident set, and returns the bytes of mappings it
// dropped. A mapping with pages of its own (anonymous in smaps) is left alone: the loader wrote
// them before it made the mapping read-only (RELRO: the global offset table, through which
// libc's functions are called), and a dropped page would read as the file's unrelocated bytes. Starting the window, and work such as building the archive index, fault in 28 MiB
// of them (make memory's sign-in scene: .text 12 of 15.5 MiB, .gopclntab 9 of 12, .rodata 5 of
// 6), most for code run once (package init, GL set-up, the first layout) and, as the kernel maps
// 64 KiB around each fault, much that never ran. An idle window faults back about 9 MiB of
// them. Nobody writes these mappings, so a dropped page reads back unchanged from the page
// cache, where it stays.
func dropProgramPages() (int, error) {
	exe, err := os.Executable()
	if err != nil {
		return 0, fmt.Errorf("program file: %w", err)
	}
	ranges, err := unchangedMappings(exe)
	if err != nil {
		return 0, err
	}
	dropped := 0
	for _, r := range ranges {
		if _, _, e := syscall.Syscall(syscall.SYS_MADVISE, r[0], r[1]-r[0], syscall.MADV_DONTNEED); e != 0 {
			return dropped, fmt.Errorf("drop program pages at %#x: %w", r[0], e)
		}
		dropped += int(r[1] - r[0])
	}
	return dropped, nil
}

// unchangedMappings returns the address ranges, from /proc/self/smaps, of the read-only
// mappings of the file at path that hold none of their own pages (Anonymous: 0 kB): every page
// they map is the file's.
func unchangedMappings(path string) ([][2]uintptr, error) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return nil, fmt.Errorf("mappings: %w", err)
	}
	defer f.Close()
	var out [][2]uintptr
	var cur [2]uintptr
	candidate := false
	s := bufio.NewScanner(f)
	for s.Scan() {
		fields := strings.Fields(s.Text())
		if from, to, ok := mappingRange(fields); ok { // a mapping's first line
			cur = [2]uintptr{from, to}
			candidate = len(fields) == 6 && fields[5] == path && !strings.Contains(fields[1], "w")
			continue
		}
		if candidate && len(fields) == 3 && fields[0] == "Anonymous:" {
			if fields[1] == "0" {
				out = append(out, cur)
			}
			candidate = false
		}
	}
	if err := s.Err(); err != nil {
		return nil, fmt.Errorf("mappings: %w", err)
	}
	return out, nil
}

// mappingRange returns the addresses of a mapping from the fields of its line in maps or smaps
// ("start-end perms offset dev inode [path]"), and false for any other line.
func mappingRange(fields []string) (from, to uintptr, ok bool) {
	if len(fields) < 5 {
		return 0, 0, false
	}
	lo, hi, ok := strings.Cut(fields[0], "-")
	if !ok {
		return 0, 0, false
	}
	a, err1 := strconv.ParseUint(lo, 16, 64)
	b, err2 := strconv.ParseUint(hi, 16, 64)
	if err1 != nil || err2 != nil || a >= b {
		return 0, 0, false
	}
	return uintptr(a), uintptr(b), true
}

// fileMappings returns the address ranges, from /proc/self/maps, of mappings of files directly in
// dir whose names end in one of suffixes.
func fileMappings(dir string, suffixes []string) ([][2]uintptr, error) {
	dir = filepath.Clean(dir)
	return mappingsWhere(func(_, path string) bool {
		return filepath.Dir(path) == dir && hasSuffix(path, suffixes)
	})
}

// mappingsWhere returns the address ranges, from /proc/self/maps, of the mappings of files for
// which keep, given the mapping's permissions ("r-xp") and the file's path, returns true. A
// path with a space in it, or one the system marks "(deleted)", is never kept.
func mappingsWhere(keep func(perms, path string) bool) ([][2]uintptr, error) {
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return nil, fmt.Errorf("mappings: %w", err)
	}
	defer f.Close()
	var out [][2]uintptr
	s := bufio.NewScanner(f)
	for s.Scan() {
		fields := strings.Fields(s.Text())
		from, to, ok := mappingRange(fields)
		if ok && len(fields) == 6 && fields[4] != "0" && keep(fields[1], fields[5]) {
			out = append(out, [2]uintptr{from, to})
		}
	}
	if err := s.Err(); err != nil {
		return nil, fmt.Errorf("mappings: %w", err)
	}
	return out, nil
}

func hasSuffix(name string, suffixes []string) bool {
	for _, s := range suffixes {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}
