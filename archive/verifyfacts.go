package archive

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// adviceFacts is what to do about facts that disagree with their item: the item and its
// records are what the office decided; the facts only count them.
const adviceFacts = "统计信息是由条目和办理记录算出的，条目本身不受影响，但统计和报表会按错误的信息计数。" + adviceRestore

// facts compares the facts stored for statistics and reports (stat/<id>) with those the item
// and its records give, item by item: a figure counted from facts that disagree with the item
// would be wrong without anyone seeing it. It repairs nothing. Facts of an earlier version,
// and items without stored facts, are not compared: statistics compute those from the item
// (loadFacts) and store them again.
func (v *verifier) facts() {
	stored := map[string][]byte{}
	var ids []string
	_ = scanEach(v.txn, []byte("stat/"), func(k, value []byte) error {
		id := strings.TrimPrefix(string(k), "stat/")
		stored[id] = slices.Clone(value)
		ids = append(ids, id)
		return nil
	}, func(string, error) {}) // a facts record that cannot be read: the records check reported it
	flagged := v.flaggedItems()
	for _, id := range ids {
		if flagged[id] {
			continue // facts counted from a damaged record: that record is the one problem
		}
		v.itemFacts(id, stored[id])
		delete(stored, id) // the item's facts are not needed again
	}
}

// itemFacts compares the facts stored for item id with those its item and records give.
func (v *verifier) itemFacts(id string, value []byte) {
	key := string(keyFacts(id))
	if len(value) > 0 && value[0] != factsVersion {
		return // an earlier version's: read from the item instead
	}
	it, err := loadItem(v.txn, id)
	if err != nil {
		if !has(v.txn, keyItem(id)) {
			v.add(Problem{Kind: KindFactsOrphan, Key: key, Item: v.names.item(id), Advice: adviceFacts,
				Message: "统计信息中列有" + v.names.itemPhrase(id) + "，条目记录却不存在：统计和报表会多算这一件。"}, string(keyItem(id)))
		}
		return // an item that cannot be read: reported already
	}
	recs, err := listIn[Record](v.txn, "rec/"+id+"/")
	if err != nil {
		return // a record that cannot be read: reported already
	}
	want := factsOf(it, recs)
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
