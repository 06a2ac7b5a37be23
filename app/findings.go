package main

import (
	"fmt"
	"image/color"
	"sort"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/review"
)

// findingGroup is the findings of one severity and category, in document order.
type findingGroup struct {
	severity review.Severity
	category review.Category
	members  []int // indexes into the findings
}

// groupFindings groups findings by severity, 拦截 first, then by category in the order each
// category first occurs in the document.
func groupFindings(found []review.Finding) []findingGroup {
	var groups []findingGroup
	at := map[[2]string]int{}
	for i, f := range found {
		key := [2]string{string(f.Severity), string(f.Category)}
		g, ok := at[key]
		if !ok {
			g = len(groups)
			at[key] = g
			groups = append(groups, findingGroup{severity: f.Severity, category: f.Category})
		}
		groups[g].members = append(groups[g].members, i)
	}
	sort.SliceStable(groups, func(i, j int) bool {
		return groups[i].severity == review.Block && groups[j].severity != review.Block
	})
	return groups
}

// Tree node ids: "g3" is group 3, "f12" is finding 12.
func groupUID(g int) widget.TreeNodeID   { return "g" + strconv.Itoa(g) }
func findingUID(i int) widget.TreeNodeID { return "f" + strconv.Itoa(i) }

func parseUID(uid widget.TreeNodeID) (group bool, n int, ok bool) {
	if len(uid) < 2 || (uid[0] != 'g' && uid[0] != 'f') {
		return false, 0, false
	}
	n, err := strconv.Atoi(uid[1:])
	return uid[0] == 'g', n, err == nil
}

// newFindingsTree is the findings list: one branch per group with a count badge, one leaf per
// finding.
func (v *reviewView) newFindingsTree() *widget.Tree {
	t := widget.NewTree(v.findingChildren,
		func(uid widget.TreeNodeID) bool {
			group, _, _ := parseUID(uid)
			return uid == "" || group
		},
		func(branch bool) fyne.CanvasObject {
			if branch {
				return newGroupRow()
			}
			// Two lines, what matched over where: on one line a finding read from a scan ran
			// past the pane's right edge ("…” 正文 第2页（图像识别，置信度 89%） 第2行").
			l := widget.NewLabel("\n")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		v.updateFindingRow)
	t.OnSelected = func(uid widget.TreeNodeID) {
		if group, n, ok := parseUID(uid); ok && !group {
			v.onSelect(n)
		}
	}
	return t
}

// findingChildren lists the groups under the root, and a group's findings under it.
func (v *reviewView) findingChildren(uid widget.TreeNodeID) []widget.TreeNodeID {
	if uid == "" {
		ids := make([]widget.TreeNodeID, len(v.groups))
		for g := range v.groups {
			ids[g] = groupUID(g)
		}
		return ids
	}
	group, g, ok := parseUID(uid)
	if !ok || !group || g >= len(v.groups) {
		return nil
	}
	ids := make([]widget.TreeNodeID, len(v.groups[g].members))
	for k, i := range v.groups[g].members {
		ids[k] = findingUID(i)
	}
	return ids
}

// updateFindingRow shows a group's row or a finding's.
func (v *reviewView) updateFindingRow(uid widget.TreeNodeID, _ bool, o fyne.CanvasObject) {
	group, n, ok := parseUID(uid)
	switch {
	case !ok:
	case group && n < len(v.groups):
		o.(*groupRow).set(v.groups[n], v.handled(v.groups[n]))
	case !group && n < len(v.found):
		o.(*widget.Label).SetText(v.findingLine(n))
	}
}

// handled counts the group's findings a reviewer has decided on.
func (v *reviewView) handled(g findingGroup) int {
	n := 0
	for _, i := range g.members {
		if _, ok := v.disp[v.found[i].Fingerprint]; ok {
			n++
		}
	}
	return n
}

// groupRow is a group's branch: 拦截 · 密级标志, how many are handled, and a count badge.
type groupRow struct {
	widget.BaseWidget
	label *widget.Label
	badge *canvas.Rectangle
	count *canvas.Text
}

func newGroupRow() *groupRow {
	r := &groupRow{label: widget.NewLabel(""), badge: canvas.NewRectangle(color.Transparent), count: canvas.NewText("", color.White)}
	r.label.TextStyle.Bold = true
	r.badge.CornerRadius = 9
	r.count.TextStyle.Bold = true
	r.count.TextSize = theme.CaptionTextSize()
	r.ExtendBaseWidget(r)
	return r
}

func (r *groupRow) set(g findingGroup, handled int) {
	text := g.severity.Label() + " · " + g.category.Label()
	if handled > 0 {
		text += fmt.Sprintf("（已处理 %d）", handled)
	}
	r.label.SetText(text)
	r.count.Text = strconv.Itoa(len(g.members))
	name := theme.ColorNameWarning
	if g.severity == review.Block {
		name = theme.ColorNameError
	}
	r.badge.FillColor = theme.Color(name)
	r.badge.SetMinSize(fyne.NewSize(max(18, r.count.MinSize().Width+12), 18))
	r.count.Refresh()
	r.badge.Refresh()
}

func (r *groupRow) CreateRenderer() fyne.WidgetRenderer {
	badge := container.NewCenter(container.NewStack(r.badge, container.NewCenter(r.count)))
	return widget.NewSimpleRenderer(container.NewHBox(r.label, badge))
}

// findingLine is one finding's row under its group: what matched and what was decided, and
// under it where.
func (v *reviewView) findingLine(i int) string {
	f := v.found[i]
	state := ""
	if d, ok := v.disp[f.Fingerprint]; ok {
		state = " ✓" + d.Kind.Label()
	}
	if v.known != nil && !v.known[f.Fingerprint] {
		state += " 【新】" // not in the check the last 保密审查 saw: new in this revision
	}
	match := strings.Join(strings.Fields(f.Match), " ")
	if match == "" {
		match = f.Context
	}
	return fmt.Sprintf("“%s”%s\n%s", match, state, f.Where())
}
