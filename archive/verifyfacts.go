package archive

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"

	"shendang.gov.cn/shendang/review"
)

// adviceFacts is what to do about facts that disagree with their item: the item and its
// records are what the office decided; the facts only count them.
const adviceFacts = "统计信息是由条目和办理记录算出的，条目本身不受影响，但统计和报表会按错误的信息计数。" + adviceRestore

// facts compares the facts stored for statistics and reports (stat/<id>) with those the item
// and its records give, item by item: a figure counted from facts that disagree with the item
// would be wrong without anyone seeing it. It repairs nothing. Facts of an earlier version,
// and items without stored facts, are not compared: statistics compute those from the item
// (loadFacts) and store them again. It reads each record once, in one scan of them all, and
// the items as the items check read them (v.itemFacts): one pass, not a read of each item's
// records per item.
func (v *verifier) facts() {
	skip := v.flaggedItems() // facts counted from a damaged record: that record is the one problem
	v.addRecordsToFacts(skip)
	_ = scanEach(v.txn, []byte("stat/"), func(k, value []byte) error {
		if id := strings.TrimPrefix(string(k), "stat/"); !skip[id] {
			v.compareFacts(id, value)
		}
		return nil
	}, func(string, error) {}) // a facts record that cannot be read: the records check reported it
}

// addRecordsToFacts adds every item's records, in order, to the facts of v.itemFacts, in one
// scan. An item with a record that cannot be read joins skip: the records check reported it.
func (v *verifier) addRecordsToFacts(skip map[string]bool) {
	count := map[string]int{} // records added, by item
	itemOf := func(key string) string {
		id, _, _ := strings.Cut(strings.TrimPrefix(key, "rec/"), "/")
		return id
	}
	_ = scanEach(v.txn, []byte("rec/"), func(k, value []byte) error {
		id := itemOf(string(k))
		f := v.itemFacts[id]
		if f == nil || skip[id] {
			return nil
		}
		var r factsRecord
		if err := json.Unmarshal(value, &r); err != nil {
			skip[id] = true
			return nil
		}
		f.addRecord(count[id], r.record())
		count[id]++
		return nil
	}, func(key string, _ error) { skip[itemOf(key)] = true })
}

// factsRecord is the part of a Record its facts read (addRecord). Decoding only it leaves the
// rest of each record unallocated, the text of its check's findings above all.
type factsRecord struct {
	Step     Step
	Decision Decision
	Opinion  string
	Time     time.Time
	Check    *struct {
		Findings []struct {
			Category review.Category `json:"category"`
		}
		Verdict review.Verdict
	}
}

// record is the Record r is part of, as far as its facts go.
func (r *factsRecord) record() *Record {
	out := &Record{Step: r.Step, Decision: r.Decision, Opinion: r.Opinion, Time: r.Time}
	if r.Check != nil {
		out.Check = &CheckSnapshot{Verdict: r.Check.Verdict, Findings: make([]review.Finding, len(r.Check.Findings))}
		for i, f := range r.Check.Findings {
			out.Check.Findings[i].Category = f.Category
		}
	}
	return out
}

// compareFacts compares the facts stored for item id with those its item and records give.
func (v *verifier) compareFacts(id string, value []byte) {
	key := string(keyFacts(id))
	if len(value) > 0 && value[0] != factsVersion {
		return // an earlier version's: read from the item instead
	}
	want := v.itemFacts[id]
	if want == nil {
		if !v.unreadableItems[id] && !has(v.txn, keyItem(id)) {
			v.add(Problem{Kind: KindFactsOrphan, Key: key, Item: v.names.item(id), Advice: adviceFacts,
				Message: "统计信息中列有" + v.names.itemPhrase(id) + "，条目记录却不存在：统计和报表会多算这一件。"}, string(keyItem(id)))
		}
		return // an item that cannot be read: reported already
	}
	got, err := decodeFacts(value)
	if err == nil && string(value) == string(encodeFacts(want)) {
		return
	}
	detail := "the stored facts do not decode"
	if err == nil {
		detail = "differ in " + strings.Join(factsDiff(got, want), ", ")
	}
	v.add(Problem{Kind: KindFactsStale, Key: key, Item: v.names.item(id), Advice: adviceFacts, Detail: detail,
		Message: v.names.itemPhrase(id) + "的统计信息与条目和办理记录不符：统计和报表中这一件的数字不可信。"}, string(keyItem(id)))
}

// factsDiff names the fields in which got differs from want.
func factsDiff(got, want *itemFacts) []string {
	a, b := reflect.ValueOf(*got), reflect.ValueOf(*want)
	var out []string
	for i := range a.NumField() {
		if fmt.Sprint(a.Field(i).Interface()) != fmt.Sprint(b.Field(i).Interface()) {
			out = append(out, a.Type().Field(i).Name)
		}
	}
	return out
}

// flaggedItems are the ids of the items with a record reported changed, missing or unreadable.
func (v *verifier) flaggedItems() map[string]bool {
	out := map[string]bool{}
	for k := range v.flagged {
		if rest, ok := strings.CutPrefix(k, "rec/"); ok {
			id, _, _ := strings.Cut(rest, "/")
			out[id] = true
		}
	}
	return out
}
