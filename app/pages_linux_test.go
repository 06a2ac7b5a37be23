package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"shendang.gov.cn/shendang/assets"
)

// residentPages returns how many of b's whole pages are in the process's resident set, and how
// many whole pages it holds, from /proc/self/pagemap (bit 63 of a page's entry: present).
func residentPages(t *testing.T, b []byte) (resident, total int) {
	t.Helper()
	page := os.Getpagesize()
	off, n := wholePages(b, page)
	f, err := os.Open("/proc/self/pagemap")
	if err != nil {
		t.Skipf("no pagemap: %v", err)
	}
	defer f.Close()
	first := (uintptr(unsafe.Pointer(unsafe.SliceData(b))) + uintptr(off)) / uintptr(page)
	entries := make([]byte, 8*(n/page))
	if _, err := f.ReadAt(entries, int64(first)*8); err != nil {
		t.Fatalf("pagemap: %v", err)
	}
	for i := 0; i < len(entries); i += 8 {
		if binary.LittleEndian.Uint64(entries[i:])>>63 == 1 {
			resident++
		}
	}
	return resident, n / page
}

func TestWholePages(t *testing.T) {
	const page = 4096
	buf := make([]byte, 5*page)
	base := int(uintptr(unsafe.Pointer(&buf[0])) % page)
	start := (page - base) % page // buf[start:] begins a page
	for _, c := range []struct {
		name         string
		from, to     int // of buf, relative to start
		wantOff      int
		wantN        int
		wantNoneHeld bool
	}{
		{name: "aligned, three pages", from: 0, to: 3 * page, wantOff: 0, wantN: 3 * page},
		{name: "one byte in, ends a byte short", from: 1, to: 3*page - 1, wantOff: page - 1, wantN: page},
		{name: "a page less a byte", from: 1, to: page, wantNoneHeld: true},
		{name: "empty", from: page, to: page, wantNoneHeld: true},
		{name: "aligned start, ragged end", from: 0, to: 2*page + 100, wantOff: 0, wantN: 2 * page},
	} {
		t.Run(c.name, func(t *testing.T) {
			off, n := wholePages(buf[start+c.from:start+c.to], page)
			if c.wantNoneHeld {
				if n != 0 {
					t.Errorf("got %d bytes of whole pages, want none", n)
				}
				return
			}
			if off != c.wantOff || n != c.wantN {
				t.Errorf("got offset %d, %d bytes; want offset %d, %d bytes", off, n, c.wantOff, c.wantN)
			}
		})
	}
}

// TestDropPagesOfEmbeddedFace: the window's face, read whole as the painter does when it parses
// it, leaves the resident set when its pages are dropped, and reads the same afterwards.
func TestDropPagesOfEmbeddedFace(t *testing.T) {
	face := assets.UIFont()
	want := sha256.Sum256(face) // reads every page
	if got, total := residentPages(t, face); got < total*9/10 {
		t.Fatalf("after reading the face: %d of %d pages resident, want nearly all", got, total)
	}
	dropped, err := dropPages(face)
	if err != nil {
		t.Fatalf("dropPages: %v", err)
	}
	if dropped < len(face)-2*os.Getpagesize() {
		t.Errorf("dropped %d bytes of %d, want all its whole pages", dropped, len(face))
	}
	if got, total := residentPages(t, face); got > total/10 {
		t.Errorf("after dropping: %d of %d pages resident, want at most a tenth", got, total)
	}
	if got := sha256.Sum256(face); got != want {
		t.Error("the face reads differently after its pages were dropped")
	}
}

// TestDropPagesRefusesAnonymousMemory: on memory of the heap, dropping a page would make it
// read as zeros; dropPages must refuse and leave it as it is.
func TestDropPagesRefusesAnonymousMemory(t *testing.T) {
	b := bytes.Repeat([]byte("审档"), 1<<18) // 1.5 MiB of the heap
	want := bytes.Clone(b)
	dropped, err := dropPages(b)
	if err == nil || dropped != 0 {
		t.Errorf("got %d bytes dropped, error %v; want a refusal", dropped, err)
	}
	if !bytes.Equal(b, want) {
		t.Error("heap bytes changed")
	}
}

// TestTrimMemoryDropsFaces: the window's trimmer takes the faces' pages out of the resident set
// once they have been read.
func TestTrimMemoryDropsFaces(t *testing.T) {
	face := assets.UIFont()
	sha256.Sum256(face)
	stop := trimMemoryEvery(10*time.Millisecond, 16<<20, t.TempDir())
	defer stop()
	if got, total := waitPagedOut(t, face); got > total/10 {
		t.Errorf("5 s after reading the face: %d of %d pages resident, want at most a tenth", got, total)
	}
}

