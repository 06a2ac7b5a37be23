package archive

import "testing"

func TestAuthenticateAndAudit(t *testing.T) {
	o := newOffice(t)
	if _, err := o.Authenticate("drafter", "password-1"); err != nil {
		t.Fatal(err)
	}
	_, err := o.Authenticate("drafter", "wrong")
	wantErr(t, "wrong password", err, ErrAuth)
	_, err = o.Authenticate("ghost", "password-1")
	wantErr(t, "unknown user", err, ErrAuth)
	entries, err := o.Audit(1, 1000)
	must(t, err)
	last := entries[len(entries)-3:]
	if last[0].Action != "login" || last[0].Detail != "登录成功" || last[1].Detail != "登录失败：用户名或密码不正确" || last[2].Actor != "ghost" {
		t.Errorf("audit tail %+v", last)
	}
	for i, e := range entries {
		if e.Seq != int64(i+1) || (i > 0 && e.Prev != entries[i-1].Hash) {
			t.Fatalf("entry %d: %+v", i, e)
		}
	}
}

func TestUserAndSettingsValidation(t *testing.T) {
	s := openTestOffice(t)
	wantErr(t, "first user not admin", s.CreateUser("", User{Name: "a", FullName: "a", Roles: []Role{RoleDrafter}}, "password-1"), ErrInvalid)
	wantErr(t, "bad name", s.CreateUser("", User{Name: "管理员", FullName: "a", Roles: []Role{RoleAdmin}}, "password-1"), ErrInvalid)
	wantErr(t, "short password", s.CreateUser("", User{Name: "admin", FullName: "a", Roles: []Role{RoleAdmin}}, "short"), ErrInvalid)
	must(t, s.CreateUser("", User{Name: "admin", FullName: "管理员", Roles: []Role{RoleAdmin}}, "password-1"))
	wantErr(t, "name taken", s.CreateUser("admin", User{Name: "admin", FullName: "b", Roles: []Role{RoleAdmin}}, "password-2"), ErrInvalid)
	for name, st := range map[string]Settings{
		"no fonds":       {FondsName: "", FondsCode: "Z109"},
		"bad fonds code": {FondsName: "x", FondsCode: "z-1"},
		"duplicate code": {FondsName: "x", FondsCode: "Z1", Divisions: []Division{{"A", "甲"}, {"A", "乙"}}},
		"bad retention":  {FondsName: "x", FondsCode: "Z1", Retention: map[string]Retention{"x": "D5"}},
	} {
		wantErr(t, name, s.SaveSettings("admin", st), ErrInvalid)
	}
}

func TestSetUp(t *testing.T) {
	s := openTestOffice(t)
	admin := User{Name: "admin", FullName: "管理员", Roles: []Role{RoleAdmin}}
	st := Settings{FondsName: "厦门市司法局", FondsCode: "Z109", Divisions: []Division{{"BGS", "办公室"}}}
	wantErr(t, "bad settings", s.SetUp(admin, "password-1", Settings{FondsName: "x"}), ErrInvalid)
	wantErr(t, "not an administrator", s.SetUp(User{Name: "a1", FullName: "x", Roles: []Role{RoleDrafter}}, "password-1", st), ErrInvalid)
	if has, _ := s.HasUsers(); has {
		t.Fatal("a refused setup left a user behind")
	}
	must(t, s.SetUp(admin, "password-1", st))
	wantErr(t, "setting up twice", s.SetUp(User{Name: "other", FullName: "x", Roles: []Role{RoleAdmin}}, "password-1", st), ErrState)
	got, _ := s.Settings()
	if got.FondsCode != "Z109" {
		t.Errorf("settings %+v", got)
	}
	if _, err := s.Authenticate("admin", "password-1"); err != nil {
		t.Error(err)
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
