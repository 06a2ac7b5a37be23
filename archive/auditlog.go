package archive

import (
	"fmt"
	"regexp"
	"strings"
)

// The actions of the audit log. The code is stored with each entry and never changes meaning:
// tools and reports select entries by it. ActionText says each in Chinese.
const (
	ActionLogin    = "login"    // a sign-in, successful or not
	ActionLogout   = "logout"   // a sign-out
	ActionImport   = "import"   // 提出 of a new item
	ActionDecision = "decision" // a step decided: 提出 of a revision, 初审, 保密审查, 审核, 公开
	ActionFiling   = "filing"   // 建档, 装盒
	ActionNote     = "note"     // a 备考
	ActionSettings = "settings" // the office's settings, first set up or changed
	ActionUser     = "user"     // a user created or changed
	ActionRules    = "rules"    // the office's keyword list or allow-list changed
	ActionBackup   = "backup"   // a backup written
	ActionRestore  = "restore"  // a store restored from a backup
	ActionMigrate  = "migrate"  // records adopted into the log when an older store is upgraded
	ActionMove     = "move"     // a whole store copied in from another engine or place
)

var actionText = map[string]string{ActionLogin: "登录", ActionLogout: "注销", ActionImport: "提出", ActionDecision: "办理",
	ActionFiling: "建档", ActionNote: "备考", ActionSettings: "本单位设置", ActionUser: "用户", ActionRules: "词表",
	ActionBackup: "备份", ActionRestore: "恢复", ActionMigrate: "数据升级", ActionMove: "迁移"}

// ActionText is the entry's action in Chinese; an unknown code is shown as it is.
func (e AuditEntry) ActionText() string {
	if t, ok := actionText[e.Action]; ok {
		return t
	}
	return e.Action
}

// DetailText is the entry's detail as a person reads it. Entries written since details are
// Chinese are shown as written; entries of earlier versions, whose details were English, are
// put into Chinese from their known forms (the entries themselves never change: they are
// hash-chained).
func (e AuditEntry) DetailText() string {
	for _, l := range legacyDetails {
		if l.action != e.Action {
			continue
		}
		if m := l.re.FindStringSubmatch(e.Detail); m != nil {
			return l.text(m)
		}
	}
	return e.Detail
}

// legacyDetails are the English details of earlier versions, and their Chinese.
var legacyDetails = []struct {
	action string
	re     *regexp.Regexp
	text   func(m []string) string
}{
	{ActionLogin, regexp.MustCompile(`^signed in$`), func([]string) string { return "登录成功" }},
	{ActionLogin, regexp.MustCompile(`^failed sign-in$`), func([]string) string { return "登录失败：用户名或密码不正确" }},
	{ActionLogout, regexp.MustCompile(`^signed out$`), func([]string) string { return "注销" }},
	{ActionImport, regexp.MustCompile(`^proposed "(.*)" \((.*)\), file (.*) sha256 ([0-9a-f]+)$`), func(m []string) string {
		return fmt.Sprintf("提出《%s》%s，文件“%s”，SHA-256 %s", m[1], bracketed(m[2]), m[3], m[4])
	}},
	{ActionDecision, regexp.MustCompile(`(?s)^(\S+) (submit|approve|return|publish|file): ?(.*?)( \(self-approval allowed by settings\))?$`), legacyDecision},
	{ActionFiling, regexp.MustCompile(`(?s)^(\S+) (file): ?(.*)$`), legacyDecision},
	{ActionFiling, regexp.MustCompile(`^box (\d+) of (\d+)-(\w+)-(\w+) holds 件号 (\d+)–(\d+)$`), func(m []string) string {
		return fmt.Sprintf("装盒：%s 年度 %s %s 第 %s 盒，件号 %s–%s", m[2], Retention(m[3]).Label(), m[4], m[1], m[5], m[6])
	}},
	{ActionUser, regexp.MustCompile(`^created user (\S+) \((.*)\) roles \[(.*)\]$`), func(m []string) string {
		return fmt.Sprintf("新建用户 %s（%s），角色：%s", m[1], m[2], legacyRoles(m[3]))
	}},
	{ActionUser, regexp.MustCompile(`^updated user (\S+) \((.*)\) roles \[(.*)\] disabled (true|false)(, password reset)?$`), func(m []string) string {
		s := fmt.Sprintf("修改用户 %s（%s），角色：%s", m[1], m[2], legacyRoles(m[3]))
		if m[4] == "true" {
			s += "，已停用"
		}
		if m[5] != "" {
			s += "，重设了密码"
		}
		return s
	}},
	{ActionSettings, regexp.MustCompile(`^set up (.*) \((\w+)\) with administrator (\S+)$`), func(m []string) string {
		return fmt.Sprintf("首次设置本单位 %s（全宗号 %s），管理员 %s", m[1], m[2], m[3])
	}},
	{ActionSettings, regexp.MustCompile(`^\{.*\}$`), func([]string) string { return "修改本单位设置" }},
	{ActionBackup, regexp.MustCompile(`^backup of (\d+) bytes, sha256 ([0-9a-f]+), audit at (\d+)$`), func(m []string) string {
		return fmt.Sprintf("备份 %s 字节，SHA-256 %s，审计日志至第 %s 条", m[1], m[2], m[3])
	}},
	{ActionRestore, regexp.MustCompile(`^restored from (.*) \(created (\S+), audit at (\d+)\)$`), func(m []string) string {
		return fmt.Sprintf("从“%s”恢复（备份于 %s，审计日志至第 %s 条）", m[1], m[2], m[3])
	}},
}

// legacyDecision puts an English decision detail ("初审 approve: 同意") into Chinese.
func legacyDecision(m []string) string {
	s := m[1] + " " + Decision(m[2]).Label()
	if m[3] != "" {
		s += "：" + m[3]
	}
	if len(m) > 4 && m[4] != "" {
		s += "（本单位设置允许本人办理自己拟稿的事项）"
	}
	return s
}

// legacyRoles puts a role list as Go printed it ("drafter office") into Chinese.
func legacyRoles(list string) string {
	var roles []Role
	for _, r := range strings.Fields(list) {
		roles = append(roles, Role(r))
	}
	return roleLabels(roles)
}

// roleLabels names roles in Chinese: 拟稿人、处室负责人.
func roleLabels(roles []Role) string {
	var out []string
	for _, r := range roles {
		if l := r.Label(); l != "" {
			out = append(out, l)
		} else {
			out = append(out, string(r))
		}
	}
	return strings.Join(out, "、")
}

// bracketed is a 文号 in brackets after a title, or nothing when there is none.
func bracketed(docNumber string) string {
	if docNumber == "" {
		return ""
	}
	return "（" + docNumber + "）"
}

// settingsSummary says what the office's settings are, for the audit log.
func settingsSummary(st Settings) string {
	var divs []string
	for _, d := range st.Divisions {
		divs = append(divs, d.Code+" "+d.Name)
	}
	s := fmt.Sprintf("保存本单位设置：%s（全宗号 %s），机构 %s，其他类别保管期限 %s", st.FondsName, st.FondsCode,
		strings.Join(divs, "、"), st.RetentionFor("").Label())
	if st.AllowSelfApproval {
		s += "，允许本人办理自己拟稿的事项"
	}
	return s
}
