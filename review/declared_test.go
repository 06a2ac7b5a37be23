package review

import (
	"slices"
	"strings"
	"testing"
)

// declaredPositive are sentences of government wording that declare the document's own level
// or say it holds state secrets, with the rule/severity and the declaration expected.
var declaredPositive = []struct{ text, want, match string }{
	{"此报告系机密文件，请妥善保管。", "declared-level/block", "系机密文件"},
	{"该材料属绝密级，阅后收回。", "declared-level/block", "属绝密级"},
	{"本文件内容涉及国家秘密，不得对外提供。", "declared-secret/warn", "涉及国家秘密"},
	{"密级：机密", "declared-level/block", "密级：机密"},
	{"密级：秘密", "declared-level/block", "密级：秘密"},
	{"密 级：绝 密", "declared-level/block", "密 级：绝 密"},
	{"本件系涉密文件，严禁上网。", "declared-secret/warn", "系涉密文件"},
	{"此件为机密级文件，不得复制。", "declared-level/block", "为机密级文件"},
	{"本方案属于绝密，仅限指定人员阅知。", "declared-level/block", "属于绝密"},
	{"该通知系秘密文件，会后收回。", "declared-level/warn", "系秘密文件"},
	{"本纪要密级为机密。", "declared-level/block", "密级为机密"},
	{"以上内容属机密，不予公开。", "declared-level/block", "属机密"},
	{"附件系机密级材料，另行报送。", "declared-level/block", "系机密级材料"},
	{"本报告含有涉密内容，请按规定管理。", "declared-secret/warn", "含有涉密内容"},
	{"此報告係機密文件，請妥善保管。", "declared-level/block", "係機密文件"},
	{"該材料屬絕密級。", "declared-level/block", "屬絕密級"},
	{"內容涉及國家秘密。", "declared-secret/warn", "涉及國家秘密"},
	{"密級：機密", "declared-level/block", "密級：機密"},
	{"本件為涉密文件。", "declared-secret/warn", "為涉密文件"},
	{"该文件属于国家秘密，未经批准不得公开。", "declared-secret/warn", "属于国家秘密"},
	{"其中第三部分内容涉及国家秘密，已作删除处理。", "declared-secret/warn", "涉及国家秘密"},
	{"本通知为秘密级，请勿外传。", "declared-level/warn", "为秘密级"},
	{"该数据系绝密级信息。", "declared-level/block", "系绝密级"},
	{"本文件定为机密级，保密期限十年。", "declared-level/block", "定为机密级"},
	{"此次会议材料属机密级，会后一律收回。", "declared-level/block", "属机密级"},
	{"本次会议纪要系秘密文件。", "declared-level/warn", "系秘密文件"},
	{"本规划文本属于机密文件。", "declared-level/block", "属于机密文件"},
	{"上述材料均属机密。", "declared-level/block", "属机密"},
	{"该报告涉及国家秘密事项，不得公开。", "declared-secret/warn", "涉及国家秘密事项"},
	{"本件密级：秘密。", "declared-level/block", "密级：秘密"},
	{"此件属于涉密材料，请按规定管理。", "declared-secret/warn", "属于涉密材料"},
	{"本文件是机密文件。", "declared-level/block", "是机密文件"},
	{"该方案含有国家秘密，不予公开。", "declared-secret/warn", "含有国家秘密"},
	{"本件系机密。", "declared-level/block", "系机密"},
	{"此材料为绝密文件，阅后即退。", "declared-level/block", "为绝密文件"},
	{"本文件涉密，请勿扩散。", "declared-secret/warn", "本文件涉密"},
	{"该报告内容属国家秘密。", "declared-secret/warn", "属国家秘密"},
	{"本材料系机密级国家秘密。", "declared-level/block", "系机密级"},
	{"本卷宗系绝密材料。", "declared-level/block", "系绝密材料"},
	{"该批文件属机密，请按规定传递。", "declared-level/block", "属机密"},
	{"本文稿为秘密件。", "declared-level/warn", "为秘密件"},
	{"本报告密级定为绝密。", "declared-level/block", "密级定为绝密"},
	{"此件内容涉及国家秘密，不宜公开。", "declared-secret/warn", "涉及国家秘密"},
	{"该附件为机密级，不随文公开。", "declared-level/block", "为机密级"},
	{"本文件系机\n密文件。", "declared-level/block", "系机\n密文件"},
	{"此报告系机密文件", "declared-level/block", "系机密文件"},
}

