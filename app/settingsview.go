package main

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/review"
)

// settingsView is 设置: the office (全宗, divisions, retention table, category tree, standard
// opinions), users and roles, the keyword lists, and the data (backup, restore, verify, the
// audit log). Everyone sees the office and the keyword lists; the administrator changes the
// office and alone sees users and data; the keyword lists are changed by the administrator and
// the 公开办 (archive.User.MayAdminister, MayEditRules).
type settingsView struct {
	win     fyne.Window
	store   archive.Store
	user    *archive.User
	dataDir string
	tabs    *container.AppTabs
	content fyne.CanvasObject

	// 本单位
	fondsName, fondsCode      *widget.Entry
	divisions, retention, cat *linesEntry
	defaultRetention          *widget.Select
	selfApproval              *widget.Check
	opinions                  *linesEntry
	calendar                  *linesEntry // the office's additions to the working-day calendar
	idleLock                  *widget.Select
	idMask                    *widget.Select // 身份证号脱敏: the ID profile of 脱敏后通过
	saveOffice                *widget.Button
	officeNote                *widget.Label

	// 用户
	users                       []archive.User
	userList                    *widget.List
	userName, userFull, userPwd *widget.Entry
	userRoles                   *widget.CheckGroup
	userDivision                *widget.Select
	userDisabled                *widget.Check
	newUser, saveUser           *widget.Button
	userNote                    *widget.Label
	selectedUser                int

	rules *rulesPanel
	data  *dataPanel
}

var roleChoices = []archive.Role{archive.RoleDrafter, archive.RoleDivisionHead, archive.RoleOffice, archive.RoleLeader, archive.RoleArchivist, archive.RoleAdmin}

func newSettingsView(win fyne.Window, store archive.Store, user *archive.User, dataDir string, onRules func(*review.RuleSet)) *settingsView {
	v := &settingsView{win: win, store: store, user: user, dataDir: dataDir, selectedUser: -1}
	v.rules = newRulesPanel(win, store, user, onRules)
	v.data = newDataPanel(win, store, user, dataDir)
	office, users := v.officeTab(), v.usersTab()
	v.tabs = container.NewAppTabs(container.NewTabItem("本单位", office))
	if user.MayAdminister() {
		v.tabs.Append(container.NewTabItem("用户与角色", users))
	}
	v.tabs.Append(container.NewTabItem("关键词与豁免词", v.rules.content))
	if user.MayAdminister() {
		v.tabs.Append(container.NewTabItem("数据", v.data.content))
	}
	v.content = v.tabs
	return v
}

func (v *settingsView) admin() bool { return v.user.MayAdminister() }

// showTab shows the tab with the title, when this user has it.
func (v *settingsView) showTab(title string) {
	for _, t := range v.tabs.Items {
		if t.Text == title {
			v.tabs.Select(t)
		}
	}
}

func (v *settingsView) officeTab() fyne.CanvasObject {
	v.fondsName, v.fondsCode = widget.NewEntry(), widget.NewEntry()
	v.divisions = newLinesEntry()
	v.divisions.SetPlaceHolder("每行一个：机构代码 名称，例：BGS 办公室")
	v.divisions.SetMinRowsVisible(4)
	v.retention = newLinesEntry()
	v.retention.SetPlaceHolder("每行一个：公开目录类别 保管期限，例：规范性文件 永久")
	v.retention.SetMinRowsVisible(4)
	v.cat = newLinesEntry()
	v.cat.SetPlaceHolder("留空使用审档自带的主动公开目录；每级缩进两个空格")
	v.cat.SetMinRowsVisible(5)
	v.defaultRetention = newSelect(retentionLabels(), nil)
	v.selfApproval = widget.NewCheck("允许本人审批自己拟稿的事项（人员很少的单位）", nil)
	v.opinions = newLinesEntry()
	v.opinions.SetPlaceHolder("每行一条，办理时可直接选用；留空使用默认的常用意见")
	v.opinions.SetMinRowsVisible(4)
	v.calendar = newLinesEntry()
	v.calendar.SetPlaceHolder("每行一项，例：\n年度 2027 国务院办公厅关于2027年部分节假日安排的通知\n2027-02-06 休 春节\n2027-02-20 班 春节调休")
	v.calendar.SetMinRowsVisible(4)
	calendar := widget.NewFormItem("工作日历", v.calendar)
	calendar.HintText = shippedYears() + "；其他年度按周一至周五计算，新的一年在此按通知补充"
	var idle []string
	for _, c := range idleChoices {
		idle = append(idle, c.label)
	}
	v.idleLock = newSelect(idle, nil)
	var ids []string
	for _, p := range review.ShippedIDProfiles() {
		ids = append(ids, idProfileLabel(p))
	}
	v.idMask = newSelect(ids, nil)
	idMask := widget.NewFormItem("身份证号脱敏", v.idMask)
	idMask.HintText = "脱敏后通过时的默认方式；手机号保留前3位、后4位，银行卡号保留后4位"
	v.saveOffice = widget.NewButton("保存", v.onSaveOffice)
	v.saveOffice.Importance = widget.HighImportance
	v.officeNote = widget.NewLabel("")
	form := widget.NewForm(widget.NewFormItem("全宗名称", v.fondsName), widget.NewFormItem("全宗号", v.fondsCode),
		widget.NewFormItem("机构（问题）", v.divisions), widget.NewFormItem("保管期限表", v.retention),
		widget.NewFormItem("其他类别", v.defaultRetention), widget.NewFormItem("主动公开目录", v.cat),
		widget.NewFormItem("常用意见", v.opinions), calendar, widget.NewFormItem("无人操作时锁定", v.idleLock),
		idMask, widget.NewFormItem("", v.selfApproval))
	return container.NewBorder(nil, container.NewHBox(v.saveOffice, v.officeNote), nil, nil, container.NewVScroll(form))
}

