package main

import (
	"fmt"
	"strings"

	"shendang.gov.cn/shendang/archive"
)

// showDetail shows the selected item's particulars, revisions with their fixity hashes, the
// review trail and its 备考.
func (v *archiveView) showDetail() {
	it := v.selected
	if it == nil {
		v.detail.SetText("选择一件查看其著录项、审查经过和固定性校验值")
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", it.Title)
	if f := it.Filing; f != nil {
		fmt.Fprintf(&b, "档号：%s\n年度 %d · %s · 机构 %s · 件号 %04d · %d 页", f.Code, f.Year, f.Retention.Label(), f.Division, f.Number, f.Pages)
		if f.Box > 0 {
			fmt.Fprintf(&b, " · 第 %d 盒", f.Box)
		}
		fmt.Fprintf(&b, "\n建档：%s %s\n", v.person(f.By), f.Filed.In(archive.OfficeZone).Format("2006-01-02 15:04"))
	}
	fmt.Fprintf(&b, "文号：%s\n责任者：%s\n成文日期：%s\n公开属性：%s\n公开目录：%s\n索引号：%s\n状态：%s\n",
		it.DocNumber, it.Author, it.DocDate, it.DisclosureLabel(), it.Category, it.IndexNo, it.State.Label())
	if p := it.Publication; p != nil {
		fmt.Fprintf(&b, "公开：%s %s %s\n", strings.Join(p.Channels, "、"), p.Date, p.URL)
	}
	if it.Policy != nil {
		fmt.Fprintf(&b, "所解读政策：%s\n", it.Policy.Label())
	}
	if d := v.deadline(it); d != nil {
		fmt.Fprintf(&b, "期限：%s%s\n%s\n", deadlineFlag(d), d.Label(v.now()), d.Explain(it))
	}
	b.WriteString("\n文稿与固定性校验值：\n")
	for _, r := range it.Revisions {
		what := ""
		if r.Redacted != nil {
			what = fmt.Sprintf("脱敏稿，由第 %d 稿脱敏：%s；", r.Redacted.Of, r.Redacted.Summary())
		} else if it.Partial() && r.N == it.Current().Redacted.Of {
			what = "原稿，不公开；"
		}
		fmt.Fprintf(&b, "第 %d 稿 %s（%s%s，%s）\nSHA-256 %s\nSM3 %s\n", r.N, r.Name, what, sizeText(r.Size), v.person(r.By), r.SHA256, r.SM3)
	}
	if recs, err := v.store.Records(it.ID); err == nil {
		b.WriteString("\n办理经过：\n" + timeline(recs, v.person) + "\n")
	}
	if notes, err := v.store.Notes(it.ID); err == nil && len(notes) > 0 {
		b.WriteString("\n备考：\n")
		for _, n := range notes {
			fmt.Fprintf(&b, "%s %s：%s\n", n.Time.In(archive.OfficeZone).Format("2006-01-02"), v.person(n.By), n.Text)
		}
	}
	v.detail.SetText(b.String())
}

// refreshSelected re-reads the selected item after it changed, keeping it selected.
func (v *archiveView) refreshSelected() {
	if v.selected == nil {
		return
	}
	it, err := v.store.Item(v.selected.ID)
	if err != nil {
		showError(v.win, err)
		return
	}
	v.pages = map[int][]archive.Item{}
	v.selected = it
	v.table.Refresh()
	v.showDetail()
	v.updateActions()
}

func (v *archiveView) onAddNote() {
	if v.selected == nil || strings.TrimSpace(v.note.Text) == "" {
		return
	}
	if err := v.store.AddNote(v.user.Name, v.selected.ID, strings.TrimSpace(v.note.Text)); err != nil {
		showError(v.win, err)
		return
	}
	v.note.SetText("")
	v.refreshSelected()
	v.say("已添加备考。")
}

// person is the full name of the user signed in as name, else name itself.
func (v *archiveView) person(name string) string {
	if n := v.names[name]; n != "" {
		return n
	}
	return name
}
