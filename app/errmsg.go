package main

import (
	"errors"
	"fmt"
	"io/fs"
	"log"
	"path/filepath"
	"runtime"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"shendang.gov.cn/shendang/archive"
	"shendang.gov.cn/shendang/review"
)

// userMessage turns an error into the Chinese sentence shown to the user. It is the one place
// where errors become user text. The domain's errors carry their own Chinese sentence, made
// where the problem was found; the rest are named here by kind. Technical detail never reaches
// the screen: the caller logs it (showError does).
func userMessage(err error) string {
	if err == nil {
		return ""
	}
	var ue userError
	if errors.As(err, &ue) {
		return string(ue)
	}
	if msg, ok := redactProblem(err); ok {
		return msg
	}
	var rde *review.RedactError
	if errors.As(err, &rde) {
		return fmt.Sprintf("无法生成“%s”的脱敏稿：%s。", filepath.Base(rde.Path), strings.TrimSuffix(rde.Zh, "。"))
	}
	var re *review.ReadError
	if errors.As(err, &re) {
		return fmt.Sprintf("无法读取文件“%s”：%s", filepath.Base(re.Path), readProblem(re.Err))
	}
	var damage *archive.DamageError
	if errors.As(err, &damage) {
		return damage.Problem.Message + damage.Problem.Advice
	}
	if msg, ok := archive.Message(err); ok {
		return msg // said where the problem was found, the most precise
	}
	if msg, ok := sentenceOf(err, storeSentences); ok {
		return msg
	}
	if msg, ok := sentenceOf(err, kindSentences); ok {
		return msg
	}
	return "操作未能完成。详细原因已记入日志，请联系管理员。"
}

// redactProblem says why a publishable copy (脱敏稿) could not be made, when that is the
// error's kind.
func redactProblem(err error) (string, bool) {
	switch {
	case errors.Is(err, review.ErrRedactFormat):
		return "这种格式的文件还不能生成脱敏稿。可以退回拟稿人，请其提供 docx、xlsx、txt 或 pdf 格式的文件。", true
	case errors.Is(err, review.ErrPlan):
		return "文件在审查之后有了改动，脱敏方案与它不符。请重新打开该事项再办理。", true
	}
	return "", false
}

// installLibreOffice says how LibreOffice is installed on the operating system goos, in the
// words of the people who install software there.
func installLibreOffice(goos string) string {
	switch goos {
	case "windows":
		return "请从 libreoffice.org 下载安装 LibreOffice（或通过单位的软件中心安装），安装到默认位置即可，无需另行设置；也可以先把文件另存为 docx 再审查。"
	case "darwin":
		return "请从 libreoffice.org 下载 LibreOffice，拖入“应用程序”文件夹；也可以先把文件另存为 docx 再审查。"
	case "linux":
		return "统信 UOS、麒麟、Debian、Ubuntu 上请运行 sudo apt install libreoffice-writer（或由管理员通过应用商店安装 LibreOffice）；也可以先把文件另存为 docx 再审查。"
	}
	return "请用本系统的软件包管理器安装 LibreOffice；也可以先把文件另存为 docx 再审查。"
}

// installTesseract says how Tesseract OCR and its simplified Chinese data are installed on the
// operating system goos. For scanned PDFs poppler's pdftoppm is needed too: Linux packages and
// Homebrew bring it; on Windows it is poppler-windows, unpacked under Program Files.
func installTesseract(goos string) string {
	switch goos {
	case "windows":
		return "请安装 UB Mannheim 提供的 Tesseract 安装包（安装时在“Additional language data”中勾选 Chinese - Simplified），安装到默认位置即可，无需另行设置；审查扫描的 PDF 还需把 poppler 解压到 Program Files 下。"
	case "darwin":
		return "请在“终端”中运行 brew install tesseract tesseract-lang poppler（需先安装 Homebrew）。"
	case "linux":
		return "统信 UOS、麒麟、Debian、Ubuntu 上请运行 sudo apt install tesseract-ocr tesseract-ocr-chi-sim poppler-utils（或由管理员安装）。"
	}
	return "请用本系统的软件包管理器安装 Tesseract、其简体中文语言包（chi_sim）和 poppler。"
}

// sentence is what a person reads for an error of a kind.
type sentence struct {
	kind error
	text string
}

// sentenceOf returns the text of the first sentence whose kind err is.
func sentenceOf(err error, sentences []sentence) (string, bool) {
	for _, s := range sentences {
		if errors.Is(err, s.kind) {
			return s.text, true
		}
	}
	return "", false
}

// storeSentences are said for these kinds before any sentence the error carries: they concern
// the store as a whole, and say what to do about it.
var storeSentences = []sentence{
	{errNoStore, "该数据目录中没有审档数据库。请用 --data 指定正确的数据目录。"},
	{archive.ErrStoreInUse, "此数据目录已被另一个审档窗口（或正在运行的备份等命令）占用。请切换到已打开的窗口，或关闭它后再启动；也可以用 --data 指定另一个数据目录。"},
	{archive.ErrIncompatibleStore, "此数据目录由较新的、不兼容的审档版本创建，无法打开。请使用创建它的版本，或联系管理员。"},
	{archive.ErrFileSystem, "无法读写数据目录：磁盘可能已满，或数据目录是只读的、属于别的用户。请检查磁盘空间和数据目录的权限。"},
	{archive.ErrWrongPassphrase, "数据库已加密，口令不正确或未提供（命令行请设置环境变量 SHENDANG_PASSPHRASE）。"},
	{archive.ErrNotEmpty, "目标数据目录不是空的。恢复只能恢复到空目录，以免覆盖现有数据。"},
	{archive.ErrBackup, "这不是有效的审档备份文件，或备份文件已损坏、被改动。"},
	{archive.ErrAuth, "用户名或密码不正确。"},
}

