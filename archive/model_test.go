package archive

import (
	"slices"
	"strings"
	"testing"
)

func TestSettingsCategories(t *testing.T) {
	var st Settings
	cats := st.Categories()
	if len(cats) < 14 || cats[0] != "机构职能" || !slices.Contains(cats, "财政预决算/部门预算") {
		t.Errorf("default tree %v", cats)
	}
	st = Settings{FondsName: "x", FondsCode: "Z1", CategoryTree: "政策法规\n  规范性文件\n人事信息\n"}
	must(t, st.Validate())
	if got := strings.Join(st.Categories(), ","); got != "政策法规,政策法规/规范性文件,人事信息" {
		t.Errorf("office tree %s", got)
	}
	st.CategoryTree = "政策法规\n 规范性文件\n"
	wantErr(t, "odd indent", st.Validate(), ErrInvalid)
}

func TestPublicationValidate(t *testing.T) {
	for _, tc := range []struct {
		p  Publication
		ok bool
	}{
		{Publication{Channels: []string{"门户网站"}, Date: "2016-07-01", URL: "http://sfj.xm.gov.cn/zwgk/x.htm"}, true},
		{Publication{Channels: []string{"报刊"}, Date: "2016-07-01"}, true},
		{Publication{Channels: []string{"门户网站"}, Date: "2016-07-01", URL: "https://a.gov.cn/"}, true},
		{Publication{Date: "2016-07-01"}, false},
		{Publication{Channels: []string{" "}, Date: "2016-07-01"}, false},
		{Publication{Channels: []string{"报刊"}, Date: "2016-7-1"}, false},
		{Publication{Channels: []string{"报刊"}, Date: "2016-02-30"}, false},
		{Publication{Channels: []string{"门户网站"}, Date: "2016-07-01", URL: "sfj.xm.gov.cn/x.htm"}, false},
		{Publication{Channels: []string{"门户网站"}, Date: "2016-07-01", URL: "ftp://sfj.xm.gov.cn/x"}, false},
		{Publication{Channels: []string{"门户网站"}, Date: "2016-07-01", URL: "http://sfj.xm.gov.cn/a b"}, false},
	} {
		if err := tc.p.Validate(); (err == nil) != tc.ok {
			t.Errorf("%+v: %v, want ok %v", tc.p, err, tc.ok)
		}
	}
}
