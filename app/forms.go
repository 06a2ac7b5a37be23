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
	usage := func(msg string) int {
		if msg != "" {
			fmt.Fprintf(stderr, "shendang forms: %s\n\n", msg)
		}
		fmt.Fprint(stderr, formsUsage)
		return exitUsage
	}
	var out, form string
	var rest []string
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case (a == "-o" || a == "--form" || a == "--data") && i+1 < len(args):
			switch a {
			case "-o":
				out = args[i+1]
			case "--form":
				form = args[i+1]
			default:
				rest = append(rest, a, args[i+1]) // for storeFlags
			}
			i++
		case a == "-h" || a == "--help":
			fmt.Fprint(stdout, formsUsage)
			return exitOK
		default:
			rest = append(rest, a)
		}
	}
	dir, pos, ok := storeFlags("forms", rest, stderr, formsUsage)
	if !ok {
		return exitUsage
	}
	if out == "" || len(pos) < 2 {
		return usage("请用 -o 指定输出文件，并指明 item 或 box (-o and item or box are required)")
	}
	s, err := openExisting(dir)
	if err != nil {
		fmt.Fprintf(stderr, "shendang forms: %s\n  (%v)\n", userMessage(err), err)
		return exitFail
	}
	defer s.Close()
	write := func(draw func(w io.Writer) ([]rune, error)) int {
		var replaced []rune
		err := writeFileAtomically(out, func(w io.Writer) (err error) { replaced, err = draw(w); return err })
		if err != nil {
			fmt.Fprintf(stderr, "shendang forms: %s\n  (%v)\n", userMessage(err), err)
			return exitFail
		}
		fmt.Fprintf(stdout, "已生成 %s\n", out)
		if len(replaced) > 0 {
			fmt.Fprintf(stderr, "注意：%d 个字符超出字库，表单上以“〓”代替：%s\n", len(replaced), string(replaced))
		}
		return exitOK
	}
	switch pos[0] {
	case "item":
		if len(pos) != 2 {
			return usage("item 后跟一个档号或条目编号")
		}
		id := pos[1]
		if strings.Contains(id, "-WS·") {
			it, err := s.ItemByCode(id)
			if err != nil {
				fmt.Fprintf(stderr, "shendang forms: %s\n", userMessage(err))
				return exitFail
			}
			id = it.ID
		}
		return write(func(w io.Writer) ([]rune, error) { return s.WriteItemSheet(w, id) })
	case "box":
		if len(pos) != 5 || form == "" {
			return usage("box 后跟 年度 保管期限 机构代码 盒号，并用 --form 指定表单")
		}
		year, err1 := strconv.Atoi(pos[1])
		number, err2 := strconv.Atoi(pos[4])
		if err1 != nil || err2 != nil {
			return usage("年度和盒号应为数字")
		}
		return write(func(w io.Writer) ([]rune, error) {
			return s.WriteBoxForm(w, archive.BoxForm(form), year, archive.Retention(pos[2]), pos[3], number)
		})
	}
	return usage(fmt.Sprintf("未知的对象“%s”，应为 item 或 box", pos[0]))
}