// kindSentences are said for these kinds when the error carries no sentence of its own.
var kindSentences = []sentence{
	{archive.ErrPermission, "您没有办理这一步的权限。"},
	{archive.ErrBlocked, "保密审查仍有“拦截”项未处理：请逐项标为误报并说明理由，或退回修改。"},
	{archive.ErrState, "该事项当前不在这一环节，无法办理。"},
	{archive.ErrFiled, "已建档的文件不能修改；如需更正，请添加备考说明。"},
	{archive.ErrNotFound, "找不到该事项。"},
	{archive.ErrInvalid, "填写的内容不完整或不正确。"},
	{review.ErrSameFile, "脱敏稿不能写到原文件上：原文件不会被改动，请另选输出文件名。"},
	{fs.ErrNotExist, "文件或文件夹不存在。"},
	{fs.ErrPermission, "没有访问这个文件或文件夹的权限。"},
	{fs.ErrExist, "同名的文件或文件夹已经存在。"},
}

// readProblem says in a clerk's words why a draft could not be read.
func readProblem(err error) string {
	switch {
	case errors.Is(err, review.ErrUnsupported):
		return "不支持这种文件类型。可以审查的文件：txt、docx、pdf、ofd、doc、wps、xlsx、xls、et、ods、pptx，以及扫描件和照片（png、jpg、jpeg、tif、tiff、bmp）。"
	case errors.Is(err, review.ErrNotRegular):
		return "这不是普通文件（而是文件夹、管道或设备），无法审查。请选择文件本身。"
	case errors.Is(err, review.ErrTooLarge):
		return "文件过大（或解压后过大），超出了审查的限制。"
	case errors.Is(err, review.ErrEncoding):
		return "无法识别文本编码（不是 UTF-8、带标记的 UTF-16 或 GBK/GB18030），也可能根本不是文本文件。"
	case errors.Is(err, review.ErrEncrypted):
		return "文件已加密，需要密码才能打开。请取得未加密的文件后再导入。"
	case errors.Is(err, review.ErrTimeout):
		return "读取时间超过限制，已停止：文件很大、页数很多，或者已损坏。可把文件拆分后分别审查；文件本身没有改动。"
	case errors.Is(err, review.ErrConverterMissing):
		return "读取 doc、wps、xls、et、ods 文件需要 LibreOffice，本机没有找到。" + installLibreOffice(runtime.GOOS)
	case errors.Is(err, review.ErrOCRMissing):
		return "审查图片（扫描件、照片）需要文字识别程序 Tesseract 及其简体中文语言包，本机没有找到。" + installTesseract(runtime.GOOS)
	case errors.Is(err, review.ErrMalformed):
		return "文件已损坏，或者内容与扩展名不符。"
	case errors.Is(err, fs.ErrNotExist):
		return "文件不存在。"
	case errors.Is(err, fs.ErrPermission):
		return "没有读取这个文件的权限。"
	}
	log.Printf("read: %v", err)
	return "文件无法读取。详细原因已记入日志。"
}

// showError logs err with its technical detail and shows the user its Chinese sentence.
func showError(win fyne.Window, err error) { showErrorThen(win, err, nil) }

// showErrorThen is showError, and then, once the person has read the message, then: a form
// refused by the store opens again with what was typed, to be corrected rather than retyped.
func showErrorThen(win fyne.Window, err error, then func()) {
	log.Printf("error: %v", err)
	d := dialog.NewError(errors.New(tightSpaces(actionMessage(err))), win)
	if then != nil {
		d.SetOnClosed(then)
	}
	showEscapable(win, d)
}

// actionMessage is userMessage for the failure of something the person did: when the office
// server failed it, it also says whether the action was saved, and what to do.
func actionMessage(err error) string {
	switch {
	case archive.OutcomeUnknown(err):
		return "与单位服务器的连接在保存时中断，无法确认这次办理是否已保存。服务器恢复后，请先查看待办或归档，再决定是否重做。"
	case errors.Is(err, archive.ErrServer):
		return userMessage(err) + "这次办理没有保存，填写的内容仍在；服务器恢复后再做一次即可。"
	}
	return userMessage(err)
}

// userError is a problem the window itself finds in what the person did or asked for, worded
// for them in Chinese.
type userError string

func (e userError) Error() string { return string(e) }

// userErrorf is a userError made like fmt.Sprintf.
func userErrorf(format string, args ...any) error { return userError(fmt.Sprintf(format, args...)) }

// tightSpaces drops the spaces set between Chinese and a number or a Latin word ("仍有 5 处"):
// a message box wraps its text at spaces first, and would break "5" from "处".
func tightSpaces(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if r == ' ' && i > 0 && i+1 < len(rs) && (isHan(rs[i-1]) != isHan(rs[i+1])) && rs[i-1] != ' ' && rs[i+1] != ' ' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isHan reports a Chinese character or a full-width mark.
func isHan(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}
