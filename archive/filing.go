package archive

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// ClassCode is the 门类代码 of records filed by 审档: 文书 (WS).
const ClassCode = "WS"

// ArchivalCode builds the 档号 of DA/T 22-2015: 全宗号-门类代码·年度-保管期限-机构(问题)代码-件号,
// with '-' between levels, '·' (U+00B7) between codes of one level, and the 件号 in 4 digits:
// Z109-WS·2016-Y-BGS-0001.
func ArchivalCode(fonds string, year int, r Retention, division string, number int) string {
	return fmt.Sprintf("%s-%s·%04d-%s-%s-%04d", fonds, ClassCode, year, r, division, number)
}

var archivalCodeRe = regexp.MustCompile(`^([A-Z0-9]{1,12})-WS·(\d{4})-(Y|D30|D10)-([A-Z0-9]{1,12})-(\d{4})$`)

// ParseArchivalCode splits a 档号 into its parts. Errors: ErrInvalid for a malformed code.
func ParseArchivalCode(code string) (fonds string, year int, r Retention, division string, number int, err error) {
	m := archivalCodeRe.FindStringSubmatch(code)
	if m == nil {
		return "", 0, "", "", 0, fail(ErrInvalid, "“%s”不是正确的档号（例：Z109-WS·2016-Y-BGS-0001）。", code)
	}
	year, _ = strconv.Atoi(m[2])
	number, _ = strconv.Atoi(m[5])
	if number == 0 {
		return "", 0, "", "", 0, fail(ErrInvalid, "档号“%s”不正确：件号从 0001 开始。", code)
	}
	return m[1], year, Retention(m[3]), m[4], number, nil
}

// FilingRequest is how the archivist classifies an item: 年度, 保管期限 and 机构(问题).
type FilingRequest struct {
	Year      int
	Retention Retention // empty: from the settings' retention table by category
	Division  string    // empty: the drafting division
	Pages     int
}

// FileItem is step 6 (建档): the item gets the next 件号 of its (全宗, 年度, 保管期限, 机构)
// group and its 档号, all in one transaction with the counter, so numbers have no gaps and
// no duplicates, also under concurrent filing and after a crash.
// Errors: ErrNotFound, ErrPermission (档案员 only), ErrState (not waiting for 建档: the
// sentence says who moved it last and where it stands), ErrInvalid.
func (s *Office) FileItem(actor, itemID string, req FilingRequest) (*Filing, error) {
	if req.Year < 1900 || req.Year > 9999 || req.Pages < 1 {
		return nil, fail(ErrInvalid, "建档须填写年度（四位数字）和页数（至少 1 页）。")
	}
	var f Filing
	err := s.update(func(txn *tx) error {
		it, _, user, _, err := s.stepContext(txn, actor, itemID, StepFile)
		if err != nil {
			return err
		}
		var st Settings
		if err := getJSON(txn, keySettings(), &st); err != nil {
			return errNoSettings
		}
		f = Filing{Fonds: st.FondsCode, Year: req.Year, Retention: req.Retention, Division: req.Division,
			Pages: req.Pages, Filed: s.Now().UTC(), By: user.Name}
		if f.Division == "" {
			f.Division = it.Division
		}
		if f.Retention == "" {
			f.Retention = st.RetentionFor(it.Category)
		}
		if retentions[f.Retention] == "" {
			return fail(ErrInvalid, "保管期限“%s”不正确：应为永久、定期30年或定期10年。", f.Retention)
		}
		if _, ok := st.division(f.Division); !ok {
			return fail(ErrInvalid, "本单位没有代码为“%s”的机构（问题）。", f.Division)
		}
		if f.Number, err = nextNumber(txn, f); err != nil {
			return err
		}
		f.Code = ArchivalCode(f.Fonds, f.Year, f.Retention, f.Division, f.Number)
		if has(txn, keyFiled(f.Code)) {
			return fail(ErrInvalid, "档号 %s 已被使用：件号计数已损坏。请运行数据校验，并联系管理员。", f.Code) // a damaged counter: never reuse
		}
		it.Filing, it.State = &f, StateFiled
		if err := txn.put(keyFiled(f.Code), []byte(it.ID)); err != nil {
			return err
		}
		rec := Record{Step: StepFile, Actor: user.Name, Role: RoleArchivist, Decision: File, Opinion: f.Code,
			Time: f.Filed, Revision: it.Current().N}
		return s.saveStep(txn, it, rec)
	})
	if err != nil {
		return nil, err
	}
	return &f, nil
}

// nextNumber takes the next 件号 of f's group in txn.
func nextNumber(txn *tx, f Filing) (int, error) {
	key := keyCount(f.Fonds, f.Year, f.Retention, f.Division)
	n := 0
	v, err := txn.get(key)
	switch {
	case err == nil:
		if n, err = strconv.Atoi(string(v)); err != nil {
			return 0, err
		}
	case !errors.Is(err, errNoKey):
		return 0, err
	}
	n++
	if n > 9999 {
		return 0, fail(ErrInvalid, "%d 年度 %s %s 的件号已到 9999，不能再编号。", f.Year, f.Retention.Label(), f.Division)
	}
	return n, txn.put(key, []byte(strconv.Itoa(n)))
}

