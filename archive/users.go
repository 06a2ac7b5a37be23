package archive

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// User is a person who signs in. Every decision is attributed to one ("谁负责、谁公开").
type User struct {
	Name         string // sign-in name
	FullName     string // shown on records and forms
	Roles        []Role
	Division     string // division code, for division heads and drafters
	PasswordHash string
	Disabled     bool
}

// Has reports whether u holds role r and is not disabled.
func (u *User) Has(r Role) bool { return !u.Disabled && slices.Contains(u.Roles, r) }

var nameRe = regexp.MustCompile(`^[a-z0-9_.-]{2,32}$`)

// Validate reports the first problem that stops u from being stored.
func (u User) Validate() error {
	if !nameRe.MatchString(u.Name) {
		return fail(ErrInvalid, "登录名“%s”不正确：请用 2 至 32 个小写字母、数字或 . _ - 。", u.Name)
	}
	if strings.TrimSpace(u.FullName) == "" || len(u.Roles) == 0 {
		return fail(ErrInvalid, "用户 %s 须填写姓名并至少有一个角色。", u.Name)
	}
	for _, r := range u.Roles {
		if roles[r] == "" {
			return fail(ErrInvalid, "没有“%s”这个角色。", r)
		}
		if (r == RoleDrafter || r == RoleDivisionHead) && u.Division == "" {
			return fail(ErrInvalid, "%s是%s，须选择所属机构：拟稿人提出的事项由本处室负责人初审。", u.FullName, r.Label())
		}
	}
	return nil
}

// withPassword validates u and sets its hash of password. Errors: ErrInvalid (bad fields, a
// password shorter than minPassword).
func (u *User) withPassword(password string) error {
	if err := u.Validate(); err != nil {
		return err
	}
	if len([]rune(password)) < minPassword {
		return fail(ErrInvalid, "密码至少需要 %d 个字符。", minPassword)
	}
	hash, err := hashPassword(password)
	if err != nil {
		return err
	}
	u.PasswordHash = hash
	return nil
}

// minPassword is the shortest password accepted.
const minPassword = 8

// HasUsers reports whether any user exists; a store without users is at its first start.
func (s *Office) HasUsers() (bool, error) {
	found := false
	err := s.view(func(txn kvReader) error {
		first, err := firstKey(txn, []byte("user/"), nil)
		found = first != nil
		return err
	})
	return found, err
}

// CreateUser adds a user with password. The actor must be an administrator, except at first
// start, when the first user is created by nobody and must be an administrator.
// Errors: ErrPermission, ErrInvalid (bad fields, short password, name taken).
func (s *Office) CreateUser(actor string, u User, password string) error {
	if err := u.withPassword(password); err != nil {
		return err
	}
	return s.update(func(txn *tx) error {
		first, err := noUsers(txn)
		if err != nil {
			return err
		}
		switch {
		case first && !slices.Contains(u.Roles, RoleAdmin):
			return fail(ErrInvalid, "第一个用户必须是管理员。")
		case !first:
			if _, err := requireRole(txn, actor, RoleAdmin); err != nil {
				return err
			}
		}
		if has(txn, keyUser(u.Name)) {
			return fail(ErrInvalid, "登录名 %s 已被使用，请换一个。", u.Name)
		}
		if err := putJSON(txn, keyUser(u.Name), u); err != nil {
			return err
		}
		return s.audit(txn, actor, ActionUser, "", fmt.Sprintf("新建用户 %s（%s），角色：%s", u.Name, u.FullName, roleLabels(u.Roles)))
	})
}

func noUsers(txn kvReader) (bool, error) {
	first, err := firstKey(txn, []byte("user/"), nil)
	return first == nil, err
}

// SetUp is the first start: it creates the administrator and the office settings in one
// transaction, so there is never an administrator without settings or the other way round.
// Errors: ErrInvalid (bad fields, short password, not an administrator), ErrState (already set up).
func (s *Office) SetUp(admin User, password string, st Settings) error {
	if !slices.Contains(admin.Roles, RoleAdmin) {
		return fail(ErrInvalid, "第一个用户必须是管理员。")
	}
	if err := st.Validate(); err != nil {
		return err
	}
	if err := admin.withPassword(password); err != nil {
		return err
	}
	return s.update(func(txn *tx) error {
		if first, err := noUsers(txn); err != nil || !first {
			return fail(ErrState, "这个数据库已经设置过本单位和管理员。")
		}
		if err := putJSON(txn, keyUser(admin.Name), admin); err != nil {
			return err
		}
		if err := putJSON(txn, keySettings(), st); err != nil {
			return err
		}
		return s.audit(txn, admin.Name, ActionSettings, "", fmt.Sprintf("首次设置本单位 %s（全宗号 %s），管理员 %s", st.FondsName, st.FondsCode, admin.Name))
	})
}

// Authenticate checks a sign-in and records it in the audit log, failed or not.
// Errors: ErrAuth for an unknown name, a disabled user or a wrong password.
func (s *Office) Authenticate(name, password string) (*User, error) {
	var u User
	err := s.view(func(txn kvReader) error { return getJSON(txn, keyUser(name), &u) })
	ok := err == nil && !u.Disabled && checkPassword(u.PasswordHash, password)
	detail := "登录成功"
	if !ok {
		detail = "登录失败：用户名或密码不正确"
	}
	if aerr := s.Record(name, ActionLogin, detail); aerr != nil {
		return nil, aerr
	}
	if !ok {
		return nil, ErrAuth
	}
	return &u, nil
}

