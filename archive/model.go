package archive

import (
	"net/url"
	"regexp"
	"strings"
	"time"

	"shendang.gov.cn/shendang/assets"
	"shendang.gov.cn/shendang/review"
)

// Role is what a user may do. A user can hold several.
type Role string

// The roles of the procedure (docs/domain.md §1).
const (
	RoleDrafter      Role = "drafter"       // 拟稿人: proposes items, revises returned drafts
	RoleDivisionHead Role = "division_head" // 处室负责人: 初审 for items of their division
	RoleOffice       Role = "office"        // 局公开办: 保密审查 and 公开
	RoleLeader       Role = "leader"        // 分管局领导: 审核
	RoleArchivist    Role = "archivist"     // 档案员: 建档
	RoleAdmin        Role = "admin"         // 管理员: users and settings
)

var roles = map[Role]string{RoleDrafter: "拟稿人", RoleDivisionHead: "处室负责人", RoleOffice: "公开办",
	RoleLeader: "分管领导", RoleArchivist: "档案员", RoleAdmin: "管理员"}

// Label returns the role's Chinese name.
func (r Role) Label() string { return roles[r] }

// Step is one of the six steps of the procedure.
type Step int

// The steps, in order.
const (
	StepPropose     Step = iota + 1 // 提出
	StepPreliminary                 // 初审
	StepSecrecy                     // 保密审查
	StepApproval                    // 审核
	StepPublish                     // 公开
	StepFile                        // 建档
)

var stepNames = map[Step]string{StepPropose: "提出", StepPreliminary: "初审", StepSecrecy: "保密审查",
	StepApproval: "审核", StepPublish: "公开", StepFile: "建档"}

func (s Step) String() string { return stepNames[s] }

// stepRole is who takes each step.
var stepRole = map[Step]Role{StepPropose: RoleDrafter, StepPreliminary: RoleDivisionHead, StepSecrecy: RoleOffice,
	StepApproval: RoleLeader, StepPublish: RoleOffice, StepFile: RoleArchivist}

// State is where an item stands: the step it waits for, returned to its drafter, or filed.
type State string

// The states.
const (
	StatePreliminary State = "preliminary" // 待初审
	StateSecrecy     State = "secrecy"     // 待保密审查
	StateApproval    State = "approval"    // 待审核
	StatePublish     State = "publish"     // 待公开
	StateFile        State = "file"        // 待建档
	StateFiled       State = "filed"       // 已建档
	StateReturned    State = "returned"    // 已退回拟稿人
)

var stateLabels = map[State]string{StatePreliminary: "待初审", StateSecrecy: "待保密审查", StateApproval: "待审核",
	StatePublish: "待公开", StateFile: "待建档", StateFiled: "已建档", StateReturned: "已退回"}

// Label returns the state's Chinese name.
func (s State) Label() string { return stateLabels[s] }

// Waits returns the step an item in state s waits for, and the role that takes it; ok is false
// for a filed or returned item.
func (s State) Waits() (step Step, role Role, ok bool) {
	step, ok = waiting[s]
	return step, stepRole[step], ok
}

// waiting maps a state to the step it waits for.
var waiting = map[State]Step{StatePreliminary: StepPreliminary, StateSecrecy: StepSecrecy,
	StateApproval: StepApproval, StatePublish: StepPublish, StateFile: StepFile}

// after is the state that follows approval of a step.
var after = map[Step]State{StepPreliminary: StateSecrecy, StepSecrecy: StateApproval, StepApproval: StatePublish,
	StepPublish: StateFile, StepFile: StateFiled}

// Retention is the 保管期限 of DA/T 22-2015, written as its code.
type Retention string

// The retention periods.
const (
	Permanent Retention = "Y"   // 永久
	Years30   Retention = "D30" // 定期30年
	Years10   Retention = "D10" // 定期10年
)

var retentions = map[Retention]string{Permanent: "永久", Years30: "定期30年", Years10: "定期10年"}

// Label returns the retention's Chinese name.
func (r Retention) Label() string { return retentions[r] }

// Disclosure is an item's 公开属性.
type Disclosure string

// The disclosure attributes.
const (
	Proactive   Disclosure = "主动公开"
	OnRequest   Disclosure = "依申请公开"
	NotDisclose Disclosure = "不予公开"
)

