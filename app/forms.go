package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"shendang.gov.cn/shendang/archive"
)

const formsUsage = `用法 / usage:
  shendang forms item 档号或条目编号 -o 文件.pdf [--data 目录]
      政务信息公开保密审查及归档单 (the review-and-filing sheet of an item)
  shendang forms box 年度 保管期限 机构代码 盒号 --form 表单 -o 文件.pdf [--data 目录]
      表单 / form: catalogue 归档文件目录, remarks 备考表, cover 档案盒封面, spine 盒脊,
      volume 整卷（封面、目录、各件归档单、备考表）
      保管期限 / retention: Y, D30, D10
  例 / example: shendang forms box 2016 Y BGS 1 --form volume -o 2016-Y-BGS-1.pdf
`

// runForms is `shendang forms`: it writes any form for an item or a box, for batch printing.
func runForms(args []string, stdout, stderr io.Writer) int {
	fa, status, done := parseFormsArgs(args, stdout, stderr)
	if done {
		return status
	}
	s, err := openExisting(fa.dir)
	if err != nil {
		fmt.Fprintf(stderr, "shendang forms: %s\n  (%v)\n", userMessage(err), err)
		return exitFail
	}
	defer s.Close()
	switch fa.pos[0] {
	case "item":
		return fa.item(s, stdout, stderr)
	case "box":
		return fa.box(s, stdout, stderr)
	}
	return formsUsageError(stderr, fmt.Sprintf("未知的对象“%s”，应为 item 或 box", fa.pos[0]))
}

// formsArgs is what `shendang forms` was asked: the store's folder, the output file, the form,
// and the item or box named by the remaining arguments.
type formsArgs struct {
	dir, out, form string
	pos            []string
}

// parseFormsArgs reads the arguments; done says the command ends here, with status.
func parseFormsArgs(args []string, stdout, stderr io.Writer) (fa formsArgs, status int, done bool) {
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case (a == "-o" || a == "--form" || a == "--data") && i+1 < len(args):
			i++
			switch a {
			case "-o":
				fa.out = args[i]
			case "--form":
				fa.form = args[i]
			default:
				rest = append(rest, a, args[i]) // for storeFlags
			}
		case a == "-h" || a == "--help":
			fmt.Fprint(stdout, formsUsage)
			return fa, exitOK, true
		default:
			rest = append(rest, a)
		}
	}
	dir, pos, ok := storeFlags("forms", rest, stderr, formsUsage)
	if !ok {
		return fa, exitUsage, true
	}
	fa.dir, fa.pos = dir, pos
	if fa.out == "" || len(pos) < 2 {
		return fa, formsUsageError(stderr, "请用 -o 指定输出文件，并指明 item 或 box (-o and item or box are required)"), true
	}
	return fa, 0, false
}

// formsUsageError says what is wrong with the command and how it is used.
func formsUsageError(stderr io.Writer, msg string) int {
	fmt.Fprintf(stderr, "shendang forms: %s\n\n", msg)
	fmt.Fprint(stderr, formsUsage)
	return exitUsage
}

// item writes an item's review-and-filing sheet; the item is named by its 档号 or its id.
func (fa formsArgs) item(s archive.Store, stdout, stderr io.Writer) int {
	if len(fa.pos) != 2 {
		return formsUsageError(stderr, "item 后跟一个档号或条目编号")
	}
	id := fa.pos[1]
	if strings.Contains(id, "-WS·") {
		it, err := s.ItemByCode(id)
		if err != nil {
			fmt.Fprintf(stderr, "shendang forms: %s\n", userMessage(err))
			return exitFail
		}
		id = it.ID
	}
	return fa.write(stdout, stderr, func(w io.Writer) ([]rune, error) { return s.WriteItemSheet(w, id) })
}

// box writes one of a box's forms.
func (fa formsArgs) box(s archive.Store, stdout, stderr io.Writer) int {
	if len(fa.pos) != 5 || fa.form == "" {
		return formsUsageError(stderr, "box 后跟 年度 保管期限 机构代码 盒号，并用 --form 指定表单")
	}
	year, err1 := strconv.Atoi(fa.pos[1])
	number, err2 := strconv.Atoi(fa.pos[4])
	if err1 != nil || err2 != nil {
		return formsUsageError(stderr, "年度和盒号应为数字")
	}
	return fa.write(stdout, stderr, func(w io.Writer) ([]rune, error) {
		return s.WriteBoxForm(w, archive.BoxForm(fa.form), year, archive.Retention(fa.pos[2]), fa.pos[3], number)
	})
}

// write draws a form into the output file, atomically, and names the characters the font lacks.
func (fa formsArgs) write(stdout, stderr io.Writer, draw func(w io.Writer) ([]rune, error)) int {
	var replaced []rune
	err := writeFileAtomically(fa.out, func(w io.Writer) (err error) { replaced, err = draw(w); return err })
	if err != nil {
		fmt.Fprintf(stderr, "shendang forms: %s\n  (%v)\n", userMessage(err), err)
		return exitFail
	}
	fmt.Fprintf(stdout, "已生成 %s\n", fa.out)
	if len(replaced) > 0 {
		fmt.Fprintf(stderr, "注意：%d 个字符超出字库，表单上以“〓”代替：%s\n", len(replaced), string(replaced))
	}
	return exitOK
}
