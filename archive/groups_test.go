package archive

import (
	"fmt"
	"testing"
)

func TestGroups(t *testing.T) {
	o := newOffice(t)
	file := func(d Draft, req FilingRequest) {
		it := o.propose(t, d)
		o.through(t, it.ID)
		if req.Year != 0 {
			_, err := o.FileItem("archivist", it.ID, req)
			must(t, err)
		}
	}
	other := seedDraft
	other.Category = "人事信息"
	file(seedDraft, FilingRequest{Year: 2016, Pages: 1})              // 规范性文件: 永久
	file(seedDraft, FilingRequest{Year: 2016, Pages: 1})              // the same group
	file(other, FilingRequest{Year: 2016, Pages: 1})                  // default 定期10年
	file(other, FilingRequest{Year: 2015, Pages: 1, Division: "LSC"}) // filed under another 机构
	file(other, FilingRequest{})                                      // published, not filed
	gs, err := o.Groups(Filter{}, false)
	must(t, err)
	got := fmt.Sprint(gs)
	want := "[{2016 Y BGS  2} {2016 D10 BGS  1} {2015 D10 LSC  1} {0    1}]"
	if got != want {
		t.Errorf("filing groups %s, want %s", got, want)
	}
	gs, err = o.Groups(Filter{State: StateFiled}, true)
	must(t, err)
	if got := fmt.Sprint(gs); got != "[{0   人事信息 2} {0   规范性文件 2}]" {
		t.Errorf("category groups %s", got)
	}
	// The 机构 a filed item is listed and filtered under is the one it was filed under.
	items, n, err := o.Items(Filter{Division: "LSC"}, 0, 10)
	must(t, err)
	if n != 1 || items[0].Filing.Division != "LSC" || items[0].Division != "BGS" {
		t.Errorf("LSC has %d items: %+v", n, items)
	}
}

func TestUsersAndUpdateUser(t *testing.T) {
	o := newOffice(t)
	users, err := o.Users()
	must(t, err)
	if len(users) != 7 || users[0].Name != "admin" {
		t.Fatalf("%d users, first %q", len(users), users[0].Name)
	}
	for _, u := range users {
		if u.PasswordHash != "" {
			t.Errorf("Users gives %s's password hash", u.Name)
		}
	}
	u, err := o.GetUser("drafter")
	must(t, err)
	u.Roles = append(u.Roles, RoleDivisionHead)
	u.FullName = "王五（兼）"
	must(t, o.UpdateUser("admin", *u, ""))
	if _, err := o.Authenticate("drafter", "password-1"); err != nil {
		t.Errorf("the password was lost by an update: %v", err)
	}
	must(t, o.UpdateUser("admin", *u, "new-password-2"))
	if _, err := o.Authenticate("drafter", "new-password-2"); err != nil {
		t.Errorf("password reset: %v", err)
	}
	wantErr(t, "drafter updates", o.UpdateUser("drafter", *u, ""), ErrPermission)
	wantErr(t, "unknown user", o.UpdateUser("admin", User{Name: "nobody", FullName: "无", Roles: []Role{RoleLeader}}, ""), ErrNotFound)
	admin, err := o.GetUser("admin")
	must(t, err)
	admin.Disabled = true
	wantErr(t, "disable the last administrator", o.UpdateUser("admin", *admin, ""), ErrInvalid)
	if a, _ := o.GetUser("admin"); a.Disabled {
		t.Error("the refused update was stored")
	}
}

// TestSearchMatchesItemByItem: the haystack search gives exactly what comparing each item's
// fields gives, in the same order, for texts that match one field, several fields of one item,
// no item, or would match only across two fields.
func TestSearchMatchesItemByItem(t *testing.T) {
	dir := t.TempDir()
	must(t, FillSynthetic(dir, 3000, 40))
	s, err := Open(dir)
	must(t, err)
	defer s.Close()
	for _, f := range []Filter{
		{Text: "司法鉴定"}, {Text: "第1号"}, {Text: "2017-Y-LSC"}, {Text: "厦司〔2018〕"}, {Text: "号Z109"}, {Text: "）\x00"},
		{Text: "通知", State: StateFile}, {Text: "通知", Year: 2019, Retention: Years30}, {Text: "1"}, {Text: "不存在的题名"},
	} {
		got, total, err := s.Items(f, 0, 1<<20)
		must(t, err)
		var want []string
		s.idx.mu.Lock()
		for _, sm := range s.idx.sorted {
			if f.matchSummary(sm) {
				want = append(want, sm.ID)
			}
		}
		s.idx.mu.Unlock()
		var ids []string
		for _, it := range got {
			ids = append(ids, it.ID)
		}
		if total != len(want) || fmt.Sprint(ids) != fmt.Sprint(want) {
			t.Errorf("%+v: %d found, want %d", f, total, len(want))
		}
	}
	// Paging through a search gives the same items as one page.
	all, total, err := s.Items(Filter{Text: "通知（第1"}, 0, 1<<20)
	must(t, err)
	page, _, err := s.Items(Filter{Text: "通知（第1"}, 7, 5)
	must(t, err)
	idsOf := func(items []Item) (ids []string) {
		for _, it := range items {
			ids = append(ids, it.ID)
		}
		return ids
	}
	if total < 12 || fmt.Sprint(idsOf(page)) != fmt.Sprint(idsOf(all[7:12])) {
		t.Errorf("page 7–12 of %d differs from the whole list", total)
	}
}
