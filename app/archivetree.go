package main

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2/widget"
	"shendang.gov.cn/shendang/archive"
)

// Tree nodes: "pending" for items not yet filed; "y2016", "y2016/Y", "y2016/Y/BGS" in the
// filing view; "c" + category in the category view.
func (v *archiveView) childNodes(uid widget.TreeNodeID) []widget.TreeNodeID {
	var out []widget.TreeNodeID
	seen := map[string]bool{}
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	byCategory := v.byCategory.Selected == "按公开目录"
	for _, g := range v.groups {
		switch {
		case byCategory: // one level: the categories
			if uid == "" {
				add("c" + g.Category)
			}
		case g.Year == 0: // not filed
			if uid == "" {
				add("pending")
			}
		case uid == "":
			add(fmt.Sprintf("y%d", g.Year))
		case uid == fmt.Sprintf("y%d", g.Year):
			add(fmt.Sprintf("y%d/%s", g.Year, g.Retention))
		case uid == fmt.Sprintf("y%d/%s", g.Year, g.Retention):
			add(fmt.Sprintf("y%d/%s/%s", g.Year, g.Retention, g.Division))
		}
	}
	return out
}

func (v *archiveView) isBranch(uid widget.TreeNodeID) bool {
	return uid == "" || (strings.HasPrefix(uid, "y") && strings.Count(uid, "/") < 2)
}

// groupOf is the filter a tree node stands for: a year, a year and retention, a whole filing
// group, or a category.
func (v *archiveView) groupOf(uid widget.TreeNodeID) (archive.Group, bool) {
	switch {
	case strings.HasPrefix(uid, "c"):
		return archive.Group{Category: uid[1:]}, true
	case strings.HasPrefix(uid, "y"):
		parts := strings.Split(uid[1:], "/")
		year, _ := strconv.Atoi(parts[0])
		g := archive.Group{Year: year}
		if len(parts) > 1 {
			g.Retention = archive.Retention(parts[1])
		}
		if len(parts) > 2 {
			g.Division = parts[2]
		}
		return g, true
	}
	return archive.Group{}, false
}

func (v *archiveView) nodeLabel(uid widget.TreeNodeID) string {
	n := 0
	g, _ := v.groupOf(uid)
	for _, x := range v.groups {
		switch {
		case uid == "pending" && x.Year == 0 && x.Category == "",
			strings.HasPrefix(uid, "c") && x.Category == g.Category,
			strings.HasPrefix(uid, "y") && x.Year == g.Year && (g.Retention == "" || x.Retention == g.Retention) &&
				(g.Division == "" || x.Division == g.Division):
			n += x.Count
		}
	}
	var name string
	switch {
	case uid == "pending":
		name = "未建档"
	case strings.HasPrefix(uid, "c"):
		name = g.Category
		if name == "" {
			name = "（未分类）"
		}
	case g.Division != "":
		name = g.Division + " " + divisionLabel(v.settings, g.Division)
	case g.Retention != "":
		name = g.Retention.Label()
	default:
		name = fmt.Sprintf("%d 年度", g.Year)
	}
	return fmt.Sprintf("%s（%d）", name, n)
}

func divisionLabel(st archive.Settings, code string) string {
	for _, d := range st.Divisions {
		if d.Code == code {
			return d.Name
		}
	}
	return ""
}

func (v *archiveView) onNode(uid widget.TreeNodeID) {
	v.node = uid
	v.applyFilter()
}