// GetUser returns the named user.
func (s *Office) GetUser(name string) (*User, error) {
	var u User
	err := s.view(func(txn kvReader) error { return getJSON(txn, keyUser(name), &u) })
	return &u, err
}

// requireRole loads actor and checks they hold role. Errors: ErrPermission.
func requireRole(txn kvReader, actor string, role Role) (*User, error) {
	u, err := loadUser(txn, actor)
	if err != nil {
		return nil, err
	}
	if !u.Has(role) {
		return nil, fail(ErrPermission, "%s 没有“%s”角色，不能办理这一步。", u.display(), role.Label())
	}
	return u, nil
}

// loadUser loads actor. Errors: ErrPermission for an unknown user.
func loadUser(txn kvReader, actor string) (*User, error) {
	var u User
	if err := getJSON(txn, keyUser(actor), &u); err != nil {
		if errors.Is(err, ErrNotFound) {
			return nil, fail(ErrPermission, "没有登录名为“%s”的用户。", actor)
		}
		return nil, err
	}
	return &u, nil
}

// Settings returns the office's settings (the zero value before setup).
func (s *Office) Settings() (Settings, error) {
	var st Settings
	err := s.view(func(txn kvReader) error { return getJSON(txn, keySettings(), &st) })
	if errors.Is(err, ErrNotFound) {
		err = nil
	}
	return st, err
}

// SaveSettings replaces the settings, as SaveSettingsAndRedate does, for a caller that need not
// know how many due dates moved.
func (s *Office) SaveSettings(actor string, st Settings) error {
	_, err := s.SaveSettingsAndRedate(actor, st)
	return err
}

// SaveSettingsAndRedate replaces the settings. The actor must be an administrator; the 全宗号
// cannot change once anything is filed under it. When the working-day calendar changes (a
// year's notice added, a date corrected), every item not yet published whose due date the
// change may move is recounted on the new calendar in the same transaction, each move
// audit-logged; redated is how many moved. Errors: ErrInvalid (Settings.Validate),
// ErrPermission, ErrFiled.
func (s *Office) SaveSettingsAndRedate(actor string, st Settings) (redated int, err error) {
	if err := st.Validate(); err != nil {
		return 0, err
	}
	cal, err := st.Calendar()
	if err != nil {
		return 0, err
	}
	err = s.update(func(txn *tx) error {
		redated = 0
		if _, err := requireRole(txn, actor, RoleAdmin); err != nil {
			return err
		}
		var old Settings
		if err := getJSON(txn, keySettings(), &old); err == nil && old.FondsCode != st.FondsCode && anyKey(txn, "filed/") {
			return fail(ErrFiled, "已有文件以全宗号 %s 建档，全宗号不能再改。", old.FondsCode)
		}
		if err := putJSON(txn, keySettings(), st); err != nil {
			return err
		}
		if err := s.audit(txn, actor, ActionSettings, "", settingsSummary(st)); err != nil {
			return err
		}
		if was, err := old.Calendar(); err == nil { // a stored calendar that no longer parses is recounted in full
			redated, err = s.redate(txn, actor, was, cal)
			return err
		}
		redated, err = s.redate(txn, actor, &Calendar{}, cal)
		return err
	})
	if err != nil {
		return 0, err
	}
	return redated, nil
}

// Users returns every user, by name.
func (s *Office) Users() ([]User, error) {
	users, err := listJSON[User](s, "user/")
	for i := range users {
		users[i].PasswordHash = ""
	}
	return users, err
}

// UpdateUser changes a user's full name, roles, division and whether they are disabled, and
// their password when one is given. The actor must be an administrator, and the office keeps
// at least one administrator who can sign in. Errors: ErrPermission, ErrNotFound, ErrInvalid.
func (s *Office) UpdateUser(actor string, u User, password string) error {
	if password != "" {
		if err := u.withPassword(password); err != nil {
			return err
		}
	} else if err := u.Validate(); err != nil {
		return err
	}
	return s.update(func(txn *tx) error {
		if _, err := requireRole(txn, actor, RoleAdmin); err != nil {
			return err
		}
		var old User
		if err := getJSON(txn, keyUser(u.Name), &old); err != nil {
			return err
		}
		if password == "" {
			u.PasswordHash = old.PasswordHash
		}
		if err := putJSON(txn, keyUser(u.Name), u); err != nil {
			return err
		}
		if !anyAdmin(txn) {
			return fail(ErrInvalid, "本单位至少要保留一位可以登录的管理员。")
		}
		detail := fmt.Sprintf("修改用户 %s（%s），角色：%s", u.Name, u.FullName, roleLabels(u.Roles))
		if u.Disabled {
			detail += "，已停用"
		}
		if password != "" {
			detail += "，重设了密码"
		}
		return s.audit(txn, actor, ActionUser, "", detail)
	})
}

// anyAdmin reports whether an enabled administrator exists, as txn sees the store.
func anyAdmin(txn kvReader) bool {
	found := false
	each(txn, "user/", func(_ string, value []byte) {
		var u User
		if json.Unmarshal(value, &u) == nil && u.Has(RoleAdmin) {
			found = true
		}
	})
	return found
}
