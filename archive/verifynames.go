package archive

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// names says the records Verify reports on as an archivist knows them: an item by its 档号,
// else by its title and 文号; a stored file by the item, revision and name it was imported
// under. They are read from the index, else from the item records, leaving out the records
// found damaged: a changed record would name itself by what was changed. The files are
// looked up only when a problem concerns one, since that means decoding every item.
type names struct {
	txn     kvReader
	damaged map[string]bool
	items   map[string]summary // by item id
	files   map[string]fileUse // by SHA-256: the first revision that uses the file; nil until needed
}

// fileUse is a revision of an item that uses a stored file.
type fileUse struct {
	item string // item id
	rev  int
	name string
}

func loadNames(txn kvReader, damaged map[string]bool) *names {
	n := &names{txn: txn, damaged: damaged, items: map[string]summary{}}
	each(txn, "sum/", func(key string, v []byte) {
		if sm, err := decodeSummary(v); err == nil && !damaged[key] {
			n.items[strings.TrimPrefix(key, "sum/")] = sm
		}
	})
	return n
}

// summary returns what names the item: its index entry, else its record.
func (n *names) summary(id string) (summary, bool) {
	if sm, ok := n.items[id]; ok {
		return sm, true
	}
	key := keyItem(id)
	var it Item
	if n.txn == nil || n.damaged[string(key)] || getJSON(n.txn, key, &it) != nil {
		return summary{}, false
	}
	n.items[id] = summarize(&it)
	return n.items[id], true
}

// loadFiles finds, for every stored file, the first revision that uses it.
func (n *names) loadFiles() {
	n.files = map[string]fileUse{}
	if n.txn == nil {
		return
	}
	each(n.txn, "item/", func(key string, v []byte) {
		var it Item
		if n.damaged[key] || json.Unmarshal(v, &it) != nil {
			return
		}
		for _, rv := range it.Revisions {
			if _, ok := n.files[rv.SHA256]; !ok {
				n.files[rv.SHA256] = fileUse{item: it.ID, rev: rv.N, name: rv.Name}
			}
		}
	})
}

// item returns how the item is named in a problem: its 档号, else 《题名》（文号）, else its id.
func (n *names) item(id string) string {
	sm, ok := n.summary(id)
	switch {
	case !ok || sm.Title == "":
		return "编号 " + id
	case sm.Code != "":
		return sm.Code
	case sm.DocNumber != "":
		return "《" + sm.Title + "》（" + sm.DocNumber + "）"
	}
	return "《" + sm.Title + "》"
}

// itemPhrase is the item as the subject of a sentence: "档号 Z109-…-0001 " or "《题名》（文号）".
func (n *names) itemPhrase(id string) string {
	name := n.item(id)
	if strings.HasPrefix(name, "《") {
		return name
	}
	if sm, ok := n.summary(id); ok && sm.Code != "" {
		return "档号 " + name + " "
	}
	return "条目" + name + " "
}

// about returns a problem concerning the record under key, with the item, revision and file it
// belongs to, and a phrase naming the record in a sentence.
func (n *names) about(key string) (Problem, string) {
	p := Problem{Key: key}
	kind, rest, _ := strings.Cut(key, "/")
	parts := strings.Split(rest, "/")
	var what string
	switch kind {
	case "meta":
		what = metaNames[rest]
	case "user":
		what = fmt.Sprintf("用户 %s 的账户（姓名、角色、密码）", rest)
	case "item", "sum", "rec", "note":
		what = n.aboutItem(&p, kind, parts)
	case "blob", "blobsum":
		what = n.file(&p, rest)
		if kind == "blobsum" {
			what += "的 SM3 摘要"
		}
	case "count":
		if len(parts) == 4 {
			what = fmt.Sprintf("%s的件号计数", groupName(parts[1], parts[2], parts[3]))
		}
	case "filed":
		p.Item = rest
		what = fmt.Sprintf("档号 %s 的档号索引", rest)
	case "box":
		if len(parts) == 4 {
			what = fmt.Sprintf("%s第 %s 号盒", groupName(parts[0], parts[1], parts[2]), strings.TrimLeft(parts[3], "0"))
		}
	}
	if what == "" {
		what = fmt.Sprintf("记录“%s”", key)
	}
	return p, what
}

// metaNames say what the office's own records are.
var metaNames = map[string]string{"settings": "单位设置（全宗、机构、保管期限表）", "rules": "本单位的关键词表和豁免词表",
	"schema": "数据库的版本标记"}

// aboutItem names a record of an item: its entry, its index summary, a step record or a 备考.
func (n *names) aboutItem(p *Problem, kind string, parts []string) string {
	id := parts[0]
	p.Item = n.item(id)
	subject := n.itemPhrase(id)
	seq := 0
	if len(parts) == 2 {
		seq, _ = strconv.Atoi(parts[1])
	}
	switch kind {
	case "item":
		return subject + "的条目记录"
	case "sum":
		return subject + "在检索索引中的信息"
	case "rec":
		return fmt.Sprintf("%s的第 %d 条办理记录", subject, seq)
	}
	return fmt.Sprintf("%s的第 %d 条备考", subject, seq)
}

// file names the stored file with SHA-256 sha in p and in a phrase.
func (n *names) file(p *Problem, sha string) string {
	if n.files == nil {
		n.loadFiles()
	}
	use, ok := n.files[sha]
	if !ok {
		return fmt.Sprintf("存储的文件 %.12s…", sha)
	}
	p.Item, p.Revision, p.File = n.item(use.item), use.rev, use.name
	return fmt.Sprintf("%s第 %d 稿的文件“%s”", n.itemPhrase(use.item), use.rev, use.name)
}

// groupName names a filing group: 2016年度 永久 BGS.
func groupName(year, retention, division string) string {
	label := Retention(retention).Label()
	if label == "" {
		label = retention
	}
	return fmt.Sprintf("%s年度 %s %s ", year, label, division)
}
