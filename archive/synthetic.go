package archive

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

var syntheticTopics = []string{"政务公开工作实施方案", "律师事务所年度检查考核", "公证机构执业区域调整", "司法鉴定机构名册",
	"法律援助经费使用情况", "行政处罚决定", "人民调解员培训计划", "规范性文件清理结果"}

// FillSynthetic makes a new store in dir holding filed synthetic items (years 2016–2020, two
// divisions, three retention periods, numbered in order, 档号 Z109-…) and waiting ones ready to
// be filed, with an administrator "admin" and an archivist "archivist" (password "password-1").
// It is for benchmarks and load tests: it writes records directly in batches, because going
// through the workflow 100,000 times would measure fsync, not reads; audit entries then take
// their digests in chunks, so the store verifies clean. It refuses a directory
// that already holds a store, so it can never touch an office's data.
func FillSynthetic(dir string, filed, waiting int) error {
	s, err := Open(dir)
	if err != nil {
		return err
	}
	defer s.Close()
	return s.fillSynthetic(filed, waiting)
}

// fillSynthetic fills s as FillSynthetic does, on any engine; it refuses a store that has users.
func (s *Office) fillSynthetic(filed, waiting int) error {
	if has, err := s.HasUsers(); err != nil || has {
		return fail(ErrNotEmpty, "%s 中已有数据库。", s.e.describe())
	}
	if err := s.CreateUser("", User{Name: "admin", FullName: "管理员", Roles: []Role{RoleAdmin}}, "admin-password"); err != nil {
		return err
	}
	if err := s.SaveSettings("admin", Settings{FondsName: "厦门市司法局", FondsCode: "Z109", Divisions: []Division{{"BGS", "办公室"}, {"LSC", "律师工作处"}}}); err != nil {
		return err
	}
	if err := s.CreateUser("admin", User{Name: "archivist", FullName: "林六", Roles: []Role{RoleArchivist}}, "password-1"); err != nil {
		return err
	}
	wb := &loader{ctx: context.Background(), to: s.e}
	file := []byte("synthetic draft")
	fx := fixityOf(file)
	if err := wb.add(keyBlob(fx.SHA256), file); err != nil {
		return err
	}
	if err := wb.add(keyBlobSum(fx.SHA256), []byte(fx.SM3)); err != nil {
		return err
	}
	counts := map[string]int{}
	for i := 0; i < filed+waiting; i++ {
		if err := putSynthetic(wb, syntheticItem(i, i < filed, fx, counts)); err != nil {
			return err
		}
	}
	for key, c := range counts {
		if err := wb.add([]byte(key), []byte(fmt.Sprint(c))); err != nil {
			return err
		}
	}
	if err := wb.flush(); err != nil {
		return err
	}
	// Written past the ledger: enter them into it, as a migration does.
	_, err := s.adopt("合成的测试数据（FillSynthetic）")
	return err
}

// syntheticItem is the i-th synthetic item, filed with the next 件号 of its group in counts
// when filed, else waiting for 建档.
func syntheticItem(i int, filed bool, fx Fixity, counts map[string]int) *Item {
	rets := []Retention{Permanent, Years30, Years10}
	base := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	it := &Item{ID: fmt.Sprintf("%016x", i), Draft: Draft{Title: fmt.Sprintf("关于%s的通知（第%d号）", syntheticTopics[i%len(syntheticTopics)], i),
		DocNumber: fmt.Sprintf("厦司〔%d〕%d号", 2016+i%5, i), Author: "厦门市司法局", Division: []string{"BGS", "LSC"}[i%2],
		DocDate: "2016-06-29", Disclosure: Proactive, Category: "规范性文件"}, Drafter: "drafter", State: StateFile,
		Created:   base.Add(time.Duration(i) * time.Minute),
		Revisions: []Revision{{N: 1, Name: "a.docx", SHA256: fx.SHA256, SM3: fx.SM3, Size: fx.Size}}}
	if !filed {
		return it
	}
	f := Filing{Fonds: "Z109", Year: 2016 + i%5, Retention: rets[i%3], Division: it.Division, Pages: 2,
		Filed: it.Created.Add(time.Hour), By: "archivist"}
	key := string(keyCount(f.Fonds, f.Year, f.Retention, f.Division))
	counts[key]++
	f.Number = counts[key]
	f.Code = ArchivalCode(f.Fonds, f.Year, f.Retention, f.Division, f.Number)
	it.Filing, it.State = &f, StateFiled
	return it
}

// putSynthetic writes an item, its summary, its facts (of no steps) and, when filed, its 档号's
// index.
func putSynthetic(wb *loader, it *Item) error {
	if it.Filing != nil {
		if err := wb.add(keyFiled(it.Filing.Code), []byte(it.ID)); err != nil {
			return err
		}
	}
	b, _ := json.Marshal(it)
	if err := wb.add(keyItem(it.ID), b); err != nil {
		return err
	}
	if err := wb.add(keyFacts(it.ID), encodeFacts(factsOf(it, nil))); err != nil {
		return err
	}
	return wb.add(keySummary(it.ID), encodeSummary(summarize(it)))
}