// RetentionFor is the retention the office's table gives a 主动公开目录 category: its entry,
// else the default retention, else 定期10年.
//
// A category is a path in the 主动公开目录 (政策法规/规范性文件); the table may name it by its
// path or by its own name, or name a category above it, which then covers what lies below.
func (st Settings) RetentionFor(category string) Retention {
	path := strings.Split(category, "/")
	for n := len(path); n > 0; n-- {
		if r, ok := st.Retention[strings.Join(path[:n], "/")]; ok {
			return r
		}
		if r, ok := st.Retention[path[n-1]]; ok {
			return r
		}
	}
	if st.DefaultRetention != "" {
		return st.DefaultRetention
	}
	return Years10
}

// Box is an archive box (档案盒) of one 年度, 保管期限 and 机构, holding consecutive 件号.
type Box struct {
	Year      int
	Retention Retention
	Division  string
	Number    int // 盒号, from 1 within the group; not part of the 档号
	First     int // 起件号
	Last      int // 止件号
	Spine     int // spine width in mm: 20, 30, 40 or 50
}

// MakeBox puts the filed items First..Last of a group into the group's next box.
// Errors: ErrPermission (档案员 only), ErrInvalid (a 件号 not filed, already boxed, bad spine).
func (s *Office) MakeBox(actor string, b Box) (*Box, error) {
	if b.First < 1 || b.Last < b.First || (b.Spine != 20 && b.Spine != 30 && b.Spine != 40 && b.Spine != 50) {
		return nil, fail(ErrInvalid, "装盒须填写起止件号（起件号不大于止件号），盒脊厚度为 20、30、40 或 50 毫米。")
	}
	err := s.update(func(txn *tx) error {
		if _, err := requireRole(txn, actor, RoleArchivist); err != nil {
			return err
		}
		var st Settings
		if err := getJSON(txn, keySettings(), &st); err != nil {
			return errNoSettings
		}
		n, err := countPrefix(txn, fmt.Sprintf("box/%d/%s/%s/", b.Year, b.Retention, b.Division))
		if err != nil {
			return err
		}
		b.Number = n + 1
		if err := s.boxItems(txn, st.FondsCode, b); err != nil {
			return err
		}
		if err := putJSON(txn, keyBox(b.Year, b.Retention, b.Division, b.Number), b); err != nil {
			return err
		}
		return s.audit(txn, actor, ActionFiling, "", fmt.Sprintf("装盒：%d 年度 %s %s 第 %d 盒，件号 %04d–%04d", b.Year, b.Retention.Label(), b.Division, b.Number, b.First, b.Last))
	})
	if err != nil {
		return nil, err
	}
	return &b, nil
}

// AddNote adds a 备考 annotation to a filed item: a filed item never changes, a correction
// is a new annotated entry. Errors: ErrNotFound, ErrPermission (档案员 only), ErrState, ErrInvalid.
func (s *Office) AddNote(actor, itemID, text string) error {
	if strings.TrimSpace(text) == "" {
		return fail(ErrInvalid, "备考内容不能为空。")
	}
	return s.update(func(txn *tx) error {
		if _, err := requireRole(txn, actor, RoleArchivist); err != nil {
			return err
		}
		it, err := loadItem(txn, itemID)
		if err != nil {
			return err
		}
		if it.State != StateFiled {
			return fail(ErrState, "只有已建档的文件才能添加备考。")
		}
		n, err := countPrefix(txn, fmt.Sprintf("note/%s/", itemID))
		if err != nil {
			return err
		}
		if err := putJSON(txn, keyNote(itemID, n+1), Note{Text: text, By: actor, Time: s.Now().UTC()}); err != nil {
			return err
		}
		return s.audit(txn, actor, ActionNote, itemID, "备考："+text)
	})
}

// boxItems marks the filed items First..Last of b's group as in box b.Number. Errors:
// ErrInvalid for a 件号 not filed or already in a box.
func (s *Office) boxItems(txn *tx, fonds string, b Box) error {
	for num := b.First; num <= b.Last; num++ {
		code := ArchivalCode(fonds, b.Year, b.Retention, b.Division, num)
		id, err := txn.get(keyFiled(code))
		if err != nil {
			return fail(ErrInvalid, "%s 尚未建档，不能装盒。", code)
		}
		it, err := loadItem(txn, string(id))
		if err != nil {
			return err
		}
		if it.Filing.Box != 0 {
			return fail(ErrInvalid, "%s 已装入第 %d 盒。", code, it.Filing.Box)
		}
		it.Filing.Box = b.Number
		if err := s.putItem(txn, it); err != nil {
			return err
		}
	}
	return nil
}
