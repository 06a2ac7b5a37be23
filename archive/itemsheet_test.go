package archive

import (
	"bytes"
	"testing"
)

// BenchmarkItemSheet: one item's sheet, the font loaded in every document as the store does
// (target < 50 ms).
func BenchmarkItemSheet(b *testing.B) {
	o, first := formsOffice(b)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if _, err := o.WriteItemSheet(&buf, first); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len())/1024, "KB")
}