// reload fills every tab from the store.
func (v *settingsView) reload() error {
	st, err := v.store.Settings()
	if err != nil {
		return err
	}
	v.fondsName.SetText(st.FondsName)
	v.fondsCode.SetText(st.FondsCode)
	var lines []string
	for _, d := range st.Divisions {
		lines = append(lines, d.Code+" "+d.Name)
	}
	v.divisions.SetText(strings.Join(lines, "\n"))
	lines = lines[:0]
	for cat, r := range st.Retention {
		lines = append(lines, cat+" "+r.Label())
	}
	sort.Strings(lines)
	v.retention.SetText(strings.Join(lines, "\n"))
	v.defaultRetention.SetSelected(st.RetentionFor("").Label())
	v.cat.SetText(st.CategoryTree)
	v.selfApproval.SetChecked(st.AllowSelfApproval)
	v.opinions.SetText(strings.Join(st.StandardOpinions(), "\n"))
	v.calendar.SetText(st.CalendarAdditions)
	v.idleLock.SetSelected(idleLabel(st))
	if masks, err := st.MaskSet(); err == nil {
		v.idMask.SetSelected(idProfileLabel(masks[review.MaskIDCard]))
	}
	var divs []string
	for _, d := range st.Divisions {
		divs = append(divs, d.Code+" "+d.Name)
	}
	v.userDivision.Options = append([]string{"（无）"}, divs...)
	if err := v.reloadUsers(); err != nil {
		return err
	}
	v.lockForRole()
	if err := v.rules.reload(); err != nil {
		return err
	}
	return nil
}

// lockForRole disables what the signed-in user may not change, and says why.
func (v *settingsView) lockForRole() {
	admin := v.admin()
	for _, w := range []fyne.Disableable{v.fondsName, v.fondsCode, v.divisions, v.retention, v.cat, v.defaultRetention,
		v.selfApproval, v.opinions, v.calendar, v.idleLock, v.idMask, v.saveOffice, v.userName, v.userFull, v.userPwd, v.userRoles, v.userDivision, v.userDisabled, v.newUser, v.saveUser} {
		if admin {
			w.Enable()
		} else {
			w.Disable()
		}
	}
	if !admin {
		v.officeNote.SetText("仅管理员可以修改本单位设置和用户。")
	}
}

// officeSettings reads the 本单位 tab.
func (v *settingsView) officeSettings() (archive.Settings, error) {
	st, err := v.store.Settings()
	if err != nil {
		return st, err
	}
	st.FondsName = strings.TrimSpace(v.fondsName.Text)
	st.FondsCode = strings.ToUpper(strings.TrimSpace(v.fondsCode.Text))
	if st.Divisions, err = parseDivisions(v.divisions.Text); err != nil {
		return st, err
	}
	if st.Retention, err = parseRetentionTable(v.retention.Text); err != nil {
		return st, err
	}
	st.DefaultRetention, _ = retentionByLabel(v.defaultRetention.Selected)
	st.CategoryTree = v.cat.Text
	st.CalendarAdditions = strings.TrimSpace(v.calendar.Text)
	st.AllowSelfApproval = v.selfApproval.Checked
	for _, c := range idleChoices {
		if c.label == v.idleLock.Selected {
			st.IdleLockMinutes = c.minutes
		}
	}
	for _, p := range review.ShippedIDProfiles() {
		if idProfileLabel(p) == v.idMask.Selected {
			st.Masks = setMask(st.Masks, p)
		}
	}
	st.Opinions = nil
	for _, line := range strings.Split(v.opinions.Text, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			st.Opinions = append(st.Opinions, line)
		}
	}
	if slices.Equal(st.Opinions, archive.DefaultOpinions) {
		st.Opinions = nil // the defaults stay the defaults, and follow them when they improve
	}
	return st, nil
}

