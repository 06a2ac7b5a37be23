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
	byCategory := v.byCategory.Selected == byCatalogue
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
	g, _ := v.groupOf(uid)
	n := 0
	for _, x := range v.groups {
		if nodeHolds(uid, g, x) {
			n += x.Count
		}
	}
	return fmt.Sprintf("%s（%d）", v.nodeName(uid, g), n)
}

// nodeHolds reports whether the group x counts under the node uid, which stands for g.
func nodeHolds(uid widget.TreeNodeID, g, x archive.Group) bool {
	switch {
	case uid == "pending":
		return x.Year == 0 && x.Category == ""
	case strings.HasPrefix(uid, "c"):
		return x.Category == g.Category
	case strings.HasPrefix(uid, "y"):
		return x.Year == g.Year && (g.Retention == "" || x.Retention == g.Retention) && (g.Division == "" || x.Division == g.Division)
	}
	return false
}

// nodeName is what the node uid, standing for g, is called: 未建档, a category, a division, a
// retention or a year.
func (v *archiveView) nodeName(uid widget.TreeNodeID, g archive.Group) string {
	switch {
	case uid == "pending":
		return "未建档"
	case strings.HasPrefix(uid, "c") && g.Category == "":
		return "（未分类）"
	case strings.HasPrefix(uid, "c"):
		return g.Category
	case g.Division != "":
		return g.Division + " " + divisionLabel(v.settings, g.Division)
	case g.Retention != "":
		return g.Retention.Label()
	}
	return fmt.Sprintf("%d 年度", g.Year)
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
