package archive

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestVerifyComparesFactsWithItems: verify names the item whose stored facts disagree with it
// and its records, whether a faulty write made them (through the ledger, so only this check
// sees it) or damage did (the records check reports that once); and it repairs nothing.
func TestVerifyComparesFactsWithItems(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(t *testing.T, o *office, ids []string)
		want   string // the kind and item of the problem
	}{
		{"another division written into the facts", func(t *testing.T, o *office, ids []string) {
			audited(t, o.Office, func(txn *tx) error {
				f, _, err := loadFacts(txn, ids[0])
				must(t, err)
				f.Division = "LSC"
				return txn.put(keyFacts(ids[0]), encodeFacts(f))
			})
		}, KindFactsStale + " " + ArchivalCode("Z109", 2016, Permanent, "BGS", 1)},
		{"a step left out of the facts", func(t *testing.T, o *office, ids []string) {
			audited(t, o.Office, func(txn *tx) error {
				f, _, err := loadFacts(txn, ids[1])
				must(t, err)
				f.Events = f.Events[:len(f.Events)-1]
				return txn.put(keyFacts(ids[1]), encodeFacts(f))
			})
		}, KindFactsStale + " " + ArchivalCode("Z109", 2016, Permanent, "BGS", 2)},
		{"facts that do not decode", func(t *testing.T, o *office, ids []string) {
			audited(t, o.Office, func(txn *tx) error { return txn.put(keyFacts(ids[2]), []byte{factsVersion, 0xff}) })
		}, KindFactsStale + " " + ArchivalCode("Z109", 2016, Permanent, "BGS", 3)},
		{"facts of an item that does not exist", func(t *testing.T, o *office, ids []string) {
			audited(t, o.Office, func(txn *tx) error {
				f, _, err := loadFacts(txn, ids[0])
				must(t, err)
				f.ID = "0000000000000000"
				return txn.put(keyFacts(f.ID), encodeFacts(f))
			})
		}, KindFactsOrphan + " "},
		{"a facts value damaged behind 审档's back", func(t *testing.T, o *office, ids []string) {
			raw(t, o.Office, func(txn kvWriter) error {
				b, err := txn.get(keyFacts(ids[0]))
				must(t, err)
				b = append([]byte(nil), b...)
				b[len(b)/2] ^= 0x20
				return txn.put(keyFacts(ids[0]), b)
			})
		}, KindRecordChanged + " "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, ids := filedOffice(t)
			if p := problems(t, o.Office); p != "" {
				t.Fatalf("clean store has problems:\n%s", p)
			}
			tt.tamper(t, o, ids)
			before := storedFacts(t, o.Office)
			got := problems(t, o.Office)
			if !strings.HasPrefix(got, tt.want) || strings.Count(got, "\n") != 0 {
				t.Errorf("verify reports:\n%s\nwant one problem starting %q", got, tt.want)
			}
			if strings.HasPrefix(tt.want, "facts") && !strings.Contains(got, "统计信息") {
				t.Errorf("verify reports:\n%s\nwant it to say 统计信息", got)
			}
			after := storedFacts(t, o.Office)
			for id, f := range before {
				if fmt.Sprintf("%+v", after[id]) != fmt.Sprintf("%+v", f) {
					t.Errorf("%s after verify: got facts %+v, want %+v as before (verify repairs nothing)", id, after[id], f)
				}
			}
			if len(after) != len(before) {
				t.Errorf("after verify: got %d stored facts, want the %d before", len(after), len(before))
			}
		})
	}
}

// TestFactsRecordReadsWhatFactsNeed: the facts of an item with its records read whole and with
// only the part verify decodes (factsRecord) are the same bytes, for synthetic items through
// every step, returns and blocks included.
func TestFactsRecordReadsWhatFactsNeed(t *testing.T) {
	counts := map[string]int{}
	for i := range 40 {
		it, recs := syntheticRun(i, 40, 2024, syntheticEnd(2024, time.Now()), fixityOf([]byte("x")), counts)
		light := factsOfItem(it)
		for k, r := range recs {
			data, err := json.Marshal(r)
			must(t, err)
			var fr factsRecord
			must(t, json.Unmarshal(data, &fr))
			light.addRecord(k, fr.record())
		}
		if got, want := encodeFacts(light), encodeFacts(factsOf(it, recs)); string(got) != string(want) {
			t.Errorf("item %d: got %+v, want %+v", i, light, factsOf(it, recs))
		}
	}
}
