package main

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/review"
)

// userMessage turns an error into the Chinese sentence shown to the user. It is the one place
// where errors become user text; the caller logs the technical detail once.
func userMessage(err error) string {
	if err == nil {
		return ""
	}
	var re *review.ReadError
	if errors.As(err, &re) {
		return fmt.Sprintf("无法读取文件“%s”：%s", filepath.Base(re.Path), readProblem(re.Err))
	}
	switch {
	case errors.Is(err, archive.ErrStoreInUse):
		return "此数据目录已被另一个审档窗口（或正在运行的备份等命令）占用。请切换到已打开的窗口，或关闭它后再启动；也可以用 --data 指定另一个数据目录。"
	case errors.Is(err, archive.ErrIncompatibleStore):
		return "此数据目录由不兼容的审档版本创建，无法打开。请使用创建它的版本，或联系管理员。"
	}
	return "操作未能完成：" + err.Error()
}

// readProblem says in a clerk's words why a draft could not be read.
func readProblem(err error) string {
	switch {
	case errors.Is(err, review.ErrUnsupported):
		return "不支持这种文件类型。可以审查的文件：txt、docx、pdf、ofd、doc、wps。"
	case errors.Is(err, review.ErrTooLarge):
		return "文件过大（或解压后过大），超出了审查的限制。"
	case errors.Is(err, review.ErrEncoding):
		return "无法识别文本编码（不是 UTF-8、带标记的 UTF-16 或 GBK/GB18030），也可能根本不是文本文件。"
	case errors.Is(err, review.ErrEncrypted):
		return "文件已加密，需要密码才能打开。请取得未加密的文件后再导入。"
	case errors.Is(err, review.ErrTimeout):
		return "读取时间过长，已停止。文件可能已损坏。"
	case errors.Is(err, review.ErrConverterMissing):
		return "读取 doc、wps 文件需要安装 LibreOffice。请联系管理员安装。"
	case errors.Is(err, review.ErrMalformed):
		return "文件已损坏，或者内容与扩展名不符。"
	case errors.Is(err, fs.ErrNotExist):
		return "文件不存在。"
	case errors.Is(err, fs.ErrPermission):
		return "没有读取这个文件的权限。"
	}
	return err.Error()
}
