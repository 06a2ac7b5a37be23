package review

import "fmt"

// Chinese names for the reviewer, used alike by the command line, the window and the forms.

var categoryLabels = map[Category]string{
	CatClassificationMark: "密级标志", CatInternalMarking: "内部标识", CatSensitiveTerm: "敏感词",
	CatIDCard: "身份证号", CatMobilePhone: "手机号", CatBankCard: "银行卡号", CatEmail: "电子邮箱",
	CatPassport: "护照号", CatHiddenContent: "隐藏内容", CatImageOnly: "无文字层",
	CatUnreadable: "未能读取",
}

// Where says where a finding is, for a reader: 正文 第2页 第11行, 批注, 页眉 …; in a
// spreadsheet the cell (补贴名单!C4, 批注 补贴名单!E2), and in an embedded object its path first
// (嵌入对象 Microsoft_Excel_Worksheet.xlsx › 补贴名单!C4); text recognised from a pasted image
// names the image (嵌入图片 image1.png › 正文（图像识别，置信度 91%） 第2行).
func (f Finding) Where() string {
	where := f.Part.Label()
	switch {
	case f.Cell != "" && f.Part == PartBody:
		where = f.Cell
	case f.Cell != "":
		where += " " + f.Cell
	}
	if f.Image != "" {
		where = "嵌入图片 " + f.Image + " › " + where
	}
	if f.Embedded != "" {
		where = "嵌入对象 " + f.Embedded + " › " + where
	}
	if f.Cell != "" {
		return where
	}
	if f.Page > 0 {
		where += fmt.Sprintf(" 第%d页", f.Page)
	}
	if f.OCR && f.Match != "" {
		where += fmt.Sprintf("（图像识别，置信度 %d%%）", f.Confidence)
	}
	if f.Line > 0 {
		where += fmt.Sprintf(" 第%d行", f.Line)
	}
	return where
}

// Label returns the category's Chinese name.
func (c Category) Label() string { return categoryLabels[c] }

// Label returns the severity's Chinese name: 拦截 or 提示.
func (s Severity) Label() string {
	if s == Block {
		return "拦截"
	}
	return "提示"
}

var verdictLabels = map[Verdict]string{VerdictClean: "未发现问题", VerdictWarn: "需人工确认", VerdictBlock: "不得公开", VerdictError: "无法读取"}

// Label returns the verdict's Chinese name.
func (v Verdict) Label() string { return verdictLabels[v] }

var partLabels = map[PartKind]string{
	PartBody: "正文", PartHeader: "页眉", PartFooter: "页脚", PartFootnote: "脚注", PartEndnote: "尾注",
	PartComment: "批注", PartRevision: "修订（已删除）", PartMetadata: "文档属性",
	PartForm: "表单域", PartNotes: "演讲者备注",
}

// Label returns the part kind's Chinese name.
func (k PartKind) Label() string { return partLabels[k] }

// Label returns the disposition's Chinese name: 误报 or 确认.
func (k DispositionKind) Label() string {
	if k == Dismissed {
		return "误报"
	}
	return "确认"
}
