package main

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/review"
)

func TestUserMessage(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, ""},
		{"store in use, wrapped", fmt.Errorf("open store %q: %w", "/d", archive.ErrStoreInUse), "另一个审档窗口"},
		{"incompatible store", fmt.Errorf("x: %w", archive.ErrIncompatibleStore), "不兼容的审档版本"},
		{"anything else keeps its detail", errors.New("disk full"), "操作未能完成：disk full"},
		{"a damaged store file, wrapped", fmt.Errorf("open store %q: %w", "/d", storeDamage(archive.KindStoreDamaged, "数据库文件 000001.sst 已损坏，无法可靠读取。")),
			"数据库文件 000001.sst 已损坏，无法可靠读取。请暂停办理"},
		{"a damaged key registry is not a wrong passphrase", storeDamage(archive.KindKeyDamaged, "数据库的密钥文件 KEYREGISTRY 已损坏。"), "密钥文件 KEYREGISTRY 已损坏"},
		{"the file system refused", fmt.Errorf("open: %w: no space left on device", archive.ErrFileSystem), "磁盘可能已满"},
		{"unsupported draft", &review.ReadError{Path: "/x/预算表.xlsx", Err: fmt.Errorf("%w: .xlsx", review.ErrUnsupported)}, "无法读取文件“预算表.xlsx”：不支持这种文件类型"},
		{"encrypted draft", &review.ReadError{Path: "a.pdf", Err: review.ErrEncrypted}, "“a.pdf”：文件已加密，需要密码"},
		{"bad encoding", &review.ReadError{Path: "b.txt", Err: review.ErrEncoding}, "“b.txt”：无法识别文本编码"},
		{"damaged", &review.ReadError{Path: "c.docx", Err: review.ErrMalformed}, "“c.docx”：文件已损坏"},
		{"missing", &review.ReadError{Path: "d.ofd", Err: fs.ErrNotExist}, "“d.ofd”：文件不存在"},
		{"no LibreOffice", &review.ReadError{Path: "e.wps", Err: review.ErrConverterMissing}, "需要安装 LibreOffice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := userMessage(tt.err)
			if !strings.Contains(got, tt.want) || (tt.want == "" && got != "") {
				t.Errorf("got %q, want it to contain %q", got, tt.want)
			}
		})
	}
}

// storeDamage is a damage error as the archive makes one, with the archive's advice.
func storeDamage(kind, message string) error {
	return &archive.DamageError{Problem: archive.Problem{Kind: kind, Message: message, Advice: "请暂停办理，把最近一次校验通过的备份恢复到一个新的数据目录。"}}
}
