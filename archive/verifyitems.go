package archive

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/emmansun/gmsm/sm3"
)

// blobs re-hashes every stored file: its SHA-256 is its key, its SM3 is recorded beside it.
func (v *verifier) blobs() {
	sums := map[string]string{} // SHA-256 → recorded SM3, read first: no lookup inside the scan
	each(v.txn, "blobsum/", func(key string, value []byte) { sums[strings.TrimPrefix(key, "blobsum/")] = string(value) })
	_ = scanEach(v.txn, []byte("blob/"), func(key, data []byte) error {
		v.blob(string(key), data, nil, sums)
		return nil
	}, func(key string, err error) { v.blob(key, nil, err, sums) })
}

// blob checks one stored file, under key, against its digests; readErr when it is unreadable.
func (v *verifier) blob(key string, data []byte, readErr error, sums map[string]string) {
	v.rep.Blobs++
	sha := strings.TrimPrefix(key, "blob/")
	if v.flagged[key] {
		return
	}
	problem := func(kind, message, detail string, related ...string) {
		p, what := v.names.about(key)
		p.Kind, p.Message, p.Advice, p.Detail = kind, what+message, adviceRestore, detail
		v.add(p, related...)
	}
	if readErr != nil {
		problem(KindRecordUnreadable, "无法读取：存放它的数据已损坏。", readErr.Error())
		return
	}
	a := sha256.Sum256(data)
	if got := hex.EncodeToString(a[:]); got != sha {
		problem(KindFileChanged, "的内容已改变：SHA-256 与存档时不符。", "SHA-256 "+got)
		return
	}
	b := sm3.Sum(data)
	want := sums[sha]
	if got := hex.EncodeToString(b[:]); got != want {
		problem(KindFileChanged, "的 SM3 摘要与存档时记录的不符。", fmt.Sprintf("SM3 %s, recorded %q", got, want), string(keyBlobSum(sha)))
	}
}

// itemContext is what the item checks compare each item with, read in one pass per prefix:
// a hundred thousand items are checked in seconds, not in a million lookups.
type itemContext struct {
	sums     map[string][]byte // item id → its index entry
	filed    map[string]string // 档号 → item id
	blobsums map[string]string // SHA-256 → recorded SM3; a stored file has one
}

func (v *verifier) itemContext() itemContext {
	c := itemContext{sums: map[string][]byte{}, filed: map[string]string{}, blobsums: map[string]string{}}
	each(v.txn, "sum/", func(key string, value []byte) { c.sums[strings.TrimPrefix(key, "sum/")] = value })
	each(v.txn, "filed/", func(key string, value []byte) { c.filed[strings.TrimPrefix(key, "filed/")] = string(value) })
	each(v.txn, "blobsum/", func(key string, value []byte) { c.blobsums[strings.TrimPrefix(key, "blobsum/")] = string(value) })
	// Keys only: the files were read already.
	_ = v.txn.scan(keyRange{prefix: []byte("blob/"), keysOnly: true}, func(key, _ []byte) (bool, error) {
		if sha := strings.TrimPrefix(string(key), "blob/"); c.blobsums[sha] == "" {
			c.blobsums[sha] = "?" // a file stored without its SM3: the files check reported it
		}
		return true, nil
	})
	return c
}

// items checks each item against its index entry, its files and its filing, then the 件号 of
// every group.
func (v *verifier) items() {
	c := v.itemContext()
	seen := map[string]bool{}
	groups := map[string]map[int][]string{} // count key → 件号 → item ids
	unreadable := func(key string, err error) {
		v.rep.Items++
		v.unreadableItems[strings.TrimPrefix(key, "item/")] = true
		p, what := v.names.about(key)
		p.Kind, p.Message, p.Advice, p.Detail = KindRecordUnreadable, what+"无法解读：存放它的数据已损坏。", adviceRestore, err.Error()
		v.add(p)
	}
	_ = scanEach(v.txn, []byte("item/"), func(k, value []byte) error {
		key := string(k)
		var item Item
		if err := json.Unmarshal(value, &item); err != nil {
			unreadable(key, err)
			return nil
		}
		v.rep.Items++
		id := strings.TrimPrefix(key, "item/")
		seen[id] = true
		v.itemFacts[id] = factsOfItem(&item)
		v.revisions(c, key, &item)
		v.summary(c, id, &item)
		if f := item.Filing; f != nil {
			v.rep.Filed++
			v.filing(c, id, f)
			group := string(keyCount(f.Fonds, f.Year, f.Retention, f.Division))
			if groups[group] == nil {
				groups[group] = map[int][]string{}
			}
			groups[group][f.Number] = append(groups[group][f.Number], id)
		}
		return nil
	}, unreadable)
	v.orphanSummaries(c, seen)
	v.numbers(groups)
}

