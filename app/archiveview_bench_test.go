package main

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"shendang.gov.cn/shendang/archive"
)

const benchArchiveItems = 100000

// visibleRows is about what the table shows in a 700-pixel window.
const visibleRows = 30

// filledArchive fills a data directory with 100,000 filed items and 100 waiting ones, once
// per benchmark, outside the timing.
func filledArchive(b *testing.B) string {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "store")
	if err := archive.FillSynthetic(dir, benchArchiveItems, 100); err != nil {
		b.Fatal(err)
	}
	return dir
}

// showRows reads every cell of the rows the table shows, as drawing them does.
func (v *archiveView) showRows(b *testing.B, want string) {
	for row := range min(visibleRows, v.total) {
		for col := range archiveColumns {
			v.cell(row, col)
		}
	}
	if got := v.cell(0, 0); got != want {
		b.Fatalf("first row %q, want %q", got, want)
	}
}

// BenchmarkArchiveViewOpen100k: an archivist opens 归档 on 100,000 filed items: the store is
// opened, the tree counted and the first screen of the table drawn.
func BenchmarkArchiveViewOpen100k(b *testing.B) {
	dir := filledArchive(b)
	a := test.NewTempApp(b)
	w := a.NewWindow("")
	w.Resize(fyne.NewSize(1200, 700))
	for b.Loop() {
		s, err := archive.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		u, _ := s.GetUser("archivist")
		v := newArchiveView(w, s, u, b.TempDir())
		w.SetContent(v.content)
		if err := v.reload(); err != nil {
			b.Fatal(err)
		}
		if v.total != benchArchiveItems || len(v.groups) != 30 {
			b.Fatalf("%d items in %d groups", v.total, len(v.groups))
		}
		v.showRows(b, "Z109-WS·2016-D10-BGS-0001")
		s.Close()
	}
}

// BenchmarkArchiveSearch100k: one search typed into the archive view of 100,000 items (a
// Chinese substring of the title), with the first screen of results drawn.
func BenchmarkArchiveSearch100k(b *testing.B) {
	dir := filledArchive(b)
	s, err := archive.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	a := test.NewTempApp(b)
	w := a.NewWindow("")
	w.Resize(fyne.NewSize(1200, 700))
	u, _ := s.GetUser("archivist")
	v := newArchiveView(w, s, u, b.TempDir())
	w.SetContent(v.content)
	if err := v.reload(); err != nil {
		b.Fatal(err)
	}
	queries := []string{"律师事务所年度检查", "司法鉴定机构名册"}
	k := 0
	for b.Loop() {
		v.search.SetText(queries[k%2]) // a different query each time: nothing is cached
		k++
		if v.total != benchArchiveItems/8 {
			b.Fatalf("%q finds %d", v.search.Text, v.total)
		}
		v.showRows(b, v.cell(0, 0))
	}
}
