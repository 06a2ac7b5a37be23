package review

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkReadLongPDF reads the 237-page Chinese PDF made by mkfixtures.sh. Compare its
// pages/s with `pdftotext testdata/long.pdf /dev/null` on the same machine.
func BenchmarkReadLongPDF(b *testing.B) {
	benchmarkRead(b, "long.pdf")
}

// BenchmarkReadDOCX reads the Word fixture with every kind of part.
func BenchmarkReadDOCX(b *testing.B) {
	benchmarkRead(b, "full.docx")
}

func benchmarkRead(b *testing.B, file string) {
	data, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		b.Fatal(err)
	}
	r := NewReader()
	b.SetBytes(int64(len(data)))
	pages := 0
	for b.Loop() {
		doc, err := r.ReadBytes(context.Background(), file, data)
		if err != nil {
			b.Fatal(err)
		}
		pages += max(doc.Pages, 1)
	}
	b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
}