// waitPagedOut waits up to 5 s for at most a tenth of m's pages to be resident, and returns
// how many are, of how many.
func waitPagedOut(t *testing.T, m []byte) (got, total int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	got, total = residentPages(t, m)
	for got > total/10 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		got, total = residentPages(t, m)
	}
	return got, total
}

// mapFile writes size bytes to name in dir, syncs it, maps it as Badger maps its tables and reads
// every page of the mapping.
func mapFile(t *testing.T, dir, name string, size int) []byte {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(bytes.Repeat([]byte{7}, size)); err != nil {
		t.Fatal(err)
	}
	if err := f.Sync(); err != nil {
		t.Fatal(err)
	}
	m, err := syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Munmap(m) })
	sha256.Sum256(m)
	return m
}

// TestPageOutFiles: the store's tables and value log leave the resident set, read the same
// afterwards, and the other files of the folder stay.
func TestPageOutFiles(t *testing.T) {
	dir := t.TempDir()
	const size = 4 << 20
	table := mapFile(t, dir, "000001.sst", size)
	vlog := mapFile(t, dir, "000001.vlog", size)
	memtable := mapFile(t, dir, "00001.mem", size)
	advised, err := pageOutFiles(dir, ".sst", ".vlog")
	if errors.Is(err, syscall.EINVAL) {
		t.Skipf("the kernel has no MADV_PAGEOUT: %v", err)
	}
	if err != nil {
		t.Fatalf("pageOutFiles: %v", err)
	}
	if advised != 2*size {
		t.Errorf("advised %d bytes, want the two files' %d", advised, 2*size)
	}
	for _, c := range []struct {
		name     string
		m        []byte
		pagedOut bool
	}{
		{"table", table, true},
		{"value log", vlog, true},
		{"memtable", memtable, false},
	} {
		got, total := residentPages(t, c.m)
		if c.pagedOut && got > total/10 {
			t.Errorf("%s: %d of %d pages resident, want at most a tenth", c.name, got, total)
		}
		if !c.pagedOut && got < total*9/10 {
			t.Errorf("%s: %d of %d pages resident, want nearly all", c.name, got, total)
		}
		if !bytes.Equal(c.m, bytes.Repeat([]byte{7}, size)) {
			t.Errorf("%s reads differently", c.name)
		}
	}
}

// TestPageOutFilesElsewhere: a mapping of a file of the same name in another folder is not
// the store's.
func TestPageOutFilesElsewhere(t *testing.T) {
	other := mapFile(t, t.TempDir(), "000001.sst", 1<<20)
	if _, err := pageOutFiles(t.TempDir(), ".sst"); err != nil {
		t.Fatalf("pageOutFiles: %v", err)
	}
	if got, total := residentPages(t, other); got < total*9/10 {
		t.Errorf("%d of %d pages resident, want nearly all", got, total)
	}
}

// TestTrimMemoryPagesOutStore: after a burst of work the trimmer gives back the store's table
// pages with the heap.
func TestTrimMemoryPagesOutStore(t *testing.T) {
	prev := debug.SetGCPercent(-1) // the garbage stays until the trimmer collects it
	defer debug.SetGCPercent(prev)
	dir := t.TempDir()
	table := mapFile(t, dir, "000001.sst", 4<<20)
	garbage(64 << 20)
	stop := trimMemoryEvery(10*time.Millisecond, 16<<20, dir)
	defer stop()
	if got, total := waitPagedOut(t, table); got > total/10 {
		t.Errorf("5 s after the work: %d of %d table pages resident, want at most a tenth", got, total)
	}
}

// programResident returns the resident bytes of the program file's read-only mappings, from
// /proc/self/smaps.
func programResident(t *testing.T) int {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Skipf("no smaps: %v", err)
	}
	kib, counting := 0, false
	for line := range strings.Lines(string(b)) {
		fields := strings.Fields(line)
		switch {
		case len(fields) >= 5 && strings.Contains(fields[0], "-") && len(fields[1]) == 4:
			counting = len(fields) == 6 && fields[5] == exe && !strings.Contains(fields[1], "w")
		case counting && len(fields) == 3 && fields[0] == "Rss:":
			n, err := strconv.Atoi(fields[1])
			if err != nil {
				t.Fatalf("smaps: %q: %v", line, err)
			}
			kib += n
		}
	}
	return kib << 10
}

// programMappings returns the ranges of the program file's read-only mappings.
func programMappings(t *testing.T) [][2]uintptr {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	ranges, err := mappingsWhere(func(perms, path string) bool { return path == exe && !strings.Contains(perms, "w") })
	if err != nil {
		t.Fatal(err)
	}
	return ranges
}