// declaredBenign are sentences of the disclosure rules' own wording that mention levels or
// state secrets without declaring this document's.
var declaredBenign = []string{
	"各单位要教育干部职工保守秘密，严守纪律。",
	"经审查，该文件不涉及国家秘密，可以公开。",
	"除涉密信息外，其他政府信息均应主动公开。",
	"除依法应当保密的外，应当及时公开。",
	"公开前须经保密审查。",
	"加强商业秘密保护，维护企业合法权益。",
	"认真做好保密工作，落实保密责任。",
	"拟公开的政府信息不得涉及国家秘密。",
	"严禁涉密信息上网，严禁在非涉密计算机上处理涉密信息。",
	"涉及国家秘密的政府信息不予公开。",
	"行政机关不得公开涉及国家秘密、商业秘密、个人隐私的政府信息。",
	"国家秘密的密级分为绝密、机密、秘密三级。",
	"对属于国家秘密的信息，依法不予公开。",
	"各部门要确定本单位的涉密岗位和涉密人员。",
	"加强涉密文件管理，严防失泄密。",
	"信息公开前是否涉及国家秘密，由保密工作机构审查确定。",
	"因涉及国家秘密，决定不予公开。",
	"机关工作人员不得泄露国家秘密。",
	"依照《中华人民共和国保守国家秘密法》执行。",
	"其中因属于国家秘密不予公开2件。",
	"对拟公开的信息是否涉密进行审查。",
	"在公开前应当审查是否属于商业秘密。",
	"工作秘密不得擅自公开。",
	"做好涉密计算机和移动存储介质管理。",
	"未经保密审查的信息一律不得公开。",
	"要防止将涉密文件带入公共场所。",
	"严格区分国家秘密和工作秘密。",
	"定密工作按照国家秘密及其密级具体范围的规定进行。",
	"任何信息如属于国家秘密，均不得公开。",
	"凡涉及国家秘密的事项，一律按程序报批。",
	"泄露国家秘密的行为将被依法追究责任。",
	"在保密期限内，不得将秘密级以上文件复制留存。",
	"涉密载体应当存放在符合保密要求的设备中。",
	"本通知不属于涉密文件，可在门户网站公开。",
	"机密级以上国家秘密事项由省级以上机关确定。",
	"商业秘密、个人隐私等信息不予公开。",
	"经鉴定，该事项不属于国家秘密。",
	"密级和保密期限按照GB/T 9704标注。",
	"为保守国家秘密，制定本办法。",
	"本机关未发现涉及国家秘密的信息。",
	"单位应当建立健全涉密信息系统。",
	"本条所称涉密文件，是指标有密级的文件。",
	"对照保密要点，确认本文件是否为秘密文件。",
	"涉密人员离岗离职应当遵守脱密期管理规定。",
	"做好“涉密不上网、上网不涉密”工作。",
	"本单位未承担涉密项目。",
	"秘密文件应当由专人保管。",
	"机密文件须存放于保密柜。",
	"绝密级文件不得复印。",
	"本办法所称国家秘密，是指关系国家安全和利益的事项。",
	"有关单位发现其信息可能属于国家秘密的，应当及时报告。",
	"涉密事项是否公开，由定密机关确定。",
	"本文件为公开文件，不涉及国家秘密。",
	"请各单位严格执行保密规定，不得将涉密资料存放在个人电脑中。",
	"其中，属于国家秘密的1件，属于商业秘密的2件。",
	"本系统为非涉密信息系统。",
	"本次公开的信息不含涉密内容。",
	"此次公开的文件均为非涉密文件。",
	"本单位属于涉密单位，人员须经审查。",
	"國家秘密的密級分為絕密、機密、秘密三級。",
	"經審查，本文件不涉及國家秘密。",
	"全体工作人员要增强保守秘密意识，严防泄密。",
}

