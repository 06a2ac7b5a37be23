package archive

import (
	"errors"
	"testing"
)

func TestPermissions(t *testing.T) {
	o := newOffice(t)
	it := o.propose(t, seedDraft)
	publication := Publication{Channels: []string{"门户网站"}, Date: "2016-07-01"}
	tests := []struct {
		name string
		do   func() error
		want error
	}{
		{"a division head proposes", func() error {
			_, err := o.Propose("head", seedDraft, SourceFile{Name: "a.txt", Data: []byte("x")}, "")
			return err
		}, ErrPermission},
		{"the drafter approves 初审", func() error { return o.Decide("drafter", it.ID, Review{Approve: true}) }, ErrPermission},
		{"another division's head", func() error { return o.Decide("otherhead", it.ID, Review{Approve: true}) }, ErrPermission},
		{"the leader takes 初审", func() error { return o.Decide("leader", it.ID, Review{Approve: true}) }, ErrPermission},
		{"unknown user", func() error { return o.Decide("nobody", it.ID, Review{Approve: true}) }, ErrPermission},
		{"publish too early", func() error { return o.Publish("office", it.ID, publication) }, ErrState},
		{"file too early", func() error {
			_, err := o.FileItem("archivist", it.ID, FilingRequest{Year: 2016, Pages: 1})
			return err
		}, ErrState},
		{"a non-admin creates a user", func() error {
			return o.CreateUser("drafter", User{Name: "xx", FullName: "x", Roles: []Role{RoleAdmin}}, "password-1")
		}, ErrPermission},
		{"a non-admin changes settings", func() error { return o.SaveSettings("office", Settings{FondsName: "x", FondsCode: "Z1"}) }, ErrPermission},
		{"unknown item", func() error { return o.Decide("head", "nope", Review{Approve: true}) }, ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.do(); !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
	if got, _ := o.Item(it.ID); got.State != StatePreliminary {
		t.Errorf("refused actions moved the item to %s", got.State.Label())
	}
}

// TestSelfApprovalWhenAllowed: a very small office lets one person hold two roles; the
// record says the rule was relaxed.
func TestSelfApprovalWhenAllowed(t *testing.T) {
	o := newOffice(t)
	must(t, o.CreateUser("admin", User{Name: "solo", FullName: "身兼二职", Roles: []Role{RoleDrafter, RoleDivisionHead}, Division: "BGS"}, "password-1"))
	it, err := o.Propose("solo", seedDraft, SourceFile{Name: "a.txt", Data: []byte("x")}, "")
	must(t, err)
	wantErr(t, "self-approval by default", o.Decide("solo", it.ID, Review{Approve: true}), ErrPermission)
	st, _ := o.Settings()
	st.AllowSelfApproval = true
	must(t, o.SaveSettings("admin", st))
	must(t, o.Decide("solo", it.ID, Review{Approve: true}))
	recs, _ := o.Records(it.ID)
	if !recs[len(recs)-1].SelfApproved {
		t.Error("the record does not say self-approval was allowed")
	}
}

func TestStatisticsPermissions(t *testing.T) {
	tests := []struct {
		name     string
		user     *User
		sees     bool
		division string
	}{
		{"公开办", &User{Roles: []Role{RoleOffice}}, true, ""},
		{"分管领导", &User{Roles: []Role{RoleLeader}}, true, ""},
		{"管理员", &User{Roles: []Role{RoleAdmin}}, true, ""},
		{"处室负责人", &User{Roles: []Role{RoleDivisionHead}, Division: "BGS"}, true, "BGS"},
		{"处室负责人兼公开办", &User{Roles: []Role{RoleDivisionHead, RoleOffice}, Division: "BGS"}, true, ""},
		{"拟稿人", &User{Roles: []Role{RoleDrafter}, Division: "BGS"}, false, ""},
		{"档案员", &User{Roles: []Role{RoleArchivist}}, false, ""},
		{"nobody", nil, false, ""},
	}
	for _, tt := range tests {
		if got := tt.user.MaySeeStatistics(); got != tt.sees {
			t.Errorf("%s: got MaySeeStatistics %v, want %v", tt.name, got, tt.sees)
		}
		if got := tt.user.StatisticsDivision(); got != tt.division {
			t.Errorf("%s: got StatisticsDivision %q, want %q", tt.name, got, tt.division)
		}
	}
}

func TestAnnualFiguresPermissions(t *testing.T) {
	tests := []struct {
		name       string
		user       *User
		sees, fill bool
	}{
		{"公开办", &User{Roles: []Role{RoleOffice}}, true, true},
		{"管理员", &User{Roles: []Role{RoleAdmin}}, true, true},
		{"分管领导", &User{Roles: []Role{RoleLeader}}, true, false},
		{"处室负责人", &User{Roles: []Role{RoleDivisionHead}, Division: "BGS"}, false, false},
		{"拟稿人", &User{Roles: []Role{RoleDrafter}, Division: "BGS"}, false, false},
		{"停用的公开办", &User{Roles: []Role{RoleOffice}, Disabled: true}, false, false},
		{"nobody", nil, false, false},
	}
	for _, tt := range tests {
		if got := tt.user.MaySeeAnnualFigures(); got != tt.sees {
			t.Errorf("%s: got MaySeeAnnualFigures %v, want %v", tt.name, got, tt.sees)
		}
		if got := tt.user.MayFillAnnualFigures(); got != tt.fill {
			t.Errorf("%s: got MayFillAnnualFigures %v, want %v", tt.name, got, tt.fill)
		}
	}
}
