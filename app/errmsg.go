package main

import (
	"errors"

	"shendang.gov.cn/shendang/archive"
)

// userMessage turns an error into the Chinese sentence shown to the user. It is the one place
// where errors become user text; the caller logs the technical detail once.
func userMessage(err error) string {
	if err == nil {
		return ""
	}
	switch {
	case errors.Is(err, archive.ErrStoreInUse):
		return "此数据目录已被另一个审档窗口（或正在运行的备份等命令）占用。请切换到已打开的窗口，或关闭它后再启动；也可以用 --data 指定另一个数据目录。"
	case errors.Is(err, archive.ErrIncompatibleStore):
		return "此数据目录由不兼容的审档版本创建，无法打开。请使用创建它的版本，或联系管理员。"
	}
	return "操作未能完成：" + err.Error()
}
