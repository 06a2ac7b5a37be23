package archive

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestBoxFormErrors(t *testing.T) {
	o, _ := formsOffice(t)
	var buf bytes.Buffer
	if _, err := o.WriteBoxForm(&buf, FormCatalogue, 2016, Permanent, "BGS", 9); !errors.Is(err, ErrNotFound) {
		t.Errorf("no such box: %v", err)
	}
	if _, err := o.WriteBoxForm(&buf, "poster", 2016, Permanent, "BGS", 1); !errors.Is(err, ErrInvalid) {
		t.Errorf("unknown form: %v", err)
	}
	if _, err := o.WriteItemSheet(&buf, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("no such item: %v", err)
	}
}

// BenchmarkCatalogue500: the 归档文件目录 of a 500-item box (target < 2 s).
func BenchmarkCatalogue500(b *testing.B) {
	bf := &BoxForms{Settings: Settings{FondsName: "厦门市司法局", FondsCode: "Z109", Divisions: []Division{{"BGS", "办公室"}}},
		Box: Box{Year: 2016, Retention: Permanent, Division: "BGS", Number: 1, First: 1, Last: 500, Spine: 50}}
	for i := 1; i <= 500; i++ {
		title := "关于律师事务所年度检查考核结果的公告"
		if i%5 == 0 {
			title = longTitle
		}
		bf.Items = append(bf.Items, Item{Draft: Draft{Title: title, DocNumber: fmt.Sprintf("厦司〔2016〕%d号", i), Author: "厦门市司法局", DocDate: "2016-06-29"},
			Filing: &Filing{Code: ArchivalCode("Z109", 2016, Permanent, "BGS", i), Number: i, Pages: 3}})
	}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		d := newDoc(time.Date(2016, 7, 1, 0, 0, 0, 0, time.UTC), "归档文件目录")
		d.catalogue(bf)
		if err := d.output(&buf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len())/1024, "KB")
}

func ExampleFiling_BoxLabel() {
	f := Filing{Fonds: "Z109", Year: 2016, Retention: Permanent, Division: "BGS", Number: 3, Box: 1}
	fmt.Println(f.BoxLabel())
	// Output: Z109-WS·2016-Y-BGS-第1盒
}