func TestDeclaredLevels(t *testing.T) {
	for _, tt := range declaredPositive {
		t.Run(tt.text, func(t *testing.T) {
			got := declaredSpans(Normalize(tt.text))
			if len(got) != 1 {
				t.Fatalf("got %d declarations %+v, want 1", len(got), got)
			}
			d := got[0]
			if rule := d.rule + "/" + string(d.sev); rule != tt.want || tt.text[d.start:d.end] != tt.match {
				t.Errorf("got %s %q, want %s %q", rule, tt.text[d.start:d.end], tt.want, tt.match)
			}
		})
	}
	for _, text := range declaredBenign {
		t.Run(text, func(t *testing.T) {
			if got := declaredSpans(Normalize(text)); len(got) != 0 {
				t.Errorf("got %q, want none", text[got[0].start:got[0].end])
			}
		})
	}
	if len(declaredPositive) < 40 || len(declaredBenign) < 40 {
		t.Errorf("%d positive and %d benign sentences, want at least 40 of each", len(declaredPositive), len(declaredBenign))
	}
}

// TestNewRulesInACheck: the declared levels and the new identifier rules come out of a whole
// check as findings with their Chinese basis, and a declaration a mark overlaps is the mark's.
func TestNewRulesInACheck(t *testing.T) {
	tests := []struct {
		text  string
		want  string // category/rule/severity of the only finding, "" for none
		match string
		basis string // a part of the basis the finding must say
	}{
		{"此报告系机密文件，请妥善保管。", "classification_mark/declared-level/block", "系机密文件", "正文声明本件密级"},
		{"本通知为秘密级。", "classification_mark/declared-level/warn", "为秘密级", "保守国家秘密法"},
		{"内容涉及国家秘密。", "classification_mark/declared-secret/warn", "涉及国家秘密", "涉及国家秘密"},
		{"密级：绝密★启用前", "classification_mark/classification-mark/block", "绝密★启用前", "GB/T 9704"},
		{"经审查，本文件不涉及国家秘密。", "", "", ""},
		{"身份证号 110105195907210500", "id_card/id-card-rounded/warn", "110105195907210500", "15位有效数字"},
		{"身份证号 350203 19850615 0011", "id_card/id-card/block", "350203 19850615 0011", "第十五条"},
		{"身份证号 350203198506150***", "id_card/id-card-mask-birthdate/warn", "350203198506150***", "出生日期"},
		{"身份证号 35020319850615*011", "id_card/id-card-mask-one/warn", "35020319850615*011", "校验码"},
		{"卡号 622202100112345*789", "bank_card/bank-card-mask-one/warn", "622202100112345*789", "Luhn"},
		{"手机 1381234**78", "mobile_phone/mobile-phone-mask-short/warn", "1381234**78", "不足4位"},
		{"身份证号 350203********0011，手机 138****1234", "", "", ""},
	}
	rs := NewRuleSet(nil, nil)
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			fs := rs.Check(textDoc(tt.text))
			if tt.want == "" {
				if len(fs) != 0 {
					t.Errorf("got %+v, want no finding", fs)
				}
				return
			}
			if len(fs) != 1 {
				t.Fatalf("got %d findings %+v, want 1", len(fs), fs)
			}
			f := fs[0]
			if got := string(f.Category) + "/" + f.Rule + "/" + string(f.Severity); got != tt.want || f.Match != tt.match {
				t.Errorf("got %s %q, want %s %q", got, f.Match, tt.want, tt.match)
			}
			if !strings.Contains(f.Basis, tt.basis) {
				t.Errorf("basis %q, want it to say %q", f.Basis, tt.basis)
			}
		})
	}
}

// FuzzDeclared: the check finds declarations from the anchors its single pass saw, on windows
// folded around them, exactly as on the whole normalised text.
func FuzzDeclared(f *testing.F) {
	for _, tt := range declaredPositive {
		f.Add(tt.text)
	}
	for _, text := range declaredBenign[:10] {
		f.Add(text)
	}
	f.Add("此报告\u3000系 機\u200b密 文件；密级：秘密★1年，本文件涉密")
	rs := NewRuleSet(nil, nil)
	f.Fuzz(func(t *testing.T, text string) {
		var sc pieceScratch
		rs.scanFolded(text, &sc)
		got, want := declaredAt(text, &sc), declaredSpans(Normalize(text))
		if !slices.Equal(got, want) {
			t.Fatalf("%q: windows find %v, the whole text %v", text, got, want)
		}
		for _, d := range got {
			if d.start < 0 || d.end > len(text) || d.start >= d.end {
				t.Fatalf("%q: span [%d,%d)", text, d.start, d.end)
			}
		}
	})
}
