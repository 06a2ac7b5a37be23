package archive

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"shendang.gov.cn/shendang/review"
)

func TestWriteQuarterlyReport(t *testing.T) {
	s := openTestOffice(t)
	must(t, s.fillSyntheticYear(2024, 600))
	s.Now = func() time.Time { return time.Date(2024, 7, 5, 9, 0, 0, 0, OfficeZone) }
	st, err := s.Statistics(QuarterPeriod(2024, 2), StatsFilter{})
	must(t, err)
	var buf bytes.Buffer
	must(t, WriteQuarterlyReport(&buf, st))
	text := pdfText(t, buf.Bytes())
	if os.Getenv("SHENDANG_KEEP_REPORT") != "" { // to look at it: pdftoppm -r 60 -png
		must(t, os.WriteFile(os.Getenv("SHENDANG_KEEP_REPORT"), buf.Bytes(), 0o644))
	}
	bgs := st.ByDivision[0]
	idCards := 0
	for _, f := range st.Findings {
		if f.Category == review.CatIDCard {
			idCards = f.Findings.N
		}
	}
	tests := []string{
		"厦门市司法局政务公开工作统计", "2024年第二季度", "制表日期：2024-07-05",
		"一、总体情况", "二、各处室情况", "三、按主动公开目录", "四、逐月情况", "五、办理环节", "六、退回原因、发现问题与公开渠道", "七、逾期公开的政策解读",
		fmt.Sprintf("本期提出拟公开信息 %d 件，公开 %d 件，建档 %d 件", st.Total.Proposed.N, st.Total.Published.N, st.Total.Filed.N),
		fmt.Sprintf("办公室 %d %d %d %d %d", bgs.Proposed.N, bgs.Published.N, bgs.Filed.N, bgs.Returned.N, bgs.Blocked.N),
		fmt.Sprintf("发现问题：身份证号 %d", idCards),
		"2024年4月 公开", "保密审查",
	}
	if len(st.LateItems) > 0 {
		tests = append(tests, st.LateItems[0].DocNumber)
	}
	for _, want := range tests {
		if want = strings.ReplaceAll(want, " ", ""); !strings.Contains(text, want) {
			t.Errorf("report text lacks %q; it reads:\n%s", want, text)
		}
	}
}
