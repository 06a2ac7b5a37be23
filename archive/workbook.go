package archive

import (
	"time"

	"github.com/xuri/excelize/v2"
)

// newWorkbook starts a report's workbook whose document properties name the report and 审档,
// and no person: excelize's own template says the author is "xuri" and the application "Go
// Excelize", which our own check then reports as personal information to clear before
// publication, on a report the office publishes (the annual report is published by 1月31日).
func newWorkbook(title string, made time.Time) (*excelize.File, error) {
	x := excelize.NewFile()
	at := made.UTC().Format(time.RFC3339)
	if err := x.SetDocProps(&excelize.DocProperties{Title: title, Created: at, Modified: at}); err != nil {
		x.Close()
		return nil, err
	}
	if err := x.SetAppProps(&excelize.AppProperties{Application: "审档"}); err != nil {
		x.Close()
		return nil, err
	}
	return x, nil
}
