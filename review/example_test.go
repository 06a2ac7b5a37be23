package review

import "fmt"

func ExampleParseList() {
	terms, err := ParseList("本局词表.txt", []byte("# 本局的关键词\n@category sensitive_term\n专案组\tblock\n内部讨论稿\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range terms {
		fmt.Println(t.Text, t.Severity, t.Category)
	}
	// Output:
	// 专案组 block sensitive_term
	// 内部讨论稿 warn sensitive_term
}

func ExampleNormalize() {
	// Text from a PDF: spaces between characters, a full-width digit, a traditional character.
	fmt.Println(Normalize("機 密★１年").Text)
	// Output: 机密★1年
}