// Draft is what a drafter gives when proposing an item.
type Draft struct {
	Title      string
	DocNumber  string // 文号, e.g. 厦司〔2016〕59号
	Author     string // 责任者: the issuing body
	Division   string // drafting division's 机构(问题) code
	DocDate    string // YYYY-MM-DD
	Disclosure Disclosure
	Channels   []string // 门户网站, 报刊, 政务微博, 政务微信, …
	Category   string   // 主动公开目录 category
	IndexNo    string   // portal 索引号, as given
	// PolicyDate is, for a 政策解读, the issue date (成文日期/印发日期, YYYY-MM-DD) of the policy
	// it interprets, from which its time limit counts; empty means the item's own DocDate.
	PolicyDate string `json:",omitempty"`
	// Policy is, for a 政策解读, the item of the store holding the policy it interprets; at
	// 提出 the store fills in its particulars and takes its 成文日期 as PolicyDate.
	Policy *PolicyLink `json:",omitempty"`
}

var dateRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// Validate reports the first problem that stops d from being stored.
func (d Draft) Validate() error {
	switch {
	case strings.TrimSpace(d.Title) == "":
		return fail(ErrInvalid, "请填写题名。")
	case strings.TrimSpace(d.Author) == "":
		return fail(ErrInvalid, "请填写责任者。")
	case d.Division == "":
		return fail(ErrInvalid, "请选择拟稿处室。")
	case d.Disclosure != Proactive && d.Disclosure != OnRequest && d.Disclosure != NotDisclose:
		return fail(ErrInvalid, "公开属性“%s”不正确：应为主动公开、依申请公开或不予公开。", d.Disclosure)
	}
	if _, err := time.Parse("2006-01-02", d.DocDate); err != nil || !dateRe.MatchString(d.DocDate) {
		return fail(ErrInvalid, "成文日期“%s”不正确：请按“2026-03-18”的格式填写一个真实的日期。", d.DocDate)
	}
	if _, err := time.Parse("2006-01-02", d.PolicyDate); d.PolicyDate != "" && (err != nil || !dateRe.MatchString(d.PolicyDate)) {
		return fail(ErrInvalid, "政策印发日期“%s”不正确：请按“2026-03-18”的格式填写一个真实的日期，或留空（按成文日期计算）。", d.PolicyDate)
	}
	if d.Policy != nil && strings.TrimSpace(d.Policy.ID) == "" {
		return fail(ErrInvalid, "请选择所解读的政策，或取消关联。")
	}
	return nil
}

// Item is a document proposed for disclosure, with every revision and every decision on it.
type Item struct {
	ID string
	Draft
	Drafter   string
	State     State
	Created   time.Time
	Revisions []Revision
	// Dispositions are the reviewers' decisions on findings, by fingerprint; they carry over
	// from one revision to the next.
	Dispositions map[string]review.Disposition
	Publication  *Publication
	Filing       *Filing
	// Due is the day (YYYY-MM-DD) a time-limited item must be published by, computed at 提出
	// on the office's calendar (DeadlineOf); empty for other items and for items stored before
	// due dates were, whose due date DeadlineOf computes.
	Due string `json:",omitempty"`
}

// Revision is one version of the item's source file, stored by content.
type Revision struct {
	N      int
	Name   string // the file's name as imported
	SHA256 string
	SM3    string
	Size   int64
	Added  time.Time
	By     string
	// Redacted is set on a 脱敏稿: the publishable copy a 保密审查 reviewer made (DecideRedacted).
	Redacted *Redacted `json:",omitempty"`
}

// Current returns the latest revision.
func (it *Item) Current() Revision { return it.Revisions[len(it.Revisions)-1] }

// Record is one step taken on an item: who, in which role, what they decided and why.
type Record struct {
	Step     Step
	Actor    string
	Role     Role
	Decision Decision
	Opinion  string
	Time     time.Time
	Revision int
	// Check is the secrecy check the decision was taken on (保密审查 only).
	Check *CheckSnapshot `json:",omitempty"`
	// SelfApproved says the office allowed this person to approve an item they drafted.
	SelfApproved bool `json:",omitempty"`
}

// Decision is what a record says was done.
type Decision string

// The decisions.
const (
	Submit  Decision = "submit"  // 提出 or resubmission of a revised draft
	Approve Decision = "approve" // 通过
	// ApproveRedacted is 脱敏后通过: approved at 保密审查 with a publishable copy (脱敏稿).
	ApproveRedacted Decision = "approve-redacted"
	Return          Decision = "return"  // 退回, with a reason
	Publish         Decision = "publish" // 公开
	File            Decision = "file"    // 建档
)

var decisionLabels = map[Decision]string{Submit: "提出", Approve: "通过", ApproveRedacted: "脱敏后通过", Return: "退回", Publish: "公开", File: "建档"}

// Label returns the decision's Chinese name.
func (d Decision) Label() string { return decisionLabels[d] }