// idProfileLabel is an ID profile as the settings offer it: 保留前2位、后3位（35*************123）.
func idProfileLabel(p review.MaskProfile) string {
	l := strings.TrimPrefix(p.Label(), p.Kind.Label()+" ") + "（" + p.Mask("350203198506150123") + "）"
	if p.Style == review.StyleRemove {
		l = strings.TrimPrefix(p.Label(), p.Kind.Label()+" ")
	}
	if p.Weak() != "" {
		l += "，较弱：" + p.Weak()
	}
	return l
}

// setMask returns the office's profiles text with p in place of its kind's profile; the
// default stays unsaid, so the office follows the shipped profile.
func setMask(text string, p review.MaskProfile) string {
	set, err := review.ParseMaskSet(text)
	if err != nil {
		set = review.DefaultMasks()
	}
	set[p.Kind] = p
	def := review.DefaultMasks()
	out := review.MaskSet{}
	for k, q := range set {
		if def[k] != q {
			out[k] = q
		}
	}
	return out.String()
}

// parseDivisions reads divisions written one a line as “机构代码 名称”; blank lines are skipped.
func parseDivisions(text string) ([]archive.Division, error) {
	var out []archive.Division
	for i, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		code, name, ok := strings.Cut(strings.TrimSpace(line), " ")
		if !ok || strings.TrimSpace(name) == "" {
			return nil, userErrorf("机构（问题）第 %d 行应为“机构代码 名称”，例如“BGS 办公室”。", i+1)
		}
		out = append(out, archive.Division{Code: strings.ToUpper(code), Name: strings.TrimSpace(name)})
	}
	return out, nil
}

// parseRetentionTable reads a retention table written one a line as “类别 保管期限”, the
// retention by its Chinese name (永久, 定期30年, 定期10年); the category may hold spaces.
func parseRetentionTable(text string) (map[string]archive.Retention, error) {
	out := map[string]archive.Retention{}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		k := strings.LastIndexAny(line, " \t")
		var r archive.Retention
		ok := false
		if k > 0 {
			r, ok = retentionByLabel(strings.TrimSpace(line[k+1:]))
		}
		if !ok || strings.TrimSpace(line[:k]) == "" {
			return nil, userErrorf("保管期限表第 %d 行应为“类别 永久/定期30年/定期10年”，例如“规范性文件 永久”。", i+1)
		}
		out[strings.TrimSpace(line[:k])] = r
	}
	return out, nil
}

func retentionByLabel(label string) (archive.Retention, bool) {
	for _, r := range retentionChoices {
		if r.Label() == label {
			return r, true
		}
	}
	return "", false
}

// shippedYears says which years' holiday notices 审档 ships: "已载入 2016—2026 年国务院办公厅节假日安排".
func shippedYears() string {
	cal, err := archive.ShippedCalendar()
	if err != nil || len(cal.Years()) == 0 {
		return "审档未载入节假日安排"
	}
	ys := cal.Years()
	return fmt.Sprintf("已载入 %d—%d 年国务院办公厅节假日安排", ys[0], ys[len(ys)-1])
}

func (v *settingsView) onSaveOffice() {
	st, err := v.officeSettings()
	redated := 0
	if err == nil {
		redated, err = v.store.SaveSettingsAndRedate(v.user.Name, st)
	}
	if err == nil {
		err = v.reload() // the divisions offered for users follow
	}
	if err != nil {
		showError(v.win, err)
		return
	}
	v.officeNote.SetText(savedNote(redated))
}

// savedNote says the settings were saved and how many due dates the calendar moved.
func savedNote(redated int) string {
	if redated == 0 {
		return "已保存。"
	}
	return fmt.Sprintf("已保存。工作日历有变，%d 项尚未公开的政策解读按新日历重新计算了公开期限（已记入审计日志）。", redated)
}