// madvPopulateRead is Linux's MADV_POPULATE_READ (5.14 and later): map every page of the range
// as a read of it would.
const madvPopulateRead = 22

// populateProgram maps every page of the program file's read-only mappings into the resident
// set, so that a test sees what a drop takes out, whatever the kernel maps on a fault: a file
// just written or read ahead sits in the page cache in pieces of up to 2 MiB that one fault maps
// whole, so that the little code a test runs between a drop and its look maps several MiB back.
func populateProgram(t *testing.T) {
	t.Helper()
	ranges := programMappings(t)
	for _, r := range ranges {
		if _, _, e := syscall.Syscall(syscall.SYS_MADVISE, r[0], r[1]-r[0], madvPopulateRead); e != 0 {
			t.Skipf("the kernel does not populate mappings (MADV_POPULATE_READ): %v", e)
		}
	}
}

// programSums returns a hash of each of the program file's read-only mappings as the process
// reads it, through /proc/self/mem. A mapping the loader relocated before it made it read-only
// (RELRO: the global offset table, through which libc's functions are called) holds its own
// copy of pages that differ from the file's.
func programSums(t *testing.T) [][sha256.Size]byte {
	t.Helper()
	ranges := programMappings(t)
	mem, err := os.Open("/proc/self/mem")
	if err != nil {
		t.Skipf("no /proc/self/mem: %v", err)
	}
	defer mem.Close()
	var sums [][sha256.Size]byte
	for _, r := range ranges {
		b := make([]byte, r[1]-r[0])
		if _, err := mem.ReadAt(b, int64(r[0])); err != nil {
			t.Fatalf("read mapping at %#x: %v", r[0], err)
		}
		sums = append(sums, sha256.Sum256(b))
	}
	return sums
}

// TestDropProgramPages: the program file's code and read-only data leave the resident set, and
// the program runs on.
func TestDropProgramPages(t *testing.T) {
	populateProgram(t)
	sums := programSums(t)
	before := programResident(t)
	if before < 16<<20 {
		t.Fatalf("%d bytes of the program file resident before, want the tens of megabytes of a test binary", before)
	}
	dropped, err := dropProgramPages()
	if err != nil {
		t.Fatalf("dropProgramPages: %v", err)
	}
	if dropped < before-1<<20 { // all but the relocated pages and the file's header
		t.Errorf("dropped mappings of %d bytes, want nearly the %d resident", dropped, before)
	}
	if got := programResident(t); got > before-8<<20 {
		t.Errorf("got %d bytes of the program file resident after the drop, want 8 MiB less than the %d before", got, before)
	}
	if got := programSums(t); !slices.Equal(got, sums) {
		t.Errorf("the program file's read-only mappings read differently after the drop")
	}
	// Code whose pages were dropped runs as before.
	if got, want := fmt.Sprintf("%x", sha256.Sum256([]byte("abc"))), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; got != want {
		t.Errorf("SHA-256 of abc after the drop: got %s, want %s", got, want)
	}
}

// TestTrimMemoryDropsProgramPages: after a burst of work the trimmer drops the program file's
// pages with the heap.
func TestTrimMemoryDropsProgramPages(t *testing.T) {
	populateProgram(t)
	prev := debug.SetGCPercent(-1) // the garbage stays until the trimmer collects it
	defer debug.SetGCPercent(prev)
	before := programResident(t)
	garbage(64 << 20)
	stop := trimMemoryEvery(10*time.Millisecond, 16<<20, t.TempDir())
	defer stop()
	deadline := time.Now().Add(5 * time.Second)
	got := programResident(t)
	for got > before-8<<20 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		got = programResident(t)
	}
	if got > before-8<<20 {
		t.Errorf("5 s after the work: %d bytes of the program file resident, want 8 MiB less than the %d before", got, before)
	}
}

// TestTrimMemoryStops: once stop returns, the trimmer drops nothing more (a late tick dropped
// the face's pages under a test that read them after another test's trimmer had stopped).
func TestTrimMemoryStops(t *testing.T) {
	face := assets.UIFont()
	for range 20 {
		stop := trimMemoryEvery(time.Millisecond, 16<<20, t.TempDir())
		time.Sleep(3 * time.Millisecond)
		stop()
		sha256.Sum256(face)
		time.Sleep(5 * time.Millisecond)
		if got, total := residentPages(t, face); got < total*9/10 {
			t.Fatalf("after stop: %d of %d pages of the face resident, want nearly all", got, total)
		}
	}
}
