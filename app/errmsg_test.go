package main

import (
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"strings"
	"testing"

	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/review"
)

// TestActionMessage: an action the office server failed says it was not saved and what to do;
// other failures say what userMessage says.
func TestActionMessage(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"the server away", fmt.Errorf("decide: %w", archive.ErrServer), "这次办理没有保存，填写的内容仍在；服务器恢复后再做一次即可。"},
		{"a refusal", &archive.Error{Kind: archive.ErrInvalid, Msg: "退回时请写明理由。"}, "退回时请写明理由。"},
		{"anything else", errors.New("disk full"), "操作未能完成。详细原因已记入日志"},
	}
	for _, tt := range tests {
		if got := actionMessage(tt.err); !strings.Contains(got, tt.want) {
			t.Errorf("%s: got %q, want it to say %q", tt.name, got, tt.want)
		}
	}
	if got := actionMessage(errors.New("decide")); strings.Contains(got, "没有保存") {
		t.Errorf("a failure not of the server says %q", got)
	}
}

func TestUserMessage(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, ""},
		{"a read that took too long need not be damage", &review.ReadError{Path: "大文件.pdf", Err: review.ErrTimeout}, "文件很大、页数很多，或者已损坏"},
		{"store in use, wrapped", fmt.Errorf("open store %q: %w", "/d", archive.ErrStoreInUse), "另一个审档窗口"},
		{"incompatible store", fmt.Errorf("x: %w", archive.ErrIncompatibleStore), "不兼容的审档版本"},
		{"anything else: no raw detail on screen", errors.New("disk full"), "操作未能完成。详细原因已记入日志"},
		{"a domain error speaks for itself", fmt.Errorf("decide: %w", &archive.Error{Kind: archive.ErrInvalid, Msg: "退回时请写明理由。"}), "退回时请写明理由。"},
		{"a damaged store file, wrapped", fmt.Errorf("open store %q: %w", "/d", storeDamage(archive.KindStoreDamaged, "数据库文件 000001.sst 已损坏，无法可靠读取。")),
			"数据库文件 000001.sst 已损坏，无法可靠读取。请暂停办理"},
		{"a damaged key registry is not a wrong passphrase", storeDamage(archive.KindKeyDamaged, "数据库的密钥文件 KEYREGISTRY 已损坏。"), "密钥文件 KEYREGISTRY 已损坏"},
		{"the file system refused", fmt.Errorf("open: %w: no space left on device", archive.ErrFileSystem), "磁盘可能已满"},
		{"unsupported draft", &review.ReadError{Path: "/x/预算表.numbers", Err: fmt.Errorf("%w: .numbers", review.ErrUnsupported)}, "无法读取文件“预算表.numbers”：不支持这种文件类型"},
		{"encrypted draft", &review.ReadError{Path: "a.pdf", Err: review.ErrEncrypted}, "“a.pdf”：文件已加密，需要密码"},
		{"bad encoding", &review.ReadError{Path: "b.txt", Err: review.ErrEncoding}, "“b.txt”：无法识别文本编码"},
		{"damaged", &review.ReadError{Path: "c.docx", Err: review.ErrMalformed}, "“c.docx”：文件已损坏"},
		{"missing", &review.ReadError{Path: "d.ofd", Err: fs.ErrNotExist}, "“d.ofd”：文件不存在"},
		{"no LibreOffice", &review.ReadError{Path: "e.wps", Err: review.ErrConverterMissing}, "“e.wps”：读取 doc、wps、xls、et、ods 文件需要 LibreOffice，本机没有找到。" + installLibreOffice(runtime.GOOS)},
		{"no Tesseract", &review.ReadError{Path: "扫描件.png", Err: fmt.Errorf("%w: not on PATH", review.ErrOCRMissing)},
			"“扫描件.png”：审查图片（扫描件、照片）需要文字识别程序 Tesseract 及其简体中文语言包，本机没有找到。" + installTesseract(runtime.GOOS)},
		{"a copy of a format not redacted", &review.ReadError{Path: "名单.ods", Err: fmt.Errorf("名单.ods: %w: ods", review.ErrRedactFormat)}, "这种格式的文件还不能生成脱敏稿"},
		{"a PDF that could not be redacted", &review.RedactError{Path: "/tmp/x/名单.pdf", Zh: "脱敏超过了时限，未生成文件", Err: review.ErrTimeout}, "无法生成“名单.pdf”的脱敏稿：脱敏超过了时限，未生成文件。"},
		{"a plan for another file", fmt.Errorf("%w: 第3部分不在文件中", review.ErrPlan), "文件在审查之后有了改动"},
		{"a folder named like a file", &review.ReadError{Path: "/x/f.docx", Err: fmt.Errorf("%w: it is a directory", review.ErrNotRegular)}, "“f.docx”：这不是普通文件"},
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

func TestInstallLibreOffice(t *testing.T) {
	tests := []struct {
		goos string
		want string // the platform's way, named in the hint
	}{
		{"windows", "从 libreoffice.org 下载安装"},
		{"darwin", "拖入“应用程序”文件夹"},
		{"linux", "sudo apt install libreoffice-writer"},
		{"freebsd", "软件包管理器"},
	}
	for _, tt := range tests {
		t.Run(tt.goos, func(t *testing.T) {
			got := installLibreOffice(tt.goos)
			if !strings.Contains(got, tt.want) {
				t.Errorf("got %q, want it to contain %q", got, tt.want)
			}
			if tt.goos != "linux" && strings.Contains(got, "apt") {
				t.Errorf("got %q, want no apt outside Linux", got)
			}
		})
	}
}

// storeDamage is a damage error as the archive makes one, with the archive's advice.
func storeDamage(kind, message string) error {
	return &archive.DamageError{Problem: archive.Problem{Kind: kind, Message: message, Advice: "请暂停办理，把最近一次校验通过的备份恢复到一个新的数据目录。"}}
}

func TestTightSpaces(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"保密审查仍有 5 处“拦截”问题", "保密审查仍有5处“拦截”问题"},
		{"将列出的 12 件待建档文件", "将列出的12件待建档文件"},
		{"备份 Z109 全宗", "备份Z109全宗"},
		{"SHA-256 与 SM3", "SHA-256与SM3"},
		{"两个  空格", "两个  空格"},
		{"12-01 21:04", "12-01 21:04"},
	} {
		if got := tightSpaces(tt.in); got != tt.want {
			t.Errorf("tightSpaces(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