// Passes reports whether the decision takes the item past its step: 通过 (脱敏后通过 too), 公开,
// 建档.
func (d Decision) Passes() bool {
	return d == Approve || d == ApproveRedacted || d == Publish || d == File
}

// Action says in Chinese what the record's person did: 提出, 重新提出 (a revision after a
// return), 通过, 退回, 公开, 建档.
func (r Record) Action() string {
	if r.Decision == Submit && r.Revision > 1 {
		return "重新提出"
	}
	return r.Decision.Label()
}

// CheckSnapshot is the secrecy check as the reviewer saw it.
type CheckSnapshot struct {
	RulesVersion string
	Findings     []review.Finding
	Dispositions map[string]review.Disposition
	Verdict      review.Verdict
}

// Publication records step 5.
type Publication struct {
	Channels []string
	Date     string // YYYY-MM-DD
	URL      string
	// OnTime records, for an item with a time limit, whether it was published by its due day;
	// nil for an item without one, or published before this was recorded.
	OnTime *bool `json:",omitempty"`
}

// Validate reports the first problem that stops p from being recorded: it needs at least one
// channel and a real date; an address, when given, is a web address (http or https).
func (p Publication) Validate() error {
	if len(p.Channels) == 0 {
		return fail(ErrInvalid, "请至少选择一个公开渠道。")
	}
	for _, c := range p.Channels {
		if strings.TrimSpace(c) == "" {
			return fail(ErrInvalid, "公开渠道的名称不能为空。")
		}
	}
	if _, err := time.Parse("2006-01-02", p.Date); err != nil || !dateRe.MatchString(p.Date) {
		return fail(ErrInvalid, "公开日期“%s”不正确：请按“2026-03-18”的格式填写一个真实的日期。", p.Date)
	}
	if p.URL != "" {
		u, err := url.Parse(p.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(p.URL, " \t\n") {
			return fail(ErrInvalid, "发布网址“%s”不正确：应是以 http:// 或 https:// 开头的网址。", p.URL)
		}
	}
	return nil
}

// Filing is a filed item's place in the archive (DA/T 22-2015).
type Filing struct {
	Fonds     string // 全宗号
	Year      int    // 年度
	Retention Retention
	Division  string // 机构(问题) code
	Number    int    // 件号, from 1 within (全宗, 年度, 保管期限, 机构)
	Code      string // 档号
	Pages     int
	Box       int // 盒号, 0 until boxed
	Filed     time.Time
	By        string
}

// Note is a 备考 annotation on a filed item: the only way a filed item's record grows.
type Note struct {
	Text string
	By   string
	Time time.Time
}

// Division is an organisational unit with its 机构(问题) code.
type Division struct {
	Code string
	Name string
}

// Settings are the office's own: its 全宗, divisions, retention table and policy.
type Settings struct {
	FondsName string // 全宗名称
	FondsCode string // 全宗号, e.g. Z109
	Divisions []Division
	// Retention maps a 主动公开目录 category to its retention; Default applies otherwise.
	Retention        map[string]Retention
	DefaultRetention Retention
	// AllowSelfApproval lets a person approve a step on an item they drafted (very small offices).
	AllowSelfApproval bool
	// CategoryTree is the office's 主动公开目录 in the format of assets/categories.txt; empty
	// means the tree shipped with 审档.
	CategoryTree string
	// Opinions are the office's standard opinions (常用意见), offered at every decision so that
	// nobody has to type 同意。 again; empty means DefaultOpinions.
	Opinions []string `json:",omitempty"`
	// IdleLockMinutes is how long a window may go without keyboard or mouse input before it
	// locks, on the shared PCs of an office: 0 means DefaultIdleLock, a negative number never.
	IdleLockMinutes int `json:",omitempty"`
	// CalendarAdditions are the office's lines for the working-day calendar, in the format of
	// assets.Calendar: a year whose notice 审档 does not ship, or a correction. Calendar
	// combines them with the shipped calendar.
	CalendarAdditions string `json:",omitempty"`
	// Masks are the office's masking profiles (脱敏方式) for 脱敏后通过, in review.MaskSet's
	// textual form ("id_card:2+3,mobile_phone:3+4"): a kind not named keeps the shipped profile.
	Masks string `json:",omitempty"`
}

// Calendar returns the working-day calendar time limits are counted on: the shipped one with
// the office's additions. Errors: ErrInvalid naming the first bad line of the additions.
func (s Settings) Calendar() (*Calendar, error) {
	cal, err := ShippedCalendar()
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(s.CalendarAdditions) == "" {
		return cal, nil
	}
	add, err := ParseCalendar(s.CalendarAdditions)
	if err != nil {
		return nil, err
	}
	return cal.With(add), nil
}

// DefaultIdleLock is how long a window waits without input before it locks, unless the office
// says otherwise.
const DefaultIdleLock = 15 * time.Minute

// IdleLock returns how long a window waits without input before it locks, or 0 for never.
func (s Settings) IdleLock() time.Duration {
	switch {
	case s.IdleLockMinutes < 0:
		return 0
	case s.IdleLockMinutes == 0:
		return DefaultIdleLock
	}
	return time.Duration(s.IdleLockMinutes) * time.Minute
}

// DefaultOpinions are the standard opinions an office starts with.
var DefaultOpinions = []string{"同意。", "同意公开。", "同意，请按程序公开。", "经审查，未发现涉密和不宜公开的内容，同意公开。",
	"请补充有关依据后重新提出。", "请删除涉及个人信息的内容后重新提出。", "请删除密级标志、内部资料等字样后重新提出。"}

// StandardOpinions returns the office's standard opinions, or DefaultOpinions when it has none.
func (s Settings) StandardOpinions() []string {
	if len(s.Opinions) == 0 {
		return DefaultOpinions
	}
	return s.Opinions
}

// Categories returns the category tree's entries as paths ("财政预决算/部门预算"), in order.
func (s Settings) Categories() []string {
	tree := s.CategoryTree
	if strings.TrimSpace(tree) == "" {
		tree = string(assets.Categories())
	}
	var out, path []string
	for _, line := range strings.Split(tree, "\n") {
		name := strings.TrimLeft(line, " ")
		if name == "" || strings.HasPrefix(name, "#") {
			continue
		}
		depth := (len(line) - len(name)) / 2
		path = append(path[:min(depth, len(path))], strings.TrimSpace(name))
		out = append(out, strings.Join(path, "/"))
	}
	return out
}

var codeRe = regexp.MustCompile(`^[A-Z0-9]{1,12}$`)

// Validate reports the first problem that stops s from being stored.
func (s Settings) Validate() error {
	if strings.TrimSpace(s.FondsName) == "" || !codeRe.MatchString(s.FondsCode) {
		return fail(ErrInvalid, "请填写全宗名称和全宗号；全宗号只能由大写字母和数字组成（例：Z109）。")
	}
	seen := map[string]bool{}
	for _, d := range s.Divisions {
		if !codeRe.MatchString(d.Code) || strings.TrimSpace(d.Name) == "" || seen[d.Code] {
			return fail(ErrInvalid, "机构（问题）“%s %s”不正确：每个机构须有名称和不重复的代码，代码只能由大写字母和数字组成（例：BGS 办公室）。", d.Code, d.Name)
		}
		seen[d.Code] = true
	}
	if err := s.validRetention(); err != nil {
		return err
	}
	for i, line := range strings.Split(s.CategoryTree, "\n") {
		name := strings.TrimLeft(line, " ")
		if name != "" && !strings.HasPrefix(name, "#") && (len(line)-len(name))%2 != 0 {
			return fail(ErrInvalid, "主动公开目录第 %d 行“%s”：下一级请比上一级多缩进两个空格。", i+1, strings.TrimSpace(line))
		}
	}
	if _, err := ParseCalendar(s.CalendarAdditions); err != nil {
		return err
	}
	if _, err := s.MaskSet(); err != nil {
		return err
	}
	return nil
}

// MaskSet returns the masking profiles 脱敏后通过 uses: the shipped ones with the office's
// changes. Errors: ErrInvalid, saying which profile is wrong and why.
func (s Settings) MaskSet() (review.MaskSet, error) {
	set, err := review.ParseMaskSet(s.Masks)
	if err != nil {
		return nil, fail(ErrInvalid, "脱敏方式不正确：%s", strings.TrimPrefix(err.Error(), review.ErrMaskProfile.Error()+": "))
	}
	return set, nil
}

// validRetention reports a 保管期限 of the table, or the default, that is not one of the three.
func (s Settings) validRetention() error {
	for cat, r := range s.Retention {
		if retentions[r] == "" {
			return fail(ErrInvalid, "“%s”的保管期限“%s”不正确：应为永久、定期30年或定期10年。", cat, r)
		}
	}
	if s.DefaultRetention != "" && retentions[s.DefaultRetention] == "" {
		return fail(ErrInvalid, "默认保管期限“%s”不正确：应为永久、定期30年或定期10年。", s.DefaultRetention)
	}
	return nil
}

// division returns the division with the code, if any.
func (s Settings) division(code string) (Division, bool) {
	for _, d := range s.Divisions {
		if d.Code == code {
			return d, true
		}
	}
	return Division{}, false
}
