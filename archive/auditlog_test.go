package archive

import (
	"regexp"
	"testing"
)

// englishWord finds a word of Latin letters with no digit in it: English, not a code or a hash.
var englishWord = regexp.MustCompile(`\b[A-Za-z]{3,}\b`)

// TestAuditLogSpeaksChinese: every entry a day's work writes is shown in Chinese, with its
// action from a stable code.
func TestAuditLogSpeaksChinese(t *testing.T) {
	o := newOffice(t)
	it := o.propose(t, seedDraft)
	must(t, o.Decide("head", it.ID, Review{Opinion: "请补充依据"}))
	must(t, o.Resubmit("drafter", it.ID, SourceFile{Name: "方案.txt", Data: []byte("修改稿")}, "已补充", nil))
	o.through(t, it.ID)
	_, err := o.FileItem("archivist", it.ID, FilingRequest{Year: 2016, Pages: 2})
	must(t, err)
	_, err = o.MakeBox("archivist", Box{Year: 2016, Retention: Permanent, Division: "BGS", First: 1, Last: 1, Spine: 20})
	must(t, err)
	must(t, o.AddNote("archivist", it.ID, "原件第3页有手写批注"))
	_, err = o.Authenticate("head", "wrong-password")
	wantErr(t, "a wrong password", err, ErrAuth)
	must(t, o.UpdateUser("admin", User{Name: "head", FullName: "李处长", Roles: []Role{RoleDivisionHead}, Division: "BGS", Disabled: true}, "password-2"))
	head, err := o.LastAudit()
	must(t, err)
	all, err := o.Audit(1, int(head.Seq))
	must(t, err)
	actions := map[string]bool{}
	for _, e := range all {
		actions[e.Action] = true
		text := e.ActionText() + " " + e.DetailText()
		data := regexp.MustCompile(`http://\S+|SHA|txt|BGS|LSC|\b(admin|drafter|head|otherhead|office|leader|archivist)\b`)
		if w := englishWord.FindString(data.ReplaceAllString(text, "")); w != "" {
			t.Errorf("entry %d (%s): English %q in %q", e.Seq, e.Action, w, text)
		}
		if e.ActionText() == e.Action {
			t.Errorf("entry %d: action %q has no Chinese name", e.Seq, e.Action)
		}
	}
	for _, a := range []string{ActionLogin, ActionImport, ActionDecision, ActionFiling, ActionNote, ActionSettings, ActionUser} {
		if !actions[a] {
			t.Errorf("no %s entry in the day's log", a)
		}
	}
}

// TestLegacyAuditDetails: the English details of earlier versions are shown in Chinese.
func TestLegacyAuditDetails(t *testing.T) {
	tests := []struct {
		action, detail, want string
	}{
		{ActionLogin, "signed in", "登录成功"},
		{ActionLogin, "failed sign-in", "登录失败：用户名或密码不正确"},
		{ActionImport, `proposed "关于某事的通知" (厦司〔2016〕59号), file 方案.docx sha256 0a1b`, "提出《关于某事的通知》（厦司〔2016〕59号），文件“方案.docx”，SHA-256 0a1b"},
		{ActionDecision, "初审 approve: 同意", "初审 通过：同意"},
		{ActionDecision, "保密审查 return: 页眉有密级标志", "保密审查 退回：页眉有密级标志"},
		{ActionDecision, "审核 approve: 同意 (self-approval allowed by settings)", "审核 通过：同意（本单位设置允许本人办理自己拟稿的事项）"},
		{ActionDecision, "审核 approve: ", "审核 通过"},
		{ActionFiling, "建档 file: Z109-WS·2016-Y-BGS-0001", "建档 建档：Z109-WS·2016-Y-BGS-0001"},
		{ActionFiling, "box 1 of 2016-Y-BGS holds 件号 0001–0003", "装盒：2016 年度 永久 BGS 第 1 盒，件号 0001–0003"},
		{ActionUser, "created user wangwu (王五) roles [drafter]", "新建用户 wangwu（王五），角色：拟稿人"},
		{ActionUser, "updated user lichu (李处长) roles [division_head office] disabled true, password reset", "修改用户 lichu（李处长），角色：处室负责人、公开办，已停用，重设了密码"},
		{ActionSettings, "set up 厦门市司法局 (Z109) with administrator admin", "首次设置本单位 厦门市司法局（全宗号 Z109），管理员 admin"},
		{ActionSettings, `{"FondsName":"厦门市司法局"}`, "修改本单位设置"},
		{ActionBackup, "backup of 1234 bytes, sha256 ab12, audit at 7", "备份 1234 字节，SHA-256 ab12，审计日志至第 7 条"},
		{ActionNote, "原件有批注", "原件有批注"},
	}
	for _, tt := range tests {
		if got := (AuditEntry{Action: tt.action, Detail: tt.detail}).DetailText(); got != tt.want {
			t.Errorf("%s %q: got %q, want %q", tt.action, tt.detail, got, tt.want)
		}
	}
}
