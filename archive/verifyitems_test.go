package archive

import (
	"strings"
	"testing"
)

// TestVerifyChecksWhatRecordsSay: records that agree with the audit log but not with each
// other, as a faulty version of 审档 could write them, are reported by what they mean.
func TestVerifyChecksWhatRecordsSay(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(txn *tx, ids []string) error
		want   string
	}{
		{"a filed item deleted (件号 gap)", func(txn *tx, ids []string) error {
			if err := txn.del(keyItem(ids[1])); err != nil {
				return err
			}
			return txn.del(keyFiled(ArchivalCode("Z109", 2016, Permanent, "BGS", 2)))
		}, KindNumberGap + " : 2016年度 永久 BGS 缺少件号 0002"},
		{"an item's index entry deleted", func(txn *tx, ids []string) error { return txn.del(keySummary(ids[0])) }, KindIndexMissing},
		{"a malformed 档号", func(txn *tx, ids []string) error {
			it, _ := loadItem(txn, ids[2])
			it.Filing.Code = "Z109-WS·2016-Y-BGS-3"
			return txn.put(keyItem(ids[2]), mustJSON(it))
		}, KindCodeMalformed},
		{"two items given one 件号", func(txn *tx, ids []string) error {
			it, _ := loadItem(txn, ids[2])
			it.Filing.Number, it.Filing.Code = 1, ArchivalCode("Z109", 2016, Permanent, "BGS", 1)
			return txn.put(keyItem(ids[2]), mustJSON(it))
		}, KindNumberDuplicate + " : 2016年度 永久 BGS 的件号 0001 同时给了 2 个条目"},
		{"a counter behind its numbers", func(txn *tx, _ []string) error {
			return txn.put(keyCount("Z109", 2016, Permanent, "BGS"), []byte("2"))
		}, KindNumberPast},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, ids := filedOffice(t)
			audited(t, o.Office, func(txn *tx) error { return tt.tamper(txn, ids) })
			if p := problems(t, o.Office); !strings.Contains(p, tt.want) {
				t.Errorf("verify reports:\n%s\nwant a problem containing %q", p, tt.want)
			}
		})
	}
}