// revisions checks that every revision's file is stored with the SM3 the revision recorded.
func (v *verifier) revisions(c itemContext, key string, item *Item) {
	for _, rv := range item.Revisions {
		problem := func(kind, message string, related ...string) {
			what := fmt.Sprintf("%s第 %d 稿的文件“%s”", v.names.itemPhrase(item.ID), rv.N, rv.Name)
			v.add(Problem{Kind: kind, Key: string(keyBlob(rv.SHA256)), Item: v.names.item(item.ID), Revision: rv.N, File: rv.Name,
				Message: what + message, Advice: adviceRestore}, related...)
		}
		switch sum, ok := c.blobsums[rv.SHA256]; {
		case !ok:
			problem(KindFileMissing, "不见了。", key)
		case sum != rv.SM3 && sum != "?":
			problem(KindRevisionDigests, "的 SM3 摘要与条目记录的不符。", key, string(keyBlobSum(rv.SHA256)))
		}
	}
}

// summary checks the item's entry in the index, which lists and searches read.
func (v *verifier) summary(c itemContext, id string, item *Item) {
	key := string(keySummary(id))
	got, ok := c.sums[id]
	if !ok {
		v.add(Problem{Kind: KindIndexMissing, Key: key, Item: v.names.item(id), Advice: adviceRestore,
			Message: v.names.itemPhrase(id) + "不在检索索引中：列表和检索中找不到它。"}, string(keyItem(id)))
		return
	}
	if string(got) != string(encodeSummary(summarize(item))) {
		v.add(Problem{Kind: KindIndexStale, Key: key, Item: v.names.item(id), Advice: adviceRestore,
			Message: v.names.itemPhrase(id) + "在检索索引中的信息（题名、文号、档号、状态）与条目记录不符：列表和检索会显示错误的信息。"}, string(keyItem(id)))
	}
}