func (v *settingsView) usersTab() fyne.CanvasObject {
	v.userList = widget.NewList(func() int { return len(v.users) }, func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(userLine(v.users[i])) })
	v.userList.OnSelected = v.onUser
	v.userName, v.userFull = widget.NewEntry(), widget.NewEntry()
	v.userPwd = widget.NewPasswordEntry()
	v.userPwd.SetPlaceHolder("新建时必填，至少 8 个字符；修改时留空则不变")
	var roles []string
	for _, r := range roleChoices {
		roles = append(roles, r.Label())
	}
	v.userRoles = widget.NewCheckGroup(roles, nil)
	v.userRoles.Horizontal = true
	v.userDivision = newSelect(nil, nil)
	v.userDisabled = widget.NewCheck("停用", nil)
	v.newUser = widget.NewButton("新建用户", v.onNewUser)
	v.saveUser = widget.NewButton("保存修改", v.onSaveUser)
	v.saveUser.Disable()
	v.userNote = widget.NewLabel("")
	v.userNote.Importance = widget.SuccessImportance
	form := widget.NewForm(widget.NewFormItem("登录名", v.userName), widget.NewFormItem("姓名", v.userFull),
		widget.NewFormItem("角色", v.userRoles), widget.NewFormItem("机构", v.userDivision),
		widget.NewFormItem("密码", v.userPwd), widget.NewFormItem("", v.userDisabled))
	return container.NewBorder(nil, container.NewVBox(form, container.NewHBox(v.newUser, v.saveUser, v.userNote)), nil, nil, v.userList)
}

func userLine(u archive.User) string {
	var roles []string
	for _, r := range u.Roles {
		roles = append(roles, r.Label())
	}
	line := fmt.Sprintf("%s  %s（%s）", u.Name, u.FullName, strings.Join(roles, "、"))
	if u.Division != "" {
		line += "  " + u.Division
	}
	if u.Disabled {
		line += "  【已停用】"
	}
	return line
}

func (v *settingsView) reloadUsers() error {
	users, err := v.store.Users()
	if err != nil {
		return err
	}
	v.users, v.selectedUser = users, -1
	v.userList.UnselectAll()
	v.userList.Refresh()
	v.saveUser.Disable()
	return nil
}

func (v *settingsView) onUser(i widget.ListItemID) {
	v.selectedUser = i
	u := v.users[i]
	v.userName.SetText(u.Name)
	v.userFull.SetText(u.FullName)
	var roles []string
	for _, r := range u.Roles {
		roles = append(roles, r.Label())
	}
	v.userRoles.SetSelected(roles)
	v.userDivision.SetSelected("（无）")
	for _, d := range v.userDivision.Options {
		if strings.HasPrefix(d, u.Division+" ") && u.Division != "" {
			v.userDivision.SetSelected(d)
		}
	}
	v.userDisabled.SetChecked(u.Disabled)
	v.userPwd.SetText("")
	if v.admin() {
		v.saveUser.Enable()
	}
}

// formUser reads the user form.
func (v *settingsView) formUser() archive.User {
	u := archive.User{Name: strings.TrimSpace(v.userName.Text), FullName: strings.TrimSpace(v.userFull.Text), Disabled: v.userDisabled.Checked}
	for _, r := range roleChoices {
		if slices.Contains(v.userRoles.Selected, r.Label()) {
			u.Roles = append(u.Roles, r)
		}
	}
	if code, _, ok := strings.Cut(v.userDivision.Selected, " "); ok {
		u.Division = code
	}
	return u
}

func (v *settingsView) onNewUser() {
	if v.userPwd.Text == "" {
		showError(v.win, userError("新建用户须设置初始密码。"))
		return
	}
	u := v.formUser()
	if v.finishUser(v.store.CreateUser(v.user.Name, u, v.userPwd.Text)) {
		v.clearUserForm()
		v.userNote.SetText("已新建用户 " + u.Name + "（" + u.FullName + "）。")
	}
}

// clearUserForm empties the user form for the next one.
func (v *settingsView) clearUserForm() {
	v.userName.SetText("")
	v.userFull.SetText("")
	v.userPwd.SetText("")
	v.userRoles.SetSelected(nil)
	v.userDivision.ClearSelected()
	v.userDisabled.SetChecked(false)
}

func (v *settingsView) onSaveUser() {
	if v.selectedUser < 0 {
		return
	}
	u := v.formUser()
	if u.Name != v.users[v.selectedUser].Name {
		showError(v.win, userError("登录名不能修改；要改名请新建用户并停用原用户。"))
		return
	}
	if v.finishUser(v.store.UpdateUser(v.user.Name, u, v.userPwd.Text)) {
		v.userNote.SetText("已保存用户 " + u.Name + " 的修改。")
	}
}

// finishUser reloads the list after a change, or shows why it was refused; it reports which.
func (v *settingsView) finishUser(err error) bool {
	if err != nil {
		showError(v.win, err)
		return false
	}
	v.userPwd.SetText("")
	if err := v.reloadUsers(); err != nil {
		showError(v.win, err)
		return false
	}
	return true
}
