package archive

// Who may do what. Every screen asks these; none keeps a copy of the rule. The store checks the
// same rules again inside the transaction that acts, so a stale screen is refused, never obeyed.

// MayAdminister reports whether u keeps the office's settings, users and data (backup,
// restore, the audit log): the administrator.
func (u *User) MayAdminister() bool { return u != nil && u.Has(RoleAdmin) }

// MayEditRules reports whether u may change the office's keyword list and allow-list: the
// administrator, and the 公开办, who does the 保密审查.
func (u *User) MayEditRules() bool { return u != nil && (u.Has(RoleAdmin) || u.Has(RoleOffice)) }

// MayPropose reports whether u may propose drafts (提出): a drafter.
func (u *User) MayPropose() bool { return u != nil && u.Has(RoleDrafter) }

// MayFile reports whether u files, boxes and annotates (建档, 装盒, 备考): the archivist.
func (u *User) MayFile() bool { return u != nil && u.Has(RoleArchivist) }

// MayAct reports whether u may take the step item it waits for, or revise it when it was
// returned: nil, or an *Error of kind ErrState or ErrPermission saying why not, in Chinese.
//
// The rules: a returned item is revised by its drafter alone; every other step is taken by a
// user holding the step's role; 初审 by the head of the item's own division; and nobody takes a
// step on an item they drafted unless the office allows self-approval (very small offices),
// because each step is one more person answering for it ("谁负责、谁公开").
func MayAct(u *User, it *Item, st Settings) error {
	if u == nil || u.Disabled {
		return fail(ErrPermission, "该账号已停用，不能办理。")
	}
	if it.State == StateReturned {
		if u.Name != it.Drafter {
			return fail(ErrPermission, "“%s”已退回拟稿人，只有拟稿人可以修改后重新提出。", it.Title)
		}
		return nil
	}
	step, role, ok := it.State.Waits()
	if !ok {
		return fail(ErrState, "“%s”%s，没有待办理的环节。", it.Title, it.State.Label())
	}
	if !u.Has(role) {
		return fail(ErrPermission, "%s由%s办理，%s没有这个角色。", step, role.Label(), u.display())
	}
	if step == StepPreliminary && u.Division != it.Division {
		return fail(ErrPermission, "初审由拟稿处室（%s）的负责人办理，%s不是该处室的负责人。", it.Division, u.display())
	}
	if u.Name == it.Drafter && !st.AllowSelfApproval {
		return fail(ErrPermission, "“%s”由%s本人拟稿，按本单位设置，%s须由另一位同事办理。", it.Title, u.display(), step)
	}
	return nil
}

// display names u for a sentence: the full name, else the sign-in name.
func (u *User) display() string {
	if u.FullName != "" {
		return u.FullName
	}
	return u.Name
}

// MaySeeStatistics reports whether u sees the 统计 workspace: the 公开办, who answers for the
// office's disclosure work and writes its reports; the leaders, who are handed them; the
// administrator; and division heads, for their own division (StatisticsDivision). Drafters and
// archivists do not: their work is the items in front of them, not the office's figures.
func (u *User) MaySeeStatistics() bool {
	return u != nil && (u.Has(RoleOffice) || u.Has(RoleLeader) || u.Has(RoleAdmin) || u.Has(RoleDivisionHead))
}

// StatisticsDivision is the division u's statistics are confined to: a division head's own,
// unless they also hold a role that sees the whole office; "" for the whole office.
func (u *User) StatisticsDivision() string {
	if u == nil || u.Has(RoleOffice) || u.Has(RoleLeader) || u.Has(RoleAdmin) || !u.Has(RoleDivisionHead) {
		return ""
	}
	return u.Division
}

// MayFillAnnualFigures reports whether u fills in the figures of the annual report that 审档
// does not know (SaveAnnualFigures): the 公开办, who writes the report, and the administrator.
func (u *User) MayFillAnnualFigures() bool {
	return u != nil && (u.Has(RoleOffice) || u.Has(RoleAdmin))
}

// MaySeeAnnualFigures reports whether u reads the annual report's figures: those who fill them
// in, and the leaders, who sign the report. A division head does not: the report is the whole
// office's, and their statistics are their own division's.
func (u *User) MaySeeAnnualFigures() bool {
	return u.MayFillAnnualFigures() || (u != nil && u.Has(RoleLeader))
}