// orphanSummaries reports index entries whose item record is gone.
func (v *verifier) orphanSummaries(c itemContext, items map[string]bool) {
	var ids []string
	for id := range c.sums {
		if !items[id] {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		if has(v.txn, keyItem(id)) {
			continue // an item record that cannot be decoded: reported already
		}
		v.add(Problem{Kind: KindIndexOrphan, Key: string(keySummary(id)), Item: v.names.item(id), Advice: adviceRestore,
			Message: "检索索引中列有" + v.names.itemPhrase(id) + "，条目记录却不存在。"}, string(keyItem(id)))
	}
}

// filing checks an item's 档号: its form, its agreement with the filing, and the 档号 index.
func (v *verifier) filing(c itemContext, id string, f *Filing) {
	itemKey := string(keyItem(id))
	p := Problem{Key: string(keyFiled(f.Code)), Item: f.Code, Advice: adviceRestore}
	fonds, year, r, div, n, err := ParseArchivalCode(f.Code)
	if err != nil {
		p.Kind, p.Item = KindCodeMalformed, v.names.item(id)
		p.Message = fmt.Sprintf("%s的档号“%s”格式不正确。", v.names.itemPhrase(id), f.Code)
		v.add(p, itemKey)
		return
	}
	if fonds != f.Fonds || year != f.Year || r != f.Retention || div != f.Division || n != f.Number {
		p.Kind = KindCodeMismatch
		p.Message = fmt.Sprintf("档号 %s 与该件的归档信息（全宗 %s、%d 年度、%s、机构 %s、件号 %04d）不一致。", f.Code, f.Fonds, f.Year, f.Retention.Label(), f.Division, f.Number)
		v.add(p, itemKey)
	}
	got, ok := c.filed[f.Code]
	if !ok {
		p.Kind, p.Message = KindCodeUnindexed, fmt.Sprintf("档号 %s 不在档号索引中：按档号查找会找不到这一件。", f.Code)
		v.add(p, itemKey)
		return
	}
	if got != id {
		p.Kind, p.Message = KindCodeConflict, fmt.Sprintf("档号 %s 在档号索引中指向另一个条目（%s）。", f.Code, v.names.item(got))
		v.add(p, itemKey)
	}
}

// numbers checks each group's 件号 run 1…counter: no gap, no duplicate, none past the counter.
func (v *verifier) numbers(groups map[string]map[int][]string) {
	counters := map[string]int{}
	counter := func(key string, value []byte, err error) {
		n, cerr := strconv.Atoi(string(value))
		if err != nil || cerr != nil {
			p, what := v.names.about(key)
			p.Kind, p.Message, p.Advice = KindCounterDamaged, what+"已损坏，不是一个数。", adviceRestore
			v.add(p)
		}
		counters[key] = n
	}
	_ = scanEach(v.txn, []byte("count/"), func(key, value []byte) error {
		counter(string(key), value, nil)
		return nil
	}, func(key string, err error) { counter(key, nil, err) })
	var keys []string
	for key := range groups {
		keys = append(keys, key)
	}
	for key := range counters {
		if groups[key] == nil {
			keys = append(keys, key)
		}
	}
	sort.Strings(keys)
	for _, key := range keys {
		v.group(key, groups[key], counters[key])
	}
}

// group checks the 件号 of one group against its counter last.
func (v *verifier) group(key string, nums map[int][]string, last int) {
	_, what := v.names.about(key)
	group := strings.TrimSuffix(what, "的件号计数")
	itemKeys := func(ids []string) []string {
		var out []string
		for _, id := range ids {
			out = append(out, string(keyItem(id)))
		}
		return out
	}
	var numbers []int
	for n := range nums {
		numbers = append(numbers, n)
	}
	sort.Ints(numbers)
	for _, n := range numbers {
		ids := nums[n]
		if len(ids) > 1 {
			var named []string
			for _, id := range ids {
				named = append(named, v.names.item(id))
			}
			v.add(Problem{Kind: KindNumberDuplicate, Key: key, Advice: adviceRestore,
				Message: fmt.Sprintf("%s的件号 %04d 同时给了 %d 个条目：%s。", group, n, len(ids), strings.Join(named, "、"))}, itemKeys(ids)...)
		}
		if n > last {
			v.add(Problem{Kind: KindNumberPast, Key: key, Item: v.names.item(ids[0]), Advice: adviceRestore,
				Message: fmt.Sprintf("%s的件号 %04d 超出了件号计数（%d）：下一次建档会重复使用件号。", group, n, last)}, itemKeys(ids)...)
		}
	}
	for n := 1; n <= last; n++ {
		if len(nums[n]) == 0 {
			v.add(Problem{Kind: KindNumberGap, Key: key, Advice: adviceRestore,
				Message: fmt.Sprintf("%s缺少件号 %04d：件号不连续，这一件的条目不见了或已损坏。", group, n)}, v.filedItem(key, n)...)
		}
	}
}

// filedItem returns the key of the item the 档号 index gives 件号 n of the group counted
// under countKey, when there is one: a gap left by an item already reported is not reported twice.
func (v *verifier) filedItem(countKey string, n int) []string {
	parts := strings.Split(strings.TrimPrefix(countKey, "count/"), "/")
	if len(parts) != 4 {
		return nil
	}
	year, _ := strconv.Atoi(parts[1])
	id, err := v.txn.get(keyFiled(ArchivalCode(parts[0], year, Retention(parts[2]), parts[3], n)))
	if err != nil {
		return nil
	}
	return []string{string(keyItem(string(id)))}
}
